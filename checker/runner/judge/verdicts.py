"""Exceptions a spec raises (or the session raises for it) to give a case its verdict, and notes.

A note is advice on a passing case (code that is right here but fragile): a spec, a
helper or the session calls `note(mistake)` while the case runs; the plugin takes the
notes when the case is recorded. Notes never change a verdict.
"""

from __future__ import annotations

from checker.core.mistakes import Mistake
from checker.core.results import Status

__all__ = ["CaseProblem", "WrongAnswer", "clear_notes", "note", "take_notes"]

_notes: list[Mistake] = []  # the current case's notes, in the judge (one case runs at a time)


class CaseProblem(Exception):
    """A case did not pass; `status` says how, `details` hold call/got/expected/where.

    `probes` are the worker's counters when the learner's code raised (how often autograd
    ran before the error, see runner/worker/probes.py): a spec may read them to name the error.
    """

    def __init__(
        self,
        status: Status,
        message: str,
        *,
        mistake: Mistake | None = None,
        details: dict[str, str] | None = None,
        probes: dict[str, int] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.mistake = mistake
        self.details = details or {}
        self.probes = probes or {}


class WrongAnswer(CaseProblem, AssertionError):
    """The learner's code answered, and the answer is wrong."""

    def __init__(self, message: str, *, mistake: Mistake | None = None, details: dict[str, str] | None = None):
        super().__init__(Status.FAILED, message, mistake=mistake, details=details)


def note(mistake: Mistake) -> None:
    """Attach advice to the case that is running; shown only if it passes, once per code."""
    if all(known.code != mistake.code for known in _notes):
        _notes.append(mistake)


def take_notes() -> tuple[Mistake, ...]:
    """The current case's notes, leaving none behind for the next case."""
    taken = tuple(_notes)
    _notes.clear()
    return taken


def clear_notes() -> None:
    """Forget notes left by a case that never reached its report (called as each case starts)."""
    _notes.clear()
