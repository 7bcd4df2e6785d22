"""Under a deadline: the work of one student that is graded, when it was submitted, and how late.

The instant comes from `--submitted-at` when the platform gave one (the checkout as handed
in is then the submission), else from the commits: the last one the policy accepts is
exported into scratch and graded. A zip has no commits: without `--submitted-at` it counts
as on time, with a warning in its row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from checker.core.results import RowStatus, utc_stamp
from checker.grading.commits import NotACheckout, commit_before, export_katas, head, history
from checker.grading.deadlines import Lateness, LatePolicy

__all__ = ["Work", "pick_work"]

NO_HISTORY = (
    "Not a git checkout ({why}): its commits cannot be set against the deadline. Give its submission instant "
    "with --submitted-at, or grade it without --deadline."
)
TOO_LATE = "No commit at or before {limit} (the first is from {first}): nothing of this student's is graded."
ZIP_ON_TIME = "A zip has no commits: counted as on time. Pass --submitted-at with the platform's instant to mark it."
PLATFORM_TOO_LATE = "Submitted at {instant} by the platform's record, after {limit}: not graded."


@dataclass(frozen=True)
class Work:
    """What to grade for one student, or the row status and message that say why nothing is."""

    tree: Path | None
    lateness: Lateness | None = None
    commit: str = ""  # the graded commit, "" when the tree is graded as handed in
    status: RowStatus | None = None  # None: grade `tree`
    message: str = ""  # why not graded, or a warning beside the grade


def pick_work(
    student: str,
    tree: Path,
    *,
    zipped: bool,
    policy: LatePolicy,
    submitted_at: Mapping[str, datetime],
    scratch: Path,
) -> Work:
    """The work the policy grades for `student`, whose submission is `tree` (unpacked when `zipped`)."""
    limit = policy.latest_graded(student)
    if student in submitted_at:
        instant = submitted_at[student]
        if limit is not None and instant > limit:
            message = PLATFORM_TOO_LATE.format(instant=utc_stamp(instant), limit=utc_stamp(limit))
            return Work(None, status=RowStatus.TOO_LATE, message=message)
        return Work(tree, policy.lateness(student, instant), commit=_head(tree))
    if zipped:
        return Work(tree, policy.lateness(student, policy.deadline_of(student)), message=ZIP_ON_TIME)
    try:
        commits = history(tree)
        chosen = commit_before(commits, limit)
        if chosen is None:
            first = min(commit.committed_at for commit in commits)
            message = TOO_LATE.format(limit=utc_stamp(limit), first=utc_stamp(first))  # type: ignore[arg-type]
            return Work(None, status=RowStatus.TOO_LATE, message=message)
        exported = export_katas(tree, chosen.sha, scratch / "commit")
    except NotACheckout as error:
        return Work(None, status=RowStatus.NO_HISTORY, message=NO_HISTORY.format(why=error))
    return Work(exported, policy.lateness(student, chosen.committed_at), commit=chosen.sha)


def _head(tree: Path) -> str:
    try:
        return head(tree)
    except NotACheckout:
        return ""  # a zip or a copied folder: graded as handed in, at the platform's instant
