"""The class report of `kata grade-class`: `class-report.md` and `class-report.html` from every student.

It shows the score distribution, the pass rate per kata and per case, the named mistakes
ranked by how many students made them (with the share of those who attempted the kata and
the fix to teach), "not started" apart from "wrong", and every student who is missing or
could not be graded, with the reason, and the pairs whose work is alike (similar.py).
Every student comes as their `StudentRecord`, the
record the gradebook is built from too. The numbers come from `class_stats`; the HTML page
from `class_html`; the Markdown is written here.
"""

from __future__ import annotations

from checker.core.catalogue import Catalogue
from checker.core.record import StudentRecord
from checker.report.classwide.html import NO_MISTAKES, class_html
from checker.report.classwide.similar import SimilarWork, similar_markdown
from checker.report.classwide.stats import HISTOGRAM_BINS, ClassStats, class_stats, histogram
from checker.report.grade.summary import markdown_cell

__all__ = ["TITLE", "class_markdown", "render_class_report"]

TITLE = "torch-katas class report"
_BAR_CHARS = 30  # the longest histogram bar in the Markdown, in characters


def render_class_report(
    records: list[StudentRecord], catalogue: Catalogue, similar: SimilarWork | None = None
) -> tuple[str, str]:
    """(class-report.md, class-report.html), students in the order given, with the section on similar work."""
    stats = class_stats(records, catalogue)
    return class_markdown(stats, similar), class_html(stats, TITLE, similar)


def class_markdown(stats: ClassStats, similar: SimilarWork | None = None) -> str:
    """The report as Markdown: tables a forge or an editor renders, bars drawn with characters."""
    median = "–" if stats.median is None else f"{stats.median:.0f}%"
    mean = "–" if stats.mean is None else f"{stats.mean:.0f}%"
    lines = [
        f"# {TITLE}",
        "",
        f"{stats.size} students: {len(stats.graded)} graded, {len(stats.missing)} missing, "
        f"{len(stats.errors)} could not be graded. Median score {median}, mean {mean}; "
        f"{stats.all_passed} passed every kata." + (f" {stats.deadline.sentence()}" if stats.deadline else ""),
        "",
        *_histogram(stats),
        "## Most common mistakes",
        "",
        *_mistakes(stats),
        "## Pass rate per kata",
        "",
        "| kata | passed | attempted, not passed | not started | pass rate |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {markdown_cell(f'{kata.id} {kata.title or kata.name}')} | {kata.passed} | {kata.failed} | "
            f"{kata.not_started} | {kata.pass_rate:.0%} |"
            for kata in stats.katas
        ),
        "",
        "## Pass rate per case",
        "",
        "| kata | case | passed | wrong | raised / crashed | not started | pass rate |",
        "|---|---|---:|---:|---:|---:|---:|",
        *(
            f"| {markdown_cell(kata.id)} | {markdown_cell(case.name)} | {case.passed} | {case.wrong} | {case.broke} | "
            f"{case.not_started} | {f'{case.passed / case.counted:.0%}' if case.counted else '–'} |"
            for kata in stats.katas
            for case in kata.cases.values()
        ),
        "",
        *_not_graded(stats),
        *([*similar_markdown(similar), ""] if similar is not None else []),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _histogram(stats: ClassStats) -> list[str]:
    if not stats.percents:
        return []
    counts = histogram(stats.percents)
    size = 100 // HISTOGRAM_BINS
    scale = _BAR_CHARS / max(max(counts), 1)
    lines = ["## Score distribution", "", "| score | students | |", "|---|---:|---|"]
    for index, count in enumerate(counts):
        high = 100 if index == len(counts) - 1 else (index + 1) * size - 1
        lines.append(f"| {index * size}–{high}% | {count} | {'█' * round(count * scale)} |")
    return [*lines, ""]


def _mistakes(stats: ClassStats) -> list[str]:
    if not stats.mistakes:
        return [NO_MISTAKES, ""]
    lines = [
        "Each named mistake counts once per student; the share is of the students who attempted the kata.",
        "",
        "| # | kata | students | share | mistake | fix |",
        "|---:|---|---:|---:|---|---|",
    ]
    lines += [
        f"| {rank} | {markdown_cell(f'{m.kata_id} {m.kata_name}')} | {m.count} of {m.attempted} | "
        f"{m.share:.0%} | {markdown_cell(m.title)} | {markdown_cell(m.fix)} |"
        for rank, m in enumerate(stats.mistakes, start=1)
    ]
    return [*lines, ""]


def _not_graded(stats: ClassStats) -> list[str]:
    if not stats.not_graded:
        return []
    lines = ["## Not graded, missing or unfinished", "", "| student | status | why |", "|---|---|---|"]
    lines += [
        f"| {markdown_cell(student)} | {markdown_cell(status)} | {markdown_cell(message)} |"
        for student, status, message in stats.not_graded
    ]
    return [*lines, ""]
