"""A student's row of a class run, typed: what the gradebook and the class report are both built from.

`kata grade-class` turns each student's `GradeResult` into a `StudentRecord` (record_from_grade)
and stores it as `record.json` beside their reports (grading/gradebook.py does the files).
The record holds every number either output shows: the totals, each kata's status and score,
each case's status and the named mistake it showed. So the class report never reads a
student's `kata-results.json`, and `kata merge-grades` rebuilds both outputs from records alone.

`record_from_json` is the one place a stored record is validated: anything missing, of the
wrong type or from another version gives None, never a half-read record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.core.results import GradeResult, MistakeRef
from checker.core.statuses import RowStatus, Status

__all__ = [
    "GRADE_INTERRUPTED",
    "RECORD_VERSION",
    "CaseRecord",
    "KataRecord",
    "StudentRecord",
    "record_from_grade",
    "record_from_json",
    "record_to_json",
]

# 2: the record carries each kata's status and cases and whether the grade completed (1 held scores only).
RECORD_VERSION = 2
GRADE_INTERRUPTED = "grading was interrupted"


@dataclass(frozen=True)
class CaseRecord:
    """One case of a graded kata: its verdict, and the named mistake when the wrong answer matched one."""

    name: str
    status: Status
    mistake: MistakeRef | None = None


@dataclass(frozen=True)
class KataRecord:
    """One graded kata: its verdict (passed, failed or not started), its partial-credit score, its cases."""

    id: str
    name: str
    status: Status
    score: float
    cases: tuple[CaseRecord, ...] = ()


@dataclass(frozen=True)
class StudentRecord:
    """One row of the gradebook and of the class report, as stored beside the student's reports."""

    id: str
    status: RowStatus
    message: str = ""  # why, for a row that is not "graded"
    content_hash: str = ""
    seed: int | None = None
    plan: str = ""  # the graded katas and private specs, with the checker's version
    graded_at: str = ""
    score: float = 0.0
    max_score: int = 0
    percent: float = 0.0
    incomplete: str = ""  # why the grade stopped before every kata was graded ("" when it did not)
    katas: tuple[KataRecord, ...] = ()
    version: int = RECORD_VERSION

    @property
    def scores(self) -> dict[str, float]:
        """Kata id -> score, the gradebook's kata columns."""
        return {kata.id: kata.score for kata in self.katas}


def record_from_grade(student: str, grade: GradeResult, content_hash: str, plan: str) -> StudentRecord:
    """The row of a finished grade: "graded", or "error" when the grader itself could not finish."""
    return StudentRecord(
        id=student,
        status=RowStatus.ERROR if grade.failure else RowStatus.GRADED,
        message=grade.failure,
        content_hash=content_hash,
        seed=grade.run.seed,
        plan=plan,
        graded_at=grade.finished_at,
        score=round(grade.score, 2),
        max_score=grade.max_score,
        percent=round(grade.percent, 2),
        incomplete="" if grade.complete else grade.failure or GRADE_INTERRUPTED,
        katas=tuple(
            KataRecord(
                kata.id,
                kata.name,
                kata.status,
                round(kata.score, 2),
                tuple(CaseRecord(case.name, case.status, case.mistake) for case in kata.cases),
            )
            for kata in grade.katas
        ),
    )


def record_to_json(record: StudentRecord) -> dict:
    """The record as plain JSON values: enums as their words, nested records as objects."""
    return {
        "version": record.version,
        "id": record.id,
        "status": record.status.value,
        "message": record.message,
        "content_hash": record.content_hash,
        "seed": record.seed,
        "plan": record.plan,
        "graded_at": record.graded_at,
        "score": record.score,
        "max_score": record.max_score,
        "percent": record.percent,
        "incomplete": record.incomplete,
        "katas": [
            {
                "id": kata.id,
                "name": kata.name,
                "status": kata.status.value,
                "score": kata.score,
                "cases": [
                    {"name": case.name, "status": case.status.value, "mistake": _mistake_to_json(case.mistake)}
                    for case in kata.cases
                ],
            }
            for kata in record.katas
        ],
    }


def record_from_json(data: Any) -> StudentRecord | None:
    """The record `record_to_json` wrote, or None for anything else (another version, a key missing or mistyped)."""
    try:
        if _field(data, "version", int) != RECORD_VERSION:
            return None
        seed = data.get("seed")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            return None
        return StudentRecord(
            id=_field(data, "id", str),
            status=RowStatus(_field(data, "status", str)),
            message=_field(data, "message", str),
            content_hash=_field(data, "content_hash", str),
            seed=seed,
            plan=_field(data, "plan", str),
            graded_at=_field(data, "graded_at", str),
            score=_number(data, "score"),
            max_score=_field(data, "max_score", int),
            percent=_number(data, "percent"),
            incomplete=_field(data, "incomplete", str),
            katas=tuple(_kata(kata) for kata in _field(data, "katas", list)),
        )
    except (ValueError, TypeError):
        return None


def _kata(data: Any) -> KataRecord:
    return KataRecord(
        id=_field(data, "id", str),
        name=_field(data, "name", str),
        status=Status(_field(data, "status", str)),
        score=_number(data, "score"),
        cases=tuple(_case(case) for case in _field(data, "cases", list)),
    )


def _case(data: Any) -> CaseRecord:
    name, status = _field(data, "name", str), Status(_field(data, "status", str))
    mistake = data.get("mistake")
    if mistake is not None:
        mistake = MistakeRef(_field(mistake, "code", str), _field(mistake, "title", str), _field(mistake, "fix", str))
    return CaseRecord(name, status, mistake)


def _mistake_to_json(mistake: MistakeRef | None) -> dict | None:
    return None if mistake is None else {"code": mistake.code, "title": mistake.title, "fix": mistake.fix}


def _field(data: Any, key: str, kind: type) -> Any:
    """data[key] when data is an object holding a `kind` there (a bool is not an int); TypeError otherwise."""
    if not isinstance(data, dict):
        raise TypeError(f"not an object: {data!r}")
    value = data.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{key} is not a {kind.__name__}: {value!r}")
    return value


def _number(data: Any, key: str) -> float:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"{key} is not a number: {value!r}")
    return float(value)
