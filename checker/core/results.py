"""What a check or a grade produced, as plain dataclasses: the report modules turn these into text.

Every result type lives here, in the data core, below both `report/` (which renders them)
and `grading/` and `runner/` (which produce them): see the layer table in tests/test_layers.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import ClassVar

from checker.core.catalogue import Kata
from checker.core.statuses import BAD_INPUT, KATA_VERDICTS, RowStatus, Status

__all__ = [
    "BAD_INPUT",
    "KATA_VERDICTS",
    "CaseResult",
    "Chart",
    "GradeResult",
    "KataResult",
    "MistakeRef",
    "RowStatus",
    "RunResult",
    "Status",
    "utc_stamp",
]


@dataclass(frozen=True)
class MistakeRef:
    """A known beginner mistake that the wrong answer matched, or a note on a passing case."""

    code: str
    title: str
    fix: str


@dataclass(frozen=True)
class Chart:
    """A chart a spec asked to be drawn beside its case: what kind, its title and labels, its points.

    Every point is one row: its x first, then one y per series; `labels` name the columns.
    The kinds the reports draw are made by `losses` (rows (step, loss)) and `fit` (rows
    (x, target, fitted)); specs call them through `KataSession.chart_losses` and
    `chart_fit`, so no report knows which kata drew what.
    """

    LOSSES: ClassVar[str] = "losses"
    FIT: ClassVar[str] = "fit"

    kind: str
    title: str
    labels: tuple[str, ...]
    points: tuple[tuple[float, ...], ...]

    @classmethod
    def losses(cls, values: Sequence[float], *, title: str = "Loss per step", label: str = "loss") -> Chart:
        """A loss curve: one value per step."""
        return cls(cls.LOSSES, title, ("step", label), tuple((step, value) for step, value in enumerate(values)))

    @classmethod
    def fit(
        cls,
        points: Sequence[Sequence[float]],
        *,
        target_label: str,
        fitted_label: str = "your model",
        title: str | None = None,
    ) -> Chart:
        """A trained model against its target: (x, target, fitted) rows; the title reads "<fitted> against <target>"."""
        title = title or f"Your trained model against {target_label}"
        return cls(cls.FIT, title, ("x", target_label, fitted_label), tuple(tuple(point) for point in points))

    def column(self, index: int) -> tuple[float, ...]:
        """One series: column 0 is x, 1 the first y (a curve's losses, a fit's target), and so on."""
        return tuple(point[index] for point in self.points)


@dataclass
class CaseResult:
    name: str
    status: Status
    message: str = ""
    duration: float = 0.0
    mistake: MistakeRef | None = None
    details: dict[str, str] = field(default_factory=dict)  # call, got, expected, where, output
    charts: tuple[Chart, ...] = ()  # what the spec asked the report to draw (a loss curve, a fit)
    notes: tuple[MistakeRef, ...] = ()  # a passing case: advice about right but fragile code, never a verdict


@dataclass
class KataResult:
    """One kata's cases. It carries its `Kata`, so a report asks it for paths instead of building them."""

    kata: Kata
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.kata.number

    @property
    def name(self) -> str:
        return self.kata.name

    @property
    def title(self) -> str:
        return self.kata.title

    @property
    def points(self) -> int:
        return self.kata.points

    @property
    def id(self) -> str:
        return self.kata.id

    @property
    def counted(self) -> list[CaseResult]:
        return [case for case in self.cases if case.status is not Status.SKIPPED]

    @property
    def skipped(self) -> int:
        return len(self.cases) - len(self.counted)

    @property
    def passed(self) -> int:
        return sum(case.status is Status.PASSED for case in self.cases)

    @property
    def note_count(self) -> int:
        """How many notes its cases carry (advice only: they change neither the status nor the score)."""
        return sum(len(case.notes) for case in self.cases)

    @property
    def status(self) -> Status:
        """PASSED when every case that ran passed; NOT_STARTED while every one is the stub."""
        counted = self.counted
        if counted and all(case.status is Status.PASSED for case in counted):
            return Status.PASSED
        if not counted or all(case.status is Status.NOT_STARTED for case in counted):
            return Status.NOT_STARTED
        return Status.FAILED

    @property
    def score(self) -> float:
        """Partial credit: the kata's points times the share of counted cases that passed."""
        counted = self.counted
        if not counted:
            return 0.0
        return round(self.points * self.passed / len(counted), 2)


@dataclass
class RunResult:
    seed: int
    reference: bool
    cuda_available: bool
    torch_version: str
    katas: list[KataResult] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    interrupted: bool = False
    incomplete: str = ""  # why the check did not complete ("" when it did): the checker's failure

    @property
    def all_passed(self) -> bool:
        return (
            bool(self.katas)
            and all(k.status is Status.PASSED for k in self.katas)
            and not self.interrupted
            and not self.incomplete
        )

    @property
    def skipped(self) -> int:
        return sum(k.skipped for k in self.katas)


@dataclass
class GradeResult:
    """A graded submission. Scores follow `KataResult.score`: points x passed / counted cases."""

    run: RunResult
    submission: str  # the graded tree, as it was named on the command line
    warnings: list[str] = field(default_factory=list)
    failure: str = ""  # set when the grader itself could not finish; the scores are then 0
    submitted_at: str = ""  # the graded commit's committer date, UTC (grading/submitted.py)

    @property
    def katas(self) -> list[KataResult]:
        return self.run.katas

    @property
    def score(self) -> float:
        return round(sum(kata.score for kata in self.katas), 2)

    @property
    def max_score(self) -> int:
        return sum(kata.points for kata in self.katas)

    @property
    def percent(self) -> float:
        return round(100.0 * self.score / self.max_score, 2) if self.max_score else 0.0

    @property
    def finished_at(self) -> str:
        """When grading finished, UTC, as YYYY-MM-DDTHH:MM:SSZ."""
        return utc_stamp(datetime.fromtimestamp(self.run.finished, tz=timezone.utc))

    @property
    def duration(self) -> float:
        return max(0.0, self.run.finished - self.run.started)

    @property
    def complete(self) -> bool:
        """Every chosen kata was graded: the grader neither failed nor was interrupted."""
        return not self.failure and not self.run.interrupted

    @property
    def all_passed(self) -> bool:
        return self.complete and bool(self.katas) and all(k.status is Status.PASSED for k in self.katas)


def utc_stamp(moment: datetime) -> str:
    """A moment in UTC as YYYY-MM-DDTHH:MM:SSZ, the form Classroom 50 reads."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
