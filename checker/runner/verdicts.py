"""Exceptions a spec raises (or the session raises for it) to give a case its verdict."""

from __future__ import annotations

from checker.mistakes import Mistake
from checker.results import Status

__all__ = ["CaseProblem", "WrongAnswer"]


class CaseProblem(Exception):
    """A case did not pass; `status` says how, `details` hold call/got/expected/where."""

    def __init__(
        self,
        status: Status,
        message: str,
        *,
        mistake: Mistake | None = None,
        details: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.mistake = mistake
        self.details = details or {}


class WrongAnswer(CaseProblem, AssertionError):
    """The learner's code answered, and the answer is wrong."""

    def __init__(self, message: str, *, mistake: Mistake | None = None, details: dict[str, str] | None = None):
        super().__init__(Status.FAILED, message, mistake=mistake, details=details)
