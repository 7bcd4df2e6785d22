"""What keeps a graded tree away from its own grade.

* `copy_submission`: only each kata's solution file (a regular file, inside the tree, of
  a sane size) is copied into a clean folder; conftest.py, pytest.ini, sitecustomize.py,
  .pth files, a shadowing torch.py or checker/ and the tree's own catalogue stay behind.
* `clean_judge_environment`: no pytest options or plugins from the environment.
* `judge_warnings`: the judge's own modules must not come from the graded tree.
* `ProcessJanitor`: a process the graded code started and detached is stopped before
  the reports are written, so it cannot rewrite them afterwards (Linux).
* `undumpable`: while grading, no other process of the same user can ptrace the judge or
  read its memory or environment through /proc (Linux).
* `fingerprint`: notices when graded code rewrote the installed checker.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checker.core.catalogue import Catalogue, Kata
from checker.core.limits import MAX_KILL_ROUNDS, MAX_SOLUTION_BYTES
from checker.core.workspace import CATALOGUE_RELPATH

__all__ = [
    "ProcessJanitor",
    "changed_files",
    "clean_judge_environment",
    "copy_submission",
    "fingerprint",
    "judge_warnings",
    "undumpable",
]

_PYTEST_ENVIRONMENT = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS")
_JUDGE_MODULES = ("checker", "torch", "numpy", "psutil", "pytest", "click", "yaml")
_PR_GET_DUMPABLE, _PR_SET_DUMPABLE = 3, 4
_PR_SET_CHILD_SUBREAPER = 36

SKIPPED_LINK = "{path} is a symbolic link or lies outside the graded folder: only regular files are graded."
SKIPPED_SIZE = "{path} is larger than {limit} KiB and was not graded."
SKIPPED_KIND = "{path} is not a regular file and was not graded."
SKIPPED_UNREADABLE = "{path} could not be read ({error}) and was not graded."
OWN_CATALOGUE = (
    "katas/catalogue.yaml in the graded tree differs from the checker's; it was ignored "
    "(katas, points and time limits come from the installed checker)."
)
JUDGE_INSIDE = (
    "The grader's own `{module}` was loaded from inside the graded tree ({path}): this grade cannot be "
    "trusted. Run the installed `kata grade --workspace TREE` from a folder outside the tree."
)


def copy_submission(source: Path, katas: list[Kata], catalogue: Catalogue, destination: Path) -> list[str]:
    """Build a clean workspace in `destination` from the solution files in `source`; return warnings."""
    warnings = []
    source = source.resolve()
    (destination / CATALOGUE_RELPATH).parent.mkdir(parents=True, exist_ok=True)
    trusted = catalogue.path.read_bytes()
    (destination / CATALOGUE_RELPATH).write_bytes(trusted)
    own = source / CATALOGUE_RELPATH
    if own.is_file() and not own.is_symlink() and own.read_bytes() != trusted:
        warnings.append(OWN_CATALOGUE)
    for kata in katas:
        problem, data = _read_solution(source, kata)
        if problem:
            warnings.append(problem)
        if data is not None:
            target = kata.stub_path(destination)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return warnings


def _read_solution(source: Path, kata: Kata) -> tuple[str, bytes | None]:
    path = kata.stub_path(source)
    shown = path.relative_to(source).as_posix()
    if not os.path.lexists(path):
        return "", None  # missing: the judge reports it, case by case
    if path.is_symlink() or not path.resolve().is_relative_to(source):
        return SKIPPED_LINK.format(path=shown), None
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return SKIPPED_KIND.format(path=shown), None
        if info.st_size > MAX_SOLUTION_BYTES:
            return SKIPPED_SIZE.format(path=shown, limit=MAX_SOLUTION_BYTES // 1024), None
        return "", path.read_bytes()
    except OSError as error:
        return SKIPPED_UNREADABLE.format(path=shown, error=error.strerror or error), None


@contextmanager
def clean_judge_environment() -> Iterator[None]:
    """Drop pytest options and plugins that the environment would add to the judge."""
    saved = {name: os.environ.pop(name) for name in _PYTEST_ENVIRONMENT if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


@contextmanager
def undumpable() -> Iterator[None]:
    """Make this process non-dumpable for a while: graded code cannot attach to it or read it."""
    before = _prctl(_PR_GET_DUMPABLE, 0)
    if before > 0:
        _prctl(_PR_SET_DUMPABLE, 0)
    try:
        yield
    finally:
        if before > 0:
            _prctl(_PR_SET_DUMPABLE, before)


def judge_warnings(tree: Path) -> list[str]:
    """Warn when a module the judge runs was imported from the graded tree (`python -m` run inside it)."""
    tree = tree.resolve()
    warnings = []
    for name in _JUDGE_MODULES:
        module = sys.modules.get(name)
        location = getattr(module, "__file__", None)
        if location and Path(location).resolve().is_relative_to(tree):
            warnings.append(JUDGE_INSIDE.format(module=name, path=location))
    return warnings


def fingerprint(folder: Path) -> dict[str, str]:
    """A digest of every source and data file under `folder` (bytecode caches aside)."""
    digests = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            try:
                digests[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                digests[path.relative_to(folder).as_posix()] = "unreadable"
    return digests


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


class ProcessJanitor:
    """While active, orphaned descendants become this process's children; on exit they are killed.

    A worker's process group is killed after each kata, but a process that detached
    itself (double fork, setsid) escapes that. As a child subreaper (Linux) the judge
    inherits such processes and stops them before it writes the reports.
    """

    def __init__(self) -> None:
        self.active = False
        self.stopped = 0
        self._before: set[int] = set()

    def __enter__(self) -> ProcessJanitor:
        self.active = _set_subreaper(True)
        self._before = _children() if self.active else set()
        return self

    def __exit__(self, *exc_info) -> None:
        if not self.active:
            return
        try:
            self.stopped = self.stop_strays()
        finally:
            _set_subreaper(False)

    def stop_strays(self) -> int:
        """Kill and reap every child that appeared since entry (and theirs, as they are orphaned)."""
        stopped = 0
        for _ in range(MAX_KILL_ROUNDS):
            strays = _children() - self._before
            if not strays:
                break
            for pid in strays:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            for pid in strays:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
            stopped += len(strays)
        return stopped


def _set_subreaper(on: bool) -> bool:
    return _prctl(_PR_SET_CHILD_SUBREAPER, int(on)) == 0


def _prctl(option: int, value: int) -> int:
    """Linux's prctl(2); -1 where there is none."""
    if not sys.platform.startswith("linux"):
        return -1
    try:
        return int(ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0))
    except (OSError, AttributeError):
        return -1


def _children() -> set[int]:
    """Process ids whose parent is this process (from /proc)."""
    me = os.getpid()
    found = set()
    try:
        entries = list(os.scandir("/proc"))
    except OSError:
        return found
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and fields[1] == str(me):
            found.add(int(entry.name))
    return found
