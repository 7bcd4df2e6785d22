"""The learner's commands: list, next, check, watch, hint, solution, reset.

`kata list`, `next` and `hint` import neither torch nor pytest, so they answer at once;
`check` imports them only when it runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker.checking import check_katas, katas_to_check, retry_command
from checker.cli.app import INTERRUPTED, App, UsageProblem, pass_app, plot_option, require_plotting
from checker.core.catalogue import Kata
from checker.core.errors import KataUsageError
from checker.core.limits import POLL_SECONDS
from checker.core.progress import load_progress
from checker.core.standing import KataState, next_kata, reveal_hint
from checker.report.check import text

if TYPE_CHECKING:
    from checker.core.results import CaseResult, RunResult
    from checker.report.check.live import LivePrinter

__all__ = ["COMMANDS", "check", "hint", "list_katas", "next_command", "reset", "solution", "watch"]

_verbose_option = click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="List every failed case on its own line (by default the cases after the first of each cause fold into one).",
)


@click.command("list")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def list_katas(app: App, output_format: str) -> None:
    """List every kata with its status (passed on CPU and/or CUDA, changed since it
    passed), checks and hints used.

    Example: kata list | kata list --format json
    """
    states = app.standing()
    if output_format == "json":
        from checker.report.check.json_report import course_to_json

        app.echo(json.dumps(course_to_json(states), indent=2))
        return
    app.echo(text.course_table(states, app.style))
    app.echo("\n" + text.progress_bar(states))


@click.command("next")
@pass_app
def next_command(app: App) -> None:
    """Say which kata to do next and how.

    Example: kata next
    """
    app.echo(text.next_step(next_kata(app.standing()), app.workspace, app.style))


@click.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "check_all", is_flag=True, help="Check every kata.")
@click.option("--reference", is_flag=True, help="Check reference/ instead of katas/ (for maintainers).")
@click.option("--seed", type=int, help="Replay the hidden cases of an earlier run.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_verbose_option
@plot_option
@pass_app
def check(
    app: App,
    ids: tuple[str, ...],
    check_all: bool,
    reference: bool,
    seed: int | None,
    output_format: str,
    verbose: bool,
    plot_file: Path | None,
) -> None:
    """Check katas by number or name (default: the one you are on).

    Each cause of failure is explained at its first case; the other cases it breaks are
    folded into one line (--verbose lists them all).

    Examples: kata check 04 | kata check compute_gradient | kata check 01-05 | kata check --all
    """
    workspace = app.workspace
    catalogue = app.catalogue()
    katas = katas_to_check(workspace, catalogue, ids, every=check_all)
    require_plotting(plot_file)
    printer = _text_printer(app, reference, len(katas), verbose) if output_format == "text" else _JsonPrinter(app)
    outcome = check_katas(
        workspace,
        catalogue,
        katas,
        printer=printer,
        reference=reference,
        seed=seed,
        plot_file=plot_file,
        retry=retry_command(katas, every=check_all, reference=reference),
    )
    if outcome.run.interrupted:
        click.echo(INTERRUPTED, err=True)  # the same last words however Ctrl-C reached us
    sys.exit(outcome.exit_code)


def _text_printer(app: App, reference: bool, total: int, verbose: bool) -> LivePrinter:
    from checker.report.check.live import LivePrinter

    return LivePrinter(
        app.echo,
        app.style,
        app.workspace,
        reference,
        total=total,
        err=lambda line: app.echo(line, err=True),
        verbose=verbose,
    )


class _JsonPrinter:
    """`kata check --format json`: the whole run as one JSON document on stdout, the rest on stderr."""

    def __init__(self, app: App) -> None:
        self.app = app

    def case(self, kata: Kata, case: CaseResult) -> None:
        pass  # JSON comes whole, at the end

    def finish(self, run: RunResult, retry: str) -> None:
        from checker.report.check.json_report import run_to_json

        self.app.echo(json.dumps(run_to_json(run), indent=2))

    def plot_saved(self, saved: str) -> None:
        from checker.report.check.live import NOTHING_TO_PLOT

        self.app.echo(saved or NOTHING_TO_PLOT, err=True)

    def next_step(self, run: RunResult, standing: list[KataState], following: KataState | None) -> None:
        pass  # a script reads the verdicts; the next step is for people

    def warn(self, warnings: list[str]) -> None:
        self.app.warn(warnings)


@click.command()
@click.option(
    "--interval",
    type=click.FloatRange(0.02, 5.0),
    default=POLL_SECONDS,
    show_default=True,
    help="Seconds between looks at your files.",
)
@click.option(
    "--edit-cmd",
    envvar="EDITOR",
    metavar="COMMAND",
    help="What the e key opens the current kata with (default: $EDITOR).",
)
@_verbose_option
@plot_option
@pass_app
def watch(app: App, interval: float, edit_cmd: str | None, verbose: bool, plot_file: Path | None) -> None:
    """Check a kata again every time you save it; Ctrl-C stops.

    Checks the kata you are on, then whichever kata file you save. On a terminal the screen
    is cleared before each check (elsewhere the verdicts follow one another), and single
    keys: n next kata, h hint, e edit, l list, c check all, q quit. Saves are found by polling
    (looking at the files' modification times every --interval seconds), so it works
    everywhere, including WSL, Docker mounts and network drives where file events never
    arrive.

    Example: kata watch | kata watch --plot curves.png
    """
    from checker.cli.watch import Watch, key_reader

    require_plotting(plot_file)
    try:
        with key_reader(sys.stdin.isatty() and sys.stdout.isatty()) as keys:
            session = Watch(
                app.workspace,
                app.catalogue(),
                app.echo,
                app.style,
                screen=sys.stdout,
                reads_keys=keys.available,
                edit_command=edit_cmd,
                plot_file=plot_file,
                verbose=verbose,
            )
            session.run(keys.read, interval)
    except KeyboardInterrupt:
        pass
    app.echo("\nStopped watching.")


@click.command()
@click.argument("kata_id")
@pass_app
def hint(app: App, kata_id: str) -> None:
    """Show one more hint for a kata each time you run it.

    Example: kata hint 04
    """
    kata = app.catalogue().resolve(kata_id)
    shown, warnings = reveal_hint(app.workspace, kata)
    app.echo(text.hints(kata, shown, app.style))
    app.warn(warnings)


@click.command()
@click.argument("kata_id")
@click.option("--force", is_flag=True, help="Show it even though you have not passed the kata.")
@pass_app
def solution(app: App, kata_id: str, force: bool) -> None:
    """Show the reference solution of a kata you have passed.

    Example: kata solution 04
    """
    workspace = app.workspace
    kata = app.catalogue().resolve(kata_id)
    progress = load_progress(workspace)
    if not force and not progress.of(kata.name).ever_passed:
        app.echo(f"Pass kata {kata.id} first (`kata check {kata.id}`), or use --force to peek.", err=True)
        sys.exit(1)
    path = kata.reference_path(workspace)
    if not path.is_file():
        raise KataUsageError(f"This workspace has no reference solution for kata {kata.id} ({path}).")
    app.echo(path.read_text(encoding="utf-8"))


@click.command()
@click.argument("kata_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def reset(app: App, kata_id: str, yes: bool) -> None:
    """Put a kata's starting stub back (your file is backed up first).

    Example: kata reset 04 --yes
    """
    from checker.core.reset import reset_kata

    workspace = app.workspace
    kata = app.catalogue().resolve(kata_id)
    target = kata.stub_path(workspace).relative_to(workspace)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageProblem(f"Resetting replaces {target}; pass --yes to confirm when not on a terminal.")
        click.confirm(f"Replace {target} with the starting stub (a backup is kept)?", abort=True)
    backup = reset_kata(workspace, kata)
    where = f" Your previous file is in {backup.relative_to(workspace)}." if backup else ""
    app.echo(f"Kata {kata.id} is back to its starting stub.{where}")


# In the order `kata --help` lists them.
COMMANDS = (
    list_katas,
    next_command,
    check,
    watch,
    hint,
    solution,
    reset,
)
