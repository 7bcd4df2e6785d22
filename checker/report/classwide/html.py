"""The class report as one HTML file an instructor opens in a browser: inline CSS and SVG, no script.

Nothing is fetched (no fonts, no images, no script), so the file reads the same offline,
from a zip of artifacts or an LMS upload. Per-case detail folds away in `<details>`,
which browsers open without JavaScript. Every text that reaches the page passes `_esc`:
student ids, messages and whatever else the records hold (case names, mistakes) are escaped,
cut to one line and stripped of control characters and lone surrogates, because all of them
can come from a student's code.
"""

from __future__ import annotations

import html

from checker.report.check.html import code_spans
from checker.report.classwide.similar import SIMILAR_TITLE, SimilarWork
from checker.report.classwide.stats import CaseStats, ClassStats, KataStats, MistakeStats, histogram
from checker.report.grade.summary import one_line

__all__ = ["class_html"]

# Colours that read in print and for the common colour-blindnesses (green/orange/red differ in lightness).
_PASSED, _WRONG, _BROKE, _NOT_STARTED, _SKIPPED = "#2e7d32", "#c62828", "#ef8f00", "#cfd8dc", "#eceff1"
_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2327;
       margin: 0 auto; max-width: 1180px; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 34px 0 10px; border-bottom: 1px solid #dde3e6;
