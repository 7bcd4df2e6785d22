"""The platform marks (tests/platform_marks.py): what each condition finds here, and under a simulated absence."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import platform_marks as marks
import pytest

from checker.grading import sandbox

# Each mark and the condition it is built from (True: the facility is here, nothing skipped).
MARKS = {
    "needs_fork": marks.can_fork,
    "needs_fork_backend": marks.has_fork_backend,
    "needs_proc": marks.has_proc,
    "needs_proc_children": marks.has_proc_children,
    "needs_posix_signals": marks.has_posix_signals,
    "needs_fcntl": marks.has_fcntl,
    "needs_terminal": marks.has_terminal,
    "needs_prctl": marks.has_prctl,
    "needs_chmod_permissions": marks.has_posix_modes,
    "needs_enforced_permissions": marks.has_enforced_permissions,
    "needs_symlinks": marks.can_symlink,
    "needs_posix_shell": marks.can_run_posix_shell_scripts,
    "needs_crashing_null_read": marks.can_crash_on_a_null_read,
}


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _expected_here() -> dict[str, bool | None]:
    """What each condition must find on this kind of machine (None: not known in advance)."""
    bash = shutil.which("bash") is not None
    if sys.platform.startswith("linux"):  # every facility is here: nothing is skipped
        return {
            **dict.fromkeys(MARKS, True),
            "needs_enforced_permissions": not _root(),  # root writes in a read-only folder
            "needs_posix_shell": bash,
        }
    if sys.platform == "darwin":
        expected: dict[str, bool | None] = dict.fromkeys(MARKS, True)
        expected.update(
            needs_fork=False,  # unsafe after torch: capabilities.fork_unsafe()
            needs_fork_backend=False,
            needs_proc=False,
            needs_proc_children=False,
            needs_prctl=False,
            needs_enforced_permissions=not _root(),
            needs_posix_shell=bash,
            needs_crashing_null_read=None,
        )
        return expected
    if sys.platform == "win32":
        expected = dict.fromkeys(MARKS, False)
        expected.update(needs_symlinks=None, needs_crashing_null_read=None)  # developer mode; ctypes' own handling
        return expected
    return dict.fromkeys(MARKS, None)


@pytest.mark.parametrize("name", list(MARKS))
def test_each_condition_is_a_boolean_that_matches_this_machine(name):
    found = MARKS[name]()

    assert type(found) is bool, (name, found)
    expected = _expected_here()[name]
    if expected is not None:
        assert found is expected, f"{name}: found {found} on {sys.platform}, expected {expected}"


@pytest.mark.parametrize("name", list(MARKS))
def test_each_mark_skips_exactly_where_its_condition_is_false_and_says_what_is_missing(name):
    mark = getattr(marks, name).mark

    assert mark.name == "skipif"
    assert mark.args == (not MARKS[name](),)
    assert mark.kwargs["reason"].startswith("needs ")


def test_on_linux_nothing_is_skipped_but_what_root_or_a_missing_bash_excuses():
    if not sys.platform.startswith("linux"):
        pytest.skip("checks the Linux machine the project is developed on")
    skipped = {name for name in MARKS if getattr(marks, name).mark.args[0]}
    excused = {"needs_enforced_permissions"} if _root() else set()
    if shutil.which("bash") is None:
        excused.add("needs_posix_shell")

    assert skipped == excused


# -- each absence, simulated --------------------------------------------------------------


def test_without_os_fork_there_is_no_fork_and_no_fork_path(monkeypatch):
    monkeypatch.delattr(os, "fork", raising=False)

    assert marks.can_fork() is False
    assert marks.has_fork_backend() is False


def test_where_forking_is_unsafe_there_is_no_fork(monkeypatch):
    monkeypatch.setattr(marks.capabilities, "fork_unsafe", lambda: True)

    assert marks.can_fork() is False


def test_without_proc_neither_proc_condition_holds(monkeypatch):
    exists = Path.exists

    def no_proc(self, *args, **kwargs):
        return False if self.as_posix().startswith("/proc") else exists(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", no_proc)

    assert marks.has_proc() is False
    assert marks.has_proc_children() is False


def test_without_children_lists_proc_is_there_but_its_children_are_not(monkeypatch):
    bare = replace(marks.capabilities.detect(), proc_tree=False)
    monkeypatch.setattr(marks.capabilities, "detect", lambda: bare)

    assert marks.has_proc_children() is False
    assert marks.has_fork_backend() is False


@pytest.mark.parametrize("missing", [(os, "killpg"), (signal, "SIGKILL")], ids=["killpg", "SIGKILL"])
def test_without_killpg_or_sigkill_there_are_no_posix_signals(monkeypatch, missing):
    monkeypatch.delattr(*missing, raising=False)

    assert marks.has_posix_signals() is False


def test_without_fcntl_there_is_no_fcntl(monkeypatch):
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError, as on Windows

    assert marks.has_fcntl() is False


@pytest.mark.parametrize("missing", ["termios", "openpty"])
def test_without_termios_or_openpty_there_is_no_terminal(monkeypatch, missing):
    if missing == "termios":
        monkeypatch.setitem(sys.modules, "termios", None)
    else:
        monkeypatch.delattr(os, "openpty", raising=False)

    assert marks.has_terminal() is False


def test_without_prctl_there_is_no_prctl(monkeypatch):
    monkeypatch.setattr(sandbox, "_prctl", lambda option, value: -1)  # what the sandbox answers off Linux

    assert marks.has_prctl() is False


def test_where_chmod_keeps_no_bits_there_are_no_posix_permissions(monkeypatch):
    monkeypatch.setattr(os, "chmod", lambda path, mode, **kwargs: None)  # Windows keeps only a read-only flag

    assert marks.has_posix_modes() is False
    assert marks.has_enforced_permissions() is False


def test_where_a_read_only_folder_takes_files_permissions_are_not_enforced(monkeypatch):
    write_bytes = Path.write_bytes
    monkeypatch.setattr(marks, "has_posix_modes", lambda: True)

    def as_root(self, data):
        os.chmod(self.parent, 0o755)  # root writes wherever it likes
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", as_root)

    assert marks.has_enforced_permissions() is False


def test_without_the_privilege_to_link_there_are_no_symlinks(monkeypatch):
    def refused(*args, **kwargs):
        raise OSError(1314, "A required privilege is not held by the client")

    monkeypatch.setattr(os, "symlink", refused)

    assert marks.can_symlink() is False


def test_without_bash_or_without_running_a_script_by_its_first_line_there_is_no_posix_shell(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert marks.can_run_posix_shell_scripts() is False

    monkeypatch.setattr(shutil, "which", lambda name: "bash")

    def not_a_program(*args, **kwargs):
        raise OSError(193, "%1 is not a valid Win32 application")

    monkeypatch.setattr(subprocess, "run", not_a_program)
    assert marks.can_run_posix_shell_scripts() is False


def test_a_null_read_that_raises_instead_of_crashing_is_no_crash(monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: subprocess.CompletedProcess(command, 1))
    assert marks.can_crash_on_a_null_read() is False  # Windows: OSError in the child, exit code 1

    monkeypatch.delattr(signal, "SIGSEGV", raising=False)
    assert marks.can_crash_on_a_null_read() is False
