"""What a learner's code printed: the start and the last lines kept, the rest counted.

Printing never decides a verdict and never stops a worker, however much of it there is.
The judge drains everything a worker prints and keeps only the start (where the first
clue usually is) and the last lines (what was printed just before a hang or a crash);
the bytes in between are counted and discarded, so holding a flood costs a few KiB.
"""

from __future__ import annotations

from checker.core.limits import PRINTED_START_BYTES, PRINTED_START_LINES, PRINTED_TAIL_BYTES, PRINTED_TAIL_LINES

__all__ = ["Printed", "size_text"]

CUT_MARKER = "[... {size} cut ...]"
CUT_SENTENCE = "Your code printed {size}; the start and the last lines are shown below."


def size_text(count: int) -> str:
    """A byte count as a person reads it: 812 bytes, 3.4 KiB, 20.1 MiB."""
    if count < 1024:
        return f"{count} bytes" if count != 1 else "1 byte"
    if count < 1024**2:
        return f"{count / 1024:.1f} KiB"
    return f"{count / 1024**2:.1f} MiB"


class Printed:
    """The output of one worker or one case: `add` chunks as they come, then `text()`.

    Not thread-safe: the worker's drain thread and the judge share one under a lock.
    """

    def __init__(self) -> None:
        self.total = 0  # bytes printed, kept or not
        self._start = bytearray()
        self._start_closed = False  # later bytes go to the tail (the start is full, or a gap follows it)
        # The latest bytes after the start: between PRINTED_TAIL_BYTES and twice that, trimmed now
        # and then rather than on every chunk (a drain may bring a million tiny ones).
        self._tail = bytearray()
        self._before_tail: int | None = None  # the byte just before the tail: did a line end there?
        self._last: int | None = None  # the last byte added

    def add(self, chunk: bytes) -> None:
        if not chunk:
            return
        last = chunk[-1]
        self.total += len(chunk)
        if not self._start_closed:
            room = PRINTED_START_BYTES - len(self._start)
            self._start += chunk[:room]
            self._start_closed = len(self._start) >= PRINTED_START_BYTES
            if self._start_closed:
                self._last = self._start[-1]
            chunk = chunk[room:]
        if chunk:
            if not self._tail:
                self._before_tail = self._last
            self._tail += chunk
            if len(self._tail) > 2 * PRINTED_TAIL_BYTES:
                excess = len(self._tail) - PRINTED_TAIL_BYTES
                self._before_tail = self._tail[excess - 1]
                del self._tail[:excess]
        self._last = last

    @property
    def cut(self) -> int:
        """Bytes neither in the kept start nor in the kept tail (before `text()` trims lines)."""
        return self.total - len(self._start) - len(self._tail)

    def extend(self, other: Printed) -> None:
        """Append what `other` kept, counting what it cut (a case whose worker was replaced)."""
        self.add(bytes(other._start))
        if other.cut:
            # What follows no longer joins the tail kept so far: that tail is cut too.
            self.total += other.cut
            self._start_closed = True
            self._tail.clear()
            self._last = other._before_tail
        self.add(bytes(other._tail))

    def __bool__(self) -> bool:
        return self.total > 0

    def text(self) -> str:
        """The kept start, a marker saying how much was cut, and the last lines.

        With nothing cut this is what was printed, less trailing blank lines. Otherwise it
        opens with a sentence saying how much was printed, so the learner knows the middle
        is missing.
        """
        start, start_rest = _first_lines(bytes(self._start), PRINTED_START_LINES)
        tail, before = bytes(self._tail), self._before_tail
        joined = self.cut == 0 and len(tail) <= PRINTED_TAIL_BYTES
        if len(tail) > PRINTED_TAIL_BYTES:
            before, tail = tail[-PRINTED_TAIL_BYTES - 1], tail[-PRINTED_TAIL_BYTES:]
        if joined:  # the tail follows the start: one run of text after the start's lines
            after, whole = start_rest + tail, not start or start.endswith(b"\n")
        else:
            after, whole = tail, before is None or before == ord("\n")
        lines = after.splitlines(keepends=True)
        if not whole:
            lines = lines[1:]  # a fragment of a line whose start was cut
        kept = b"".join(lines[-PRINTED_TAIL_LINES:])
        cut = self.total - len(start) - len(kept)
        if cut == 0:
            return (start + kept).decode("utf-8", "replace").rstrip()
        shown = start.decode("utf-8", "replace")
        if shown and not shown.endswith("\n"):
            shown += "\n"
        marker = CUT_MARKER.format(size=size_text(cut))
        sentence = CUT_SENTENCE.format(size=size_text(self.total))
        return f"{sentence}\n{shown}{marker}\n{kept.decode('utf-8', 'replace')}".rstrip()


def _first_lines(data: bytes, count: int) -> tuple[bytes, bytes]:
    """`data` split after its first `count` lines: (those lines, the rest)."""
    end = -1
    for _ in range(count):
        end = data.find(b"\n", end + 1)
        if end < 0:
            return data, b""
    return data[: end + 1], data[end + 1 :]
