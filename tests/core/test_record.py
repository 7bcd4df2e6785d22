"""A class run's record: built from a grade, written as JSON and read back, and refused when malformed."""

from __future__ import annotations

import copy
import json

import pytest
from grade_support import CATALOGUE

from checker.core.limits import MAX_RECORDED_ANSWER_TEXT
from checker.core.record import (
    GRADE_INTERRUPTED,
    RECORD_VERSION,
    CaseRecord,
    KataRecord,
    StudentRecord,
    record_from_grade,
    record_from_json,
    record_to_json,
)
from checker.core.results import CaseResult, GradeResult, KataResult, MistakeRef, RowStatus, RunResult, Status

WRONG = MistakeRef("missing_return", "You returned None.", "End with `return`.")


def _grade(*, failure: str = "", interrupted: bool = False) -> GradeResult:
    first = KataResult(
        CATALOGUE.resolve("01"),
        [
            CaseResult("readme [zeros]", Status.PASSED, details={"got": "[0.0]"}),
            CaseResult("readme [ones]", Status.FAILED, "Wrong.", mistake=WRONG, details={"got": "None"}),
            CaseResult("hidden [big]", Status.FAILED, "Wrong.", details={"got": "9" * 2000}),
            CaseResult("on cuda", Status.SKIPPED),
        ],
    )
    # A kata not started: whatever a case shows, nobody's "answer" (everyone who skipped would share it).
    second = KataResult(
        CATALOGUE.resolve("02"),
        [CaseResult("add", Status.NOT_STARTED, details={"got": "NotImplementedError: TODO"})],
    )
    run = RunResult(
        seed=11,
        reference=False,
        cuda_available=False,
        torch_version="2.x",
        katas=[first, second],
        finished=1_700_000_000.0,
        interrupted=interrupted,
    )
    return GradeResult(run, "ann", failure=failure)


def test_a_record_holds_each_kata_and_case_of_the_grade():
    record = record_from_grade("ann", _grade(), "abc", "plan")

    assert (record.status, record.seed, record.score, record.max_score, record.percent) == (
        RowStatus.GRADED,
        11,
        3.33,
        20,
        16.65,
    )
    assert record.incomplete == "" and record.version == RECORD_VERSION
    first, second = record.katas
    assert (first.id, first.name, first.status, first.score) == ("01", "create_tensor", Status.FAILED, 3.33)
    assert first.cases == (
        CaseRecord("readme [zeros]", Status.PASSED),
        CaseRecord("readme [ones]", Status.FAILED, WRONG, answer="None"),
        CaseRecord("hidden [big]", Status.FAILED, answer="9" * MAX_RECORDED_ANSWER_TEXT),
        CaseRecord("on cuda", Status.SKIPPED),
    ), "a failed case keeps its wrong answer, cut to the limit; a passed one keeps none"
    assert (second.status, second.score) == (Status.NOT_STARTED, 0.0)
    assert second.cases == (CaseRecord("add", Status.NOT_STARTED),), "a kata not started has no answers"
    assert record.scores == {"01": 3.33, "02": 0.0}, "the gradebook's kata columns derive from the katas"


@pytest.mark.parametrize(
    ("changes", "status", "incomplete"),
    [
        ({"interrupted": True}, RowStatus.GRADED, GRADE_INTERRUPTED),
        ({"failure": "The judge broke."}, RowStatus.ERROR, "The judge broke."),
    ],
    ids=["interrupted", "grader-failed"],
)
def test_a_grade_that_did_not_complete_says_why(changes, status, incomplete):
    record = record_from_grade("ann", _grade(**changes), "abc", "plan")

    assert (record.status, record.incomplete) == (status, incomplete)


@pytest.mark.parametrize(
    "record",
    [
        record_from_grade("ann", _grade(), "abc", "plan"),
        record_from_grade("ann", _grade(interrupted=True), "abc", "plan"),
        StudentRecord("zoe", RowStatus.MISSING, "On the roster, no submission.", seed=None),
        StudentRecord("odd", RowStatus.ERROR, "x", katas=(KataRecord("99", "unknown", Status.PASSED, 3.0),)),
    ],
    ids=["graded", "unfinished", "missing-no-seed", "unknown-kata"],
)
def test_a_record_reads_back_as_it_was_written(record):
    text = json.dumps(record_to_json(record))

    assert record_from_json(json.loads(text)) == record


def _stored() -> dict:
    return record_to_json(record_from_grade("ann", _grade(), "abc", "plan"))


def _set(path: tuple, value):
    def change(data: dict) -> dict:
        data = copy.deepcopy(data)
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DROP:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return data

    return change


_DROP = object()
# The shape version 1 wrote: kata id -> score, no cases, no verdicts.
_VERSION_1 = {
    "id": "ann",
    "status": "graded",
    "message": "",
    "content_hash": "abc",
    "seed": 11,
    "plan": "plan",
    "graded_at": "2026-01-01T00:00:00Z",
    "score": 5.0,
    "max_score": 20,
    "percent": 25.0,
    "katas": {"01": 5.0, "02": 0.0},
    "version": 1,
}


@pytest.mark.parametrize(
    "change",
    [
        _set(("version",), 1),
        _set(("version",), RECORD_VERSION - 1),
        _set(("version",), _DROP),
        _set(("status",), "graded-ish"),
        _set(("seed",), "11"),
        _set(("seed",), True),
        _set(("score",), "5"),
        _set(("max_score",), 20.0),
        _set(("katas",), {"01": 5.0}),
        _set(("katas", 0), "01"),
        _set(("katas", 0, "status"), "passed-ish"),
        _set(("katas", 0, "cases", 1, "status"), None),
        _set(("katas", 0, "cases", 1, "mistake"), {"code": "missing_return", "title": "t"}),
        _set(("katas", 0, "cases", 1, "mistake"), "missing_return"),
        _set(("katas", 0, "cases", 1, "answer"), _DROP),
        _set(("katas", 0, "cases", 1, "answer"), 3),
        _set(("incomplete",), _DROP),
        lambda data: _VERSION_1,
        lambda data: [data],
    ],
    ids=[
        "older-version",
        "the-last-version",
        "no-version",
        "unknown-row-status",
        "seed-as-text",
        "seed-as-bool",
        "score-as-text",
        "max-score-as-float",
        "katas-as-version-1-dict",
        "kata-not-an-object",
        "unknown-kata-status",
        "case-status-missing",
        "mistake-without-fix",
        "mistake-not-an-object",
        "no-answer",
        "answer-not-text",
        "no-incomplete",
        "a-version-1-record",
        "not-an-object",
    ],
)
def test_a_malformed_or_older_record_reads_as_none(change):
    assert record_from_json(_stored()) is not None, "the unchanged record reads"
    assert record_from_json(change(_stored())) is None
