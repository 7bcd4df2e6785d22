"""Failed cases grouped by what caused them, so each cause is explained once.

Two failed cases share a cause when they name the same mistake, or (with no mistake
named) when they failed the same way: the same status and message (numbers aside) and,
for an exception, the same line of the learner's code. Reports explain a cause at its
first case and list the other cases it covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.core.causes import cause_key
from checker.core.limits import MAX_REASON_TEXT as _MAX_REASON
from checker.core.statuses import Status

if TYPE_CHECKING:
    from checker.core.results import CaseResult

__all__ = ["Cause", "CauseLog", "cause_key", "group_causes", "is_failure", "reason"]


@dataclass
class Cause:
    """One reason for failing, the case that explains it and the other cases it covers."""

    first: CaseResult
    others: list[CaseResult] = field(default_factory=list)

    @property
    def cases(self) -> list[CaseResult]:
        return [self.first, *self.others]


def is_failure(case: CaseResult) -> bool:
    return case.status not in (Status.PASSED, Status.SKIPPED)


def reason(case: CaseResult) -> str:
    """A failure's reason in one line: the mistake's title when one is named, else the message."""
    text = case.mistake.title if case.mistake is not None else case.message
    flat = " ".join(text.split()) or case.status.value
    return flat if len(flat) <= _MAX_REASON else flat[: _MAX_REASON - 4] + " ..."


class CauseLog:
    """The causes met so far in one kata, in the order their first cases came."""

    def __init__(self) -> None:
        self._causes: dict[tuple[str, ...], Cause] = {}

    def add(self, case: CaseResult) -> Cause | None:
        """Record a failed case; return the cause it shares with an earlier case, or None if it is new."""
        key = cause_key(case)
        known = self._causes.get(key)
        if known is not None:
            known.others.append(case)
            return known
        self._causes[key] = Cause(case)
        return None

    @property
    def causes(self) -> list[Cause]:
        return list(self._causes.values())


def group_causes(cases: list[CaseResult]) -> list[Cause]:
    """The failed cases among `cases`, grouped by cause, in order of first appearance."""
    log = CauseLog()
    for case in cases:
        if is_failure(case):
            log.add(case)
    return log.causes
