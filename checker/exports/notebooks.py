"""`kata export-notebooks DIR`: one Jupyter notebook per kata, and an index, for Jupyter or Colab.

Each notebook holds the kata's README (markdown), an install cell, the starting stub as the
code cell to edit, and a check cell (`check(compute_gradient)`). The install cell does
nothing but load the checker where it is importable already (a clone, a pip install); on
Colab it installs the checker with `--no-deps` and then only its light dependencies, so the
torch Colab ships (with its CUDA) is never replaced. Notebooks are written as nbformat 4
JSON directly: exporting needs none of the notebook packages.
"""

from __future__ import annotations

import json
from pathlib import Path

from checker import __version__
from checker.core.catalogue import Catalogue, Kata, load_catalogue
from checker.core.errors import KataUsageError
from checker.core.reset import original_stub
from checker.exports.dependencies import beside_torch, checker_requirement
from checker.exports.template import check_pin

__all__ = ["INDEX_NOTEBOOK", "export_notebooks", "install_cell", "kata_notebook", "notebook_name"]

INDEX_NOTEBOOK = "00_index.ipynb"
NOT_EMPTY = "{path} is not empty: export the notebooks into a new or empty folder."

INSTALL_CELL = """\
# Run this cell first. Where the checker is installed (a clone, a pip install) it only loads it;
# on Colab it installs it without replacing Colab's own torch (--no-deps, then the light dependencies).
import importlib.util, subprocess, sys
if importlib.util.find_spec("checker") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", {package!r}], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", {dependencies}], check=True)
%load_ext checker
from checker.notebook import check"""
EDIT_NOTE = (
    "## Your solution\n\nEdit the function below, replacing the `raise NotImplementedError` line, and run the cell. "
    "Then run the check cell under it. Stuck? `%kata hint {id}` shows one more hint each time."
)
CHECK_NOTE = (
    "## Check\n\nYour code runs in a separate worker with a time limit, on the README's examples and on hidden "
    "cases. Progress is kept in `$KATA_HOME` (by default `~/.local/share/torch-katas`); `%kata list` shows it."
)
INDEX_INTRO = (
    "# torch-katas\n\nSmall PyTorch exercises, in order. Open a kata's notebook, run its first cell, edit its "
    "code cell, then run its check cell.\n\n| # | kata | what you practise |\n|---|---|---|\n"
)


def notebook_name(kata: Kata) -> str:
    return f"{kata.folder}.ipynb"


def _cell(kind: str, source: str, name: str) -> dict:
    """A cell; `name` is its id (nbformat 4.5 wants one), also what tests find it by."""
    cell: dict = {"cell_type": kind, "id": name, "metadata": {}, "source": source.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(cells: list[dict]) -> dict:
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "torch_katas": {"checker_version": __version__},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def install_cell(repository: str, ref: str) -> str:
    package = checker_requirement(repository, ref)
    # What the checker needs besides torch: Colab has them all, so pip only checks.
    return INSTALL_CELL.format(package=package, dependencies=", ".join(repr(dep) for dep in beside_torch()))


def kata_notebook(course: Path, kata: Kata, repository: str, ref: str) -> dict:
    """One kata's notebook: README, install cell, the stub to edit, the check cell."""
    readme = kata.readme_path(course)
    text = readme.read_text(encoding="utf-8") if readme.is_file() else f"# Kata {kata.id} {kata.name}\n\n{kata.title}"
    return _notebook(
        [
            _cell("markdown", text, "readme"),
            _cell("code", install_cell(repository, ref), "install"),
            _cell("markdown", EDIT_NOTE.format(id=kata.id), "solution-note"),
            _cell("code", original_stub(course, kata).rstrip("\n"), "solution"),
            _cell("markdown", CHECK_NOTE, "check-note"),
            _cell("code", f"check({', '.join(kata.entry_points)})", "check"),
        ]
    )


def index_notebook(catalogue: Catalogue, repository: str, ref: str) -> dict:
    rows = "".join(f"| {kata.id} | [{kata.name}]({notebook_name(kata)}) | {kata.title} |\n" for kata in catalogue)
    return _notebook(
        [
            _cell("markdown", INDEX_INTRO + rows, "katas"),
            _cell("code", install_cell(repository, ref), "install"),
            _cell("code", "%kata list", "progress"),
        ]
    )


def export_notebooks(course: Path, target: Path, *, repository: str, ref: str) -> list[Path]:
    """Write every kata's notebook and the index into `target` (new or empty); return the paths."""
    check_pin(repository, ref)  # they end up inside the install cell's pip command
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise KataUsageError(NOT_EMPTY.format(path=target))
    catalogue = load_catalogue(course)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    documents = [(INDEX_NOTEBOOK, index_notebook(catalogue, repository, ref))]
    documents += [(notebook_name(kata), kata_notebook(course, kata, repository, ref)) for kata in catalogue]
    for name, document in documents:
        path = target / name
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
