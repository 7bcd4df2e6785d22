"""Start a checker module as a clean-environment process in its own group, and kill such a group.

Both kinds of process the judge starts, a cold worker (process.py) and a zygote (warm.py),
start the same way: `python -I -u -m MODULE`, with only harmless environment variables,
a scratch folder as cwd, HOME and TMPDIR, and a new session, so that a kill of the group
takes every child the learner's code started, and Ctrl-C in the terminal reaches only
the judge. The zygote kills its forked workers' groups with the same helper.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import IO

from checker.runner.process import windows

__all__ = ["clean_environment", "kill_group", "launch_clean", "share_cores", "worker_threads"]

# Variables a worker may see; everything else (tokens, secrets, PYTHONPATH) stays out.
_ENV_ALLOWED = (
    "PATH",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "CUDA_VISIBLE_DEVICES",
    "LD_LIBRARY_PATH",
    # Windows cannot start Python (or torch's DLLs) without these.
    "SYSTEMROOT",
    "SYSTEMDRIVE",
    "WINDIR",
    "COMSPEC",
    "PATHEXT",
)

# How many judges run side by side in this machine (grade-class: one per job); they share the cores.
_side_by_side = 1

# Where a launched process's output goes: a file descriptor, a file, or subprocess.DEVNULL.
Output = int | IO[bytes]


def clean_environment() -> dict[str, str]:
    """The environment of a worker or zygote: the allowed variables, and settings of our own."""
    env = {key: os.environ[key] for key in _ENV_ALLOWED if key in os.environ}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env["OMP_NUM_THREADS"] = str(worker_threads())
    return env


def share_cores(judges: int) -> None:
    """Say that `judges` judges run side by side: workers started from now on get their share of the cores.

    More busy threads than cores is ruinous for torch: OpenMP threads spin while they wait
    for each other, and two jobs of two threads each on two cores made a 0.6 s kata take 12 s.
    """
    global _side_by_side
    _side_by_side = max(1, judges)


def worker_threads() -> int:
    """Threads for one worker's torch (and a judge's): its share of the cores, at least 1 and at most 4."""
    return max(1, min(4, (os.cpu_count() or 1) // _side_by_side))


def launch_clean(
    module: str,
    args: list[str],
    home: str,
    output: Output,
    pass_fds: tuple[int, ...] = (),
    *,
    stdin: Output = subprocess.DEVNULL,
    stdout: Output | None = None,
) -> subprocess.Popen:
    """Run `python -I -u -m module *args` in `home`, with a clean environment, in a new session.

    `output` takes stderr, and stdout too unless `stdout` is given (the portable worker's replies).
    """
    env = clean_environment()
    env["HOME"] = env["TMPDIR"] = home
    if sys.platform == "win32":
        env["USERPROFILE"] = home  # Windows' HOME
        env["TEMP"] = env["TMP"] = home
    return subprocess.Popen(
        # -u: -I ignores PYTHONUNBUFFERED, and a print just before a crash must not be lost.
        [sys.executable, "-I", "-u", "-m", module, *args],
        stdin=stdin,
        stdout=output if stdout is None else stdout,
        stderr=output,
        pass_fds=pass_fds,
        cwd=home,
        env=env,
        # Its own process group, so a kill takes its children too, and Ctrl-C in the
        # terminal reaches the judge, not the worker or the zygote (ignored on Windows,
        # where the creation flags below do it).
        start_new_session=True,
        creationflags=windows.CREATION_FLAGS,
    )


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by `pid`; one already gone (or not ours) is no error.

    Where there are no process groups (Windows), the tree kill (portable_family) and the
    worker's Job Object do this job instead.
    """
    killpg, sigkill = getattr(os, "killpg", None), getattr(signal, "SIGKILL", None)
    if killpg is None or sigkill is None:
        return
    try:
        killpg(pid, sigkill)
    except OSError:  # ProcessLookupError: gone; PermissionError: the pid was reused
        pass
