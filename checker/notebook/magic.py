"""The `%kata` line magic: `%load_ext checker`, then `%kata check 04`, `%kata next`, `%kata hint 04`, `%kata list`.

Each line is a `kata` command line, run in-process by the CLI's own click group with its
output captured and shown under the cell. `%kata check` (text format, no --plot) instead
renders HTML through checking.check_katas, the one check-and-report path. Inside a clone
(a workspace found from the notebook's folder) the commands work on it; elsewhere on the
notebook workspace (home.py), where `check(...)` keeps its progress.
"""

from __future__ import annotations

import contextlib
import io
import shlex
from pathlib import Path
from typing import Any

from checker.core.errors import KataUsageError
from checker.core.workspace import find_workspace

__all__ = ["kata_magic", "register", "run_line"]

NO_WATCH = "`kata watch` needs a terminal. In a notebook, run `%kata check` (or `check(...)`) after each change."
PROGRESS_WHERE = "Progress is kept in {path}."


def register(ipython: Any) -> None:
    """What `%load_ext checker` does: add the `%kata` line magic."""
    ipython.register_magic_function(kata_magic, magic_kind="line", magic_name="kata")


def kata_magic(line: str) -> None:
    """Run a `kata` command line in this notebook: `%kata check 04`, `%kata list`, `%kata hint 04`."""
    from checker.notebook import show_message

    code, output = run_line(line)
    if output:
        show_message(output.rstrip("\n"), problem=code not in (0, None))


def run_line(line: str) -> tuple[int | None, str]:
    """Run one command line; return its exit code and the text it wrote ("" when it rendered HTML)."""
    args = shlex.split(line)
    workspace, rest = _split_workspace(args)
    if rest[:1] == ["watch"]:
        return 2, NO_WATCH
    if rest[:1] == ["check"]:
        html = _check_as_html(workspace, rest[1:])
        if html is not None:
            return html, ""
    code, output = _run_cli(["--workspace", str(workspace), *rest])
    if rest[:1] == ["list"] and code == 0:
        output += "\n" + PROGRESS_WHERE.format(path=_progress_path(workspace))
    return code, output


def _split_workspace(args: list[str]) -> tuple[Path, list[str]]:
    """The workspace a line works on (its --workspace, the clone around us, else the notebook's own)."""
    if args[:1] == ["--workspace"] and len(args) > 1:
        return Path(args[1]).expanduser().resolve(), args[2:]
    if args and args[0].startswith("--workspace="):
        return Path(args[0].split("=", 1)[1]).expanduser().resolve(), args[1:]
    try:
        return find_workspace(), args
    except KataUsageError:
        from checker.notebook.home import home_workspace

        return home_workspace(), args


def _progress_path(workspace: Path) -> Path:
    from checker.core.progress import PROGRESS_FILE

    return workspace / PROGRESS_FILE


def _run_cli(args: list[str]) -> tuple[int | None, str]:
    """The CLI in-process, its stdout and stderr captured together."""
    import click

    from checker.cli import main

    buffer = io.StringIO()
    code: int | None = 0
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            result = main.main(args=args, prog_name="kata", standalone_mode=False)
            code = result if isinstance(result, int) else 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except click.exceptions.Abort:
            code, _ = 1, buffer.write("Aborted.\n")
        except click.ClickException as error:
            error.show(file=buffer)
            code = error.exit_code
    return code, buffer.getvalue()


def _check_as_html(workspace: Path, args: list[str]) -> int | None:
    """`%kata check ...` rendered as HTML; None when the line wants the CLI's text (JSON, --plot, --help)."""
    from checker.notebook import in_notebook, notebook_printer, show_message

    if not in_notebook() or any(
        arg in ("-h", "--help", "--format", "--plot") or arg.startswith(("--format=", "--plot=")) for arg in args
    ):
        return None
    import click

    from checker.checking import check_katas, katas_to_check, retry_command
    from checker.cli.learn import check as check_command
    from checker.core.catalogue import load_catalogue

    try:
        params = check_command.make_context("check", list(args)).params
        catalogue = load_catalogue(workspace)
        katas = katas_to_check(workspace, catalogue, params["ids"], every=params["check_all"])
    except (KataUsageError, click.ClickException) as error:
        show_message(str(error) if isinstance(error, KataUsageError) else error.format_message(), problem=True)
        return 2
    printer = notebook_printer(workspace, total=len(katas), reference=params["reference"])
    retry = retry_command(katas, every=params["check_all"], reference=params["reference"], command="%kata check")
    outcome = check_katas(
        workspace, catalogue, katas, printer=printer, retry=retry, reference=params["reference"], seed=params["seed"]
    )
    return outcome.exit_code
