"""`kata grade-class --deadline`: the right commit graded for each student, late penalties, extensions, bad input.

A class of git checkouts with commits on both sides of the deadline, graded as an instructor
would (kata 01 only, to stay quick); the commit dates are set with GIT_COMMITTER_DATE.
"""

from __future__ import annotations

import csv
import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from grade_support import reference, student_tree

from checker.cli import main

pytestmark = pytest.mark.slow

RIGHT = reference("01")
WRONG = RIGHT.replace("    return t.tolist()", "    return None")
STUB = "katas/01_create_tensor/create_tensor.py"
DEADLINE = "2026-06-02T00:00:00Z"


def _commit(repo: Path, when: str, source: str) -> str:
    (repo / STUB).write_text(source, encoding="utf-8")
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    git = ["git", "-c", "user.email=s@example.com", "-c", "user.name=s", "-C", str(repo)]
    subprocess.run([*git, "add", "-A"], check=True, capture_output=True)
    subprocess.run([*git, "commit", "-qm", f"work of {when}"], check=True, capture_output=True, env=env)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def _checkout(folder: Path, commits: list[tuple[str, str]]) -> dict[str, str]:
    student_tree(folder)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    return {when: _commit(folder, when, source) for when, source in commits}


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> dict:
    where = tmp_path_factory.mktemp("deadline-class")
    submissions = where / "submissions"
    submissions.mkdir()
    shas = {
        # on time and right, then a broken commit after the deadline
        "ann": _checkout(submissions / "ann", [("2026-06-01T10:00:00Z", RIGHT), ("2026-06-03T10:00:00Z", WRONG)]),
        # wrong on time, right after the deadline: graded on time, or right with an extension
        "ben": _checkout(submissions / "ben", [("2026-06-01T10:00:00Z", WRONG), ("2026-06-04T10:00:00Z", RIGHT)]),
        # only late work
        "cid": _checkout(submissions / "cid", [("2026-06-03T10:00:00Z", RIGHT)]),
    }
    zipped = student_tree(where / "dee-src", {"01": RIGHT})
    with zipfile.ZipFile(submissions / "dee.zip", "w") as bundle:
        for path in sorted(zipped.rglob("*")):
            if path.is_file():
                bundle.write(path, path.relative_to(zipped).as_posix())
    student_tree(submissions / "eve", {"01": RIGHT})  # a copied folder: no history
    return {"where": where, "submissions": submissions, "shas": shas}


def _grade(classroom: dict, out: str, *options: str):
    folder = classroom["where"] / out
    result = CliRunner().invoke(
        main,
        ["grade-class", str(classroom["submissions"]), "01", "--output-dir", str(folder), "--seed", "3", *options],
        catch_exceptions=False,
    )
    return result, folder


