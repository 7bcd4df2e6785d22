"""The judge fails loud: a case it could not run is its own error, never a wrong answer or a pass.

On a platform without what a worker needs (Windows' Popen refuses pass_fds with an
AssertionError), or when pytest itself stops with an internal error (an output stream
that cannot encode a character), the run is incomplete: `kata check` exits 3 and keeps
the learner's progress as it was, `kata grade` says grading did not complete and exits 1.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from grade_support import reference, student_tree

from checker.checking import EXIT_INCOMPLETE, check_katas
from checker.cli import main
from checker.core.catalogue import load_catalogue
from checker.core.progress import load_progress
from checker.core.results import Status
from checker.runner.judge import run as judge
from checker.runner.judge import session

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue(ROOT)
WINDOWS_POPEN = "pass_fds not supported on Windows."


@pytest.fixture
def no_worker(monkeypatch):
    def refuse(limits):
        raise AssertionError(WINDOWS_POPEN)

    monkeypatch.setattr(session, "start_worker", refuse)


class Quiet:
    def case(self, kata, case): ...
    def finish(self, run, retry): ...
    def plot_saved(self, saved): ...
    def next_step(self, run, standing, following): ...
    def warn(self, warnings):
        self.warnings = warnings


@pytest.mark.slow
def test_a_worker_that_cannot_start_is_the_checkers_error_and_the_run_incomplete(make_course, no_worker):
    course = make_course()
    run = judge.run_check(course.workspace, [course.catalogue.resolve("01")], reference=True, specs_dir=course.specs)
    statuses = {case.status for case in run.katas[0].cases}
    assert statuses == {Status.CHECKER_ERROR}
    assert WINDOWS_POPEN in run.katas[0].cases[0].message and "kata doctor" in run.katas[0].cases[0].message
    assert run.incomplete and not run.all_passed


@pytest.mark.slow
def test_an_incomplete_check_exits_3_says_so_and_keeps_the_progress_as_it_was(make_workspace, no_worker):
    workspace = make_workspace(git=False)
    printer = Quiet()
    outcome = check_katas(workspace, CATALOGUE, [CATALOGUE.resolve("01")], printer=printer, retry="kata check 01")
    assert outcome.exit_code == EXIT_INCOMPLETE == 3
    assert any("did not complete" in warning for warning in printer.warnings)
    assert load_progress(workspace).of(CATALOGUE.resolve("01").name).status != "failed"


@pytest.mark.slow
def test_pytests_internal_error_is_never_a_pass(make_course):
    def unprintable(kata, case):
        "✓".encode("cp1252")  # what a console that cannot show ✓ raises, inside pytest's hooks

    course = make_course()
    kata = course.catalogue.resolve("01")
    run = judge.run_check(course.workspace, [kata], reference=True, on_case=unprintable, specs_dir=course.specs)
    assert "INTERNAL_ERROR" in run.incomplete
    assert not run.all_passed


@pytest.mark.slow
def test_grading_that_could_not_run_the_cases_did_not_complete_and_exits_1(tmp_path, no_worker):
    tree = student_tree(tmp_path / "student", {"01": reference("01")})
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["grade", "01", "--workspace", str(tree), "--output-dir", str(out)])
    assert result.exit_code == 1, result.output
    assert "Grading did not finish" in result.output
    results = json.loads((out / "kata-results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0 and WINDOWS_POPEN in json.dumps(results)


def test_ctrl_c_during_the_imports_is_held_back_until_they_are_done():
    finished = []
    with pytest.raises(KeyboardInterrupt):
        with judge.interrupts_deferred():
            # raise_signal runs SIGINT's Python handler on every platform, as Ctrl-C does;
            # os.kill(pid, SIGINT) would end a Windows process outright.
            signal.raise_signal(signal.SIGINT)
            finished.append("the imports")
    assert finished == ["the imports"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_kata_without_a_spec_is_one_checker_error_and_the_others_still_run(make_course):
    course = make_course()
    real, unspecified = course.catalogue.resolve("01"), course.catalogue.resolve("02")
    (course.specs / unspecified.spec_file).unlink()

    run = judge.run_check(course.workspace, [real, unspecified], reference=True, seed=1, specs_dir=course.specs)

    checked, missing = run.katas
    assert checked.status is Status.PASSED, [(c.name, c.status) for c in checked.cases]
    assert [(c.name, c.status) for c in missing.cases] == [("spec", Status.CHECKER_ERROR)]
    assert "no spec for kata 02" in missing.cases[0].message
    assert run.incomplete, "a kata that could not be checked leaves the run incomplete"


def test_only_katas_without_specs_never_hand_pytest_an_empty_list(make_course):
    from dataclasses import replace

    course = make_course()
    unknown = replace(course.catalogue.resolve("01"), number=99, name="no_such_kata")

    run = judge.run_check(course.workspace, [unknown], reference=True, seed=1, specs_dir=course.specs)

    assert [(c.name, c.status) for c in run.katas[0].cases] == [("spec", Status.CHECKER_ERROR)]
