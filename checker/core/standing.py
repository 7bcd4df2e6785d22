"""Where the learner stands: each kata's state and the next step (no torch, no pytest)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.core.catalogue import Catalogue, Kata
from checker.core.progress import Progress, file_hash, update_progress
from checker.core.statuses import Status

if TYPE_CHECKING:
    from checker.core.results import RunResult

__all__ = ["KataState", "course_states", "next_kata", "record_run", "reveal_hint"]


@dataclass(frozen=True)
class KataState:
    kata: Kata
    status: Status  # one of results.KATA_VERDICTS
    changed_since_pass: bool
    passed_on_cpu: bool
    passed_on_cuda: bool
    hints_revealed: int
    attempts: int

    @property
    def done(self) -> bool:
        return self.status == Status.PASSED and not self.changed_since_pass


def course_states(workspace: Path, catalogue: Catalogue, progress: Progress) -> list[KataState]:
    states = []
    for kata in catalogue:
        entry = progress.katas.get(kata.name)
        if entry is None:
            states.append(KataState(kata, Status.NOT_STARTED, False, False, False, 0, 0))
            continue
        changed = entry.ever_passed and file_hash(kata.stub_path(workspace)) != entry.passed_hash
        states.append(
            KataState(
                kata,
                entry.status,
                changed,
                entry.passed_on_cpu,
                entry.passed_on_cuda,
                entry.hints_revealed,
                entry.attempts,
            )
        )
    return states


def next_kata(states: list[KataState]) -> KataState | None:
    """The first kata, in catalogue order, that is not passed (or changed since it passed).

    The one place that decides which kata is next: checks, `kata watch`, `kata next`, the
    dashboard and `kata list --format json` all ask it.
    """
    return next((state for state in states if not state.done), None)


def record_run(workspace: Path, catalogue: Catalogue, run: RunResult) -> list[str]:
    """Store each checked kata's latest status in the progress file; return warnings."""
    reached = [result for result in run.katas if result.cases]  # one never reached (Ctrl-C) has none
    # A kata the checker could not run every case of has no verdict: its last one stands.
    reached = [result for result in reached if not any(case.status is Status.CHECKER_ERROR for case in result.cases)]
    if run.interrupted and reached:
        reached.pop()  # Ctrl-C stopped this kata part-way: its verdict would be a guess

    def change(progress: Progress) -> None:
        for result in reached:
            entry = progress.of(result.name)
            entry.last_checked = run.finished
            if result.status is Status.NOT_STARTED:
                entry.status = Status.NOT_STARTED
                continue
            entry.attempts += 1
            if result.status is Status.PASSED:
                entry.status = Status.PASSED
                entry.passed_hash = file_hash(catalogue.resolve(result.name).stub_path(workspace))
                entry.passed_on_cpu = True
                entry.passed_on_cuda = entry.passed_on_cuda or run.cuda_available
            else:
                entry.status = Status.FAILED

    return update_progress(workspace, change)


def reveal_hint(workspace: Path, kata: Kata) -> tuple[int, list[str]]:
    """Reveal one more of the kata's hints; return how many are shown now, and warnings."""
    revealed: list[int] = []

    def reveal(progress: Progress) -> None:
        entry = progress.of(kata.name)
        entry.hints_revealed = min(entry.hints_revealed + 1, len(kata.hints))
        revealed.append(entry.hints_revealed)

    warnings = update_progress(workspace, reveal)
    return (revealed[0] if revealed else 1), warnings
