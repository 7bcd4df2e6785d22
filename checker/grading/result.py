"""What one grading produced: the judge's run plus the totals and the grader's own notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from checker.results import KataResult, RunResult, Status

__all__ = ["GradeResult"]


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
        return datetime.fromtimestamp(self.run.finished, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

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
