"""The maintainer's commands: `kata doctor` (what this machine runs, and how) and `kata new`."""

from __future__ import annotations

import sys

import click

from checker import __version__
from checker.cli.app import App, pass_app
from checker.core.catalogue import load_catalogue
from checker.core.errors import KataUsageError
from checker.core.progress import load_progress
from checker.report.check import text

__all__ = ["COMMANDS", "NEW_KATA_NEXT", "doctor", "new_command"]


@click.command()
@pass_app
def doctor(app: App) -> None:
    """Report Python, torch, the devices found and which cases will be skipped.

    Example: kata doctor
    """
    import platform

    from checker.runner import cuda_skips, probe_devices, runner_setup

    lines = [f"kata       {__version__}", f"python     {platform.python_version()} ({sys.executable})"]
    try:
        devices = probe_devices()
    except ImportError as error:
        app.echo("\n".join(lines + [f"torch      NOT IMPORTABLE ({error}): pip install torch"]))
        sys.exit(1)
    lines.append(f"torch      {devices.torch_version}")
    lines.append(f"cuda       {'yes: ' + devices.cuda_name if devices.cuda else 'no'}")
    lines.append(f"mps        {'yes' if devices.mps else 'no'}")
    setup = runner_setup()
    lines += text.runner_lines(setup.backend, setup.limits, setup.note)
    try:
        workspace = app.workspace
        catalogue = load_catalogue(workspace)
    except KataUsageError as error:
        app.echo("\n".join(lines + [f"workspace  problem: {error}"]))
        sys.exit(2)
    lines.append(f"workspace  {workspace} ({len(catalogue)} katas)")
    skips = cuda_skips(catalogue)
    if skips and not devices.cuda:
        names = ", ".join(f"{kata.id} ({len(cases)})" for kata, cases in skips)
        lines.append(f"skipped    cases that need CUDA will be skipped in: {names}")
    else:
        lines.append("skipped    nothing: every case can run here")
    app.echo("\n".join(lines))
    app.warn(load_progress(workspace).warnings)


# -- for maintainers ---------------------------------------------------------------------

NEW_KATA_NEXT = (
    "Kata {id} {name}: its five parts written (and the README's table). Fill in every TODO: the stub, "
    "its README, the reference, and in checker/specs/{name}/ the spec, the kata's mistakes and their "
    "mutants (CONTRIBUTING.md has the recipe). Then `kata check {id} --reference` and "
    "`python -m pytest tests/test_content.py -k {name}`."
)


@click.command("new")
@click.argument("name", required=False)
@click.option("--table", is_flag=True, help="Only rewrite the README's kata table from the catalogue.")
@pass_app
def new_command(app: App, name: str | None, table: bool) -> None:
    """Scaffold a new kata NAME (maintainers, in a source checkout).

    Writes the five things a kata is, numbered after the last kata: the stub, the
    kata's README, the reference, its spec home (checker/specs/NAME/: spec skeleton,
    mistakes, mutants) and its catalogue entry; the README's kata table, generated
    from the catalogue, gains its row.

    Example: kata new softmax_rows   (kata new --table after editing the catalogue)
    """
    from checker.cli.scaffold import new_kata, write_table

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


# In the order `kata --help` lists them.
COMMANDS = (
    doctor,
    new_command,
)
