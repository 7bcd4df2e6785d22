"""Skip marks for tests that need a POSIX or Linux facility, each found by looking for it.

CI runs the suite on Linux, macOS and Windows. A test that itself needs a facility some
platform lacks (os.fork, /proc, process groups and signals, prctl, fcntl, a terminal,
enforced file permissions, a POSIX shell) takes the mark for it and is skipped there,
with a reason that says what is missing. What runs through the public `kata` path takes
no mark: off Linux it runs on the portable backend (checker/runner/process/capabilities.py).

Every mark is built from a small condition function (True: the facility is here), so
that tests/test_platform_marks.py can check what they answer on this machine and under a
simulated absence. The conditions are feature tests, never `sys.platform` guesses: an
attribute, a file, an import, or a probe that tries the thing in a scratch folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from checker.grading import sandbox
from checker.runner.process import capabilities

__all__ = [
    "can_crash_on_a_null_read",
    "can_fork",
    "can_run_posix_shell_scripts",
    "can_symlink",
    "has_enforced_permissions",
    "has_fcntl",
    "has_fork_backend",
    "has_posix_modes",
    "has_posix_signals",
    "has_prctl",
    "has_proc",
    "has_proc_children",
    "has_terminal",
    "needs_chmod_permissions",
    "needs_crashing_null_read",
    "needs_enforced_permissions",
    "needs_fcntl",
    "needs_fork",
    "needs_fork_backend",
    "needs_posix_shell",
    "needs_posix_signals",
    "needs_prctl",
    "needs_proc",
    "needs_proc_children",
    "needs_symlinks",
    "needs_terminal",
]

PROBE_SECONDS = 60.0


# -- the conditions ---------------------------------------------------------------------


def can_fork() -> bool:
    """os.fork exists, and forking a process that imported torch is safe here (not on macOS)."""
    return hasattr(os, "fork") and not capabilities.fork_unsafe()


def has_fork_backend() -> bool:
    """The platform offers the checker's fork path: fork, fd passing, pass_fds, /proc children, process groups."""
    return capabilities.detect().fork_backend


def has_proc() -> bool:
    """Linux's /proc is mounted."""
    return Path("/proc/self/status").exists()


def has_proc_children() -> bool:
    """/proc lists each thread's children (what family.py walks); some kernels and sandboxes lack it."""
    return has_proc() and capabilities.detect().proc_tree


def has_posix_signals() -> bool:
    """Process groups and the signals a kill uses: os.killpg and signal.SIGKILL."""
    return hasattr(os, "killpg") and hasattr(signal, "SIGKILL")


def has_fcntl() -> bool:
    try:
        import fcntl  # noqa: F401
    except ImportError:
        return False
    return True


def has_terminal() -> bool:
    """A pseudo-terminal to open (os.openpty) and termios to set its mode."""
    try:
        import termios  # noqa: F401
    except ImportError:
        return False
    return hasattr(os, "openpty")


def has_prctl() -> bool:
    """Linux's prctl(2), as the grading sandbox calls it (-1 where there is none)."""
    return sandbox._prctl(sandbox._PR_GET_DUMPABLE, 0) >= 0


def has_posix_modes() -> bool:
    """os.chmod keeps the rwx bits it is given (Windows keeps only a read-only flag)."""
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / "probe"
        probe.write_bytes(b"")
        try:
            os.chmod(probe, 0o640)
            return stat.S_IMODE(probe.stat().st_mode) == 0o640
        except OSError:
            return False


def has_enforced_permissions() -> bool:
    """A folder without write permission refuses a new file: not on Windows, and not for root."""
    if not has_posix_modes():
        return False
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "read-only"
        folder.mkdir()
        os.chmod(folder, 0o555)
        try:
            (folder / "probe").write_bytes(b"")
        except PermissionError:
            return True
        except OSError:
            return False
        finally:
            os.chmod(folder, 0o755)
        return False


def can_symlink() -> bool:
    """Symbolic links can be made (Windows allows them only in developer mode or to administrators)."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            os.symlink(Path(scratch) / "target", Path(scratch) / "link")
        except (OSError, NotImplementedError, AttributeError):
            return False
    return True


def can_run_posix_shell_scripts() -> bool:
    """bash is on PATH and a script runs by its #! line (Windows runs neither .sh files nor #! lines)."""
    if shutil.which("bash") is None:
        return False
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "probe"
        script.write_bytes(b"#!/bin/sh\nexit 0\n")
        try:
            os.chmod(script, 0o755)
            return subprocess.run([str(script)], timeout=PROBE_SECONDS, capture_output=True).returncode == 0
        except (OSError, subprocess.SubprocessError):
            return False


def can_crash_on_a_null_read() -> bool:
    """Does reading address 0 through ctypes kill the process with SIGSEGV, as the crash tests expect?

    The tests' segfaults are `ctypes.string_at(0)`. On Windows ctypes catches the access
    violation and raises OSError instead, so no crash can be provoked that way there.
    """
    sigsegv = getattr(signal, "SIGSEGV", None)
    if sigsegv is None:
        return False
    with tempfile.TemporaryDirectory() as scratch:  # any core file lands in the scratch folder
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-S", "-c", "import ctypes; ctypes.string_at(0)"],
                cwd=scratch,
                capture_output=True,
                timeout=PROBE_SECONDS,
            )
        except (OSError, subprocess.SubprocessError):
            return False
    return done.returncode == -sigsegv


# -- the marks --------------------------------------------------------------------------


def _needs(condition, reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not condition(), reason=reason)


needs_fork = _needs(can_fork, "needs os.fork, safe after importing torch (not on Windows; unsafe on macOS)")
needs_fork_backend = _needs(
    has_fork_backend,
    "needs the checker's Linux fork path (os.fork, /proc children lists, process groups, descriptor passing)",
)
needs_proc = _needs(has_proc, "needs /proc (Linux only)")
needs_proc_children = _needs(has_proc_children, "needs /proc's children lists (Linux only)")
needs_posix_signals = _needs(has_posix_signals, "needs POSIX process groups and signals (os.killpg, SIGKILL)")
needs_fcntl = _needs(has_fcntl, "needs fcntl (POSIX only)")
needs_terminal = _needs(has_terminal, "needs a pseudo-terminal and termios (POSIX only)")
needs_prctl = _needs(has_prctl, "needs prctl(2) (Linux only)")
needs_chmod_permissions = _needs(has_posix_modes, "needs POSIX permission bits that os.chmod keeps (not on Windows)")
needs_enforced_permissions = _needs(
    has_enforced_permissions,
    "needs enforced file permissions: a read-only folder refuses files (not Windows, not root)",
)
needs_symlinks = _needs(can_symlink, "needs symbolic links (on Windows: developer mode or an administrator)")
needs_posix_shell = _needs(
    can_run_posix_shell_scripts, "needs a POSIX shell: bash, and scripts run by their #! line (not on Windows)"
)
needs_crashing_null_read = _needs(
    can_crash_on_a_null_read, "needs a null read through ctypes to die of SIGSEGV (Windows raises OSError instead)"
)
