"""The GitHub Classroom grader payload (`classroom-result.json`, and `result` in $GITHUB_OUTPUT).

GitHub Classroom's reporter action (classroom-resources/autograding-grading-reporter)
reads, for each runner id, base64-encoded JSON from the environment variable
`<ID>_RESULTS`: `version` 1, an overall `status` (pass, fail or error), `max_score`,
and `tests` with `name`, `status` and `score` (summed into the points it records)
and a `message` it prints for a test that did not pass.
"""

from __future__ import annotations

import base64
import json

from checker.report.grade_text import first_problem, kata_label, note_lines, tally
from checker.results import GradeResult, KataResult, Status

__all__ = ["encode_payload", "grade_to_classroom"]


def grade_to_classroom(grade: GradeResult) -> dict:
    if grade.failure:
        status = "error"
    else:
        status = "pass" if grade.all_passed else "fail"
    return {
        "version": 1,
        "status": status,
        "max_score": grade.max_score,
        "tests": [
            {
                "name": f"{kata_label(kata)}: {kata.title}",
                "status": "pass" if kata.status is Status.PASSED else ("error" if grade.failure else "fail"),
                "score": kata.score,
                "max_score": kata.points,
                "message": _message(grade, kata),
                "test_code": f"kata check {kata.id}",
                "filename": kata.kata.stub_file.as_posix(),
                "duration": round(sum(case.duration for case in kata.cases), 3),
            }
            for kata in grade.katas
        ],
    }


def encode_payload(payload: dict) -> str:
    """One line of base64, as the reporter expects in `result`."""
    return base64.b64encode(json.dumps(payload, separators=(",", ":")).encode("utf-8")).decode("ascii")


def _message(grade: GradeResult, kata: KataResult) -> str:
    text = f"{tally(kata)}: {kata.score:g} of {kata.points} points."
    problem = first_problem(kata)
    if problem:
        text += f" First problem: {problem} Run `kata check {kata.id}` for the details."
    notes = note_lines(kata)
    if notes:
        text += f" Note: {' Note: '.join(notes)}"
    if grade.failure:
        text += f" Grading did not finish: {grade.failure}"
    return text
