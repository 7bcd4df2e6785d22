"""Turn functions and classes defined in notebook cells into the text of a kata file.

`check(compute_gradient)` never runs the learner's code in the notebook's kernel: it
recovers the source of what it was given (`inspect.getsource`, which IPython makes work for
cells), adds what that source needs from the cells' globals (imports, module constants,
helper functions and classes, recursively) and the kata stub's own imports, and returns one
module's text. The checker then checks that text as a kata file, in a worker.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
import types
from dataclasses import dataclass, field
from typing import Any

from checker.core.catalogue import Catalogue, Kata
from checker.core.errors import KataUsageError

__all__ = ["NotebookSource", "find_kata", "kata_module_text"]

NO_KATA = (
    'No kata has an entry point named {names}. Name the kata: check("04", compute_gradient); '
    "the katas' entry points are:\n{table}"
)
NOTHING_GIVEN = "Give check() your function(s), or a kata id and your function(s): check(compute_gradient)."
NOT_DEFINED = (
    "Kata {id} {name} needs {needed}; not found: {missing}. Define {them} in a cell (and run that cell), "
    "then check again: check({call})."
)
NO_SOURCE = (
    "The source of {name} cannot be recovered ({why}). Define it with `def` or `class` in a cell "
    "(not with a lambda, exec or an import), run that cell, then check again."
)
NOT_CODE = "check() takes functions, classes and a kata id; {what} is none of them."
# Values that survive being written as a literal (repr) into the kata file.
_LITERALS = (bool, int, float, complex, str, bytes, type(None))


@dataclass
class NotebookSource:
    """What goes into the kata file: import lines, constants, and definitions (each after what it uses)."""

    imports: list[str] = field(default_factory=list)
    constants: list[str] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # names used but not recoverable (said in the report)

    def text(self, docstring: str) -> str:
        parts = [
            f'"""{docstring}"""',
            "\n".join(dict.fromkeys(self.imports)),
            "\n".join(self.constants),
            *self.definitions,
        ]
        return "\n\n\n".join(part for part in parts if part.strip()) + "\n"


def _table(catalogue: Catalogue) -> str:
    return "\n".join(f"  {kata.id} {kata.name}: {', '.join(kata.entry_points)}" for kata in catalogue)


def find_kata(catalogue: Catalogue, given: tuple[Any, ...]) -> tuple[Kata, list[Any]]:
    """The kata a `check(...)` call names (an id first) or implies (by entry point names), and the objects."""
    if not given:
        raise KataUsageError(NOTHING_GIVEN)
    if isinstance(given[0], (str, int)) and not isinstance(given[0], bool):
        return catalogue.resolve(str(given[0])), list(given[1:])
    objects = list(given)
    names = {getattr(obj, "__name__", None) for obj in objects}
    matches = [kata for kata in catalogue if names & set(kata.entry_points)]
    if not matches:
        shown = ", ".join(sorted(str(name) for name in names))
        raise KataUsageError(NO_KATA.format(names=shown, table=_table(catalogue)))
    return max(matches, key=lambda kata: len(names & set(kata.entry_points))), objects


def kata_module_text(kata: Kata, objects: list[Any], namespace: dict[str, Any], stub: str) -> NotebookSource:
    """The kata file for these objects: each entry point from `objects` or else from `namespace`."""
    for obj in objects:
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            raise KataUsageError(NOT_CODE.format(what=_describe(obj)))
    by_name = {obj.__name__: obj for obj in objects}
    missing = [name for name in kata.entry_points if name not in by_name and not _is_code(namespace.get(name))]
    if missing:
        raise KataUsageError(
            NOT_DEFINED.format(
                id=kata.id,
                name=kata.name,
                needed=", ".join(kata.entry_points),
                missing=", ".join(missing),
                them="it" if len(missing) == 1 else "them",
                call=", ".join(kata.entry_points),
            )
        )
    roots = [by_name.get(name) or namespace[name] for name in kata.entry_points]
    roots += [obj for obj in objects if obj.__name__ not in kata.entry_points]  # helpers given on purpose
    source = NotebookSource(imports=_stub_imports(stub))
    _Collector(source, namespace).add_all(roots)
    return source


def _is_code(obj: Any) -> bool:
    return inspect.isfunction(obj) or inspect.isclass(obj)


def _describe(obj: Any) -> str:
    return f"{type(obj).__name__} {obj!r}"[:80]


def _stub_imports(stub: str) -> list[str]:
    """The stub's own top-level imports (`import torch`), so the kata file has them whatever the cells did."""
    try:
        tree = ast.parse(stub)
    except SyntaxError:
        return []
    return [ast.unparse(node) for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]


