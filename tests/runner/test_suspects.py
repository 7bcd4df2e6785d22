"""Suspects: a case that failed without a named mistake is run again on the kata's catalogued mistakes.

The katas here are real: kata 03's spec names `squeeze_one_dim` only when one size-1
dimension too few was dropped, so `t.squeeze(dim=0)` on a (2, 1, 3, 1) input (it drops none)
fails unnamed; kata 06's spec names `mean_over_rows` by its values only on square input, so
`t.mean(axis=-1)` on a column fails unnamed. Their mutants (`torch.squeeze(t, 0)` and
`t.mean(dim=1)`) are spelled otherwise, and answer alike.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from grade_support import reference, student_tree
from platform_marks import needs_fork_backend

from checker.core.catalogue import load_catalogue
from checker.core.results import Status
from checker.grading.grade import grade_tree, plan_grading
from checker.runner.judge import session, suspects
from checker.runner.judge.run import run_check
from checker.runner.judge.suspects import Suspect, _alike, _definitions, _reaching
from checker.runner.protocol import TensorValue
from checker.specs.homes import mutant_source

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue(ROOT)
RESHAPE = CATALOGUE.resolve("reshape_tensor")
BROADCASTING = CATALOGUE.resolve("broadcasting")
SQUEEZE = "result = torch.squeeze(t)"
CENTRE = "centred = t - t.mean(dim=0, keepdim=True)"
SQUEEZED_NONE = "squeeze drops every size one dimension [2x1x3x1]"
SMALL_REFERENCE = """import torch

LIMIT = 3


def helper(x):
    return x + 1


def outer(x):
    return helper(x) * LIMIT


@torch.no_grad()
class Model:
    def forward(self, x):
        return x
"""
ALWAYS_FAILS = """
from checker.specs.api import WrongAnswer


def test_fails_whatever_the_code(kata):
    answer = kata.call("reshape_tensor", [[1.0, 2.0]], "flatten")
    raise WrongAnswer(f"this spec fails every solution (it got {answer.value})")
