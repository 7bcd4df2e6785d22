"""The `kata` command: a thin click layer over the catalogue, runner, progress and reports.

`kata`, `list`, `next`, `hint` and `--help` import neither torch nor pytest, so they
answer at once; `check` and `doctor` import them only when they run.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from checker import __version__
from checker.catalogue import Catalogue, Kata, load_catalogue
from checker.checking import EXIT_INTERRUPTED, check_katas, katas_to_check, retry_command
from checker.errors import KataUsageError
from checker.grading.template import DEFAULT_REPOSITORY
from checker.limits import POLL_SECONDS
from checker.progress import load_progress
from checker.report import text
from checker.report.style import Style, fit_to_stream, wants_colour
from checker.standing import KataState, course_states, next_kata, reveal_hint
from checker.workspace import find_workspace

if TYPE_CHECKING:
    from checker.report.live import LivePrinter
    from checker.results import CaseResult, RunResult

__all__ = ["main"]

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


class _UsageProblem(click.ClickException):
    exit_code = 2


class _KataGroup(click.Group):
    """Turn the core's KataUsageError into a clean message and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KataUsageError as error:
            raise _UsageProblem(str(error)) from None
        except KeyboardInterrupt:
            # Ctrl-C: a clean stop. Progress writes are atomic, so what was saved stays whole.
            click.echo("\n" + INTERRUPTED, err=True)
            sys.exit(EXIT_INTERRUPTED)


@dataclass
class _App:
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

    def echo(self, message: str = "", err: bool = False) -> None:
        fitted = (self.fit_err if err else self.fit_out)(message)
        try:
            click.echo(fitted, err=err, color=self.style.colour)
        except BrokenPipeError:
            # The reader went away (`kata check | head`): finish quietly, exit code intact.
            _silence(sys.stderr if err else sys.stdout)

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.echo(text.warning_line(warning, self.style), err=True)


