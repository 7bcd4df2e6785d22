"""A training kata's charts as an inline SVG: no matplotlib needed, for notebooks.

The notebook shows a kata's loss curve (and a fit a spec declared, such as kata 11's
against sin(x)) as an image output. With matplotlib installed the notebook uses the PNG of
report/charts/image.py instead; this is what it draws without it.
"""

from __future__ import annotations

import math
from html import escape

from checker.core.results import Chart, KataResult
from checker.report.charts.choose import charts_to_draw
from checker.report.charts.terminal import log_scale

__all__ = ["kata_svg"]

_WIDTH, _HEIGHT, _MARGIN = 360, 220, 40
_COLOURS = ("#1f77b4", "#d62728")


def kata_svg(result: KataResult) -> str:
    """One SVG with the kata's charts side by side, or "" for a kata that drew none."""
    charts = charts_to_draw(result)
    if not charts:
        return ""
    panels = [
        _panel(chart, index * _WIDTH, f"Kata {result.id} {result.name}") for index, (_, chart) in enumerate(charts)
    ]
    width = _WIDTH * len(panels)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{_HEIGHT}" '
        f'viewBox="0 0 {width} {_HEIGHT}" font-family="sans-serif" font-size="11">'
        f'<rect width="{width}" height="{_HEIGHT}" fill="white"/>{"".join(panels)}</svg>'
    )


def _panel(chart: Chart, left: int, kata: str) -> str:
    xs = chart.column(0)
    series = [chart.column(index) for index in range(1, len(chart.labels))]
    logarithmic = chart.kind == Chart.LOSSES and log_scale(series[0])
    transform = (lambda value: math.log10(value)) if logarithmic else (lambda value: value)
    ys = [transform(value) for column in series for value in column if _finite(value, logarithmic)]
    if not xs or not ys:
        return ""
    x_low, x_high = min(xs), max(xs)
    y_low, y_high = min(ys), max(ys)
    x_span, y_span = (x_high - x_low) or 1.0, (y_high - y_low) or 1.0

    def point(x: float, y: float) -> str:
        px = left + _MARGIN + (x - x_low) / x_span * (_WIDTH - 2 * _MARGIN)
        py = _HEIGHT - _MARGIN - (transform(y) - y_low) / y_span * (_HEIGHT - 2 * _MARGIN)
        return f"{px:.1f},{py:.1f}"

    title = f"{kata}: {chart.title.lower()}" if chart.kind == Chart.LOSSES else chart.title
    parts = [
        f'<text x="{left + _WIDTH / 2}" y="16" text-anchor="middle">{escape(title)}</text>',
        f'<rect x="{left + _MARGIN}" y="{_MARGIN}" width="{_WIDTH - 2 * _MARGIN}" '
        f'height="{_HEIGHT - 2 * _MARGIN}" fill="none" stroke="#999"/>',
    ]
    for index, column in enumerate(series):
        points = " ".join(point(x, y) for x, y in zip(xs, column) if _finite(y, logarithmic))
        colour = _COLOURS[index % len(_COLOURS)]
        if chart.kind == Chart.FIT and index > 0:  # the model's predictions: dots over the target's line
            parts += [
                f'<circle cx="{xy.split(",")[0]}" cy="{xy.split(",")[1]}" r="2" fill="{colour}"/>'
                for xy in points.split()
            ]
        else:
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        scale = " (log scale)" if logarithmic else ""
        parts.append(
            f'<text x="{left + _WIDTH - _MARGIN - 4}" y="{_MARGIN + 14 + 13 * index}" fill="{colour}" '
            f'text-anchor="end">{escape(chart.labels[index + 1])}{scale}</text>'
        )
    parts.append(
        f'<text x="{left + _WIDTH / 2}" y="{_HEIGHT - 10}" text-anchor="middle">{escape(chart.labels[0])}</text>'
    )
    low, high = (10**y_low, 10**y_high) if logarithmic else (y_low, y_high)
    parts.append(f'<text x="{left + 4}" y="{_MARGIN + 4}">{high:.3g}</text>')
    parts.append(f'<text x="{left + 4}" y="{_HEIGHT - _MARGIN}">{low:.3g}</text>')
    return "".join(parts)


def _finite(value: float, logarithmic: bool) -> bool:
    return math.isfinite(value) and (value > 0 or not logarithmic)
