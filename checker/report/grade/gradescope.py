"""Gradescope's autograder results format (`gradescope-results.json`).

Gradescope reads /autograder/results/results.json: a top-level `score` and
`execution_time` (seconds), and `tests`, here one per kata with its partial credit
(`score` of `max_score`), `status` passed or failed, every case in `output`, and a
`visibility` (visible, hidden, after_due_date or after_published).
"""

from __future__ import annotations

from checker import __version__
from checker.core.results import GradeResult, Status
from checker.report.grade.text import kata_label, kata_text

__all__ = ["VISIBILITIES", "grade_to_gradescope"]

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


def grade_to_gradescope(grade: GradeResult, visibility: str = "visible") -> dict:
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {VISIBILITIES}, not {visibility!r}")
    lines = [
        f"torch-katas grade: {grade.score:g} of {grade.max_score} points ({grade.percent:g}%).",
        f"Seed {grade.run.seed}; checker {__version__}; torch {grade.run.torch_version}.",
    ]
    lines += [f"Warning: {warning}" for warning in grade.warnings]
    if grade.failure:
        lines.append(f"Grading did not finish: {grade.failure}")
    return {
        "score": grade.score,
        "execution_time": round(grade.duration),
        "output": "\n".join(lines),
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "tests": [
            {
                "name": f"{kata_label(kata)}: {kata.title}",
                "number": kata.id,
                "score": kata.score,
                "max_score": kata.points,
                "status": "passed" if kata.status is Status.PASSED else "failed",
                "output": kata_text(kata),
                "visibility": visibility,
            }
            for kata in grade.katas
        ],
        "extra_data": {"seed": grade.run.seed, "checker_version": __version__, "complete": grade.complete},
    }
