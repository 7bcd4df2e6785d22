"""Restore a kata's starting stub, keeping a backup of the learner's file first.

The pristine stub is the version of the file that git first recorded in the
workspace (a clone or a classroom copy always has it), so no second copy of every
stub is kept anywhere.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from checker.catalogue import Kata
from checker.errors import KataUsageError

__all__ = ["BACKUP_DIR", "backup_solution", "original_stub", "reset_kata"]

BACKUP_DIR = ".kata-backups"

NO_ORIGINAL = (
    "Cannot find the original stub of {path}: the workspace is not a git repository, or git never "
    "recorded that file. Your file was left untouched."
)


def original_stub(workspace: Path, kata: Kata) -> str:
    """The stub's first committed version, read from git."""
    relative = kata.stub_path(workspace).relative_to(workspace).as_posix()
    try:
        first = _git(workspace, "log", "--diff-filter=A", "--format=%H", "--", relative).split()
        if first:
            return _git(workspace, "show", f"{first[-1]}:{relative}")
    except (OSError, subprocess.CalledProcessError):
        pass
    raise KataUsageError(NO_ORIGINAL.format(path=relative))


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


def reset_kata(workspace: Path, kata: Kata) -> Path | None:
    """Back up the learner's file, then write the original stub; return the backup's path."""
    stub = original_stub(workspace, kata)
    backup = backup_solution(workspace, kata)
    path = kata.stub_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stub, encoding="utf-8")
    return backup


def _git(workspace: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(workspace), *args], check=True, capture_output=True, text=True, timeout=30
    ).stdout
