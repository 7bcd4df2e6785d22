"""Plain words for a graded kata, shared by every grade report and by the terminal."""

from __future__ import annotations

import textwrap

from checker.core.limits import MAX_PROBLEM_TEXT as _MAX_PROBLEM
from checker.core.results import CaseResult, GradeResult, KataResult, Status
from checker.report.check.causes import group_causes, reason
from checker.report.check.text import case_block, case_tally, warning_line
from checker.report.style import Style

__all__ = [
    "case_text",
    "first_problem",
    "kata_label",
    "kata_text",
    "kata_verdict",
    "note_lines",
    "problems",
    "tally",
    "terminal_report",
]

_PLAIN = Style(False)
_VERDICT = {Status.PASSED: "passed", Status.NOT_STARTED: "not started", Status.FAILED: "failed"}


def kata_label(kata: KataResult) -> str:
    return f"{kata.id} {kata.name}"


def kata_verdict(kata: KataResult) -> str:
    return _VERDICT[kata.status]


def tally(kata: KataResult) -> str:
    return case_tally(kata, skipped_why=" (need CUDA)")


def case_text(case: CaseResult, same_as: CaseResult | None = None) -> str:
    """One case with everything the judge said about it, without colour or indent."""
    return textwrap.dedent(case_block(case, _PLAIN, detailed=True, same_as=same_as)).strip("\n")


def kata_text(kata: KataResult) -> str:
    """A kata's verdict and every case, each cause of failure explained once, at its first case."""
    lines = [f"{kata_label(kata)}: {kata_verdict(kata)}, {tally(kata)}, {kata.score:g} of {kata.points} points"]
    first_of = {id(case): cause for cause in group_causes(kata.cases) for case in cause.cases}
    for case in kata.cases:
        cause = first_of.get(id(case))
        if cause is None or cause.first is case:
            lines.append(case_text(case))
            if cause is not None and cause.others:
                lines.append(f"also in: {', '.join(other.name for other in cause.others)}")
        else:
            lines.append(case_text(case, same_as=cause.first))
    return "\n".join(lines)


def problems(kata: KataResult) -> list[str]:
    """Each cause of failure in one line: its first case, the reason and the other cases it covers."""
    lines = []
    for cause in group_causes(kata.cases):
        also = f" (also in: {', '.join(case.name for case in cause.others)})" if cause.others else ""
        text = f"{cause.first.name}: {reason(cause.first)}{also}"
        lines.append(text if len(text) <= _MAX_PROBLEM else text[: _MAX_PROBLEM - 4] + " ...")
    return lines


def first_problem(kata: KataResult) -> str:
    """The first cause of failure in one line ("" when all passed)."""
    return next(iter(problems(kata)), "")


def note_lines(kata: KataResult) -> list[str]:
    """Each distinct note of a kata in one line, "case: advice. Fix", first case that got it named."""
    seen: dict[str, str] = {}
    for case in kata.cases:
        for note in case.notes:
            seen.setdefault(note.code, f"{case.name}: {note.title} {note.fix}")
    return list(seen.values())


def terminal_report(grade: GradeResult, style: Style) -> str:
    """The table `kata grade` prints when it is done."""
    colour = {Status.PASSED: style.green, Status.FAILED: style.red, Status.NOT_STARTED: style.dim}
    lines = []
    for kata in grade.katas:
        verdict = colour[kata.status](f"{kata_verdict(kata):<12}")
        lines.append(
            f"  {kata_label(kata):<32} {verdict} {kata.passed:>3}/{len(kata.counted):<3}"
            f" {kata.score:>6g} / {kata.points}"
        )
        lines += [f"    {style.yellow('note')} {line}" for line in note_lines(kata)]
    lines.append(style.bold(f"Score: {grade.score:g} / {grade.max_score} ({grade.percent:g}%)"))
    lines.append(style.dim(f"Seed {grade.run.seed}: `kata grade --seed {grade.run.seed}` replays these hidden cases."))
    if grade.run.skipped:
        lines.append(f"{grade.run.skipped} case(s) skipped: they need CUDA and this machine has no GPU.")
    lines += [warning_line(warning, style) for warning in grade.warnings]
    if grade.failure:
        lines.append(style.red(f"Grading did not finish: {grade.failure}"))
    return "\n".join(lines)
