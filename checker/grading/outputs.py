"""Write a grade's reports into a folder, Classroom 50's result.json, and the summary for GitHub Actions.

Each file is written to a temporary name and renamed into place, so a link planted
under a report's name is replaced, not followed. The reports of an earlier grade are
removed before grading starts: a grader that is killed leaves no stale results.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from checker.core.errors import KataUsageError
from checker.core.files import atomic_write_text
from checker.core.results import GradeResult
from checker.report.check.json_report import grade_to_json
from checker.report.grade.classroom50 import grade_to_classroom50
from checker.report.grade.gradescope import grade_to_gradescope
from checker.report.grade.junit import grade_to_junit
from checker.report.grade.summary import grade_to_markdown

__all__ = ["REPORTS", "clear_reports", "prepare_folder", "publish_to_github", "write_classroom50", "write_reports"]


def _json(render: Callable[[GradeResult], dict]) -> Callable[[GradeResult], str]:
    return lambda grade: json.dumps(render(grade), indent=2, ensure_ascii=False) + "\n"


REPORTS: dict[str, Callable[[GradeResult], str]] = {
    "kata-results.json": _json(grade_to_json),
    "junit.xml": grade_to_junit,
    "gradescope-results.json": _json(grade_to_gradescope),
    # Classroom 50's payload, with the identity read from the environment (empty outside it).
    "classroom50-result.json": _json(lambda grade: grade_to_classroom50(grade, os.environ)),
    "summary.md": grade_to_markdown,
}


def prepare_folder(folder: Path) -> None:
    """Create the output folder and remove an earlier grade's reports; KataUsageError if it cannot."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clear_reports(folder)
    except OSError as error:
        raise KataUsageError(f"Cannot write the reports to {folder}: {error.strerror or error}.") from None


def clear_reports(folder: Path) -> None:
    for name in REPORTS:
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            pass


def write_reports(grade: GradeResult, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, render in REPORTS.items():
        atomic_write_text(folder / name, render(grade))
        written.append(folder / name)
    return written


def write_classroom50(grade: GradeResult, path: Path, environ: Mapping[str, str]) -> Path:
    """Classroom 50's result.json at `path` (its runner reads ./result.json)."""
    atomic_write_text(path, json.dumps(grade_to_classroom50(grade, environ), indent=2, ensure_ascii=False) + "\n")
    return path


def publish_to_github(grade: GradeResult, environ: Mapping[str, str]) -> list[str]:
    """Append the score to $GITHUB_OUTPUT and the summary to $GITHUB_STEP_SUMMARY.

    The outputs (`score`, `max_score`, `percent`, `passed`) let a later step set the
    status a student sees. Returns the names of the variables used; both are optional
    (outside Actions, neither is set).
    """
    used = []
    for variable, text in (
        (
            "GITHUB_OUTPUT",
            lambda: (
                f"score={grade.score:g}\nmax_score={grade.max_score}\n"
                f"percent={grade.percent:g}\npassed={str(grade.all_passed).lower()}\n"
            ),
        ),
        ("GITHUB_STEP_SUMMARY", lambda: grade_to_markdown(grade)),
    ):
        target = environ.get(variable)
        if target:
            with open(target, "a", encoding="utf-8", errors="replace") as handle:
                handle.write(text())
            used.append(variable)
    return used
