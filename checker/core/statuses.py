"""The one status vocabulary: a case's, a kata's standing, a student's row. Enums only, so it loads at once.

`results.py` re-exports them beside the result types; `kata list` reads progress with
these alone, without the result dataclasses.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["BAD_INPUT", "KATA_VERDICTS", "RowStatus", "Status"]


class Status(str, Enum):
    PASSED = "passed"
    FAILED = "failed"  # wrong answer
    ERROR = "error"  # the learner's code raised, or the file cannot be loaded
    NOT_STARTED = "not_started"  # the stub's NotImplementedError is still there
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    EXITED = "exited"
    OUTPUT_LIMIT = "output_limit"
    MEMORY_LIMIT = "memory_limit"
    SKIPPED = "skipped"
    # The checker itself could not run the case (a worker that cannot start on this platform,
    # a spec that broke): never the learner's fault, never a pass, and the run is incomplete.
    CHECKER_ERROR = "checker_error"


# What a kata's standing can be (progress, `kata list`): the verdict of its latest check.
KATA_VERDICTS = (Status.NOT_STARTED, Status.FAILED, Status.PASSED)


class RowStatus(str, Enum):
    """A student's row in a class run (gradebook.csv, the class report): graded, or why not.

    A row's cases carry `Status`; this says whether there were cases to carry at all.
    """

    GRADED = "graded"
    ERROR = "error"  # grading did not complete: the checker's trouble (a job died), never a score
    MISSING = "missing"  # on the roster, no submission
    INTERRUPTED = "interrupted"  # Ctrl-C came before this student
    # The submission itself could not be graded as it was handed in:
    EMPTY = "empty"
    NOT_A_ZIP = "not_a_zip"
    UNSAFE_ZIP = "unsafe_zip"
    NO_KATAS = "no_katas"
    UNSAFE_LINK = "unsafe_link"
    DUPLICATE_ID = "duplicate_id"
    TOO_LARGE = "too_large"
    # Under a deadline (grading/on_time.py):
    TOO_LATE = "too_late"  # no work at or before the student's deadline (or the late cutoff)
    NO_HISTORY = "no_history"  # not a git checkout, so its work cannot be dated

    def __str__(self) -> str:  # the word itself in CSV cells and messages, on every Python version
        return self.value


BAD_INPUT = frozenset(
    {
        RowStatus.EMPTY,
        RowStatus.NOT_A_ZIP,
        RowStatus.UNSAFE_ZIP,
        RowStatus.NO_KATAS,
        RowStatus.UNSAFE_LINK,
        RowStatus.DUPLICATE_ID,
        RowStatus.TOO_LARGE,
        RowStatus.NO_HISTORY,
    }
)
