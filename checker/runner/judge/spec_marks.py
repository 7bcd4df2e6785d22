"""What a kata's spec file marks, read from its source without importing it (for `kata doctor`).

A case that needs a GPU is marked in its spec, `@needs_cuda` (specs/api.py) or
`@pytest.mark.cuda`; the judge skips it on a machine without CUDA. `kata doctor` says in
advance which katas have such cases, so it reads the decorators from the syntax tree:
no torch, no pytest, no spec imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

from checker.core.catalogue import Kata
from checker.runner.judge.run import SPECS_DIR

__all__ = ["cuda_cases"]

_CUDA_DECORATORS = {"needs_cuda", "pytest.mark.cuda", "mark.cuda"}


def cuda_cases(kata: Kata, specs_dir: Path = SPECS_DIR) -> tuple[str, ...]:
    """The names of the kata's test functions marked as needing CUDA, in file order."""
    path = specs_dir / kata.spec_file
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return ()  # a spec that cannot be read: the check itself reports it
    return tuple(
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and any(_dotted(decorator) in _CUDA_DECORATORS for decorator in node.decorator_list)
    )


def _dotted(node: ast.expr) -> str:
    """`pytest.mark.cuda` for that attribute chain, "" for anything else (a call, a subscript)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else ""
    return ""
