"""The lines `kata grade-class` shows while it runs: a bar on a terminal, one plain line per student elsewhere."""

from __future__ import annotations

import time
from collections.abc import Callable

from checker.core.limits import PROGRESS_BAR_WIDTH
from checker.core.results import RowStatus

__all__ = ["ClassProgress", "progress_bar", "student_line"]

# On a terminal the bar is one line rewritten in place: back to its start, then clear it.
_REWRITE_LINE = "\r\033[K"

_ROW_WORDS = {
    RowStatus.GRADED: "graded",
    RowStatus.ERROR: "could not be graded",
    RowStatus.MISSING: "missing",
    RowStatus.INTERRUPTED: "not graded",
}


def progress_bar(
    done: int, total: int, eta_seconds: float | None, current: list[str], width: int = PROGRESS_BAR_WIDTH
) -> str:
    """`[#######.....] 7/20  ETA 1m05s  grading alice, bob` (one terminal line, no newline)."""
    filled = round(width * done / total) if total else width
    eta = f"  ETA {_duration(eta_seconds)}" if eta_seconds is not None and done < total else ""
    grading = f"  grading {', '.join(current)}" if current else ""
    return _printable(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}{eta}{grading}")


def student_line(
    done: int, total: int, student: str, status: str, score: float, max_score: int, message: str, skipped: bool = False
) -> str:
    """`[3/20] alice: graded 45/100` or `[4/20] bob.zip: not_a_zip (...)`: one finished row."""
    if status == RowStatus.GRADED:
        what = f"{'already graded' if skipped else 'graded'} {score:g}/{max_score}"
    else:
        what = f"{_ROW_WORDS.get(status, status)}: {' '.join(message.split())[:160]}"
    return _printable(f"[{done}/{total}] {student}: {what}")


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _printable(text: str) -> str:
    """Ids and messages come from submissions: no control characters reach the terminal."""
    return "".join(char if char.isprintable() else "?" for char in text)


class ClassProgress:
    """What `grade-class` shows for each event of the run (`grade_class`'s `on_event`).

    On a terminal (`bar`): each finished student's line above a bar with an ETA, rewritten in
    place. Elsewhere (a log, CI): one plain line per student graded in this run, or not graded.
    `write(text, newline)` writes to the instructor's stderr; `fit` fits a line to its encoding.
    """

    def __init__(
        self, write: Callable[[str, bool], None], fit: Callable[[str], str], bar: bool, clock=time.monotonic
    ) -> None:
        self.write, self.fit, self.bar, self.clock = write, fit, bar, clock
        self.grading: list[str] = []  # students being graded now
        self.finished: list[float] = []  # when each student graded in this run finished
        self.started = clock()

    def __call__(self, event) -> None:
        if event.kind == "start":
            self.grading.append(event.student)
        else:
            self._finished(event)
        if self.bar:
            bar = progress_bar(event.done, event.total, self._eta(event.total - event.done), self.grading)
            self.write(_REWRITE_LINE + bar, False)

    def close(self) -> None:
        """Take the bar away, so the summary starts on a clean line."""
        if self.bar:
            self.write(_REWRITE_LINE, False)

    def _finished(self, event) -> None:
        fresh = event.student in self.grading
        if fresh:
            self.grading.remove(event.student)
            self.finished.append(self.clock())
        record = event.record
        line = self.fit(  # the message may quote what a learner's code raised: fitted like every other line
            student_line(
                event.done, event.total, event.student, record.status, record.score, record.max_score,
                record.message, skipped=not fresh,
            )
        )  # fmt: skip
        if self.bar:
            self.write(_REWRITE_LINE + line, True)
        elif fresh or record.status != RowStatus.GRADED:  # plain lines: the students already graded stay quiet
            self.write(line, True)

    def _eta(self, remaining: int) -> float | None:
        """The pace of this run's students so far, times the students still to finish."""
        if not self.finished:
            return None
        return (self.finished[-1] - self.started) / len(self.finished) * remaining
