"""Where the learner stands: kata states from progress, the next kata, recording a run."""

from __future__ import annotations

import pytest

from checker.core.catalogue import load_catalogue
from checker.core.progress import Progress, file_hash, load_progress, update_progress
from checker.core.results import CaseResult, KataResult, RunResult, Status
from checker.core.standing import course_states, next_kata, record_run


@pytest.fixture
def workspace(make_workspace):
    return make_workspace(git=False)


@pytest.fixture
def catalogue(workspace):
    return load_catalogue(workspace)


def _passed(progress: Progress, workspace, kata) -> None:
    """Mark a kata passed with the hash of its file as it is now."""
    entry = progress.of(kata.name)
    entry.status = Status.PASSED
    entry.passed_hash = file_hash(kata.stub_path(workspace))
    entry.passed_on_cpu = True
    entry.attempts = 1


def _run(*katas: tuple[object, list[Status]], cuda: bool = False) -> RunResult:
    """A RunResult with one case per status for each (kata, statuses) pair."""
    results = [
        KataResult(kata, cases=[CaseResult(f"case {n}", status) for n, status in enumerate(statuses)])
        for kata, statuses in katas
    ]  # fmt: skip
    return RunResult(seed=1, reference=False, cuda_available=cuda, torch_version="x", katas=results, finished=99.0)


# States and the next kata


def test_fresh_course_starts_at_the_first_kata(workspace, catalogue):
    states = course_states(workspace, catalogue, Progress())

    assert [state.status for state in states] == ["not_started"] * len(catalogue)
    assert not any(state.done for state in states)
    assert next_kata(states).kata.id == "01"


def test_passed_kata_is_done_and_the_next_one_is_offered(workspace, catalogue):
    progress = Progress()
    _passed(progress, workspace, catalogue.resolve("01"))

    states = course_states(workspace, catalogue, progress)

    assert states[0].done and states[0].passed_on_cpu and states[0].attempts == 1
    assert next_kata(states).kata.id == "02"


def test_kata_changed_since_it_passed_is_offered_again(workspace, catalogue):
    progress = Progress()
    kata = catalogue.resolve("01")
    _passed(progress, workspace, kata)
    kata.stub_path(workspace).write_text("# rewritten after passing\n")

    states = course_states(workspace, catalogue, progress)

    assert states[0].status == "passed" and states[0].changed_since_pass
    assert not states[0].done
    assert next_kata(states).kata.id == "01"


def test_failed_kata_is_not_done(workspace, catalogue):
    progress = Progress()
    progress.of("create_tensor").status = Status.FAILED

    states = course_states(workspace, catalogue, progress)

    assert states[0].status == "failed" and not states[0].changed_since_pass
    assert next_kata(states).kata.id == "01"


def test_skipped_kata_comes_before_later_passes(workspace, catalogue):
    progress = Progress()
    for kata_id in ("01", "03"):
        _passed(progress, workspace, catalogue.resolve(kata_id))

    assert next_kata(course_states(workspace, catalogue, progress)).kata.id == "02"


def test_hints_and_attempts_are_carried_into_the_state(workspace, catalogue):
    progress = Progress()
    progress.of("tensor_op").hints_revealed = 2
    progress.of("tensor_op").attempts = 4

    state = course_states(workspace, catalogue, progress)[1]

    assert (state.hints_revealed, state.attempts) == (2, 4)


def test_every_kata_passed_means_no_next_kata(workspace, catalogue):
    progress = Progress()
    for kata in catalogue:
        _passed(progress, workspace, kata)

    assert next_kata(course_states(workspace, catalogue, progress)) is None


def test_progress_of_katas_no_longer_catalogued_is_ignored(workspace, catalogue):
    progress = Progress()
    progress.of("retired_kata").status = Status.PASSED

    states = course_states(workspace, catalogue, progress)

    assert [state.kata.name for state in states] == [kata.name for kata in catalogue]


# Recording a run


def test_recording_a_pass_stores_the_file_hash(workspace, catalogue):
    kata = catalogue.resolve("01")

    warnings = record_run(workspace, catalogue, _run((kata, [Status.PASSED, Status.PASSED])))

    assert warnings == []
    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.status == "passed"
    assert entry.passed_hash == file_hash(kata.stub_path(workspace))
    assert entry.passed_on_cpu and not entry.passed_on_cuda
    assert entry.attempts == 1
    assert entry.last_checked == 99.0


def test_recording_a_pass_with_cuda_remembers_it(workspace, catalogue):
    kata = catalogue.resolve("01")

    record_run(workspace, catalogue, _run((kata, [Status.PASSED]), cuda=True))
    record_run(workspace, catalogue, _run((kata, [Status.PASSED]), cuda=False))

    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.passed_on_cuda, "a later CPU-only pass must not forget the CUDA pass"
    assert entry.attempts == 2


def test_not_started_is_recorded_without_counting_an_attempt(workspace, catalogue):
    kata = catalogue.resolve("01")

    record_run(workspace, catalogue, _run((kata, [Status.NOT_STARTED, Status.NOT_STARTED])))

    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.status == "not_started"
    assert entry.attempts == 0


def test_failure_after_a_pass_keeps_the_earlier_pass(workspace, catalogue):
    kata = catalogue.resolve("01")
    record_run(workspace, catalogue, _run((kata, [Status.PASSED])))

    record_run(workspace, catalogue, _run((kata, [Status.PASSED, Status.FAILED])))

    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.status == "failed"
    assert entry.ever_passed, "`kata solution` stays open once a kata has passed"
    assert entry.attempts == 2


def test_several_katas_in_one_run_are_each_recorded(workspace, catalogue):
    run = _run(
        (catalogue.resolve("01"), [Status.PASSED]),
        (catalogue.resolve("02"), [Status.PASSED, Status.TIMEOUT]),
        (catalogue.resolve("03"), []),  # never reached (Ctrl-C)
    )

    record_run(workspace, catalogue, run)

    katas = load_progress(workspace).katas
    assert katas["create_tensor"].status == "passed"
    assert katas["tensor_op"].status == "failed"
    assert "reshape_tensor" not in katas


def test_recording_keeps_hints_already_revealed(workspace, catalogue):
    kata = catalogue.resolve("01")
    record_run(workspace, catalogue, _run((kata, [Status.FAILED])))
    update_progress(workspace, lambda progress: setattr(progress.of(kata.name), "hints_revealed", 2))
    record_run(workspace, catalogue, _run((kata, [Status.PASSED])))

    entry = load_progress(workspace).katas["create_tensor"]
    assert (entry.status, entry.hints_revealed, entry.attempts) == ("passed", 2, 2)