def _tolerant_streams() -> None:
    """Let stdout and stderr write any text: what they cannot encode is escaped, never an error.

    `_App.echo` fits its text already; this covers what else reaches the streams (a
    traceback quoting a learner's string, a message from pytest), so that an emoji or a lone
    surrogate under a cp1252 console cannot turn a verdict into a crash.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")


def _silence(stream) -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)


_pass_app = click.make_pass_decorator(_App)
_plot_option = click.option(
    "--plot",
    "plot_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also save the loss curves of the training katas checked (and kata 11's fit) to this PNG file; "
    "needs matplotlib (pip install matplotlib).",
)


def _require_plotting(plot_file: Path | None) -> None:
    """Refuse --plot before checking anything if the PNG could not be made (no matplotlib)."""
    if plot_file is not None:
        from checker.report.image_chart import require_plotting

        require_plotting(plot_file)


@click.group(
    cls=_KataGroup,
    invoke_without_command=True,
    epilog=EXIT_CODES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="The torch-katas folder (default: found by walking up from here).",
)
@click.version_option(__version__, prog_name="kata")
@click.pass_context
def main(ctx: click.Context, workspace: Path | None) -> None:
    """Small PyTorch exercises and their checker.

    Run `kata` alone to see your progress and what to do next.
    """
    _tolerant_streams()
    ctx.obj = _App(workspace, Style(wants_colour()))
    if ctx.invoked_subcommand is None:
        app: _App = ctx.obj
        catalogue = app.catalogue()
        progress = load_progress(app.workspace)
        app.warn(progress.warnings)
        app.echo(text.dashboard(course_states(app.workspace, catalogue, progress), app.workspace, app.style))


@main.command("list")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_pass_app
def list_katas(app: _App, output_format: str) -> None:
    """List every kata with its status (passed on CPU and/or CUDA, changed since it
    passed), checks and hints used.

    Example: kata list | kata list --format json
    """
    catalogue = app.catalogue()
    progress = load_progress(app.workspace)
    app.warn(progress.warnings)
    states = course_states(app.workspace, catalogue, progress)
    if output_format == "json":
        from checker.report.json_report import course_to_json

        app.echo(json.dumps(course_to_json(states), indent=2))
        return
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
@_plot_option
@_pass_app
def check(
    app: _App,
    ids: tuple[str, ...],
    check_all: bool,
    reference: bool,
    seed: int | None,
    output_format: str,
    plot_file: Path | None,
) -> None:
    """Check katas by number or name (default: the one you are on).

    Examples: kata check 04 | kata check compute_gradient | kata check 01-05 | kata check --all
    """
    workspace = app.workspace
    catalogue = app.catalogue()
    katas = katas_to_check(workspace, catalogue, ids, every=check_all)
    _require_plotting(plot_file)
    printer = _text_printer(app, reference, len(katas)) if output_format == "text" else _JsonPrinter(app)
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


def _text_printer(app: _App, reference: bool, total: int) -> LivePrinter:
    from checker.report.live import LivePrinter

    return LivePrinter(
        app.echo, app.style, app.workspace, reference, total=total, err=lambda line: app.echo(line, err=True)
    )


class _JsonPrinter:
    """`kata check --format json`: the whole run as one JSON document on stdout, the rest on stderr."""

    def __init__(self, app: _App) -> None:
        self.app = app

    def case(self, kata: Kata, case: CaseResult) -> None:
        pass  # JSON comes whole, at the end

    def finish(self, run: RunResult, retry: str) -> None:
        from checker.report.json_report import run_to_json

        self.app.echo(json.dumps(run_to_json(run), indent=2))

    def plot_saved(self, saved: str) -> None:
        from checker.report.live import NOTHING_TO_PLOT

        self.app.echo(saved or NOTHING_TO_PLOT, err=True)

    def next_step(self, run: RunResult, standing: list[KataState], following: KataState | None) -> None:
        pass  # a script reads the verdicts; the next step is for people

    def warn(self, warnings: list[str]) -> None:
        self.app.warn(warnings)


@main.command()
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
@_plot_option
@_pass_app
def watch(app: _App, interval: float, edit_cmd: str | None, plot_file: Path | None) -> None:
    """Check a kata again every time you save it; Ctrl-C stops.

    Checks the kata you are on, then whichever kata file you save. On a terminal, single
    keys: n next kata, h hint, e edit, l list, c check all, q quit. Saves are found by polling
    (looking at the files' modification times every --interval seconds), so it works
    everywhere, including WSL, Docker mounts and network drives where file events never
    arrive.

    Example: kata watch | kata watch --plot curves.png
    """
    from checker.watch import Watch, key_reader

    _require_plotting(plot_file)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    try:
        with key_reader(interactive) as keys:
            session = Watch(
                app.workspace,
                app.catalogue(),
                app.echo,
                app.style,
                interactive=interactive,
                reads_keys=keys.available,
                edit_command=edit_cmd,
                plot_file=plot_file,
            )
            session.run(keys.read, interval)
    except KeyboardInterrupt:
        pass
    app.echo("\nStopped watching.")


@main.command()
@click.argument("kata_id")
@_pass_app
def hint(app: _App, kata_id: str) -> None:
    """Show one more hint for a kata each time you run it.

    Example: kata hint 04
    """
    kata = app.catalogue().resolve(kata_id)
    shown, warnings = reveal_hint(app.workspace, kata)
    app.echo(text.hints(kata, shown, app.style))
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
    from checker.reset import reset_kata

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
    lines += _runner_lines()
    try:
        workspace = app.workspace
        catalogue = load_catalogue(workspace)
    except KataUsageError as error:
        app.echo("\n".join(lines + [f"workspace  problem: {error}"]))
        sys.exit(2)
    lines.append(f"workspace  {workspace} ({len(catalogue)} katas)")
    from checker.runner.spec_marks import cuda_cases

    cuda_katas = [(k, cuda_cases(k)) for k in catalogue]
    cuda_katas = [(k, cases) for k, cases in cuda_katas if cases]
    if cuda_katas and not cuda:
        names = ", ".join(f"{k.id} ({len(cases)})" for k, cases in cuda_katas)
        lines.append(f"skipped    cases that need CUDA will be skipped in: {names}")
    else:
        lines.append("skipped    nothing: every case can run here")
    app.echo("\n".join(lines))
    app.warn(load_progress(workspace).warnings)


def _runner_lines() -> list[str]:
    """The backend this machine runs workers with and which limits hold here (capabilities.py)."""
    from checker.runner.capabilities import BACKEND_VARIABLE, backend, detect, enforced_limits

    capabilities = detect()
    chosen = backend(capabilities)
    asked = os.environ.get(BACKEND_VARIABLE, "").strip().lower()
    note = ""
    if asked == chosen:
        note = f"chosen by {BACKEND_VARIABLE}={asked}"
    elif asked == "fork":
        note = f"{BACKEND_VARIABLE}=fork, but the fork path cannot run here"
    return text.runner_lines(chosen, enforced_limits(capabilities), note)


GRADE_EXIT_CODES = """\b
Exit codes:
  0  grading finished, whatever the score
  1  the score is under --fail-under, or grading could not finish (the reports say why)
  2  usage error (no student tree, bad option, unknown kata)
  130  stopped with Ctrl-C (the reports are written and mark the katas not reached)
"""
NO_RESULT_FOLDER = "Cannot write Classroom 50's result to {path}: its folder does not exist."
NOT_A_TREE = "{path} has no katas/ folder: point --workspace at a student's torch-katas repository."


@main.command(epilog=GRADE_EXIT_CODES)
@click.argument("ids", nargs=-1)
@click.option(
    "--workspace",
    "tree",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The student's repository to grade (default: the workspace found from here).",
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path),
    default=Path("kata-grade"),
    show_default=True,
    help="Where the reports go.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Exit 1 when the score is under this percentage.",
)
@click.option("--seed", type=int, help="Replay the hidden cases of an earlier grading.")
@click.option(
    "--extra-specs",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of private spec files (test_NN_name*.py) to run beside the built-in ones.",
)
@click.option(
    "--classroom50",
    "classroom50_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write Classroom 50's result.json here (under Classroom 50, ./result.json is written anyway).",
)
@_pass_app
def grade(
    app: _App,
    ids: tuple[str, ...],
    tree: Path | None,
    output_dir: Path,
    fail_under: float | None,
    seed: int | None,
    extra_specs: Path | None,
    classroom50_file: Path | None,
) -> None:
    """Grade every kata (or the ones named) of a student's repository, for a classroom.

    Uses this installed checker's catalogue and specs, never any found in the repository,
    which supplies only its katas/NN_name/name.py files. Writes kata-results.json,
    junit.xml, gradescope-results.json, classroom50-result.json and summary.md. Under
    Classroom 50 (CLASSROOM, ASSIGNMENT and SUBMISSION_TAG set) it also writes
    ./result.json; in GitHub Actions it sets the step summary and the outputs score,
    max_score, percent and passed.

    Example: kata grade --workspace . --output-dir kata-grade --fail-under 60
    """
    from checker.grading.grade import grade_tree, plan_grading
    from checker.grading.outputs import REPORTS, prepare_folder, publish_to_github, write_classroom50, write_reports
    from checker.report.classroom50 import in_classroom50
    from checker.report.grade_text import terminal_report

    classroom50_targets = [path.resolve() for path in (classroom50_file,) if path is not None]
    if in_classroom50(os.environ):
        classroom50_targets.append(Path.cwd().resolve() / "result.json")
    for target in classroom50_targets:
        if not target.parent.is_dir():
            raise KataUsageError(NO_RESULT_FOLDER.format(path=target))

    root = _student_tree(app, tree)
    plan = plan_grading(ids, extra_specs)
    prepare_folder(output_dir)
    started: set[int] = set()

    def announce(kata: Kata, case) -> None:
        if kata.number not in started:
            started.add(kata.number)
            app.echo(app.style.dim(f"grading {kata.id} {kata.name} ..."))

    result = grade_tree(root, plan, seed=seed, on_case=announce, submission=str(tree or app.workspace_option or root))
    write_reports(result, output_dir)
    written = [str(write_classroom50(result, target, os.environ)) for target in dict.fromkeys(classroom50_targets)]
    publish_to_github(result, os.environ)
    app.echo("\n" + terminal_report(result, app.style))
    app.echo(app.style.dim(f"Reports in {output_dir}: {', '.join(REPORTS)}"))
    if written:
        app.echo(app.style.dim(f"Classroom 50 result: {', '.join(written)}"))
    if result.run.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if result.failure:
        sys.exit(1)
    if fail_under is not None and result.percent < fail_under:
        app.echo(f"The score {result.percent:g}% is under --fail-under {fail_under:g}%.", err=True)
        sys.exit(1)


def _checker_pin(command):
    """The --checker-repository and --checker-ref options: the checker an exported file installs."""
    command = click.option(
        "--checker-ref",
        default=f"v{__version__}",
        show_default=True,
        help="The release tag or commit of that repository to pin.",
    )(command)
    return click.option(
        "--checker-repository",
        default=DEFAULT_REPOSITORY,
        show_default=True,
        help="The GitHub repository (OWNER/NAME) the checker is installed from.",
    )(command)


@main.command("export-template")
@click.argument("target", type=click.Path(path_type=Path))
@_checker_pin
@_pass_app
def export_template(app: _App, target: Path, checker_repository: str, checker_ref: str) -> None:
    """Write a ready student repository into a new or empty folder.

    It holds the katas' stubs and READMEs, the catalogue, the classroom workflow (pinned to
    the checker given) and a README for students; no reference solutions, progress files,
    specs or instructor files.

    Example: kata export-template ../katas-2025 --checker-repository my-org/torch-katas --checker-ref v0.1.0
    """
    from checker.grading.template import export_template as export

    written = export(target, repository=checker_repository, ref=checker_ref)
    app.echo(f"Wrote a student repository of {len(written)} files to {target}.")
    if checker_repository == DEFAULT_REPOSITORY:
        app.warn(
            [
                f"The workflow installs the checker from {DEFAULT_REPOSITORY}: set --checker-repository "
                "(or edit KATA_CHECKER_REPOSITORY in .github/workflows/classroom.yml) before you hand it out."
            ]
        )
    app.echo(
        "Next: commit it to a new repository and mark that repository as a template; "
        'hand it out with Classroom 50 or as a plain template (README.md, "For instructors").'
    )


@main.command("export-autograder")
@click.argument("platform", type=click.Choice(["classroom50", "gradescope"]))
@click.argument("target", type=click.Path(path_type=Path))
@_checker_pin
@_pass_app
def export_autograder(app: _App, platform: str, target: Path, checker_repository: str, checker_ref: str) -> None:
    """Write what a teacher uploads to Classroom 50 (a folder) or Gradescope (a zip).

    classroom50 TARGET is the folder CLASSROOM/autograders/ASSIGNMENT/ (autograder.py and a
    README); gradescope TARGET is a .zip file with setup.sh and run_autograder at its root.
    Both install CPU torch and the checker pinned here, then run `kata grade`.

    Example: kata export-autograder classroom50 cs101/autograders/katas --checker-repository my-org/torch-katas
    """
    from checker.grading.autograder import export_classroom50, export_gradescope

    if platform == "classroom50":
        written = export_classroom50(target, checker_repository, checker_ref)
        app.echo(f"Wrote {', '.join(str(path) for path in written)}.")
    else:
        app.echo(
            f"Wrote {export_gradescope(target, checker_repository, checker_ref)}: upload it as the "
            "assignment's autograder on Gradescope."
        )
    if checker_repository == DEFAULT_REPOSITORY:
        app.warn(
            [
                f"The autograder installs the checker from {DEFAULT_REPOSITORY}: set --checker-repository "
                "to your repository before you upload it."
            ]
        )


@main.command("export-notebooks")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@_checker_pin
@_pass_app
def export_notebooks(app: _App, target: Path, checker_repository: str, checker_ref: str) -> None:
    """Write one Jupyter notebook per kata, and an index, into a new or empty folder.

    Each holds the kata's README, an install cell (it installs the checker on Colab without
    replacing Colab's torch, and does nothing where the checker is installed), the stub to
    edit and a check cell. Taken from this workspace, or from the installed course outside one.

    Example: kata export-notebooks notebooks --checker-repository my-org/torch-katas
    """
    from checker.notebook_export import INDEX_NOTEBOOK
    from checker.notebook_export import export_notebooks as export
    from checker.packaged import packaged_course_root

    try:
        course = app.workspace
    except KataUsageError:
        course = packaged_course_root()
    written = export(course, target, repository=checker_repository, ref=checker_ref)
    app.echo(f"Wrote {len(written)} notebooks to {target}; start with {target / INDEX_NOTEBOOK}.")
    if checker_repository == DEFAULT_REPOSITORY:
        app.warn(
            [
                f"The install cell installs the checker from {DEFAULT_REPOSITORY}: set --checker-repository "
                "to your repository before you share the notebooks on Colab."
            ]
        )


CLASS_EXIT_CODES = """\b
Exit codes:
  0  grading finished, whatever the scores (bad submissions get a row that says why)
  1  the grader itself could not finish some submission (its row says why)
  2  usage error (no such folder, bad option, unknown kata, unreadable roster)
  130  stopped with Ctrl-C (every student graded so far is kept; run it again to finish)
