"""Which of a kata's charts the reports draw: the longest of each kind, the loss curve first.

Specs declare charts on their cases (`results.Chart`, made by `KataSession.chart_losses`
and `chart_fit`); a kata usually has several cases that trained, so the terminal and the
PNG show one chart of each kind: the one with the most points. A kata without a loss curve
of at least two steps draws nothing (it is not a training kata, or nothing trained).
"""

from __future__ import annotations

from checker.core.results import Chart, KataResult

__all__ = ["charts_to_draw", "marked_fit_title"]

_ORDER = (Chart.LOSSES, Chart.FIT)


def charts_to_draw(result: KataResult) -> list[tuple[str, Chart]]:
    """(case name, chart) for each kind the kata's cases declared, longest first among its kind."""
    best: dict[str, tuple[str, Chart]] = {}
    for case in result.cases:
        for chart in case.charts:
            held = best.get(chart.kind)
            if held is None or len(chart.points) > len(held[1].points):
                best[chart.kind] = (case.name, chart)
    losses = best.get(Chart.LOSSES)
    if losses is None or len(losses[1].points) < 2:
        return []
    kinds = sorted(best, key=lambda kind: _ORDER.index(kind) if kind in _ORDER else len(_ORDER))
    return [best[kind] for kind in kinds]


def marked_fit_title(chart: Chart) -> str:
    """A fit's title with the terminal's markers: "<fitted> (●) against <target> (·)"."""
    fitted, _, target = chart.title.partition(" against ")
    return f"{fitted} (●) against {target} (·)" if target else chart.title