padding-bottom: 4px; } .sub { color: #5f6b73; margin: 0 0 18px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; } .card { border: 1px solid #dde3e6; border-radius: 8px;
padding: 10px 16px; min-width: 110px; } .card b { display: block; font-size: 24px; } .card span { color: #5f6b73; }
.card.warn b { color: #c62828; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 10px 5px 0;
vertical-align: top; border-bottom: 1px solid #eef1f3; } th { font-size: 13px; color: #5f6b73; font-weight: 600; }
td.k { white-space: nowrap; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.legend span { display: inline-block; margin-right: 14px; font-size: 13px; color: #5f6b73; }
.legend i { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 4px;
vertical-align: -1px; }
details { border-bottom: 1px solid #eef1f3; padding: 4px 0; } summary { cursor: pointer; padding: 3px 0; }
details table { margin: 6px 0 12px 18px; width: calc(100% - 18px); }
.fix { color: #37474f; font-size: 14px; } code { background: #f3f5f6; padding: 0 3px; border-radius: 3px; }
.who { font-size: 13px; color: #5f6b73; } .muted { color: #5f6b73; }
"""
_BAR_WIDTH = 220
_LEGEND = (
    (_PASSED, "passed"),
    (_WRONG, "wrong answer"),
    (_BROKE, "raised, crashed or timed out"),
    (_NOT_STARTED, "not started"),
    (_SKIPPED, "skipped (needs CUDA)"),
)
NO_MISTAKES = "No named mistake was made: every failure was either a pass, not started, or without a known cause."


def class_html(stats: ClassStats, title: str, similar: SimilarWork | None = None) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
        _header(stats, title),
        "<h2>Score distribution</h2>",
        _histogram_svg(histogram(stats.percents)) if stats.percents else '<p class="muted">Nobody was graded.</p>',
        "<h2>Most common mistakes</h2>",
        _mistakes(stats.mistakes),
        "<h2>Pass rate per kata</h2>",
        _legend(),
        _katas(stats.katas),
        "<h2>Pass rate per case</h2>",
        '<p class="muted">Open a kata to see its cases.</p>',
        *(_cases(kata) for kata in stats.katas),
        _not_graded(stats),
        _similar(similar) if similar is not None else "",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _header(stats: ClassStats, title: str) -> str:
    median = "–" if stats.median is None else f"{stats.median:.0f}%"
    mean = "–" if stats.mean is None else f"{stats.mean:.0f}%"
    cards = [
        (str(stats.size), "students", ""),
        (str(len(stats.graded)), "graded", ""),
        (str(len(stats.missing)), "missing", "warn" if stats.missing else ""),
        (str(len(stats.errors)), "could not be graded", "warn" if stats.errors else ""),
        (median, "median score", ""),
        (mean, "mean score", ""),
        (str(stats.all_passed), "passed every kata", ""),
    ]
    if stats.deadline:
        cards[3:3] = [
            (str(stats.deadline.on_time), "on time", ""),
            (str(stats.deadline.late), "late", "warn" if stats.deadline.late else ""),
            (str(stats.deadline.too_late), "nothing in time", "warn" if stats.deadline.too_late else ""),
        ]
    seeds = ", ".join(str(seed) for seed in stats.seeds) or "–"
    return (
        f"<h1>{_esc(title)}</h1>"
        f'<p class="sub">{len(stats.katas)} katas · seed {_esc(seeds)} · '
        "scores are the share of points each student earned</p>"
        '<div class="cards">'
        + "".join(f'<div class="card {kind}"><b>{value}</b><span>{label}</span></div>' for value, label, kind in cards)
        + "</div>"
    )


def _histogram_svg(counts: list[int]) -> str:
    """Vertical bars, one per score band, the count above each."""
    width, height, left, bottom, top = 1100, 230, 36, 34, 22
    band = (width - left) / len(counts)
    tallest = max(counts) or 1
    scale = (height - bottom - top) / tallest
    parts = [
        f'<svg role="img" aria-label="Score distribution" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-size="12" '
        'font-family="system-ui, sans-serif">'
    ]
    base = height - bottom
    for tick in _ticks(tallest):
        y = base - tick * scale
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef1f3"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#5f6b73">{tick}</text>'
        )
    size = 100 // len(counts)
    for index, count in enumerate(counts):
        x = left + index * band + 4
        low, high = index * size, 100 if index == len(counts) - 1 else (index + 1) * size - 1
        label = f"{low}–{high}%"
        bar = count * scale
        parts.append(
            f'<rect x="{x:.1f}" y="{base - bar:.1f}" width="{band - 8:.1f}" height="{bar:.1f}" '
            f'fill="#3f6fb5" rx="2"><title>{label}: {count} students</title></rect>'
        )
        if count:
            parts.append(
                f'<text x="{x + (band - 8) / 2:.1f}" y="{base - bar - 5:.1f}" text-anchor="middle" '
                f'font-weight="600">{count}</text>'
            )
        parts.append(
            f'<text x="{x + (band - 8) / 2:.1f}" y="{base + 16}" text-anchor="middle" fill="#5f6b73">{label}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{width}" y1="{base}" y2="{base}" stroke="#90a4ae"/>')
    parts.append(
        f'<text x="{left + (width - left) / 2:.0f}" y="{height - 2}" text-anchor="middle" '
        'fill="#5f6b73">score (share of points)</text></svg>'
    )
    return "".join(parts)


def _ticks(tallest: int) -> list[int]:
    """A few whole-number gridlines up to the tallest bar."""
    step = max(1, -(-tallest // 5))
    return list(range(step, tallest + 1, step))


def _stacked_bar(parts: list[tuple[int, str, str]], total: int, full: int = _BAR_WIDTH) -> str:
    """A horizontal bar `full` pixels long, split into (count, colour, label) segments, each with a tooltip."""
    svg = [
        f'<svg width="{full}" height="14" viewBox="0 0 {full} 14" style="vertical-align: -2px" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<rect width="{full}" height="14" fill="#f5f7f8" rx="2"/>',
    ]
    x = 0.0
    for count, colour, label in parts:
        if count and total:
            width = full * count / total
            svg.append(
                f'<rect x="{x:.1f}" width="{width:.1f}" height="14" fill="{colour}">'
                f"<title>{count} {label}</title></rect>"
            )
            x += width
    return "".join(svg) + "</svg>"


def _legend() -> str:
    return (
        '<p class="legend">'
        + "".join(f'<span><i style="background:{colour}"></i>{label}</span>' for colour, label in _LEGEND)
        + "</p>"
    )


def _katas(katas: list[KataStats]) -> str:
    rows = [
        "<table><tr><th>kata</th><th></th><th>passed</th><th>attempted, not passed</th>"
        "<th>not started</th><th>pass rate</th></tr>"
    ]
    for kata in katas:
        bar = _stacked_bar(
            [
                (kata.passed, _PASSED, "passed"),
                (kata.failed, _WRONG, "attempted, not passed"),
                (kata.not_started, _NOT_STARTED, "not started"),
            ],
            kata.graded,
        )
        rows.append(
            f"<tr><td><b>{_esc(kata.id)}</b> {_esc(kata.title or kata.name)}</td><td>{bar}</td>"
            f'<td class="n">{kata.passed}</td><td class="n">{kata.failed}</td>'
            f'<td class="n">{kata.not_started}</td><td class="n">{_percent(kata.pass_rate)}</td></tr>'
        )
    return "".join(rows) + "</table>"


def _cases(kata: KataStats) -> str:
    rows = [
        f"<details><summary><b>{_esc(kata.id)}</b> {_esc(kata.title or kata.name)} "
        f'<span class="muted">· {kata.passed} of {kata.graded} passed every case</span></summary>'
        "<table><tr><th>case</th><th></th><th>passed</th><th>wrong</th><th>raised / crashed</th>"
        "<th>not started</th><th>pass rate</th></tr>"
    ]
    for case in kata.cases.values():
        rows.append(
            f"<tr><td><code>{_esc(case.name)}</code></td><td>{_case_bar(case)}</td>"
            f'<td class="n">{case.passed}</td><td class="n">{case.wrong}</td><td class="n">{case.broke}</td>'
            f'<td class="n">{case.not_started}</td>'
            f'<td class="n">{_percent(case.passed / case.counted) if case.counted else "–"}</td></tr>'
        )
    return "".join(rows) + "</table></details>"


def _case_bar(case: CaseStats) -> str:
    return _stacked_bar(
        [
            (case.passed, _PASSED, "passed"),
            (case.wrong, _WRONG, "wrong answer"),
            (case.broke, _BROKE, "raised, crashed or timed out"),
            (case.not_started, _NOT_STARTED, "not started"),
            (case.skipped, _SKIPPED, "skipped (needs CUDA)"),
        ],
        case.counted + case.skipped,
    )


def _mistakes(mistakes: list[MistakeStats]) -> str:
    if not mistakes:
        return f'<p class="muted">{_esc(NO_MISTAKES)}</p>'
    rows = [
        '<p class="muted">Each named mistake once per student; the share is of the students who '
        "attempted the kata (not started is not counted).</p>"
        "<table><tr><th>#</th><th>kata</th><th>students</th><th>share</th><th>mistake and fix</th></tr>"
    ]
    for rank, mistake in enumerate(mistakes, start=1):
        who = ", ".join(_esc(student) for student in mistake.students)
        rows.append(
            f'<tr><td class="n">{rank}</td><td class="k"><b>{_esc(mistake.kata_id)}</b> {_esc(mistake.kata_name)}</td>'
            f'<td class="n">{mistake.count} of {mistake.attempted}</td>'
            f'<td class="n">{_stacked_bar([(mistake.count, _WRONG, "made it")], mistake.attempted, 120)} '
            f"{_percent(mistake.share)}</td>"
            f'<td><b>{_code(mistake.title)}</b><br><span class="fix">Fix: {_code(mistake.fix)}</span>'
            f'<details class="who"><summary>who</summary>{who}</details></td></tr>'
        )
    return "".join(rows) + "</table>"


def _not_graded(stats: ClassStats) -> str:
    if not stats.not_graded:
        return ""
    body = "".join(
        f"<tr><td>{_esc(student)}</td><td>{_esc(status)}</td><td>{_esc(message)}</td></tr>"
        for student, status, message in stats.not_graded
    )
    return (
        "<h2>Not graded, missing or unfinished</h2>"
        f"<table><tr><th>student</th><th>status</th><th>why</th></tr>{body}</table>"
    )


def _similar(work: SimilarWork) -> str:
    """The pairs whose work is alike: the sentence, a table of the flagged pairs, what the score is and is not."""
    parts = [f"<h2>{_esc(SIMILAR_TITLE)}</h2>", f"<p>{_esc(work.summary)}</p>"]
    if work.flagged:
        rows = "".join(
            f"<tr><td>{_esc(pair.student_a)} and {_esc(pair.student_b)}</td>"
            f'<td class="n">{pair.score:g}</td><td>{_esc(pair.evidence)}</td></tr>'
            for pair in work.flagged
        )
        parts.append(f"<table><tr><th>students</th><th>score</th><th>evidence</th></tr>{rows}</table>")
    parts += [f'<p class="muted">{_esc(note)}</p>' for note in work.notes]
    return "".join(parts)


def _code(text: str) -> str:
    return code_spans(_esc(text))


def _esc(text: str) -> str:
    return html.escape(one_line(str(text)), quote=True)


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"
