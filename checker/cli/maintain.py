"""The maintainer's commands: `kata doctor` (what this machine runs, and how) and `kata new`."""

from __future__ import annotations

import os
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
    from checker.runner import cuda_cases

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
    from checker.runner import BACKEND_VARIABLE, backend, detect, enforced_limits

    capabilities = detect()
    chosen = backend(capabilities)
    asked = os.environ.get(BACKEND_VARIABLE, "").strip().lower()
    note = ""
    if asked == chosen:
        note = f"chosen by {BACKEND_VARIABLE}={asked}"
    elif asked == "fork":
        note = f"{BACKEND_VARIABLE}=fork, but the fork path cannot run here"
    return text.runner_lines(chosen, enforced_limits(capabilities), note)


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
