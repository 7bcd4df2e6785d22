"""What a check produced, as plain dataclasses: the report modules turn these into text."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar, Sequence

__all__ = ["CaseResult", "Chart", "KataResult", "MistakeRef", "RunResult", "Status"]


class Status(str, Enum):
    PASSED = "passed"
    FAILED = "failed"  # wrong answer
    ERROR = "error"  # the learner's code raised, or the file cannot be loaded
    NOT_STARTED = "not_started"  # the stub's NotImplementedError is still there
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    EXITED = "exited"
    OUTPUT_LIMIT = "output_limit"
    MEMORY_LIMIT = "memory_limit"
    SKIPPED = "skipped"


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
    def fit(cls, points: Sequence[Sequence[float]], *, target_label: str, fitted_label: str = "your model",
            title: str | None = None) -> Chart:
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
    number: int
    name: str
    title: str
    points: int
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.number:02d}"

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

    @property
    def all_passed(self) -> bool:
        return bool(self.katas) and all(k.status is Status.PASSED for k in self.katas) and not self.interrupted

    @property
    def skipped(self) -> int:
        return sum(k.skipped for k in self.katas)