"""


@main.command("grade-class", epilog=CLASS_EXIT_CODES)
@click.argument("submissions", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("ids", nargs=-1)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where the gradebook, the class report and each student's reports (students/ID/) go.",
)
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help='A CSV whose first column is the student id: a row "missing" for each without a submission.',
)
@click.option(
    "--jobs", type=click.IntRange(1), default=None, help="Students graded at once (default: the number of cores)."
)
@click.option(
    "--seed",
    type=int,
    help="The hidden cases' seed, one for the whole class (default: the one this "
    "output folder was graded with, else a new one).",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Grade only shard K of N (a stable split by id); join the shards' folders with `kata merge-grades`.",
)
@click.option(
    "--regrade", is_flag=True, help="Grade every student again, also those already graded with the same files and seed."
)
@click.option(
    "--extra-specs",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of private spec files (test_NN_name*.py) to run beside the built-in ones.",
)
@_pass_app
def grade_class_command(
    app: _App,
    submissions: Path,
    ids: tuple[str, ...],
    output_dir: Path,
    roster: Path | None,
    jobs: int | None,
    seed: int | None,
    shard: str | None,
    regrade: bool,
    extra_specs: Path | None,
) -> None:
    """Grade a whole class: one folder or .zip per student in SUBMISSIONS (its name is the id).

    Every kata (or the ones named in IDS) of every student is graded as `kata grade`
    grades one student, by parallel jobs that import torch once. Writes
    students/ID/ (the five reports of `kata grade`), gradebook.csv, class-report.md and
    class-report.html. A rerun skips students already graded with the same kata files
    and seed.

    Example: kata grade-class submissions/ --output-dir grades --roster roster.csv
    """
    import time

    from checker.grading.classgrade import ClassEvent, choose_seed, grade_class
    from checker.grading.grade import plan_grading
    from checker.grading.submissions import parse_shard, read_roster
    from checker.report.class_progress import progress_bar, student_line

    plan = plan_grading(ids, extra_specs)
    split = parse_shard(shard)
    names = read_roster(roster) if roster else None
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KataUsageError(f"Cannot write to {output_dir}: {error.strerror or error}.") from None
    chosen = choose_seed(output_dir, seed)
    jobs = jobs or os.cpu_count() or 1
    bar = sys.stderr.isatty()
    grading: list[str] = []  # students being graded now
    graded_now: list[float] = []  # when each student graded in this run finished
    started = time.monotonic()

    def show(event: ClassEvent) -> None:
        if event.kind == "start":
            grading.append(event.student)
        else:
            fresh = event.student in grading
            if fresh:
                grading.remove(event.student)
                graded_now.append(time.monotonic())
            record = event.record
            line = app.fit_err(
                student_line(
                    event.done,
                    event.total,
                    event.student,
                    record.status,
                    record.score,
                    record.max_score,
                    record.message,
                    skipped=not fresh,
                )
            )  # the message may quote what a learner's code raised: fitted like every other line
            if bar:
                click.echo("\r\033[K" + line, err=True)
            elif fresh or record.status != "graded":  # plain lines: the students already graded stay quiet
                click.echo(line, err=True)
        if bar:
            # ETA: the pace of this run's students so far, times the students still to finish.
            eta = None
            if graded_now:
                pace = (graded_now[-1] - started) / len(graded_now)
                eta = pace * (event.total - event.done)
            click.echo("\r\033[K" + progress_bar(event.done, event.total, eta, grading), err=True, nl=False)

    app.echo(
        app.style.dim(
            f"Grading {submissions} into {output_dir} with {jobs} job(s), seed {chosen}"
            + (f", shard {split[0]}/{split[1]}" if shard else "")
            + "."
        ),
        err=True,
    )
    run = grade_class(
        submissions, output_dir, plan, seed=chosen, jobs=jobs, roster=names, shard=split, regrade=regrade, on_event=show
    )
    if bar:
        click.echo("\r\033[K", err=True, nl=False)
    counts: dict[str, int] = {}
    for record in run.records:
        counts[record.status] = counts.get(record.status, 0) + 1
    summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    app.echo(
        f"{len(run.records)} students: {summary or 'none'} ({run.graded} graded now, {run.skipped} already "
        f"graded, {time.monotonic() - started:.0f} s)."
    )
    app.echo(
        f"Wrote {', '.join(str(path) for path in run.written if path.suffix != '.json')} and "
        f"{output_dir / 'students'}/ID/."
    )
    if run.interrupted:
        app.echo(INTERRUPTED_CLASS, err=True)
        sys.exit(EXIT_INTERRUPTED)
    if counts.get("error"):
        sys.exit(1)


INTERRUPTED_CLASS = "Interrupted: the students graded so far are kept; run the same command again to finish."


@main.command("merge-grades")
@click.argument("sources", nargs=-1, required=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where the joined gradebook, class report and students/ID/ folders go.",
)
@_pass_app
def merge_grades(app: _App, sources: tuple[Path, ...], output_dir: Path) -> None:
    """Join the output folders of `kata grade-class --shard K/N` runs into one.

    Example: kata merge-grades grades-1 grades-2 grades-3 --output-dir grades
    """
    from checker.grading.gradebook import merge_folders, write_class_outputs
    from checker.packaged import packaged_catalogue

    output_dir.mkdir(parents=True, exist_ok=True)
    records = merge_folders(list(sources), output_dir)
    seeds = {record.seed for record in records if record.seed is not None}
    written = write_class_outputs(output_dir, records, packaged_catalogue(), next(iter(seeds), None))
    app.echo(
        f"Merged {len(records)} students from {len(sources)} folders: "
        f"{', '.join(str(path) for path in written if path.suffix != '.json')}."
    )


def _student_tree(app: _App, tree: Path | None) -> Path:
    explicit = tree or app.workspace_option
    if explicit is None:
        return app.workspace
    root = explicit.expanduser().resolve()
    if not (root / "katas").is_dir():
        raise _UsageProblem(NOT_A_TREE.format(path=root))
    return root


# -- for maintainers ---------------------------------------------------------------------

NEW_KATA_NEXT = (
    "Kata {id} {name}: its five parts written (and the README's table). Fill in every TODO: the stub, "
    "its README, the reference, and in checker/specs/{name}/ the spec, the kata's mistakes and their "
    "mutants (CONTRIBUTING.md has the recipe). Then `kata check {id} --reference` and "
    "`python -m pytest tests/test_content.py -k {name}`."
)


@main.command("new")
@click.argument("name", required=False)
@click.option("--table", is_flag=True, help="Only rewrite the README's kata table from the catalogue.")
@_pass_app
def new_command(app: _App, name: str | None, table: bool) -> None:
    """Scaffold a new kata NAME (maintainers, in a source checkout).

    Writes the five things a kata is, numbered after the last kata: the stub, the
    kata's README, the reference, its spec home (checker/specs/NAME/: spec skeleton,
    mistakes, mutants) and its catalogue entry; the README's kata table, generated
    from the catalogue, gains its row.

    Example: kata new softmax_rows   (kata new --table after editing the catalogue)
    """
    from checker.scaffold import new_kata, write_table

    if table:
        changed = write_table(app.workspace / "README.md", load_catalogue(app.workspace))
        app.echo(
            "README.md's kata table rewritten from the catalogue."
            if changed
            else "README.md's kata table is up to date."
        )
        return
    if not name:
        raise KataUsageError("Name the new kata, e.g. `kata new softmax_rows` (or `kata new --table`).")
    made = new_kata(app.workspace, name)
    for path in made.written:
        app.echo(f"  {path.relative_to(app.workspace)}")
    app.echo(NEW_KATA_NEXT.format(id=f"{made.number:02d}", name=made.name, count=len(made.written)))
