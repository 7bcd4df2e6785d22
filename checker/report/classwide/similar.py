"""The class report's section on similar work, as data both pages render: a sentence, the flagged pairs, notes.

The grading layer decides what the section says (grading/similarity_output.py); this module
and html.py only draw it, so the Markdown and the HTML page cannot say different things.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.report.grade.summary import markdown_cell

__all__ = ["SIMILAR_TITLE", "FlaggedPair", "SimilarWork", "similar_markdown"]

SIMILAR_TITLE = "Similar work"


@dataclass(frozen=True)
class FlaggedPair:
    """A pair that reached the threshold: its two students, its score, and its evidence in words."""

    student_a: str
    student_b: str
    score: float
    evidence: str


@dataclass(frozen=True)
class SimilarWork:
    """The section: the opening sentence, the flagged pairs (highest score first), then notes in order."""

    summary: str
    flagged: tuple[FlaggedPair, ...] = ()
    notes: tuple[str, ...] = ()


def similar_markdown(work: SimilarWork) -> list[str]:
    """The section as Markdown lines: its heading, the sentence, a table of the flagged pairs, the notes."""
    lines = [f"## {SIMILAR_TITLE}", "", work.summary]
    if work.flagged:
        lines += ["", "| students | score | evidence |", "|---|---:|---|"]
        lines += [
            f"| {markdown_cell(pair.student_a)} and {markdown_cell(pair.student_b)} | {pair.score:g} | "
            f"{markdown_cell(pair.evidence)} |"
            for pair in work.flagged
        ]
    for note in work.notes:
        lines += ["", note]
    return lines
