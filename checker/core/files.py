"""Write a file whole or not at all: the progress file and a grade's reports."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path

from checker.core.limits import FILE_HELD_SECONDS, RETRY_PAUSE_SECONDS

__all__ = ["HELD", "atomic_write_text", "replace_file"]

HELD = (
    "{path} could not be replaced: another program holds it open, such as an editor, a virus scanner "
    "or OneDrive. It was left as it was; close that program and run the command again"
)


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to a temporary file beside `path`, then rename it over `path`.

    A reader sees the old file or the new one, never half of one; a link planted under
    `path`'s name is replaced, not followed; a failure leaves no temporary file behind.
    """
    import tempfile  # here, not at the top: `kata list` only reads, and must start fast

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # errors="replace": a learner's message may hold a lone surrogate, which UTF-8 cannot.
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before the rename, so a crash cannot leave it empty
        os.chmod(temporary, 0o644)  # mkstemp makes it private; CI tools that collect reports must read it
        replace_file(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def replace_file(source: str | Path, target: Path) -> None:
    """`os.replace(source, target)`, tried again for a moment while `target` is held open.

    Windows refuses to rename over a file another process has open (PermissionError), and
    an editor, a virus scanner or OneDrive often has it open for a moment only. When it stays
    held, the PermissionError says which file and that it was left as it was (HELD).
    """
    deadline = time.monotonic() + FILE_HELD_SECONDS
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError as error:
            if time.monotonic() >= deadline:
                raise PermissionError(errno.EACCES, HELD.format(path=target), str(target)) from error
            time.sleep(RETRY_PAUSE_SECONDS)
