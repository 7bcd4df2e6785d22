"""The layer rule, read from `ls checker/`: each package imports only from its own layer or those below.

Data flows down: the front ends (the `kata` command, the notebook) call the one check path
and the exports, grading, the reports, the runner's front door, and the data core at the
bottom knows none of them. The test reads every module with `ast` (imports inside functions
and under TYPE_CHECKING count too) and names each import that breaks a rule:

* no import reaches a layer above its own;
* the front ends do not import each other (one exception, named below);
* outside the runner, only its front door (`checker.runner`) is imported;
* no import circle, at any length;
* no module outside a kata's spec home names a kata or one of its entry points in its code.
"""

from __future__ import annotations

import ast
from fnmatch import fnmatch
from pathlib import Path

import pytest

from checker.core.catalogue import load_catalogue

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# The layers of the `checker` package, top to bottom, each a list of path patterns relative
# to the repository root (fnmatch: `*` also crosses `/`). A module may import from its own
# layer and from any layer below it, never from one above. Every module must match exactly
# one layer: a new module is placed here on purpose. CONTRIBUTING.md draws this table.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # What the learner, the instructor or the maintainer runs: the `kata` command by audience,
    # and the notebook (`check(fn)` in a cell, `%kata`).
    ("front end", ("checker/__main__.py", "checker/cli/*", "checker/notebook/*")),
    # The one check-and-report path every front end shares.
    ("check path", ("checker/checking.py",)),
    # What an instructor hands out (template, autograders, notebooks) and what grades it.
    ("exports", ("checker/exports/*",)),
    ("grading", ("checker/grading/*",)),
    # Results turned into text, JSON, JUnit, classroom payloads and charts; nothing here prints.
    ("report", ("checker/report/*",)),
    # The judge (pytest over the specs), the isolated worker and the processes that carry it.
    ("runner", ("checker/runner/*", "checker/specs/*")),
    # Plain data and the small helpers every layer shares: no torch, no pytest, no rendering.
    ("data core", ("checker/__init__.py", "checker/core/*")),
)
# Front ends side by side: neither may import the other.
FRONT_ENDS = {"cli": "checker/cli/*", "notebook": "checker/notebook/*"}
# The one import between front ends: `%kata check 04` in a cell is the `kata` command itself,
# run in-process, so the magic calls the command line's group and its `check` command.
BETWEEN_FRONT_ENDS = {("checker/notebook/magic.py", "checker.cli"), ("checker/notebook/magic.py", "checker.cli.learn")}
# The one upward import allowed: IPython's `%load_ext checker` calls `load_ipython_extension`
# in the package itself, which can only hand over to the notebook front end (lazily, inside it).
ENTRY_POINTS = {("checker/__init__.py", "checker.notebook.magic")}
COURSE_COPIES = ("_stubs", "_course")  # copies of the course inside the package (setup.py): data, not the checker
TOP_LEVEL_MODULES_AT_MOST = 6
TOP_DOWN = [name for name, _ in LAYERS]


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


def _graph() -> dict[str, list[tuple[int, str]]]:
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def _front_end(relative: str) -> str | None:
    return next((name for name, pattern in FRONT_ENDS.items() if fnmatch(relative, pattern)), None)


def test_ls_checker_shows_the_layers():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= TOP_LEVEL_MODULES_AT_MOST, f"checker/ has {len(top)} modules of its own, not packages: {top}"


def test_every_module_is_in_exactly_one_layer():
    misplaced = [_relative(path) for path in modules().values() if layer_of(_relative(path)) is None]
    assert not misplaced, f"Place these modules in exactly one layer of LAYERS in {__file__}: {misplaced}"


def _edges():
    """(importing module's path, line, imported module, imported module's path) for every import."""
    known = modules()
    for name, edges in _graph().items():
        for line, module in edges:
            yield _relative(known[name]), line, module, _relative(known[module])


def test_no_module_imports_from_a_layer_above_it():
    upward = []
    for path, line, module, target in _edges():
        own, other = layer_of(path), layer_of(target)
        if (path, module) not in ENTRY_POINTS and own and other and TOP_DOWN.index(other) < TOP_DOWN.index(own):
            upward.append(f"{path}:{line} ({own}) imports {module} ({other})")
    assert not upward, "Imports from a layer above (move the code or type down instead):\n" + "\n".join(upward)


def test_front_ends_do_not_import_each_other():
    between = []
    for path, line, module, target in _edges():
        mine, theirs = _front_end(path), _front_end(target)
        if mine and theirs and mine != theirs and (path, module) not in BETWEEN_FRONT_ENDS:
            between.append(f"{path}:{line} ({mine}) imports {module} ({theirs})")
    assert not between, "Front ends share code through the layers below them:\n" + "\n".join(between)