"""


def _learner(workspace: Path, kata, replace: str, with_: str) -> None:
    source = reference(kata.id)
    assert source.count(replace) == 1
    kata.stub_path(workspace).write_text(source.replace(replace, with_), encoding="utf-8")


def _check(workspace: Path, kata, **options):
    with suspects.watching() as runs:
        result = run_check(workspace, [kata], seed=99, **options).katas[0]
    return result, runs


@pytest.mark.slow
@needs_fork_backend
@pytest.mark.parametrize(
    "kata, replace, with_, case, code",
    [
        (RESHAPE, SQUEEZE, "result = t.squeeze(dim=0)", SQUEEZED_NONE, "squeeze_one_dim"),
        (BROADCASTING, CENTRE, "centred = t - t.mean(axis=-1)", "readme example [center_columns-3]", "mean_over_rows"),
    ],
    ids=["squeeze", "mean"],
)
def test_a_mistake_spelled_unlike_its_mutant_is_named_by_the_mutant(make_workspace, kata, replace, with_, case, code):
    workspace = make_workspace(git=False)
    _learner(workspace, kata, replace, with_)

    result, runs = _check(workspace, kata)

    failed = next(c for c in result.cases if c.name == case)
    assert failed.status is Status.FAILED and failed.mistake is not None and failed.mistake.code == code
    # The spec did not name it: a search found the mutant, and the control (the reference) confirmed it.
    tried = [(run.code, run.matched, run.result.status) for run in runs if run.case == case]
    assert tried[-2:] == [(code, True, Status.FAILED), (None, False, Status.PASSED)], tried
    assert result.status is Status.FAILED  # the verdict is the spec's; only the name came from a suspect


@pytest.mark.slow
@needs_fork_backend
def test_a_mistake_the_catalogue_lacks_gets_no_name_and_alike_failures_share_one_search(make_workspace, monkeypatch):
    workspace = make_workspace(git=False)
    _learner(workspace, BROADCASTING, CENTRE, f"{CENTRE} * 1.5")
    started = []
    start_worker = session.start_worker
    monkeypatch.setattr(session, "start_worker", lambda limits: started.append(limits) or start_worker(limits))

    result, runs = _check(workspace, BROADCASTING)

    failed = [c for c in result.cases if c.status is not Status.PASSED]
    assert failed and all(c.mistake is None for c in failed), [(c.name, c.mistake) for c in failed]
    assert runs and not any(run.matched for run in runs)
    assert all(run.code is not None for run in runs)  # no match, so no control to confirm one
    # Only center_columns failed: the mutants of select_greater would answer as the reference does.
    assert not {run.code for run in runs} & {"greater_or_equal", "returned_mask", "mask_multiplied"}
    searches = {run.case for run in runs}
    assert 1 <= len(searches) < len(failed)  # cases that failed alike reused the first one's search
    assert len(runs) > 2 and len(started) == 2  # the learner's worker, and one the suspects took turns in


@pytest.mark.slow
def test_a_passing_solution_runs_no_suspect(make_workspace):
    workspace = make_workspace(git=False)
    _learner(workspace, RESHAPE, SQUEEZE, "result = t.squeeze()")  # right, spelled otherwise

    result, runs = _check(workspace, RESHAPE)

    assert result.status is Status.PASSED
    assert runs == []


@pytest.mark.slow
def test_without_forked_workers_no_suspect_runs(make_workspace, monkeypatch):
    monkeypatch.setenv("KATA_WARM", "0")  # each suspect would be a cold `import torch`: seconds, not milliseconds
    workspace = make_workspace(git=False)
    _learner(workspace, RESHAPE, SQUEEZE, "result = t.squeeze(dim=0)")

    result, runs = _check(workspace, RESHAPE)

    assert result.status is Status.FAILED
    assert runs == []


@pytest.mark.slow
@needs_fork_backend
def test_a_reference_run_runs_no_suspect_and_a_spec_the_reference_fails_names_nothing(make_workspace, tmp_path):
    workspace = make_workspace(git=False)
    extra = tmp_path / "private" / "test_03_reshape_tensor_fails.py"
    extra.parent.mkdir()
    extra.write_text(ALWAYS_FAILS, encoding="utf-8")
    RESHAPE.stub_path(workspace).write_text(reference(RESHAPE.id), encoding="utf-8")

    checked, reference_runs = _check(workspace, RESHAPE, reference=True, extra_specs=[extra])
    learner, learner_runs = _check(workspace, RESHAPE, extra_specs=[extra])

    for result in (checked, learner):
        failed = next(c for c in result.cases if c.name == "fails whatever the code")
        assert failed.status is Status.FAILED and failed.mistake is None
    assert reference_runs == []
    # The learner's run searched: the first mutant failed alike, but so did the control.
    assert [(run.code is None, run.matched, run.result.status) for run in learner_runs] == [
        (False, True, Status.FAILED),
        (True, False, Status.FAILED),
    ]


@pytest.mark.slow
@needs_fork_backend
def test_a_suspect_that_hangs_is_stopped_when_the_kata_budget_is_spent(make_workspace, monkeypatch):
    workspace = make_workspace(git=False)
    _learner(workspace, RESHAPE, SQUEEZE, "result = t.squeeze(dim=0)")
    catalogued = suspects.catalogued

    def with_a_hang(kata, workspace, excluded=()):
        control, *mutants = catalogued(kata, workspace, excluded)
        hang = Suspect(
            mutants[0].mistake, mutant_source(control.source, {"replace": SQUEEZE, "with": "while True: pass"})
        )
        return [control, hang, *mutants]

    monkeypatch.setattr(suspects, "catalogued", with_a_hang)
    monkeypatch.setattr(suspects, "SUSPECT_SECONDS", 1.0)

    result, runs = _check(workspace, RESHAPE)

    hung = runs[0].result
    assert hung.status is Status.TIMEOUT, hung
    limit = float(re.search(r"time limit of ([\d.e-]+) s", hung.message).group(1))
    assert limit <= 1.0 < RESHAPE.time_limit  # stopped at what was left of the budget, not at the case's limit
    assert len(runs) == 1  # then the budget was spent: no other suspect, no other search ran
    failed = next(c for c in result.cases if c.name == SQUEEZED_NONE)
    assert failed.status is Status.FAILED and failed.mistake is None
    assert result.status is Status.FAILED


@pytest.mark.slow
@needs_fork_backend
def test_grading_names_a_mistake_through_its_suspects_too(tmp_path):
    source = reference(RESHAPE.id).replace(SQUEEZE, "result = t.squeeze(dim=0)")
    tree = student_tree(tmp_path / "student", {RESHAPE.id: source})

    with suspects.watching() as runs:
        graded = grade_tree(tree, plan_grading([RESHAPE.id]), seed=99)

    failed = next(c for c in graded.run.katas[0].cases if c.name == SQUEEZED_NONE)
    assert failed.mistake is not None and failed.mistake.code == "squeeze_one_dim"
    assert any(run.matched for run in runs)


# -- the pieces, without a worker ----------------------------------------------------------------


@pytest.mark.parametrize(
    "mutant",
    [{"replace": "absent", "with": "x"}, {"edits": [{"replace": "a", "with": "b"}]}],
    ids=["missing", "twice"],
)
def test_a_mutant_edit_must_find_its_text_exactly_once(mutant):
    with pytest.raises(ValueError, match="not once"):
        mutant_source("a = 1\na = 2\n", mutant)


def test_an_excluded_source_is_no_suspect(tmp_path):
    control, *mutants = suspects.catalogued(RESHAPE, tmp_path)
    left_out = mutants[0].source
    again = suspects.catalogued(RESHAPE, tmp_path, excluded={left_out})
    assert again[0].source == control.source  # the control is never left out
    assert [s.source for s in again[1:]] == [s.source for s in mutants[1:] if s.source != left_out]
    assert len(again) == len(mutants)


def test_a_mutant_with_several_edits_makes_them_all():
    mutant = {"edits": [{"replace": "one", "with": "1"}, {"replace": "two", "with": "2"}]}
    assert mutant_source("one + two", mutant) == "1 + 2"


def test_answers_are_alike_within_tolerance_and_with_the_same_types():
    import torch

    def tensor(values, dtype=torch.float32):
        return TensorValue(torch.tensor(values, dtype=dtype), "cpu", False, None, "Tensor")

    assert _alike([1.0, {"a": (2.0,)}], [1.0 + 1e-7, {"a": (2.0,)}])
    assert not _alike([1.0], [1.1])
    assert not _alike(1, 1.0)  # an int is not a float, as the specs judge them
    assert not _alike({"a": 1.0}, {"b": 1.0})
    assert _alike(tensor([1.0, float("nan")]), tensor([1.0 + 1e-7, float("nan")]))
    assert not _alike(tensor([1.0, 2.0]), tensor([1.0, 2.5]))
    assert not _alike(tensor([1, 2], torch.int64), tensor([1.0, 2.0]))
    assert not _alike(tensor([[1.0, 2.0]]), tensor([1.0, 2.0]))


@pytest.mark.parametrize(
    "edits, reaching",
    [
        ([("return x + 1", "return x")], {"helper", "outer"}),  # outer calls helper: a case calling outer reaches it
        ([("return helper(x) * LIMIT", "return x")], {"outer"}),
        ([("        return x\n", "        return -x\n")], {"Model"}),
        ([("@torch.no_grad()", "@torch.enable_grad()")], {"Model"}),  # a decorator belongs to what it decorates
        ([("return x + 1", "return x"), ("        return x\n", "        return -x\n")], {"helper", "outer", "Model"}),
        ([("LIMIT = 3", "LIMIT = 4")], None),  # module level: any case may depend on it
    ],
    ids=["callee", "caller", "method", "decorator", "two-edits", "module-level"],
)
def test_a_suspect_reaches_the_definitions_that_hold_or_call_its_edits(edits, reaching):
    mutant = {"edits": [{"replace": old, "with": new} for old, new in edits]}
    found = _reaching(SMALL_REFERENCE, _definitions(SMALL_REFERENCE), mutant)
    assert found == (None if reaching is None else frozenset(reaching))
