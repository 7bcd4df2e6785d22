"""The layer rule: a module of `checker` imports only from its own layer or the layers below it.

Data flows down: the front ends call grading and the reports, grading renders with the
reports, reports render results, the runner produces them, and the data core (the
catalogue, the learner's progress and standing, the result types) knows none of them.
The test reads every module with `ast` (imports inside functions and under
TYPE_CHECKING count too) and names each import that reaches up.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# The layers of the `checker` package, top to bottom, each a list of path patterns relative
# to the repository root (fnmatch: `*` also crosses `/`). A module may import from its own
# layer and from any layer below it, never from one above. Every module must match exactly
# one layer: a new module is placed here on purpose. CONTRIBUTING.md cites this table.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # What the learner, the instructor or the maintainer runs: commands, the watch loop, the
    # notebook, the one check-and-report path they share, and `kata new`'s scaffolding.
    (
        "front end",
        (
            "checker/__main__.py",
            "checker/cli.py",
            "checker/watch.py",
            "checker/checking*",
            "checker/notebook*",
            "checker/scaffold.py",
        ),
    ),
    # `kata grade` and `kata export-template`: a student's tree graded with the installed course.
    ("grading", ("checker/grading/*",)),
    # Results turned into text, JSON, JUnit, classroom payloads and charts; nothing here prints.
    ("report", ("checker/report/*",)),
    # The judge (pytest over the specs) and the isolated worker; the specs run in the judge.
    ("runner", ("checker/runner/*", "checker/specs/*")),
    # Plain data and the small helpers every layer shares: no torch, no pytest, no rendering.
    (
        "data core",
        (
            "checker/__init__.py",
            "checker/catalogue.py",  # the katas, as frozen dataclasses
            "checker/errors.py",
            "checker/files.py",  # small file helpers (atomic writes)
            "checker/file_lock.py",  # the progress file's lock, on POSIX and on Windows
            "checker/home.py",  # the notebook's own workspace, a per-user folder
            "checker/limits.py",  # every limit and size, with why
            "checker/mistakes.py",  # the named beginner mistakes
            "checker/packaged.py",  # the course the installed checker carries
            "checker/progress.py",  # the learner's progress file
            "checker/reset.py",  # restore a kata's stub, keeping a backup
            "checker/results.py",  # every result type: case, kata, run, grade
            "checker/standing.py",  # the learner's standing: kata states, the next kata
            "checker/versions.py",  # pinned versions (torch)
            "checker/workspace.py",  # find the workspace
        ),
    ),
)

TOP_DOWN = [name for name, _ in LAYERS]
# The one upward import allowed: IPython's `%load_ext checker` calls `load_ipython_extension`
# in the package itself, which can only hand over to the notebook front end (lazily, inside it).
ENTRY_POINTS = {("checker/__init__.py", "checker.notebook_magic")}
COURSE_COPIES = ("_stubs", "_course")  # copies of the course inside the package (setup.py): data, not the checker


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def layer_of(relative: str) -> str | None:
    """The layer whose patterns match this module's path (relative to the repository root)."""
    matches = [name for name, patterns in LAYERS if any(fnmatch(relative, pattern) for pattern in patterns)]
    return matches[0] if len(matches) == 1 else None


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (the copied stubs are data, not code)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if relative.parts[1] in COURSE_COPIES:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, module) for each import of a `checker` module in this file, nested ones included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: resolve it against this module's package
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:  # `from checker import runner` imports the module checker.runner
                submodule = f"{base}.{alias.name}"
                found.append((node.lineno, submodule if submodule in known else base))
    return [(line, module) for line, module in found if module in known]


def test_every_module_is_in_exactly_one_layer():
    misplaced = [_relative(path) for path in modules().values() if layer_of(_relative(path)) is None]
    assert not misplaced, f"Place these modules in exactly one layer of LAYERS in {__file__}: {misplaced}"


def test_no_module_imports_from_a_layer_above_it():
    known = modules()
    upward = []
    for name, path in known.items():
        own = layer_of(_relative(path))
        for line, module in imported(name, path, known):
            other = layer_of(_relative(known[module]))
            if (_relative(path), module) in ENTRY_POINTS:
                continue
            if own and other and TOP_DOWN.index(other) < TOP_DOWN.index(own):
                upward.append(f"{_relative(path)}:{line} ({own}) imports {module} ({other})")
    assert not upward, "Imports from a layer above (move the code or type down instead):\n" + "\n".join(upward)


def test_the_import_reader_sees_every_kind_of_import(tmp_path):
    """Nested, relative, type-only and `from package import module` imports are all read."""
    known = {
        "checker": PACKAGE / "__init__.py",
        "checker.results": PACKAGE / "results.py",
        "checker.runner": PACKAGE / "runner" / "__init__.py",
        "checker.runner.judge": PACKAGE / "x.py",
    }
    module = tmp_path / "grade.py"
    module.write_text(
        "import os\n"
        "from checker import runner, __version__\n"
        "def later():\n"
        "    from .. import results\n"
        "    from .judge import run_check\n"
        "if TYPE_CHECKING:\n"
        "    import checker.results\n",
        encoding="utf-8",
    )
    found = imported("checker.runner.grade", module, known)
    assert found == [
        (2, "checker.runner"),
        (2, "checker"),
        (4, "checker.results"),
        (5, "checker.runner.judge"),
        (7, "checker.results"),
    ]


@pytest.mark.parametrize(
    ("relative", "layer"),
    [
        ("checker/cli.py", "front end"),
        ("checker/notebook_widgets.py", "front end"),
        ("checker/checking.py", "front end"),
        ("checker/grading/grade.py", "grading"),
        ("checker/report/text.py", "report"),
        ("checker/specs/create_tensor/test_01_create_tensor.py", "runner"),
        ("checker/limits.py", "data core"),
        ("checker/new_module.py", None),
    ],
)
def test_the_layer_table_places_modules_by_path(relative, layer):
    assert layer_of(relative) == layer
