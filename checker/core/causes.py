"""When two failed cases share one cause: the key reports group by and suspect searches share.

Two failed cases share a cause when they name the same mistake, or (with no mistake named)
when they failed the same way: the same status and message, numbers aside, and for an
exception the same line of the learner's code (its `where`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.core.statuses import Status

if TYPE_CHECKING:
    from checker.core.results import CaseResult

__all__ = ["cause_key", "without_numbers"]

_NUMBER = re.compile(r"-?\d+(\.\d+)?(e[-+]?\d+)?")


def without_numbers(text: str) -> str:
    """The text with every number written as `#`: messages that differ only in their numbers match."""
    return _NUMBER.sub("#", text)


def cause_key(case: CaseResult) -> tuple[str, ...]:
    """What makes two failures the same cause (see the module docstring)."""
    if case.mistake is not None:
        return ("mistake", case.mistake.code)
    where = case.details.get("where", "") if case.status is Status.ERROR else ""
    return (case.status.value, without_numbers(case.message), where)
