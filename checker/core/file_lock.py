"""An exclusive lock across processes on a lock file: fcntl on POSIX, msvcrt on Windows.

The lock is chosen by what imports (fcntl, else msvcrt). Where neither does, no lock is
taken: the atomic replace still keeps the file whole, only two updates at the same
moment could lose one.
"""

from __future__ import annotations

import contextlib
import errno
import time
from collections.abc import Iterator
from pathlib import Path

from checker.core.limits import RETRY_PAUSE_SECONDS

__all__ = ["LOCK_HELD", "exclusive_lock"]

LOCK_HELD = (
    "{path} stayed locked for {seconds:g} s: another kata command is saving; "
    "if none is running, delete that file and run the command again"
)


@contextlib.contextmanager
def exclusive_lock(path: Path, seconds: float) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (made if missing) until the block ends.

    POSIX waits for it as long as it takes (another check holds it for milliseconds);
    Windows' lock does not wait, so it is tried again for `seconds`, then TimeoutError (LOCK_HELD).
    """
    try:
        import fcntl
    except ImportError:
        fcntl = None
    try:
        import msvcrt
    except ImportError:
        msvcrt = None
    if fcntl is None and msvcrt is None:
        yield
        return
    with open(path, "a+") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
            return
        _lock_region(msvcrt, lock, path, seconds)
        try:
            yield
        finally:
            lock.seek(0)  # msvcrt unlocks the bytes at the position, like it locked them
            msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)


def _lock_region(msvcrt, lock, path: Path, seconds: float) -> None:
    """Lock the lock file's first byte, trying again while another process holds it."""
    deadline = time.monotonic() + seconds
    while True:
        lock.seek(0)  # "a+" opens at the end: lock the same byte every process locks
        try:
            msvcrt.locking(lock.fileno(), msvcrt.LK_NBLCK, 1)
            return
        except OSError as error:
            if time.monotonic() >= deadline:
                message = LOCK_HELD.format(path=path, seconds=seconds)
                raise TimeoutError(errno.ETIMEDOUT, message, str(path)) from error
            time.sleep(RETRY_PAUSE_SECONDS)
