"""The submission instant: the graded commit's committer date in UTC, or the grading time with a warning."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta, timezone

from checker.grading.submitted import submission_instant, utc_stamp


def _commit(tree, date: str) -> None:
    tree.mkdir(exist_ok=True)
    (tree / "solution.py").write_text("x = 1\n")
    env = {**os.environ, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": "2020-01-01T00:00:00Z"}
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=s", "-c", "user.email=s@x", "commit", "-qm", "m"]):
        subprocess.run(["git", "-C", str(tree), *command], check=True, env=env)


def test_the_committer_date_in_utc_not_the_author_date(tmp_path):
    _commit(tmp_path / "repo", "2026-06-01T16:32:01+02:00")

    assert submission_instant(tmp_path / "repo", fallback=0.0) == ("2026-06-01T14:32:01Z", None)


def test_a_tree_without_git_falls_back_to_the_grading_time_and_says_so(tmp_path):
    stamp, warning = submission_instant(tmp_path, fallback=1_780_000_000.0)

    assert stamp == "2026-05-28T20:26:40Z"
    assert "could not be read from git" in warning and stamp in warning


def test_utc_stamp_converts_any_offset():
    moment = datetime(2026, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert utc_stamp(moment) == "2027-01-01T04:30:00Z"
