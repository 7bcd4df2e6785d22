"""Helpers for tests that build results by hand: a `KataResult` about a made-up kata."""

from __future__ import annotations

from checker.core.catalogue import Kata
from checker.core.results import CaseResult, KataResult


def made_up_kata(number: int, name: str, title: str, points: int) -> Kata:
    """A kata with just what results and reports read (the other fields are empty)."""
    return Kata(
        number=number, name=name, title=title, topics=(), entry_points=(), hints=(), points=points, time_limit=10.0
    )


def kata_result(number: int, name: str, title: str, points: int, cases: list[CaseResult] | None = None) -> KataResult:
    """What `KataResult(kata, cases)` gives for a made-up kata with these fields."""
    return KataResult(made_up_kata(number, name, title, points), list(cases or []))
