"""The one check-and-report path: run the judge, record progress, render, say the next step.

`kata check`, `kata watch` and the notebook front end all check katas the same way and
differ only in how they show it, so they call `check_katas` with a printer of their own
(text on a terminal, HTML in a notebook). The printer is told each case as it finishes,
then the run, the plot, the next step and the warnings, always in that order.

This module sits with the front ends: it may import report/, runner/ and the data core,
and nothing below it imports it. It imports neither torch nor pytest until a check runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from checker.core.catalogue import Catalogue, Kata
from checker.core.errors import KataUsageError
from checker.core.progress import load_progress
from checker.core.standing import KataState, course_states, next_kata, record_run

if TYPE_CHECKING:
    from checker.core.results import CaseResult, RunResult

__all__ = [
    "EXIT_FAILED",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_PASSED",
    "CheckOutcome",
    "CheckPrinter",
    "check_katas",
    "current_kata",
    "katas_to_check",
    "retry_command",
]

EXIT_PASSED = 0  # every checked kata passed (cases that need CUDA may be skipped)
EXIT_FAILED = 1  # a kata failed or is not started yet
EXIT_INCOMPLETE = 3  # the checker could not run every case (its own failure, never the learner's)
EXIT_INTERRUPTED = 130  # the shell's convention for a command stopped by Ctrl-C
INCOMPLETE = "The check did not complete: {why}. This is the checker's problem, not your code's: run `kata doctor`."

IDS_AND_ALL = "Give kata ids or --all, not both."
ALL_PASSED = "Every kata is passed: name one (`kata check 04`) or use --all."


class CheckPrinter(Protocol):
    """What `check_katas` renders through; report.live.LivePrinter is the terminal's."""

    def case(self, kata: Kata, case: CaseResult) -> None:
        """One case, as soon as it finished."""

    def finish(self, run: RunResult, retry: str) -> None:
        """After the last case: the last kata's summary and how to replay the run (`retry`)."""

    def plot_saved(self, saved: str) -> None:
        """--plot: what was saved, or "" when no training kata was checked."""

    def next_step(self, run: RunResult, standing: list[KataState], following: KataState | None) -> None:
        """Where the learner goes from here: `standing` after the check, `following` the kata next.

        Not called for a run stopped by Ctrl-C; `standing` is empty for a reference run.
        """

    def warn(self, warnings: list[str]) -> None:
        """Problems that did not stop the check (an unwritable progress file, a PNG not saved)."""


@dataclass(frozen=True)
class CheckOutcome:
    """What one check came to: the results, where the learner stands now, and the exit code."""

    run: RunResult
    katas: list[Kata]
    standing: list[KataState] = field(default_factory=list)  # empty for a reference run
    following: KataState | None = None  # the kata next (None: every kata passed, or a reference run)
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.run.interrupted:
            return EXIT_INTERRUPTED
        if self.run.incomplete:
            return EXIT_INCOMPLETE
        return EXIT_PASSED if self.run.all_passed else EXIT_FAILED


def check_katas(
    workspace: Path,
    catalogue: Catalogue,
    katas: list[Kata],
    *,
    printer: CheckPrinter,
    retry: str,
    reference: bool = False,
    seed: int | None = None,
    plot_file: Path | None = None,
) -> CheckOutcome:
    """Check `katas`, record the learner's progress (never for a reference run) and render it all.

    `retry` is the command that checks the same katas again, as this front end writes it
    (`kata check 04`); the printer adds the seed. Ctrl-C during the check is not raised:
    the outcome says `run.interrupted`, and what was recorded before stays whole.
    """
    from checker.runner import run_check

    run = run_check(workspace, katas, reference=reference, seed=seed, on_case=printer.case)
    warnings = [] if reference else record_run(workspace, catalogue, run)
    if run.incomplete:
        warnings.append(INCOMPLETE.format(why=run.incomplete))
    printer.finish(run, retry)
    if plot_file is not None:
        from checker.report.charts.image import save_curves

        saved, plot_warnings = save_curves(run, plot_file)
        printer.plot_saved(saved)
        warnings += plot_warnings
    standing: list[KataState] = []
    if not reference:
        progress = load_progress(workspace)
        warnings += [warning for warning in progress.warnings if warning not in warnings]  # said once
        standing = course_states(workspace, catalogue, progress)
    outcome = CheckOutcome(run, list(katas), standing, next_kata(standing), warnings)
    if not run.interrupted:
        printer.next_step(run, outcome.standing, outcome.following)
    printer.warn(outcome.warnings)
    return outcome


def current_kata(workspace: Path, catalogue: Catalogue) -> KataState | None:
    """The kata the learner is on (the first not passed), or None when every kata is passed."""
    return next_kata(course_states(workspace, catalogue, load_progress(workspace)))


def katas_to_check(
    workspace: Path, catalogue: Catalogue, ids: Sequence[str] = (), *, every: bool = False
) -> list[Kata]:
    """The katas a check names: every kata, the ids given (numbers, names, ranges), or the current one."""
    if every and ids:
        raise KataUsageError(IDS_AND_ALL)
    if every:
        return list(catalogue)
    if ids:
        return catalogue.select(ids)
    state = current_kata(workspace, catalogue)
    if state is None:
        raise KataUsageError(ALL_PASSED)
    return [state.kata]


def retry_command(
    katas: list[Kata], *, every: bool = False, reference: bool = False, command: str = "kata check"
) -> str:
    """The command line that checks the same katas again (a notebook passes `command="%kata check"`)."""
    target = "--all" if every else " ".join(kata.id for kata in katas)
    return f"{command} {target}" + (" --reference" if reference else "")
