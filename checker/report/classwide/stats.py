"""The numbers of a class report: scores, pass rates per kata and per case, and the mistakes ranked.

Each student comes as their typed `StudentRecord` (core/record.py), the same record the
gradebook is built from, so the two cannot disagree; the record's loader is the one place a
stored file is checked. Both renderers, the Markdown and the HTML one, draw from
`class_stats`, so they cannot disagree on a number either.

"Not started" (the stub's NotImplementedError is still there) is counted apart from
"wrong": a student who has not reached a kata did not get it wrong, and the share of a
mistake is taken over the students who attempted the kata.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from checker.core.catalogue import Catalogue
from checker.core.limits import MAX_CLASS_MESSAGE_TEXT
from checker.core.record import KataRecord, StudentRecord
from checker.core.results import RowStatus, Status
from checker.report.grade.summary import one_line

__all__ = [
    "GRADED",
    "HISTOGRAM_BINS",
    "MISSING",
    "CaseStats",
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


@dataclass(frozen=True)
class DeadlineStats:
    """A deadline run's students by when their work came: on time, late (penalised), nothing in time."""

    on_time: int
    late: int
    too_late: int  # no work by the deadline (or the late cutoff): not graded
    missing: int

    def sentence(self) -> str:
        return (
            f"Against the deadline: {self.on_time} on time, {self.late} late (penalised), "
            f"{self.too_late} with nothing in time, {self.missing} missing."
        )


def _deadline_stats(records: list[StudentRecord], graded: list[StudentRecord]) -> DeadlineStats | None:
    if not any(record.timing.deadline for record in records):
        return None
    late = sum(1 for record in graded if record.timing.late_days > 0)
    return DeadlineStats(
        on_time=len(graded) - late,
        late=late,
        too_late=sum(1 for record in records if record.status is RowStatus.TOO_LATE),
        missing=sum(1 for record in records if record.status is MISSING),
    )


@dataclass
class ClassStats:
    """Everything a class report shows."""

    size: int
    graded: list[StudentRecord]
    missing: list[StudentRecord]  # no submission, or (under a deadline) nothing in time
    errors: list[StudentRecord]  # could not be graded: a grader error or bad input
    unfinished: list[StudentRecord]  # graded, but the grader stopped early (`incomplete` says why)
    percents: list[float]  # one per graded student
    katas: list[KataStats]
    mistakes: list[MistakeStats]  # most students first
    seeds: list[int]
    deadline: DeadlineStats | None = None  # when the run graded against a deadline

    @property
    def median(self) -> float | None:
        return statistics.median(self.percents) if self.percents else None

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.percents) if self.percents else None

    @property
    def not_graded(self) -> list[tuple[str, str, str]]:
        """(student, status, why) for each student who could not be graded, is missing, or is graded in part."""
        rows = [(record.id, str(record.status), record.message) for record in self.errors + self.missing]
        rows += [(record.id, "graded, unfinished", record.incomplete) for record in self.unfinished]
        return [(student, status, _cut(why)) for student, status, why in rows]

    @property
    def all_passed(self) -> int:
        """Graded students who passed every kata they were graded on."""
        return sum(
            bool(record.katas) and all(kata.status is Status.PASSED for kata in record.katas) for record in self.graded
        )


def histogram(percents: list[float], bins: int = HISTOGRAM_BINS) -> list[int]:
    """How many scores fall in each equal band of 0-100 %; 100 % goes in the last band."""
    counts = [0] * bins
    for percent in percents:
        index = int(max(0.0, min(percent, 100.0)) * bins // 100)
        counts[min(index, bins - 1)] += 1
    return counts


def class_stats(records: list[StudentRecord], catalogue: Catalogue) -> ClassStats:
    """Count everything the reports show, katas in catalogue order (then any unknown ones by id)."""
    graded, missing, errors = [], [], []
    for record in records:
        if record.status is GRADED:
            graded.append(record)
        else:
            # No work by the deadline is missing work, not a submission that could not be graded.
            (missing if record.status in (MISSING, RowStatus.TOO_LATE) else errors).append(record)
    katas = {kata.id: KataStats(kata.id, kata.name, kata.title) for kata in catalogue}
    mistakes: dict[tuple[str, str], MistakeStats] = {}
    for record in graded:
        for kata in record.katas:
            stats = katas.setdefault(kata.id, KataStats(kata.id, kata.name, ""))
            _count_kata(stats, kata, record.id, mistakes)
    order = {kata_id: index for index, kata_id in enumerate(katas)}
    for mistake in mistakes.values():
        mistake.attempted = katas[mistake.kata_id].attempted
    return ClassStats(
        size=len(records),
        graded=graded,
        missing=missing,
        errors=errors,
        unfinished=[record for record in graded if record.incomplete],
        percents=[record.percent for record in graded],
        katas=[stats for stats in katas.values() if stats.graded],
        mistakes=sorted(mistakes.values(), key=lambda m: (-m.count, order[m.kata_id], m.title)),
        seeds=sorted({record.seed for record in graded if record.seed is not None}),
        deadline=_deadline_stats(records, graded),
    )


def _count_kata(
    stats: KataStats, kata: KataRecord, student: str, mistakes: dict[tuple[str, str], MistakeStats]
) -> None:
    if kata.status is Status.PASSED:
        stats.passed += 1
    elif kata.status is Status.NOT_STARTED:
        stats.not_started += 1
    else:
        stats.failed += 1
    made = set()
    for case in kata.cases:
        counts = stats.cases.setdefault(case.name, CaseStats(case.name))
        _count_case(counts, case.status)
        mistake = case.mistake
        if mistake is None or case.status is Status.PASSED:
            continue
        key = (stats.id, mistake.code)
        if key not in mistakes:
            mistakes[key] = MistakeStats(stats.id, stats.name, mistake.code, mistake.title, mistake.fix)
        if key not in made:  # one student counts once, however many cases showed the mistake
            made.add(key)
            mistakes[key].students.append(student)


def _count_case(counts: CaseStats, status: Status) -> None:
    if status is Status.PASSED:
        counts.passed += 1
    elif status is Status.FAILED:
        counts.wrong += 1
    elif status is Status.NOT_STARTED:
        counts.not_started += 1
    elif status is Status.SKIPPED:
        counts.skipped += 1
    else:  # raised, timed out, crashed, exited, ran out of memory, or the checker could not run it
        counts.broke += 1


def _cut(text: str) -> str:
    flat = one_line(text)
    return flat if len(flat) <= MAX_CLASS_MESSAGE_TEXT else flat[: MAX_CLASS_MESSAGE_TEXT - 4] + " ..."
