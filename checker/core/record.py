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

from dataclasses import asdict, dataclass, replace
from typing import Any

from checker.core.limits import MAX_RECORDED_ANSWER_TEXT
from checker.core.results import CaseResult, GradeResult, KataResult, MistakeRef
from checker.core.statuses import RowStatus, Status

__all__ = [
    "GRADE_INTERRUPTED",
    "RECORD_VERSION",
    "CaseRecord",
    "KataRecord",
    "StudentRecord",
    "Timing",
    "record_from_grade",
    "record_from_json",
    "record_to_json",
]

# 2: the record carries each kata's status and cases and whether the grade completed (1 held scores only).
# 3: and when the work was submitted, against which deadline, and the late penalty taken off.
# 4: and each failed case's wrong answer, which the class's similarity check compares.
RECORD_VERSION = 4
GRADE_INTERRUPTED = "grading was interrupted"


@dataclass(frozen=True)
class CaseRecord:
    """One case of a graded kata: its verdict, the named mistake when the wrong answer matched one, and the answer.

    `answer` is what a failed case got back (its `got`, cut to MAX_RECORDED_ANSWER_TEXT), "" when
    the case passed or showed no answer, and "" for every case of a kata not started or missing:
    all who skipped a kata would otherwise share an "answer" (grading/similarity.py).
    """

    name: str
    status: Status
    mistake: MistakeRef | None = None
    answer: str = ""


@dataclass(frozen=True)
class KataRecord:
    """One graded kata: its verdict (passed, failed or not started), its partial-credit score, its cases."""

    id: str
    name: str
    status: Status
    score: float
    cases: tuple[CaseRecord, ...] = ()


@dataclass(frozen=True)
class Timing:
    """When a student's graded work was submitted, against which deadline, and what lateness costs."""

    submitted_at: str = ""  # UTC stamp; "" to take the grade's own (the checkout's last commit)
    deadline: str = ""  # the student's deadline (extensions applied); "" when the run has none
    commit: str = ""  # the graded commit, when known
    late_days: int = 0  # started days after the deadline
    penalty_percent: float = 0.0  # of the points
    warning: str = ""  # said in the row (a zip counted as on time)


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
    raw_score: float = 0.0  # before the late penalty; `score` and `percent` are after it
    raw_percent: float = 0.0
    timing: Timing = Timing()
    version: int = RECORD_VERSION

    @property
    def scores(self) -> dict[str, float]:
        """Kata id -> score, the gradebook's kata columns."""
        return {kata.id: kata.score for kata in self.katas}


def record_from_grade(
    student: str, grade: GradeResult, content_hash: str, plan: str, timing: Timing | None = None
) -> StudentRecord:
    """The row of a finished grade: "graded", or "error" when the grader itself could not finish."""
    timing = timing or Timing()
    return retimed(
        StudentRecord(
            id=student,
            status=RowStatus.ERROR if grade.failure else RowStatus.GRADED,
            message=grade.failure,
            content_hash=content_hash,
            seed=grade.run.seed,
            plan=plan,
            graded_at=grade.finished_at,
            raw_score=round(grade.score, 2),
            raw_percent=round(grade.percent, 2),
            max_score=grade.max_score,
            incomplete="" if grade.complete else grade.failure or GRADE_INTERRUPTED,
            katas=_katas(grade),
        ),
        replace(timing, submitted_at=timing.submitted_at or grade.submitted_at),
    )


def retimed(record: StudentRecord, timing: Timing) -> StudentRecord:
    """The record with this timing: its total is the raw total less the penalty, its message the warning."""
    kept = 1 - min(max(timing.penalty_percent, 0.0), 100.0) / 100
    message = record.message if record.status is not RowStatus.GRADED else timing.warning
    return replace(
        record,
        timing=timing,
        score=round(record.raw_score * kept, 2),
        percent=round(record.raw_percent * kept, 2),
        message=message,
    )


def _katas(grade: GradeResult) -> tuple[KataRecord, ...]:
    return tuple(
        KataRecord(
            kata.id,
            kata.name,
            kata.status,
            round(kata.score, 2),
            tuple(CaseRecord(case.name, case.status, case.mistake, _answer(kata, case)) for case in kata.cases),
        )
        for kata in grade.katas
    )


def _answer(kata: KataResult, case: CaseResult) -> str:
    """The wrong answer a case got, when the learner's code gave one; "" for a kata not started.

    A missing file's cases carry no `got`, so they give "" too.
    """
    if case.status is Status.PASSED or kata.status is Status.NOT_STARTED:
        return ""
    return case.details.get("got", "")[:MAX_RECORDED_ANSWER_TEXT]


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
        "raw_score": record.raw_score,
        "raw_percent": record.raw_percent,
        "timing": asdict(record.timing),
        "katas": [
            {
                "id": kata.id,
                "name": kata.name,
                "status": kata.status.value,
                "score": kata.score,
                "cases": [
                    {
                        "name": case.name,
                        "status": case.status.value,
                        "mistake": _mistake_to_json(case.mistake),
                        "answer": case.answer,
                    }
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
            raw_score=_number(data, "raw_score"),
            raw_percent=_number(data, "raw_percent"),
            timing=_timing(_field(data, "timing", dict)),
        )
    except (ValueError, TypeError):
        return None


def _timing(data: dict) -> Timing:
    return Timing(
        submitted_at=_field(data, "submitted_at", str),
        deadline=_field(data, "deadline", str),
        commit=_field(data, "commit", str),
        late_days=_field(data, "late_days", int),
        penalty_percent=_number(data, "penalty_percent"),
        warning=_field(data, "warning", str),
    )


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
    return CaseRecord(name, status, mistake, _field(data, "answer", str))


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
