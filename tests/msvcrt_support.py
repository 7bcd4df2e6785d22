"""A stand-in for Windows' msvcrt, so that the Windows paths run on any machine.

Install it with `windows(monkeypatch)`: fcntl, termios and tty then fail to import, as
on Windows, and `import msvcrt` gives the fake. It offers what the checker uses: the
console's keys (kbhit, getwch) and byte-range locks (locking).
"""

from __future__ import annotations

import errno
import os
import sys

__all__ = ["FakeMsvcrt", "windows"]


class FakeMsvcrt:
    """msvcrt as Windows has it: keys pressed from `keys`, a lock that one opener holds at a time."""

    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self, keys: str = "") -> None:
        self.keys = list(keys)  # codes getwch gives, in order ("\xe0" then "H" is an arrow key)
        self.holder: int | None = None  # the descriptor holding the locked byte
        self.calls: list[tuple[int, int, int]] = []  # each locking call: (mode, position, bytes)

    def kbhit(self) -> bool:
        return bool(self.keys)

    def getwch(self) -> str:
        return self.keys.pop(0)

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        self.calls.append((mode, os.lseek(fd, 0, os.SEEK_CUR), nbytes))
        if mode == self.LK_UNLCK:
            self.holder = None
        elif self.holder is not None:
            raise OSError(errno.EACCES, "Permission denied")  # LK_NBLCK refuses at once
        else:
            self.holder = fd


def windows(monkeypatch, fake: FakeMsvcrt | None) -> FakeMsvcrt | None:
    """Take the POSIX modules away as Windows lacks them; `import msvcrt` gives `fake` (None: missing too)."""
    for name in ("fcntl", "termios", "tty"):
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    return fake
