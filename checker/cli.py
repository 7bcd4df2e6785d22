"""The `kata` command: a thin click layer over the catalogue, runner, progress and reports.

`kata`, `list`, `next`, `hint` and `--help` import neither torch nor pytest, so they
answer at once; `check` and `doctor` import them only when they run.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from checker import __version__
from checker.catalogue import Catalogue, Kata, load_catalogue
from checker.course import course_states, next_kata, record_run
from checker.errors import KataUsageError
from checker.progress import load_progress, update_progress
from checker.report import text
from checker.report.style import Style, wants_colour
from checker.workspace import find_workspace

__all__ = ["main"]

EXIT_CODES = """\b
Exit codes:
  0  every checked kata passed (cases that need CUDA may be skipped)
  1  a kata failed or is not started yet
  2  usage or workspace error (unknown kata, bad option, no workspace)
"""


class _UsageProblem(click.ClickException):
    exit_code = 2


class _KataGroup(click.Group):
    """Turn the core's KataUsageError into a clean message and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KataUsageError as error:
            raise _UsageProblem(str(error)) from None


@dataclass
class _App:
    """What every command needs, found once: the workspace and its catalogue."""

    workspace_option: Path | None
    style: Style

    @property
    def workspace(self) -> Path:
        return find_workspace(explicit=self.workspace_option)

    def catalogue(self) -> Catalogue:
        return load_catalogue(self.workspace)

    def echo(self, message: str = "", err: bool = False) -> None:
        try:
            click.echo(message, err=err, color=self.style.colour)
        except BrokenPipeError:
            # The reader went away (`kata check | head`): finish quietly, exit code intact.
            _silence(sys.stderr if err else sys.stdout)

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.echo(self.style.yellow(f"warning: {warning}"), err=True)


def _silence(stream) -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)


_pass_app = click.make_pass_decorator(_App)


@click.group(cls=_KataGroup, invoke_without_command=True, epilog=EXIT_CODES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--workspace", type=click.Path(file_okay=False, path_type=Path),
              help="The torch-katas folder (default: found by walking up from here).")
@click.version_option(__version__, prog_name="kata")
@click.pass_context
def main(ctx: click.Context, workspace: Path | None) -> None:
    """Small PyTorch exercises and their checker.

    Run `kata` alone to see your progress and what to do next.
    """
    ctx.obj = _App(workspace, Style(wants_colour()))
    if ctx.invoked_subcommand is None:
        app: _App = ctx.obj
        catalogue = app.catalogue()
        progress = load_progress(app.workspace)
        app.warn(progress.warnings)
        app.echo(text.dashboard(course_states(app.workspace, catalogue, progress), app.workspace, app.style))


@main.command("list")
@_pass_app
def list_katas(app: _App) -> None:
    """List every kata with its status, checks and hints used.

    Example: kata list
    """
    catalogue = app.catalogue()
    progress = load_progress(app.workspace)
    app.warn(progress.warnings)
    states = course_states(app.workspace, catalogue, progress)
    app.echo(text.course_table(states, app.style))
    app.echo("\n" + text.progress_bar(states))


@main.command("next")
@_pass_app
def next_command(app: _App) -> None:
    """Say which kata to do next and how.

    Example: kata next
    """
    catalogue = app.catalogue()
    progress = load_progress(app.workspace)
    app.warn(progress.warnings)
    app.echo(text.next_step(next_kata(course_states(app.workspace, catalogue, progress)), app.workspace, app.style))


