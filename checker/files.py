"""Write a file whole or not at all: the progress file and a grade's reports."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["atomic_write_text"]


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
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
