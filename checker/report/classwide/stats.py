"""The numbers of a class report: scores, pass rates per kata and per case, and the mistakes ranked.

Each graded student brings their `kata-results.json` as a dict. Everything here reads it
defensively (a key missing or of the wrong type counts as absent, never raises), since a
merged folder may hold results written by another checker version. Both renderers, the
Markdown and the HTML one, draw from `class_stats`, so they cannot disagree on a number.

"Not started" (the stub's NotImplementedError is still there) is counted apart from
"wrong": a student who has not reached a kata did not get it wrong, and the share of a
mistake is taken over the students who attempted the kata.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from checker.core.catalogue import Catalogue
from checker.core.limits import MAX_CLASS_MESSAGE_TEXT
from checker.core.results import RowStatus
from checker.report.grade.summary import one_line

__all__ = [
    "GRADED",
    "HISTOGRAM_BINS",
    "MISSING",
    "CaseStats",
    "ClassEntry",
    "ClassStats",
    "KataStats",
    "MistakeStats",
    "class_stats",
    "histogram",
]

GRADED = RowStatus.GRADED
MISSING = RowStatus.MISSING
# Ten bins of ten percentage points: the grade bands instructors read (the last holds 100 %).
HISTOGRAM_BINS = 10

_PASSED = "passed"
_WRONG = "failed"
_NOT_STARTED = "not_started"
_SKIPPED = "skipped"


@dataclass(frozen=True)
class ClassEntry:
    """One student of the class, as `kata grade-class` found them."""

    id: str  # the student's id
    status: RowStatus
    message: str = ""  # why, for a status other than "graded"
    results: dict | None = None  # the student's kata-results.json content, for "graded"


@dataclass
class CaseStats:
    """One case of one kata across the graded students who have the case."""

    name: str
    passed: int = 0
    wrong: int = 0  # a wrong answer
    broke: int = 0  # raised, timed out, crashed, exited, ran out of memory
    not_started: int = 0
    skipped: int = 0  # needs CUDA

    @property
    def counted(self) -> int:
        return self.passed + self.wrong + self.broke + self.not_started


@dataclass
class MistakeStats:
    """A named mistake and the students who made it in one kata."""

    kata_id: str
    kata_name: str
    code: str
    title: str
    fix: str
    students: list[str] = field(default_factory=list)
    attempted: int = 0  # students who attempted the kata

    @property
    def count(self) -> int:
        return len(self.students)

    @property
    def share(self) -> float:
        """The share of those who attempted the kata, 0 to 1."""
        return self.count / self.attempted if self.attempted else 0.0


@dataclass
class KataStats:
    """One kata across the graded students whose results hold it."""

    id: str
    name: str
    title: str
    passed: int = 0
    failed: int = 0  # attempted, not every case passed
    not_started: int = 0
    cases: dict[str, CaseStats] = field(default_factory=dict)  # by case name, in the order first met

    @property
    def graded(self) -> int:
        return self.passed + self.failed + self.not_started

    @property
    def attempted(self) -> int:
        return self.passed + self.failed

    @property
    def pass_rate(self) -> float:
        """Passed over the graded students, 0 to 1."""
        return self.passed / self.graded if self.graded else 0.0


@dataclass
class ClassStats:
    """Everything a class report shows."""

    size: int
    graded: list[ClassEntry]
    missing: list[ClassEntry]
    errors: list[ClassEntry]  # could not be graded: a grader error or bad input
    unfinished: list[tuple[ClassEntry, str]]  # graded, but the grader stopped early: (entry, why)
    percents: list[float]  # one per graded student
    katas: list[KataStats]
    mistakes: list[MistakeStats]  # most students first
    seeds: list[int]

    @property
    def median(self) -> float | None:
        return statistics.median(self.percents) if self.percents else None

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.percents) if self.percents else None

    @property
    def not_graded(self) -> list[tuple[str, str, str]]:
        """(student, status, why) for each student who could not be graded, is missing, or is graded in part."""
        rows = [(entry.id, entry.status, entry.message) for entry in self.errors + self.missing]
        rows += [(entry.id, "graded, unfinished", why) for entry, why in self.unfinished]
        return [(student, status, _cut(why)) for student, status, why in rows]

    @property
    def all_passed(self) -> int:
        """Graded students who passed every kata they were graded on."""
        return sum(
            bool(_katas(entry)) and all(_text(k, "status") == _PASSED for k in _katas(entry)) for entry in self.graded
        )


def histogram(percents: list[float], bins: int = HISTOGRAM_BINS) -> list[int]:
    """How many scores fall in each equal band of 0-100 %; 100 % goes in the last band."""
    counts = [0] * bins
    for percent in percents:
        index = int(max(0.0, min(percent, 100.0)) * bins // 100)
        counts[min(index, bins - 1)] += 1
    return counts


def class_stats(entries: list[ClassEntry], catalogue: Catalogue) -> ClassStats:
    """Count everything the reports show, katas in catalogue order (then any unknown ones by id)."""
    graded, missing, errors = [], [], []
    for entry in entries:
        if entry.status == GRADED and isinstance(entry.results, dict):
            graded.append(entry)
        else:
            (missing if entry.status == MISSING else errors).append(entry)
    katas = {kata.id: KataStats(kata.id, kata.name, kata.title) for kata in catalogue}
    mistakes: dict[tuple[str, str], MistakeStats] = {}
    for entry in graded:
        for kata in _katas(entry):
            kata_id = _text(kata, "id")
            stats = katas.setdefault(kata_id, KataStats(kata_id, _text(kata, "name"), ""))
            _count_kata(stats, kata, entry.id, mistakes)
    order = {kata_id: index for index, kata_id in enumerate(katas)}
    for mistake in mistakes.values():
        mistake.attempted = katas[mistake.kata_id].attempted
    return ClassStats(
        size=len(entries),
        graded=graded,
        missing=missing,
        errors=errors,
        unfinished=[
            (entry, _text(entry.results, "failure") or "grading was interrupted")
            for entry in graded
            if entry.results.get("complete") is False
        ],
        percents=[_number(entry.results, "percent") for entry in graded],
        katas=[stats for stats in katas.values() if stats.graded],
        mistakes=sorted(mistakes.values(), key=lambda m: (-m.count, order[m.kata_id], m.title)),
        seeds=sorted({entry.results["seed"] for entry in graded if isinstance(entry.results.get("seed"), int)}),
    )


def _count_kata(stats: KataStats, kata: dict, student: str, mistakes: dict[tuple[str, str], MistakeStats]) -> None:
    status = _text(kata, "status")
    if status == _PASSED:
        stats.passed += 1
    elif status == _NOT_STARTED:
        stats.not_started += 1
    else:
        stats.failed += 1
    made = set()
    for case in kata.get("cases") or []:
        if not isinstance(case, dict):
            continue
        name = _text(case, "name")
        counts = stats.cases.setdefault(name, CaseStats(name))
        _count_case(counts, _text(case, "status"))
        mistake = case.get("mistake")
        if isinstance(mistake, dict) and _text(mistake, "code") and _text(case, "status") != _PASSED:
            key = (stats.id, _text(mistake, "code"))
            if key not in mistakes:
                title, fix = _text(mistake, "title"), _text(mistake, "fix")
                mistakes[key] = MistakeStats(stats.id, stats.name, key[1], title, fix)
            if key not in made:  # one student counts once, however many cases showed the mistake
                made.add(key)
                mistakes[key].students.append(student)


def _count_case(counts: CaseStats, status: str) -> None:
    if status == _PASSED:
        counts.passed += 1
    elif status == _WRONG:
        counts.wrong += 1
    elif status == _NOT_STARTED:
        counts.not_started += 1
    elif status == _SKIPPED:
        counts.skipped += 1
    else:
        counts.broke += 1


def _katas(entry: ClassEntry) -> list[dict]:
    katas = (entry.results or {}).get("katas")
    return [kata for kata in katas if isinstance(kata, dict)] if isinstance(katas, list) else []


def _text(data: dict | None, key: str) -> str:
    value = (data or {}).get(key)
    return value if isinstance(value, str) else ""


def _number(data: dict, key: str) -> float:
    value = data.get(key)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _cut(text: str) -> str:
    flat = one_line(text)
    return flat if len(flat) <= MAX_CLASS_MESSAGE_TEXT else flat[: MAX_CLASS_MESSAGE_TEXT - 4] + " ..."