class _Collector:
    """Walk the globals each definition uses and gather what the kata file needs, each once."""

    def __init__(self, source: NotebookSource, namespace: dict[str, Any]) -> None:
        self.source = source
        self.namespace = namespace
        self.seen: set[str] = set()

    def add_all(self, roots: list[Any]) -> None:
        for obj in roots:
            self._definition(obj.__name__, obj)

    def _definition(self, name: str, obj: Any) -> None:
        if name in self.seen:
            return
        self.seen.add(name)
        try:
            text = textwrap.dedent(inspect.getsource(obj))
            tree = ast.parse(text)
        except (OSError, TypeError, SyntaxError) as error:
            raise KataUsageError(NO_SOURCE.format(name=name, why=str(error) or type(error).__name__)) from None
        defined = tree.body[0] if tree.body else None
        if not isinstance(defined, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or defined.name != name:
            raise KataUsageError(NO_SOURCE.format(name=name, why="its source is not a `def` or `class` of that name"))
        # The globals the definition may read: every name it loads or calls (a local that shadows
        # a global only adds an unused line). They come first: a base class must precede its class.
        namespace = getattr(obj, "__globals__", None) or self.namespace
        for used in sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}):
            if used != name:
                self._global(used, namespace)
        self.source.definitions.append(text.rstrip())

    def _global(self, name: str, namespace: dict[str, Any]) -> None:
        if name in self.seen or name not in namespace:
            return  # a local, a builtin, or not defined (the worker will say so if it is needed)
        value = namespace[name]
        if getattr(builtins, name, object()) is value:
            return
        if isinstance(value, types.ModuleType):
            self.seen.add(name)
            module = value.__name__
            self.source.imports.append(f"import {module}" if module == name else f"import {module} as {name}")
        elif _is_code(value) and getattr(value, "__module__", None) == namespace.get("__name__"):
            self._definition(name, value)  # a helper defined in the cells
        elif _importable(value):
            self.seen.add(name)
            alias = "" if value.__name__ == name else f" as {name}"
            self.source.imports.append(f"from {value.__module__} import {value.__name__}{alias}")
        elif _literal(value):
            self.seen.add(name)
            self.source.constants.append(f"{name} = {value!r}")
        else:
            self.seen.add(name)
            self.source.skipped.append(name)


def _importable(value: Any) -> bool:
    """Whether `from <module> import <name>` gives back this very object (torch.tensor, math.pi is not)."""
    module, name = getattr(value, "__module__", None), getattr(value, "__name__", None)
    if not isinstance(module, str) or not isinstance(name, str) or module in ("__main__", "builtins"):
        return False
    import sys

    return getattr(sys.modules.get(module), name, None) is value


def _literal(value: Any, depth: int = 0) -> bool:
    """Plain data whose repr is Python that rebuilds it: numbers, strings, and lists/tuples/dicts of them."""
    if isinstance(value, _LITERALS):
        return True
    if depth < 4 and isinstance(value, (list, tuple, set, frozenset)):
        return all(_literal(item, depth + 1) for item in value)
    if depth < 4 and isinstance(value, dict):
        return all(_literal(key, depth + 1) and _literal(item, depth + 1) for key, item in value.items())
    return False
