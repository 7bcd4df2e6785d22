"""When a submission was made: the graded commit's committer date, for late-marking.

Classroom 50 calls this instant `datetime` and needs it unchanged on a regrade, so it
comes from the tree's last commit, never from the clock. A tree without git history (a
zip, a copied folder) falls back to the moment grading finished, and says so.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timezone
from pathlib import Path

from checker.core.results import utc_stamp

__all__ = ["NO_COMMIT", "submission_instant", "utc_stamp"]

NO_COMMIT = (
    "The submission instant could not be read from git ({why}): the time grading finished, {stamp}, "
    "stands in for it. Grade a git checkout of the student's commit for a date that does not move on a regrade."
)


def submission_instant(tree: Path, fallback: float) -> tuple[str, str | None]:
    """(the last commit's committer date in UTC as YYYY-MM-DDTHH:MM:SSZ, a warning or None)."""
    try:
        done = subprocess.run(
            # safe.directory: a checkout owned by another user (a container, a CI runner) is still read.
            ["git", "-c", "safe.directory=*", "-C", str(tree), "log", "-1", "--format=%cI"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        text = done.stdout.strip()
        if done.returncode == 0 and text:
            return utc_stamp(datetime.fromisoformat(text)), None
        why = (done.stderr.strip().splitlines() or ["no commit"])[-1].removeprefix("fatal: ")
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        why = str(error) or type(error).__name__
    stamp = utc_stamp(datetime.fromtimestamp(fallback, tz=timezone.utc))
    return stamp, NO_COMMIT.format(why=why, stamp=stamp)
