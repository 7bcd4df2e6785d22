"""Values the learner returns are shown as a person would describe them, never as an address.

Covers checker/runner/judge/describe.py (the worker's words for foreign objects) and `show` in
checker/specs/_helpers.py, end to end: awkward return values through a real check, into
every report the checker writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from checker.cli import main
from checker.core.catalogue import load_catalogue
from checker.core.results import GradeResult
from checker.report.grade.junit import grade_to_junit
from checker.report.grade.summary import grade_to_markdown
from checker.report.grade.text import kata_text
from checker.runner.judge.describe import describe_foreign
from checker.runner.judge.run import run_check
from checker.runner.protocol import decode, encode
from checker.specs._helpers import show

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue(ROOT)
ADDRESS = "object at 0x"

# Kata 01's function, returning a different awkward value on each call.
AWKWARD = """\
import numpy as np
import torch

class Point:
    pass

_VALUES = [
    lambda: np.array([[1.0, 2.0], [3.0, 4.0]]),
    lambda: (x for x in [1.0]),
    lambda: (lambda: 1.0),
    lambda: Point(),
    lambda: (1.0, 2.0),
    lambda: {"a": Point()},
    lambda: {1.0, 2.0},
    lambda: [torch.tensor(1.0), Point()],
    lambda: np.float64(2.5),
    lambda: torch.zeros(2, 2),
]
_calls = []


def create_tensor(method, shape, value=0.0):
    _calls.append(1)
    return _VALUES[len(_calls) % len(_VALUES)]()
"""


class _Point:
    pass


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (np.array([[1.0, 2.0], [3.0, 4.0]]), "a NumPy array of shape (2, 2), float64: [[1.0, 2.0], [3.0, 4.0]]"),
        (np.arange(10.0), "a NumPy array of shape (10,), float64: [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, ... (10 values)]"),
        (np.float32(1.5), "a NumPy float32 number: 1.5"),
        ((x for x in []), "a generator"),
        (lambda: 1, "a lambda function"),
        (_Point(), "_Point object"),
        ({1, 2}, "a set of 2 items: {1, 2}"),
        (torch.nn.Linear(1, 1), "an nn.Linear object"),
    ],
    ids=["numpy", "numpy-long", "numpy-number", "generator", "lambda", "custom", "set", "module"],
)
def test_a_foreign_value_is_described_by_type_shape_and_numbers(value, words):
    text = describe_foreign(value)

    assert words in text
    assert ADDRESS not in text and "0x" not in text


def test_an_object_whose_repr_fails_is_still_named():
    class Hostile:
        def __getattr__(self, name):
            raise RuntimeError("no")

    assert describe_foreign(Hostile()).endswith(".Hostile object")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (torch.tensor([1.0, 2.0, 3.0]), "a tensor of shape (3,), float32: [1.0, 2.0, 3.0]"),
        (torch.ones(2, requires_grad=True), "a tensor of shape (2,), float32: [1.0, 1.0] (requires_grad)"),
        ([torch.tensor(1.0), 2.0], "[tensor(1.0), 2.0]"),
        (([1.0], [2.0]), "([1.0], [2.0])"),
        (None, "None"),
        (np.zeros((2, 2)), "a NumPy array of shape (2, 2), float64: [[0.0, 0.0], [0.0, 0.0]]"),
    ],
    ids=["tensor", "tracked-tensor", "list-with-tensor", "tuple", "none", "numpy-across-the-wire"],
)
def test_show_renders_what_came_over_the_wire_readably(value, words):
    assert show(decode(encode(value))) == words


def test_no_report_shows_a_memory_address(make_workspace, monkeypatch):
    workspace = make_workspace(git=False)
    kata = CATALOGUE.resolve("01")
    kata.stub_path(workspace).write_text(AWKWARD)
    monkeypatch.chdir(workspace)

    text = CliRunner().invoke(main, ["check", "01", "--seed", "3"]).output
    as_json = CliRunner().invoke(main, ["check", "01", "--seed", "3", "--format", "json"]).output
    run = run_check(workspace, [kata], seed=3)
    grade = GradeResult(run, submission="student")
    reports = [text, as_json, grade_to_markdown(grade), grade_to_junit(grade), kata_text(run.katas[0])]

    cases = json.loads(as_json)["katas"][0]["cases"]
    shown = " ".join(case["details"].get("got", "") for case in cases)
    assert "NumPy array of shape (2, 2)" in shown and "generator" in shown and "Point object" in shown
    assert all(case["status"] != "passed" for case in cases)
    for report in reports:
        assert ADDRESS not in report
