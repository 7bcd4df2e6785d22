"""The Markdown summary of a grade (`summary.md`, appended to $GITHUB_STEP_SUMMARY in CI)."""

from __future__ import annotations

import html
import re

from checker import __version__
from checker.core.results import GradeResult, KataResult, Status
from checker.report.grade.text import kata_label, kata_verdict, note_lines, problems, tally

__all__ = ["grade_to_markdown", "markdown_cell", "one_line"]

# An ANSI escape sequence (colour, cursor movement): noise once the text leaves the terminal.
_TERMINAL_CODE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_ICON = {Status.PASSED: "✅", Status.FAILED: "❌", Status.NOT_STARTED: "⬜"}


def grade_to_markdown(grade: GradeResult) -> str:
    lines = [
        f"## torch-katas grade: {grade.score:g} / {grade.max_score} ({grade.percent:g}%)",
        "",
        "| kata | status | cases | points |",
        "|---|---|---|---|",
    ]
    lines += [_row(kata) for kata in grade.katas]
    lines.append("")
    causes = [(kata, problem) for kata in grade.katas if kata.status is Status.FAILED for problem in problems(kata)]
    if causes:
        lines += ["### What to fix first", ""]
        lines += [f"* **{markdown_cell(kata_label(kata))}**: {markdown_cell(problem)}" for kata, problem in causes]
        lines += ["", "Run `kata check ID` on your machine to see each case in full.", ""]
    notes = [(kata, line) for kata in grade.katas for line in note_lines(kata)]
    if notes:
        lines += ["### Notes (advice on passing code; they do not change the score)", ""]
        lines += [f"* **{markdown_cell(kata_label(kata))}**: {markdown_cell(line)}" for kata, line in notes]
        lines.append("")
    if grade.warnings or grade.failure:
        lines += ["### Warnings", ""]
        lines += [f"* {markdown_cell(warning)}" for warning in grade.warnings]
        if grade.failure:
            lines.append(f"* Grading did not finish: {markdown_cell(grade.failure)}")
        lines.append("")
    lines.append(
        f"Seed {grade.run.seed} (`kata grade --seed {grade.run.seed}` replays the hidden cases) · "
        f"checker {__version__} · torch {grade.run.torch_version} · {grade.duration:.1f} s"
    )
    return "\n".join(lines) + "\n"


def _row(kata: KataResult) -> str:
    cases = tally(kata).replace(" cases passed", "").replace(" cases", "")
    return (
        f"| {kata_label(kata)} | {_ICON[kata.status]} {kata_verdict(kata)} | {cases} | {kata.score:g} / {kata.points} |"
    )


def markdown_cell(text: str) -> str:
    """Text that cannot break the Markdown around it: one line, no HTML, no table pipes."""
    return html.escape(one_line(text), quote=False).replace("|", "\\|").replace("`", "'")


def one_line(text: str) -> str:
    """Text on one line, safe anywhere: terminal colour codes, control characters and lone surrogates dropped."""
    # Learner output can hold all three; a lone surrogate cannot even be written as UTF-8.
    printable = "".join(ch for ch in _TERMINAL_CODE.sub("", text) if ch.isprintable() or ch.isspace())
    return " ".join(printable.encode("utf-8", "ignore").decode("utf-8").split())
