"""Classroom 50's `result.json` (schema `classroom50/result/v1`) for a grade.

Classroom 50 runs the teacher's `autograder.py` in the student's checkout and reads
`./result.json`: the submission's identity (from the runner's environment variables),
the submission instant, integer `score` and `max-score`, and one entry per test.

Kata scores are fractions (points x passed / counted cases); Classroom 50 wants
integers. Each kata is one test whose `max-score` is its points. Its `score` is its
exact score rounded down, and then the points lost to rounding are handed back, one
each, to the katas with the largest fractions, until the total equals the exact total
rounded to the nearest integer: the sum of the tests is then as close to
`kata-results.json`'s score as integers allow, and no kata's score is off by a whole
point or more. A kata that did not pass never reaches its full points this way.
Extra fields on a test (`kata`, `exact-score`, `message`) are kept by Classroom 50.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from checker.core.results import GradeResult, KataResult, Status
from checker.report.grade.text import first_problem, kata_label, tally

__all__ = [
    "IDENTITY_VARIABLES",
    "REQUIRED_VARIABLES",
    "SCHEMA",
    "grade_to_classroom50",
    "in_classroom50",
    "integer_scores",
]

SCHEMA = "classroom50/result/v1"
# result.json field -> the environment variable Classroom 50's runner sets for it.
IDENTITY_VARIABLES = {
    "classroom": "CLASSROOM",
    "assignment": "ASSIGNMENT",
    "submission": "SUBMISSION_TAG",
    "commit": "COMMIT_URL",
    "release": "RELEASE_URL",
    "review": "REVIEW_URL",
}
# With these three set, `kata grade` is running under Classroom 50 and writes ./result.json.
REQUIRED_VARIABLES = ("CLASSROOM", "ASSIGNMENT", "SUBMISSION_TAG")


def in_classroom50(environ: Mapping[str, str]) -> bool:
    return all(environ.get(name) for name in REQUIRED_VARIABLES)


def grade_to_classroom50(grade: GradeResult, environ: Mapping[str, str]) -> dict:
    """The result.json payload; `grade.submitted_at` is the submission instant."""
    identity = {field: environ.get(variable, "") for field, variable in IDENTITY_VARIABLES.items()}
    # Classroom 50's own templates fall back to the commit when there is no review link.
    identity["review"] = identity["review"] or identity["commit"]
    scores = integer_scores(grade.katas)
    tests = [_test(grade, kata, score) for kata, score in zip(grade.katas, scores)]
    return {
        "schema": SCHEMA,
        **identity,
        "datetime": grade.submitted_at or grade.finished_at,  # unset only for a grade made by hand
        "graded_at": grade.finished_at,
        "score": sum(test["score"] for test in tests),
        "max-score": sum(test["max-score"] for test in tests),
        "tests": tests,
    }


def integer_scores(katas: list[KataResult]) -> list[int]:
    """Whole points per kata, summing to the exact total rounded to the nearest integer (module docstring)."""
    exact = [kata.score for kata in katas]
    whole = [math.floor(score + 1e-9) for score in exact]
    left = math.floor(sum(exact) + 0.5 + 1e-9) - sum(whole)
    by_fraction = sorted(range(len(katas)), key=lambda index: exact[index] - whole[index], reverse=True)
    for index in by_fraction:
        if left <= 0:
            break
        kata = katas[index]
        reaches_full = whole[index] + 1 >= kata.points and kata.status is not Status.PASSED
        if exact[index] - whole[index] > 1e-9 and not reaches_full:
            whole[index] += 1
            left -= 1
    return whole


def _test(grade: GradeResult, kata: KataResult, score: int) -> dict:
    message = f"{tally(kata)}: {kata.score:g} of {kata.points} points."
    problem = first_problem(kata)
    if problem:
        message += f" First problem: {problem} Run `kata check {kata.id}` for the details."
    if grade.failure:
        message += f" Grading did not finish: {grade.failure}"
    return {
        "test-name": f"{kata_label(kata)}: {kata.title}",
        "passed": kata.status is Status.PASSED and not grade.failure,
        "score": score,
        "max-score": kata.points,
        "kata": kata.id,
        "exact-score": kata.score,
        "message": message,
    }
