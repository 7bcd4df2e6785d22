"""checker/specs/api.py and runner/judge/spec_marks.py: the one module specs import, and their markers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from checker.core.catalogue import load_catalogue
from checker.runner.judge.spec_marks import cuda_cases
from checker.specs import api
from checker.specs.homes import SPECS_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted(SPECS_DIR.glob("*/test_*.py")), ids=lambda path: path.name)
def test_a_spec_imports_the_checker_only_through_the_api_and_its_home(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}

    home = f"checker.specs.{path.parent.name}"
    checker_imports = {name for name in imported if name.split(".")[0] == "checker"}
    assert "checker.specs.api" in checker_imports
    assert checker_imports <= {"checker.specs.api", home, f"{home}.mistakes"}


def test_known_errors_takes_only_named_mistakes():
    marker = api.known_errors(api.known.VIEW_AFTER_TRANSPOSE)
    assert marker.mark.args == (api.known.VIEW_AFTER_TRANSPOSE,)

    with pytest.raises(TypeError, match="known.NAME"):
        api.known_errors("view_after_transpose")


def test_cuda_cases_are_read_from_the_specs_markers():
    for kata in load_catalogue(ROOT):
        source = (SPECS_DIR / kata.spec_file).read_text(encoding="utf-8")
        marked = re.findall(r"@needs_cuda\s+(?:@[^\n]+\s+)*def (test_\w+)", source)
        assert cuda_cases(kata) == tuple(marked), kata.name
    assert any(cuda_cases(kata) for kata in load_catalogue(ROOT)), "some kata has a CUDA case"


def test_cuda_cases_accept_the_plain_pytest_marker(make_course):
    course = make_course()
    kata = course.catalogue.resolve("01")
    assert cuda_cases(kata, course.specs) == ()
    (course.specs / kata.spec_file).write_text(
        "import pytest\n\n@pytest.mark.cuda\ndef test_a(kata): ...\n\n"
        "@pytest.mark.parametrize('x', [1])\ndef test_b(kata, x): ...\n"
    )

    assert cuda_cases(kata, course.specs) == ("test_a",)
