"""What this platform offers the runner, found by looking (never guessed from `sys.platform`).

Two process backends run a learner's code:

* "fork" (Linux): a zygote forks each worker with torch already imported and hands it
  its pipes over a Unix socket (zygote.py, warm.py); the judge reads the worker's
  family from `/proc` (family.py) and kills process groups.
* "portable" (Windows, macOS, anything else): each worker is a fresh Python process
  that talks over its own stdin and stdout, started one ahead so that a case never waits
  for a cold `import torch`; its process tree is watched and ended with psutil.

`KATA_BACKEND=portable` picks the portable path where the fork path would work too (the
project's tests run it on Linux so that it stays honest); `KATA_BACKEND=fork` asks for
the fork path and falls back with a reason where it cannot run.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from functools import cache

__all__ = ["BACKEND_VARIABLE", "Capabilities", "Limit", "backend", "detect", "enforced_limits", "fork_unsafe"]

BACKEND_VARIABLE = "KATA_BACKEND"
_BACKENDS = ("auto", "fork", "portable")


@dataclass(frozen=True)
class Capabilities:
    """The pieces the runner may use on this machine."""

    fork: bool  # os.fork exists
    fd_passing: bool  # Unix sockets that carry file descriptors, in whole messages (the zygote's control)
    pass_fds: bool  # subprocess can hand a child more descriptors than stdin, stdout and stderr
    proc_tree: bool  # /proc lists each thread's children (the fast family watch)
    process_groups: bool  # os.killpg and signal.SIGKILL: one kill takes a whole group
    psutil: bool  # psutil imports: process trees, memory, suspend and kill everywhere
    windows: bool  # the Windows-only pieces (a Job Object per worker) can be used

    @property
    def fork_backend(self) -> bool:
        """Can the fork path run here at all?"""
        return self.fork and self.fd_passing and self.pass_fds and self.proc_tree and self.process_groups


@dataclass(frozen=True)
class Limit:
    """One limit `kata doctor` reports: is it enforced here, and how (or why not)."""

    name: str
    enforced: bool | None  # None: not a limit at all (output), so neither enforced nor missing
    how: str


def detect() -> Capabilities:
    """Look at what this process can do now (cheap: a few attribute and file lookups)."""
    return Capabilities(
        fork=hasattr(os, "fork"),
        fd_passing=all(hasattr(socket, name) for name in ("AF_UNIX", "SOCK_SEQPACKET", "send_fds", "recv_fds")),
        pass_fds=_subprocess_passes_fds(),
        proc_tree=os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"),
        process_groups=hasattr(os, "killpg") and hasattr(signal, "SIGKILL"),
        psutil=_psutil_importable(),
        windows=sys.platform == "win32",
    )


def backend(capabilities: Capabilities | None = None) -> str:
    """The backend this run uses: "fork" where it can run and is not switched off, else "portable"."""
    capabilities = capabilities or detect()
    wanted = os.environ.get(BACKEND_VARIABLE, "auto").strip().lower() or "auto"
    if wanted not in _BACKENDS:
        wanted = "auto"
    if wanted == "portable" or not capabilities.fork_backend:
        return "portable"
    return "fork"


def fork_unsafe() -> bool:
    """Is forking a process that imported torch unsafe here, even where os.fork exists?

    macOS: Apple's system libraries (Accelerate, Objective-C runtime) may abort a child
    forked after they were loaded, and torch loads them; Python itself defaults to spawn there.
    """
    return not hasattr(os, "fork") or sys.platform == "darwin"


def enforced_limits(capabilities: Capabilities | None = None) -> list[Limit]:
    """What stops a learner's code on this machine, limit by limit (for `kata doctor`)."""
    from checker.core.limits import MAX_WORKER_PROCESSES, MEMORY_BYTES

    capabilities = capabilities or detect()
    chosen = backend(capabilities)
    watched = (chosen == "fork" and capabilities.proc_tree) or capabilities.psutil
    watcher = "/proc" if chosen == "fork" else "psutil"
    missing = "psutil is missing: pip install psutil"
    return [
        Limit("time", True, "each case has its limit; the worker is killed when it runs past it"),
        Limit(
            "memory",
            watched,
            f"{MEMORY_BYTES / 1024**3:.0f} GiB for the worker and its children, watched with {watcher}"
            if watched
            else missing,
        ),
        Limit(
            "processes",
            watched,
            f"at most {MAX_WORKER_PROCESSES - 1} processes besides the worker, counted with {watcher}"
            if watched
            else missing,
        ),
        Limit("output", None, "never a limit: the start and the last lines of what a case printed are kept"),
    ]


@cache
def _psutil_importable() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


def _subprocess_passes_fds() -> bool:
    # Windows' Popen refuses pass_fds ("pass_fds not supported on Windows."); POSIX's takes it.
    return not getattr(subprocess, "_mswindows", False) and os.name == "posix"
