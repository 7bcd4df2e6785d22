"""Run `kata` in this process with what Windows or macOS lacks taken away from it (the judge).

    python tests/simulate_platform.py windows check --all --reference
    python tests/simulate_platform.py macos grade --workspace DIR

Windows and macOS cannot run on this machine; what the checker may not use there can be
taken away here, so that the runner's choice of path (capabilities.py) and everything on
the portable path are tried for real on Linux:

* windows: no os.fork, killpg, getpgid, setsid; no SIGKILL or SIGSTOP; subprocess refuses
  pass_fds as Windows' does ("pass_fds not supported on Windows."); select() takes sockets
  only; no Unix sockets that pass descriptors; no fcntl, no termios; no /proc.
* macos: no /proc, and Unix sockets without SOCK_SEQPACKET.

Only the judge process is changed: the workers it starts are real Linux processes, and
`sys.platform` still says linux, so the Windows-only module (runner/process/windows.py) stays
asleep. psutil keeps its own reads of /proc (and os.sysconf), as it has native reads on
those platforms.
"""

from __future__ import annotations

import builtins
import os
import select
import signal
import socket
import subprocess
import sys

PLATFORMS = ("windows", "macos")


def _from_psutil() -> bool:
    """Is the caller psutil (two frames up: past the patched function)?"""
    frame = sys._getframe(2)
    return frame.f_globals.get("__name__", "").startswith("psutil")


def _no_proc(function, answer_false: bool = False):
    def without_proc(path, *args, **kwargs):
        text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
        if (text == "/proc" or text.startswith("/proc/")) and not _from_psutil():
            if answer_false:
                return False
            raise FileNotFoundError(2, "No such file or directory", text)
        return function(path, *args, **kwargs)

    return without_proc


def take_away_proc() -> None:
    os.path.exists = _no_proc(os.path.exists, answer_false=True)
    os.listdir = _no_proc(os.listdir)
    os.scandir = _no_proc(os.scandir)
    builtins.open = _no_proc(builtins.open)


def take_away_seqpacket() -> None:
    del socket.SOCK_SEQPACKET


def _psutil_keeps_its_signals() -> None:
    """psutil's Linux backend suspends and kills with SIGSTOP and SIGKILL; on Windows it has native calls."""
    import types

    import psutil

    psutil.signal = types.SimpleNamespace(**vars(signal))


def windows() -> None:
    for name in ("fork", "forkpty", "killpg", "getpgid", "getpgrp", "setsid", "setpgid", "set_blocking"):
        if hasattr(os, name):
            delattr(os, name)
    _psutil_keeps_its_signals()
    for name in ("SIGKILL", "SIGSTOP", "SIGCHLD"):
        if hasattr(signal, name):
            delattr(signal, name)
    for name in ("AF_UNIX", "SOCK_SEQPACKET", "send_fds", "recv_fds"):
        if hasattr(socket, name):
            delattr(socket, name)
    sys.modules["fcntl"] = None  # `import fcntl` raises ImportError, as on Windows
    sys.modules["termios"] = None

    original_popen_init = subprocess.Popen.__init__

    def popen_init(self, *args, pass_fds=(), **kwargs):
        assert not pass_fds, "pass_fds not supported on Windows."  # Windows' own words
        original_popen_init(self, *args, **kwargs)

    subprocess.Popen.__init__ = popen_init

    original_select = select.select

    def sockets_only(rlist, wlist, xlist, *timeout):
        for item in (*rlist, *wlist, *xlist):
            if not isinstance(item, socket.socket):
                raise OSError(10038, "An operation was attempted on something that is not a socket")
        return original_select(rlist, wlist, xlist, *timeout)

    select.select = sockets_only
    take_away_proc()


def macos() -> None:
    take_away_seqpacket()
    take_away_proc()


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in PLATFORMS:
        sys.exit(f"usage: simulate_platform.py {{{','.join(PLATFORMS)}}} KATA-ARGUMENTS...")
    import psutil  # noqa: F401 - loaded with its Linux backend first: elsewhere it has its own

    {"windows": windows, "macos": macos}[argv[0]]()
    from checker.cli import main as kata

    kata(argv[1:], prog_name="kata")


if __name__ == "__main__":
    main(sys.argv[1:])
