"""The `kata` command: one click group, its commands split by who runs them.

learn.py holds the learner's commands, teach.py the instructor's, maintain.py the maintainer's;
app.py what they share. `kata`, `list`, `next`, `hint` and `--help` import neither torch nor pytest.
"""

from __future__ import annotations

from pathlib import Path

import click

from checker import __version__
from checker.cli import learn, maintain, teach
from checker.cli.app import EXIT_CODES, App, KataGroup, tolerant_streams
from checker.core.progress import load_progress
from checker.core.standing import course_states
from checker.report.check import text
from checker.report.style import Style, wants_colour

__all__ = ["main"]


@click.group(
    cls=KataGroup,
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
    tolerant_streams()
    ctx.obj = App(workspace, Style(wants_colour()))
    if ctx.invoked_subcommand is None:
        app: App = ctx.obj
        catalogue = app.catalogue()
        progress = load_progress(app.workspace)
        app.warn(progress.warnings)
        app.echo(text.dashboard(course_states(app.workspace, catalogue, progress), app.workspace, app.style))


for _command in (*learn.COMMANDS, *teach.COMMANDS, *maintain.COMMANDS):
    main.add_command(_command)
