"""The `kata` command: one click group, its commands split by who runs them.

learn.py holds the learner's commands, teach.py the instructor's, maintain.py the maintainer's;
app.py what they share. A command's module is imported only when the command runs (or
`--help` lists it), so `kata list` never loads the instructor's commands; `kata`, `list`,
`next`, `hint` and `--help` import neither torch nor pytest.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from checker import __version__
from checker.cli.app import EXIT_CODES, App, KataGroup, tolerant_streams
from checker.report.check import text
from checker.report.style import Style, wants_colour

__all__ = ["COMMAND_MODULES", "main"]

# Each command's name, by the module of its audience (whose COMMANDS hold them; a test keeps both in step).
COMMAND_MODULES = {
    "learn": ("list", "next", "check", "watch", "hint", "solution", "reset"),
    "teach": ("grade", "grade-class", "merge-grades", "export-template", "export-autograder", "export-notebooks"),
    "maintain": ("doctor", "new"),
}


class _LazyGroup(KataGroup):
    """The group whose commands are imported from their module when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for names in COMMAND_MODULES.values() for name in names)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = next((module for module, names in COMMAND_MODULES.items() if name in names), None)
        if module is None:
            return None
        commands = importlib.import_module(f"checker.cli.{module}").COMMANDS
        return next((command for command in commands if command.name == name), None)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand:
            # click suggests from the commands it holds, and this group holds none until asked:
            # suggest from every name instead ("No such command 'chek'. Did you mean 'check'?").
            raise click.exceptions.NoSuchCommand(str(args[0]), possibilities=self.list_commands(ctx), ctx=ctx) from None


@click.group(
    cls=_LazyGroup,
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
        app.echo(text.dashboard(app.standing(), app.workspace, app.style))