def test_outside_the_runner_only_its_front_door_is_imported():
    reaching_in = [
        f"{path}:{line} imports {module}"
        for path, line, module, _ in _edges()
        if layer_of(path) != "runner" and module.startswith(("checker.runner.", "checker.specs"))
    ]
    assert not reaching_in, "Use what checker.runner (runner/__init__.py) offers:\n" + "\n".join(reaching_in)


def test_there_is_no_import_circle():
    known = modules()
    graph = {  # the entry point's hand-over is IPython's call, made lazily, never an import at load time
        name: sorted({module for _, module in edges if (_relative(known[name]), module) not in ENTRY_POINTS})
        for name, edges in _graph().items()
    }
    state: dict[str, str] = {}
    circles = []

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for module in graph.get(name, []):
            if state.get(module) == "open":
                circles.append(" -> ".join([*trail[trail.index(module) :], module]))
            elif module not in state:
                visit(module, [*trail, module])
        state[name] = "done"

    for name in graph:
        if name not in state:
            visit(name, [name])
    assert not circles, "Import circles (a package's __init__ importing its own modules counts):\n" + "\n".join(circles)


def _named_in_code(path: Path) -> set[str]:
    """The names and string constants of a module's code: docstrings and comments are not code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.Attribute) and node.attr not in _BUILTIN_METHODS:
            found.add(node.attr)  # `kata.pick_device(...)`, but not `", ".join(...)`
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.add(node.value.strip())  # a name as a whole string ("fit_sin"), not a word of a sentence
    return found


_BUILTIN_METHODS = set(dir(str)) | set(dir(list)) | set(dir(dict))


def test_no_generic_module_names_a_kata():
    catalogue = load_catalogue(PACKAGE.parent)
    names = {kata.name: kata for kata in catalogue}
    entry_points = {entry: kata for kata in catalogue for entry in kata.entry_points}
    homes = {PACKAGE / "specs" / kata.name for kata in catalogue}
    naming = []
    for path in modules().values():
        if path.parent in homes:
            continue
        for word in sorted(_named_in_code(path)):
            kata = names.get(word) or entry_points.get(word)
            if kata:
                naming.append(
                    f"{_relative(path)} names {word!r} (kata {kata.id}): move it to checker/specs/{kata.name}/"
                )
    assert not naming, "Only a kata's home knows the kata:\n" + "\n".join(naming)


def test_the_import_reader_sees_every_kind_of_import(tmp_path):
    """Nested, relative, type-only and `from package import module` imports are all read."""
    known = {
        "checker": PACKAGE / "__init__.py",
        "checker.core.results": PACKAGE / "core" / "results.py",
        "checker.runner": PACKAGE / "runner" / "__init__.py",
        "checker.runner.judge": PACKAGE / "x.py",
    }
    module = tmp_path / "grade.py"
    module.write_text(
        "import os\n"
        "from checker import runner, __version__\n"
        "def later():\n"
        "    from ..core import results\n"
        "    from .judge import run_check\n"
        "if TYPE_CHECKING:\n"
        "    import checker.core.results\n",
        encoding="utf-8",
    )
    found = imported("checker.runner.grade", module, known)
    assert found == [
        (2, "checker.runner"),
        (2, "checker"),
        (4, "checker.core.results"),
        (5, "checker.runner.judge"),
        (7, "checker.core.results"),
    ]


def test_the_kata_name_reader_skips_docstrings_and_comments(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        '"""Kata 11 mlp_sin is named here, in a docstring."""\n'
        "# and mlp_sin in a comment\n"
        "def f():\n"
        '    """fit_sin too."""\n'
        '    return ("train_amp", "Fits a line.", ", ".join([]))\n',
        encoding="utf-8",
    )
    named = _named_in_code(module)
    assert {"mlp_sin", "fit_sin", "Fits", "join"}.isdisjoint(named)
    assert "train_amp" in named


@pytest.mark.parametrize(
    ("relative", "layer"),
    [
        ("checker/cli/learn.py", "front end"),
        ("checker/notebook/magic.py", "front end"),
        ("checker/checking.py", "check path"),
        ("checker/exports/template.py", "exports"),
        ("checker/grading/grade.py", "grading"),
        ("checker/report/check/text.py", "report"),
        ("checker/runner/worker/serve.py", "runner"),
        ("checker/specs/create_tensor/test_01_create_tensor.py", "runner"),
        ("checker/core/limits.py", "data core"),
        ("checker/new_module.py", None),
    ],
)
def test_the_layer_table_places_modules_by_path(relative, layer):
    assert layer_of(relative) == layer
