"""A student's git history, read without changing it: the commits and their dates, and one commit's katas.

`kata grade-class --deadline` grades the last commit at or before a deadline. The student's
repository is only read (`git log`, `git ls-tree`, `git cat-file`): nothing is checked out
in it, no index or ref moves. The chosen commit's `katas/` folder is written into a
private scratch folder, which is graded like any other tree. Links and anything other than
regular files stay behind (the sandbox would refuse them anyway).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from checker.core.limits import MAX_SUBMISSION_BYTES

__all__ = ["Commit", "NotACheckout", "commit_before", "export_katas", "head", "history"]

_GIT_TIMEOUT = 60  # seconds: a class's repositories are local, so this only stops a wedged git
_REGULAR = {"100644", "100755"}  # git's modes of plain files; 120000 is a link, 160000 a submodule


class NotACheckout(Exception):
    """The folder has no git history to read (not a repository, or one without commits)."""


@dataclass(frozen=True)
class Commit:
    sha: str
    committed_at: datetime  # the committer date, UTC: what the student's git claims


def _git(tree: Path, *args: str) -> bytes:
    # safe.directory: a checkout owned by another user (a container, a CI runner) is still read.
    try:
        done = subprocess.run(
            ["git", "-c", "safe.directory=*", "-C", str(tree), *args],
            capture_output=True,
            timeout=_GIT_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise NotACheckout(str(error) or type(error).__name__) from None
    if done.returncode != 0:
        why = (done.stderr.decode(errors="replace").strip().splitlines() or ["git failed"])[-1]
        raise NotACheckout(why.removeprefix("fatal: "))
    return done.stdout


def history(tree: Path) -> list[Commit]:
    """Every commit reachable from HEAD, newest first by committer date; NotACheckout without any."""
    if not (tree / ".git").exists():
        raise NotACheckout("no .git folder")
    lines = _git(tree, "log", "--format=%H %ct", "HEAD").decode().split()
    commits = [
        Commit(sha, datetime.fromtimestamp(int(stamp), tz=timezone.utc)) for sha, stamp in zip(lines[::2], lines[1::2])
    ]
    if not commits:
        raise NotACheckout("no commits")
    return sorted(commits, key=lambda commit: commit.committed_at, reverse=True)


def head(tree: Path) -> str:
    """The commit the checkout is at; NotACheckout without one."""
    return _git(tree, "rev-parse", "--verify", "HEAD").decode().strip()


def commit_before(commits: list[Commit], latest: datetime | None) -> Commit | None:
    """The newest commit at or before `latest` (any commit when None), or None when every one is later."""
    return next((commit for commit in commits if latest is None or commit.committed_at <= latest), None)


def export_katas(tree: Path, sha: str, destination: Path) -> Path:
    """Write commit `sha`'s regular files under katas/ into `destination`; return `destination`."""
    listing = _git(tree, "ls-tree", "-r", "-z", "--long", sha, "--", "katas")
    total = 0
    for entry in filter(None, listing.split(b"\0")):
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob, size = meta.decode().split()
        path = PurePosixPath(name.decode("utf-8", "surrogateescape"))
        if kind != "blob" or mode not in _REGULAR or ".." in path.parts or path.is_absolute():
            continue
        total += int(size)
        if total > MAX_SUBMISSION_BYTES:
            raise NotACheckout(f"commit {sha[:12]}'s katas/ is over {MAX_SUBMISSION_BYTES // 2**20} MiB")
        target = destination.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git(tree, "cat-file", "blob", blob))
    return destination