def _rows(folder: Path) -> dict[str, dict]:
    with open(folder / "gradebook.csv", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_each_student_is_graded_on_their_last_commit_before_the_deadline(classroom):
    result, out = _grade(classroom, "strict", "--deadline", DEADLINE)

    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert rows["ann"]["status"] == "graded" and rows["ann"]["total"] == "10", "the broken late commit is ignored"
    assert rows["ann"]["commit"] == classroom["shas"]["ann"]["2026-06-01T10:00:00Z"]
    assert rows["ann"]["submitted_at"] == "2026-06-01T10:00:00Z" and rows["ann"]["late_days"] == "0"
    assert rows["ben"]["total"] == "0" and rows["ben"]["commit"] == classroom["shas"]["ben"]["2026-06-01T10:00:00Z"]
    assert (
        rows["cid"]["status"] == "too_late" and "No commit at or before 2026-06-02T00:00:00Z" in rows["cid"]["message"]
    )
    assert rows["dee"]["status"] == "graded" and "zip has no commits" in rows["dee"]["message"]
    assert rows["eve"]["status"] == "no_history" and "--submitted-at" in rows["eve"]["message"]
    assert all(row["deadline"] == DEADLINE for row in rows.values())
    report = (out / "class-report.md").read_text(encoding="utf-8")
    assert "Against the deadline: 3 on time, 0 late (penalised), 1 with nothing in time, 0 missing." in report
    assert (
        subprocess.run(
            ["git", "-C", str(classroom["submissions"] / "ann"), "status", "--porcelain"],
            capture_output=True,
            text=True,
        ).stdout
        == ""
    ), "the student's checkout is never changed"


def test_a_late_penalty_grades_the_latest_commit_less_the_stated_share(classroom):
    result, out = _grade(classroom, "penalty", "--deadline", DEADLINE, "--late-penalty", "10")

    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert (rows["ann"]["raw_total"], rows["ann"]["late_days"], rows["ann"]["penalty_percent"]) == ("0", "2", "20")
    assert (rows["ben"]["raw_total"], rows["ben"]["late_days"], rows["ben"]["total"]) == ("10", "3", "7")
    assert (rows["cid"]["raw_total"], rows["cid"]["total"], rows["cid"]["percent"]) == ("10", "8", "80")
    assert "1 on time, 3 late (penalised)" in (out / "class-report.md").read_text(encoding="utf-8")

    cut, out = _grade(classroom, "cutoff", "--deadline", DEADLINE, "--late-penalty", "10", "--late-cutoff", "2")
    rows = _rows(out)
    assert rows["ben"]["total"] == "0" and rows["ben"]["late_days"] == "0", "ben's late commit is past the cutoff"
    assert rows["cid"]["total"] == "8"


def test_an_extension_or_the_platforms_instants_regrade_only_the_students_they_change(classroom, tmp_path):
    result, out = _grade(classroom, "resumed", "--deadline", DEADLINE)
    assert result.exit_code == 0, result.output
    extensions = tmp_path / "extensions.csv"
    extensions.write_text("id,deadline\nben,2026-06-05T00:00:00Z\n")

    again, out = _grade(classroom, "resumed", "--deadline", DEADLINE, "--extensions", str(extensions))

    assert again.exit_code == 0, again.output
    assert "(1 graded now, 2 already graded" in again.output, again.output
    rows = _rows(out)
    assert rows["ben"]["total"] == "10" and rows["ben"]["deadline"] == "2026-06-05T00:00:00Z"
    assert rows["ann"]["deadline"] == DEADLINE

    instants = tmp_path / "submitted.csv"
    instants.write_text("eve,2026-06-01T09:00:00Z\ncid,2026-06-01T23:00:00Z\n")
    platform, out = _grade(classroom, "resumed", "--deadline", DEADLINE, "--submitted-at", str(instants))
    rows = _rows(out)
    assert rows["eve"]["status"] == "graded" and rows["eve"]["submitted_at"] == "2026-06-01T09:00:00Z"
    assert rows["cid"]["status"] == "graded", "the platform's instant wins over the commit's date"


def test_bad_dates_and_files_are_usage_errors_naming_the_line_before_anything_is_graded(classroom, tmp_path):
    bad = tmp_path / "bad.csv"
    for text, expected in [
        ("ann,2026-06-05T00:00:00Z\nzed,2026-06-05T00:00:00Z\n", "line 2: zed is not a student"),
        ("ann,2026-06-05T00:00:00Z\nann,2026-06-06T00:00:00Z\n", "line 2: ann appears twice"),
        ("ann,someday\n", "line 1: The deadline 'someday' is not a date"),
    ]:
        bad.write_text(text)
        result, out = _grade(classroom, "never", "--deadline", DEADLINE, "--extensions", str(bad))
        assert result.exit_code == 2 and expected in result.output, result.output
        assert not (out / "gradebook.csv").exists()

    for options, expected in [
        (["--deadline", "June 2nd"], "is not a date and time with its zone"),
        (["--late-penalty", "10"], "--late-penalty needs --deadline"),
        (["--deadline", DEADLINE, "--late-cutoff", "1"], "--late-cutoff needs --late-penalty"),
    ]:
        result, out = _grade(classroom, "never", *options)
        assert result.exit_code == 2 and expected in result.output, result.output
        assert not (out / "gradebook.csv").exists()
