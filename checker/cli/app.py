"""What every `kata` command shares: the workspace and catalogue found once, one printer, exit codes."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

from checker.checking import EXIT_INTERRUPTED
from checker.core.catalogue import Catalogue, load_catalogue
from checker.core.errors import KataUsageError
from checker.core.progress import load_progress
from checker.core.standing import KataState, course_states
from checker.core.workspace import find_workspace
from checker.report.check import text
from checker.report.style import Style, fit_to_stream

__all__ = [
    "App",
    "EXIT_CODES",
    "INTERRUPTED",
    "KataGroup",
    "UsageProblem",
    "pass_app",
    "plot_option",
    "require_plotting",
    "silence",
    "tolerant_streams",
]

EXIT_CODES = """\b
Exit codes:
  0  every checked kata passed (cases that need CUDA may be skipped)
  1  a kata failed or is not started yet
  2  usage or workspace error (unknown kata, bad option, no workspace)
  3  the check did not complete: the checker could not run some case (not your code)
  130  stopped with Ctrl-C (what was saved before stays whole)
  `kata grade` exits 0 whenever grading finished, whatever the score.
"""


INTERRUPTED = "Interrupted: nothing after this point was checked or saved."


class UsageProblem(click.ClickException):
    exit_code = 2


class KataGroup(click.Group):
    """Turn the core's KataUsageError into a clean message and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KataUsageError as error:
            raise UsageProblem(str(error)) from None
        except KeyboardInterrupt:
            # Ctrl-C: a clean stop. Progress writes are atomic, so what was saved stays whole.
            click.echo("\n" + INTERRUPTED, err=True)
            sys.exit(EXIT_INTERRUPTED)


@dataclass
class App:
    """What every command needs, found once: the workspace and its catalogue."""

    workspace_option: Path | None
    style: Style
    # Each stream's text fitted to its encoding, decided once: a cp1252 console gets + for ✓.
    fit_out: Callable[[str], str] = field(default_factory=lambda: fit_to_stream(sys.stdout))
    fit_err: Callable[[str], str] = field(default_factory=lambda: fit_to_stream(sys.stderr))

    @property
    def workspace(self) -> Path:
        return find_workspace(explicit=self.workspace_option)

    def catalogue(self) -> Catalogue:
        return load_catalogue(self.workspace)

    def standing(self) -> list[KataState]:
        """Every kata's state from the stored progress, after showing what was wrong with the file, if anything."""
        progress = load_progress(self.workspace)
        self.warn(progress.warnings)
        return course_states(self.workspace, self.catalogue(), progress)

    def echo(self, message: str = "", err: bool = False) -> None:
        fitted = (self.fit_err if err else self.fit_out)(message)
        try:
            click.echo(fitted, err=err, color=self.style.colour)
        except BrokenPipeError:
            # The reader went away (`kata check | head`): finish quietly, exit code intact.
            silence(sys.stderr if err else sys.stdout)

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.echo(text.warning_line(warning, self.style), err=True)


def tolerant_streams() -> None:
    """Let stdout and stderr write any text: what they cannot encode is escaped, never an error.

    `App.echo` fits its text already; this covers what else reaches the streams (a
    traceback quoting a learner's string, a message from pytest), so that an emoji or a lone
    surrogate under a cp1252 console cannot turn a verdict into a crash.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def silence(stream) -> None:

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)


pass_app = click.make_pass_decorator(App)
plot_option = click.option(
    "--plot",
    "plot_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also save the loss curves of the training katas checked (and kata 11's fit) to this PNG file; "
    "needs matplotlib (pip install matplotlib).",
)


def require_plotting(plot_file: Path | None) -> None:
    """Refuse --plot before checking anything if the PNG could not be made (no matplotlib)."""
    if plot_file is not None:
        from checker.report.charts.image import require_plotting

        require_plotting(plot_file)
