"""Limits come from one module: a kata's from its catalogue entry, every other one named there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from checker.core.catalogue import load_catalogue
from checker.core.limits import DEFAULT_CASE_SECONDS, KATA_BUDGET_CASES, MEMORY_BYTES, Limits, limits_for

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "checker"
# A module-level name that reads like a limit: MAX_..., ..._BYTES, ..._SECONDS and the like.
_LIMIT_NAME = re.compile(r"^_?(MAX_\w+|\w+_(BYTES|SECONDS|LINES|TEXT|TRIES|ROUNDS|READS|CASES))$")


@pytest.mark.parametrize("kata", list(load_catalogue(ROOT)), ids=lambda kata: kata.id)
def test_a_kata_runs_under_its_catalogue_time_limit_with_a_budget_of_three_cases(kata):
    limits = limits_for(kata)

    assert limits.seconds == kata.time_limit
    assert limits.kata_seconds == KATA_BUDGET_CASES * kata.time_limit == 3 * kata.time_limit
    assert limits.memory_bytes == MEMORY_BYTES


def test_limits_without_a_kata_have_no_budget_and_the_default_case_limit():
    assert Limits() == Limits(seconds=DEFAULT_CASE_SECONDS, kata_seconds=None, memory_bytes=MEMORY_BYTES)


def _is_number(node: ast.expr) -> bool:
    """A number written out: 240, 0.05, 64 * 1024, 3 * 1024**3 (no names, no strings)."""
    parts = list(ast.walk(node))
    constants = [part for part in parts if isinstance(part, ast.Constant)]
    written = all(isinstance(part, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop)) for part in parts)
    return written and all(type(part.value) in (int, float) for part in constants)


def _limit_literals(path: Path, root: Path = ROOT) -> list[str]:
    """Module-level `NAME = <number>` lines whose name reads like a limit."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if _LIMIT_NAME.match(name) and _is_number(node.value):
                found.append(f"{path.relative_to(root)}:{node.lineno} {name} = {ast.unparse(node.value)}")
    return found


def test_no_module_but_checker_limits_writes_a_limit_as_a_number():
    modules = [path for path in CHECKER.rglob("*.py") if "_stubs" not in path.parts and path.name != "limits.py"]

    found = [line for path in sorted(modules) for line in _limit_literals(path)]

    assert found == [], "name these in checker/core/limits.py, with why:\n" + "\n".join(found)


def test_the_limit_finder_sees_a_limit_written_as_a_number(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("_MAX_SHOWN = 240\nTAIL_BYTES = 8 * 1024\nPOINTS = 200\nMAX_NAME = 'x'\nMAX_ARG = OTHER\n")

    found = [line.split(" ", 1)[1] for line in _limit_literals(module, tmp_path)]

    assert found == ["_MAX_SHOWN = 240", "TAIL_BYTES = 8 * 1024"]
