"""Restore a kata's starting stub, keeping a backup of the learner's file first.

The pristine stub is looked for in three places, in this order, and the first copy
that is really a stub (it still raises NotImplementedError) is restored:

1. The workspace's git history: the version git first recorded (a clone or a
   classroom copy). It is this workspace's own starting point, so it matches the
   course the learner is working on even when the installed checker is another version.
2. The wheel's course, `checker/_course/` (copied at build time by setup.py). It lives
   in site-packages, out of the learner's reach, so it is pristine by construction.
3. The editable install's snapshot, `checker/_stubs/` (setup.py copies the stubs there
   at `pip install -e .` time, with a SHA-256 manifest). It comes last because it was
   taken from the learner's own checkout, so it is only as pristine as that checkout
   was; a copy whose content no longer matches its recorded hash is never used.

An editable install's course (`packaged_course_root()`) is never a source: it IS the
learner's checkout, the file being reset. Without any copy (a zip download installed
some other way), reset refuses and leaves the file untouched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from pathlib import Path

from checker.core.catalogue import Kata
from checker.core.errors import KataUsageError
from checker.core.limits import GIT_SECONDS
from checker.core.packaged import PACKAGE_DIR, PACKAGED_COURSE

__all__ = [
    "BACKUP_DIR",
    "STUB_MARKER",
    "STUB_SNAPSHOT",
    "backup_solution",
    "original_stub",
    "reset_kata",
    "stub_copies",
]

BACKUP_DIR = ".kata-backups"
STUB_MARKER = "raise NotImplementedError"  # every stub has it; setup.py uses the same marker
STUB_SNAPSHOT = PACKAGE_DIR / "_stubs"
SNAPSHOT_MANIFEST = "SHA256SUMS.json"  # written by setup.py's snapshot_stubs

NO_ORIGINAL = (
    "Cannot find the original stub of {path}: the workspace has no git history of it, and this install "
    "of the checker keeps no pristine copy (looked in {copies}). Your file was left untouched.\n"
    "Reinstall the checker from the course (pip install -e . in a fresh download) to get one."
)


def stub_copies() -> tuple[Path, ...]:
    """The checker's own copies of the course, most trustworthy first (see the module docstring)."""
    return (PACKAGED_COURSE, STUB_SNAPSHOT)


def original_stub(workspace: Path, kata: Kata, copies: tuple[Path, ...] | None = None) -> str:
    """The kata's starting stub: from git history, else from the checker's copies."""
    relative = kata.stub_file.as_posix()
    copies = stub_copies() if copies is None else copies
    for text in (_from_git(workspace, relative), *(_from_copy(root, relative) for root in copies)):
        if text is not None and STUB_MARKER in text:
            return text
    raise KataUsageError(NO_ORIGINAL.format(path=relative, copies=", ".join(str(root) for root in copies)))


def backup_solution(workspace: Path, kata: Kata) -> Path | None:
    """Copy the learner's file into .kata-backups/ with a timestamp; None if there is no file."""
    source = kata.stub_path(workspace)
    if not source.is_file():
        return None
    folder = workspace / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    target = folder / f"{kata.folder}-{time.strftime('%Y%m%d-%H%M%S')}.py"
    counter = 1
    while target.exists():
        target = folder / f"{kata.folder}-{time.strftime('%Y%m%d-%H%M%S')}-{counter}.py"
        counter += 1
    shutil.copy2(source, target)
    return target


def reset_kata(workspace: Path, kata: Kata, copies: tuple[Path, ...] | None = None) -> Path | None:
    """Back up the learner's file, then write the original stub; return the backup's path."""
    stub = original_stub(workspace, kata, copies)
    backup = backup_solution(workspace, kata)
    path = kata.stub_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stub, encoding="utf-8")
    return backup


def _from_git(workspace: Path, relative: str) -> str | None:
    """The file's first committed version, or None without git or without that file in it."""
    try:
        first = _git(workspace, "log", "--diff-filter=A", "--format=%H", "--", relative).split()
        return _git(workspace, "show", f"{first[-1]}:{relative}") if first else None
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return None


def _from_copy(root: Path, relative: str) -> str | None:
    """The stub in one of the checker's copies, or None if absent or changed since it was recorded."""
    path = root / relative
    if not path.is_file():
        return None
    data = path.read_bytes()
    manifest = root / SNAPSHOT_MANIFEST
    if manifest.is_file():  # the snapshot records hashes; the wheel's copy needs none (it is built)
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8")).get(relative)
        except (OSError, ValueError, AttributeError):
            return None
        if recorded != hashlib.sha256(data).hexdigest():
            return None
    return data.decode("utf-8", errors="replace")


def _git(workspace: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(workspace), *args], check=True, capture_output=True, text=True, timeout=GIT_SECONDS
    ).stdout
