"""The one check-and-report path: what it renders, in which order, what it records and its exit code.

The judge is replaced by a fake that reports the cases it is given, so these tests say
what `check_katas` does with results, not how katas are judged (cli/test_cli.py runs real checks).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.checking import (
    ALL_PASSED,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_PASSED,
    check_katas,
    current_kata,
    katas_to_check,
    retry_command,
)
from checker.core.catalogue import Kata, load_catalogue
from checker.core.errors import KataUsageError
from checker.core.progress import PROGRESS_FILE, file_hash, load_progress, update_progress
from checker.core.results import CaseResult, KataResult, RunResult, Status
from checker.core.standing import KataState


@pytest.fixture
def workspace(make_workspace) -> Path:
    return make_workspace(git=False)


class FakePrinter:
    """Records each call the path makes, in order, instead of rendering."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def case(self, kata: Kata, case: CaseResult) -> None:
        self.calls.append(("case", kata.id, case.name))

    def finish(self, run: RunResult, retry: str) -> None:
        self.calls.append(("finish", retry))

    def plot_saved(self, saved: str) -> None:
        self.calls.append(("plot_saved", saved))

    def next_step(self, run: RunResult, standing: list[KataState], following: KataState | None) -> None:
        self.calls.append(("next_step", len(standing), following.kata.id if following else None))

    def warn(self, warnings: list[str]) -> None:
        self.calls.append(("warn", tuple(warnings)))

    @property
    def names(self) -> list[str]:
        return [call[0] for call in self.calls]


def _judge(monkeypatch, statuses: dict[str, Status], interrupted: bool = False) -> list[dict]:
    """Replace the judge: each kata checked gets one case per status given for its id."""
    seen: list[dict] = []

    def run_check(workspace, katas, *, reference=False, seed=None, on_case=None, **options) -> RunResult:
        seen.append({"katas": [kata.id for kata in katas], "reference": reference, "seed": seed})
        run = RunResult(seed=seed or 7, reference=reference, cuda_available=False, torch_version="x")
        for kata in katas:
            result = KataResult(kata)
            if kata.id in statuses:
                case = CaseResult("readme example", statuses[kata.id], "Not started yet.")
                result.cases.append(case)
                on_case(kata, case)
            run.katas.append(result)
        run.interrupted = interrupted
        return run

    monkeypatch.setattr("checker.runner.judge.run.run_check", run_check)
    return seen


def _check(workspace: Path, ids: list[str], printer: FakePrinter, **options):
    catalogue = load_catalogue(workspace)
    katas = catalogue.select(ids)
    return check_katas(workspace, catalogue, katas, printer=printer, retry=retry_command(katas), **options)


def test_a_pass_is_recorded_rendered_in_order_and_exits_0(workspace, monkeypatch):
    seen = _judge(monkeypatch, {"01": Status.PASSED})
    printer = FakePrinter()

    outcome = _check(workspace, ["01"], printer, seed=42)

    assert seen == [{"katas": ["01"], "reference": False, "seed": 42}]
    assert printer.calls == [
        ("case", "01", "readme example"),
        ("finish", "kata check 01"),
        ("next_step", len(load_catalogue(workspace)), "02"),
        ("warn", ()),
    ]
    assert outcome.exit_code == EXIT_PASSED
    assert outcome.following.kata.id == "02" and outcome.standing[0].done
    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.status == "passed" and entry.attempts == 1
    assert entry.passed_hash == file_hash(load_catalogue(workspace).resolve("01").stub_path(workspace))


@pytest.mark.parametrize("status", [Status.FAILED, Status.NOT_STARTED])
def test_a_failure_or_a_stub_exits_1_and_the_learner_stays_on_the_kata(workspace, monkeypatch, status):
    _judge(monkeypatch, {"01": status})
    printer = FakePrinter()

    outcome = _check(workspace, ["01"], printer)

    assert outcome.exit_code == EXIT_FAILED
    assert ("next_step", len(outcome.standing), "01") in printer.calls
    expected = "failed" if status is Status.FAILED else "not_started"
    assert load_progress(workspace).katas["create_tensor"].status == expected