@main.command()
@click.argument("ids", nargs=-1)
@click.option("--all", "check_all", is_flag=True, help="Check every kata.")
@click.option("--reference", is_flag=True, help="Check reference/ instead of katas/ (for maintainers).")
@click.option("--seed", type=int, help="Replay the hidden cases of an earlier run.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_pass_app
def check(app: _App, ids: tuple[str, ...], check_all: bool, reference: bool, seed: int | None,
          output_format: str) -> None:
    """Check katas by number or name (default: the one you are on).

    Examples: kata check 04 | kata check compute_gradient | kata check 01-05 | kata check --all
    """
    from checker.runner.judge import run_check

    workspace = app.workspace
    catalogue = app.catalogue()
    if check_all and ids:
        raise _UsageProblem("Give kata ids or --all, not both.")
    katas = list(catalogue) if check_all else catalogue.select(ids) if ids else _current(app, catalogue)
    printer = _LivePrinter(app, workspace, reference) if output_format == "text" else None
    run = run_check(workspace, katas, reference=reference, seed=seed,
                    on_case=printer.case if printer else None)
    warnings = [] if reference else record_run(workspace, catalogue, run)
    if printer:
        printer.finish(run, retry=_retry_command(katas, check_all, reference))
        if run.all_passed and not reference:
            states = course_states(workspace, catalogue, load_progress(workspace))
            app.echo("\n" + text.next_step(next_kata(states), workspace, app.style))
        elif not run.all_passed and len(katas) == 1 and not reference:
            app.echo(f"\nStuck? `kata hint {katas[0].id}` shows a hint.")
    else:
        from checker.report.json_report import run_to_json

        app.echo(json.dumps(run_to_json(run), indent=2))
    app.warn(warnings)
    sys.exit(0 if run.all_passed else 1)


@main.command()
@click.argument("kata_id")
@_pass_app
def hint(app: _App, kata_id: str) -> None:
    """Show one more hint for a kata each time you run it.

    Example: kata hint 04
    """
    kata = app.catalogue().resolve(kata_id)
    revealed: list[int] = []

    def reveal(progress) -> None:
        entry = progress.of(kata.name)
        entry.hints_revealed = min(entry.hints_revealed + 1, len(kata.hints))
        revealed.append(entry.hints_revealed)

    warnings = update_progress(app.workspace, reveal)
    shown = revealed[0] if revealed else 1
    app.echo(app.style.bold(f"Hints for kata {kata.id} {kata.name} ({shown} of {len(kata.hints)}):"))
    for number, line in enumerate(kata.hints[:shown], start=1):
        app.echo(f"  {number}. {line}")
    if shown < len(kata.hints):
        app.echo(app.style.dim(f"Run `kata hint {kata.id}` again for the next one."))
    else:
        app.echo(app.style.dim(f"That was the last hint. After you pass, `kata solution {kata.id}` shows ours."))
    app.warn(warnings)


@main.command()
@click.argument("kata_id")
@click.option("--force", is_flag=True, help="Show it even though you have not passed the kata.")
@_pass_app
def solution(app: _App, kata_id: str, force: bool) -> None:
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


@main.command()
@click.argument("kata_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@_pass_app
def reset(app: _App, kata_id: str, yes: bool) -> None:
    """Put a kata's starting stub back (your file is backed up first).

    Example: kata reset 04 --yes
    """
    from checker.stubs import reset_kata

    workspace = app.workspace
    kata = app.catalogue().resolve(kata_id)
    target = kata.stub_path(workspace).relative_to(workspace)
    if not yes:
        if not sys.stdin.isatty():
            raise _UsageProblem(f"Resetting replaces {target}; pass --yes to confirm when not on a terminal.")
        click.confirm(f"Replace {target} with the starting stub (a backup is kept)?", abort=True)
    backup = reset_kata(workspace, kata)
    where = f" Your previous file is in {backup.relative_to(workspace)}." if backup else ""
    app.echo(f"Kata {kata.id} is back to its starting stub.{where}")


@main.command()
@_pass_app
def doctor(app: _App) -> None:
    """Report Python, torch, the devices found and which cases will be skipped.

    Example: kata doctor
    """
    import platform

    lines = [f"kata       {__version__}", f"python     {platform.python_version()} ({sys.executable})"]
    try:
        import torch
    except ImportError as error:
        app.echo("\n".join(lines + [f"torch      NOT IMPORTABLE ({error}): pip install torch"]))
        sys.exit(1)
    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    lines.append(f"torch      {torch.__version__}")
    lines.append(f"cuda       {'yes: ' + torch.cuda.get_device_name(0) if cuda else 'no'}")
    lines.append(f"mps        {'yes' if mps else 'no'}")
    try:
        workspace = app.workspace
        catalogue = load_catalogue(workspace)
    except KataUsageError as error:
        app.echo("\n".join(lines + [f"workspace  problem: {error}"]))
        sys.exit(2)
    lines.append(f"workspace  {workspace} ({len(catalogue)} katas)")
    cuda_katas = [k for k in catalogue if k.cuda_cases]
    if cuda_katas and not cuda:
        names = ", ".join(f"{k.id} ({len(k.cuda_cases)})" for k in cuda_katas)
        lines.append(f"skipped    cases that need CUDA will be skipped in: {names}")
    else:
        lines.append("skipped    nothing: every case can run here")
    app.echo("\n".join(lines))
    app.warn(load_progress(workspace).warnings)


def _current(app: _App, catalogue: Catalogue) -> list[Kata]:
    state = next_kata(course_states(app.workspace, catalogue, load_progress(app.workspace)))
    if state is None:
        raise _UsageProblem("Every kata is passed: name one (`kata check 04`) or use --all.")
    return [state.kata]


def _retry_command(katas: list[Kata], check_all: bool, reference: bool) -> str:
    target = "--all" if check_all else " ".join(k.id for k in katas)
    return f"kata check {target}" + (" --reference" if reference else "")


class _LivePrinter:
    """Print each case as it finishes, a header before a kata's first case and a summary after."""

    def __init__(self, app: _App, workspace: Path, reference: bool) -> None:
        from checker.results import KataResult

        self._result_type = KataResult
        self.app = app
        self.workspace = workspace
        self.reference = reference
        self.current: Kata | None = None
        self.partial = None

    def case(self, kata: Kata, case) -> None:
        if self.current is None or kata.number != self.current.number:
            self._close_kata()
            self.current = kata
            self.partial = self._result_type(kata.number, kata.name, kata.title, kata.points)
            self.app.echo(text.kata_header(kata, self.app.style, self.reference))
        self.partial.cases.append(case)
        if case.status.value == "not_started" and sum(c.status.value == "not_started" for c in self.partial.cases) > 1:
            return  # one "not started" line says it all
        self.app.echo(text.case_block(case, self.app.style, detailed=text.should_detail(self.partial)))

    def finish(self, run, retry: str) -> None:
        self._close_kata()
        self.app.echo(text.run_footer(run, self.app.style, retry))

    def _close_kata(self) -> None:
        if self.current is None:
            return
        path = self.current.solution_path(self.workspace, self.reference).relative_to(self.workspace)
        self.app.echo(text.kata_summary(self.partial, str(path), self.app.style) + "\n")
        self.current = None