def test_a_reference_run_records_nothing_and_has_no_next_kata(workspace, monkeypatch):
    seen = _judge(monkeypatch, {"01": Status.PASSED})
    printer = FakePrinter()

    outcome = _check(workspace, ["01"], printer, reference=True)

    assert seen[0]["reference"] is True
    assert outcome.exit_code == EXIT_PASSED
    assert (outcome.standing, outcome.following) == ([], None)
    assert ("next_step", 0, None) in printer.calls, "the printer decides what a reference run shows"
    assert "create_tensor" not in load_progress(workspace).katas


def test_ctrl_c_exits_130_with_no_next_step_and_keeps_what_finished(workspace, monkeypatch):
    _judge(monkeypatch, {"01": Status.PASSED, "02": Status.PASSED}, interrupted=True)
    printer = FakePrinter()

    outcome = _check(workspace, ["01", "02"], printer)

    assert outcome.exit_code == EXIT_INTERRUPTED
    assert "next_step" not in printer.names and printer.names[-1] == "warn"
    katas = load_progress(workspace).katas
    assert katas["create_tensor"].status == "passed"
    assert "tensor_op" not in katas, "the kata Ctrl-C stopped part-way is not recorded"


def test_warnings_reach_the_printer_last(workspace, monkeypatch):
    _judge(monkeypatch, {"01": Status.PASSED})
    (workspace / PROGRESS_FILE).write_text("{not json")
    printer = FakePrinter()

    _check(workspace, ["01"], printer)

    assert printer.names[-1] == "warn"
    (warnings,) = [call[1] for call in printer.calls if call[0] == "warn"]
    assert warnings, "a corrupt progress file is set aside, and the learner is told"
    assert len(set(warnings)) == len(warnings), "each warning said once"


def test_the_plot_is_saved_between_the_run_and_the_next_step(workspace, monkeypatch, tmp_path):
    _judge(monkeypatch, {"01": Status.PASSED})
    monkeypatch.setattr(
        "checker.report.charts.image.save_curves", lambda run, path: (f"saved {path.name}", ["careful"])
    )
    printer = FakePrinter()

    _check(workspace, ["01"], printer, plot_file=tmp_path / "curves.png")

    assert printer.names == ["case", "finish", "plot_saved", "next_step", "warn"]
    assert ("plot_saved", "saved curves.png") in printer.calls
    assert ("warn", ("careful",)) in printer.calls


def test_no_plot_file_means_no_plot(workspace, monkeypatch):
    _judge(monkeypatch, {"01": Status.PASSED})
    printer = FakePrinter()

    _check(workspace, ["01"], printer)

    assert "plot_saved" not in printer.names


def test_the_katas_to_check_are_every_kata_the_ids_or_the_current_one(workspace):
    catalogue = load_catalogue(workspace)

    assert katas_to_check(workspace, catalogue, every=True) == list(catalogue)
    assert [kata.id for kata in katas_to_check(workspace, catalogue, ["02-04"])] == ["02", "03", "04"]
    assert [kata.id for kata in katas_to_check(workspace, catalogue)] == ["01"]
    with pytest.raises(KataUsageError, match="not both"):
        katas_to_check(workspace, catalogue, ["01"], every=True)


def test_with_every_kata_passed_there_is_no_current_one(workspace):
    catalogue = load_catalogue(workspace)

    def pass_all(progress) -> None:
        for kata in catalogue:
            entry = progress.of(kata.name)
            entry.status, entry.passed_hash = "passed", file_hash(kata.stub_path(workspace))

    update_progress(workspace, pass_all)

    assert current_kata(workspace, catalogue) is None
    with pytest.raises(KataUsageError) as raised:
        katas_to_check(workspace, catalogue)
    assert str(raised.value) == ALL_PASSED


def test_the_retry_command_names_the_katas_as_the_front_end_writes_them(workspace):
    katas = load_catalogue(workspace).select(["01", "03"])

    assert retry_command(katas) == "kata check 01 03"
    assert retry_command(katas, every=True, reference=True) == "kata check --all --reference"
    assert retry_command(katas[:1], command="%kata check") == "%kata check 01"
