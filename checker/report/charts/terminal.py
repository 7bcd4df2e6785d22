"""Loss curves drawn with Unicode block characters, for the terminal (no plotting library).

    loss 0.512 █▇▆▅▄▃▃▂▂▂▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁ 0.000213
               step 0                                   step 999 (log scale)

Each column is the mean of the steps it covers; a column holding a NaN or an infinity is
drawn as `×`, so a loop that blew up shows where. Losses spanning more than two decades
are drawn on a log scale (said under the curve), so the slow tail is visible too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["curve_lines", "fit_lines", "log_scale", "sparkline"]

_BLOCKS = "▁▂▃▄▅▆▇█"
_EIGHTHS = " ▁▂▃▄▅▆▇█"
_BAD = "×"
_LOG_ABOVE = 100.0  # max/min ratio from which the log scale reads better


def sparkline(values: Sequence[float], width: int = 60) -> str:
    """One line: each character one column of `values`, from ▁ (lowest) to █ (highest)."""
    return _chart(values, width, height=1)[0]


def curve_lines(values: Sequence[float], *, width: int = 56, height: int = 3, label: str = "loss") -> list[str]:
    """A small chart of `values` with its first and last value and the step numbers under it."""
    if len(values) < 2:
        return []
    rows = _chart(values, width, height)
    first, last = _number(values[0]), _number(values[-1])
    margin = max(len(label) + 1 + len(first), len(label))
    lines = []
    for index, row in enumerate(rows):
        if index == 0:
            head = f"{label} {first}".rjust(margin)
        else:
            head = " " * margin
        tail = f" {last}" if index == len(rows) - 1 else ""
        lines.append(f"{head} {row}{tail}".rstrip())
    scale = " (log scale)" if log_scale(values) else ""
    start, end = "step 0", f"step {len(values) - 1}{scale}"
    columns = len(rows[0])
    lines.append(" " * (margin + 1) + start + end.rjust(max(columns - len(start), len(end) + 1)))
    return lines


def fit_lines(points: Sequence[tuple[float, float, float]], *, height: int = 9) -> list[str]:
    """The target (·) and the fitted curve (●) over the same x, one column per point.

    Where both fall in the same cell only ● shows, so a good fit reads as one line of dots.
    """
    finite = [(t, f) for _, t, f in points if math.isfinite(t) and math.isfinite(f)]
    if len(finite) < 2:
        return []
    low = min(min(t, f) for t, f in finite)
    high = max(max(t, f) for t, f in finite)
    span = (high - low) or 1.0

    def row_of(value: float) -> int:
        return min(height - 1, max(0, round((value - low) / span * (height - 1))))

    grid = [[" "] * len(points) for _ in range(height)]
    for column, (_, target, fitted) in enumerate(points):
        if math.isfinite(target):
            grid[row_of(target)][column] = "·"
        grid[row_of(fitted) if math.isfinite(fitted) else 0][column] = "●" if math.isfinite(fitted) else _BAD
    lines = []
    for row in range(height - 1, -1, -1):
        label = f"{high:5.2f} " if row == height - 1 else f"{low:5.2f} " if row == 0 else " " * 6
        lines.append((label + "".join(grid[row])).rstrip())
    first, last = points[0][0], points[-1][0]
    left, right = f"x = {first:.2f}", f"{last:.2f}"
    lines.append(" " * 6 + left + right.rjust(len(points) - len(left)))
    return lines


def _chart(values: Sequence[float], width: int, height: int) -> list[str]:
    columns = _columns(values, width)
    finite = [c for c in columns if c is not None]
    if not finite:
        return [_BAD * len(columns)] * height
    log = log_scale(values)
    scaled = [None if c is None else (math.log10(c) if log else c) for c in columns]
    low = min(s for s in scaled if s is not None)
    high = max(s for s in scaled if s is not None)
    span = high - low
    levels = height * 8
    heights = [None if s is None else (1 + round((s - low) / span * (levels - 1)) if span > 0 else 1) for s in scaled]
    if height == 1:
        return ["".join(_BAD if h is None else _BLOCKS[min(h, 8) - 1] for h in heights)]
    rows = []
    for row in range(height - 1, -1, -1):  # top row first
        line = []
        for h in heights:
            if h is None:
                line.append(_BAD if row == 0 else " ")
            else:
                line.append(_EIGHTHS[max(0, min(8, h - row * 8))])
        rows.append("".join(line))
    return rows


def _columns(values: Sequence[float], width: int) -> list[float | None]:
    """Average the values into `width` columns (a short run is stretched); None where not finite."""
    if len(values) < width:
        repeat = max(1, width // len(values))
        return [v if math.isfinite(v) else None for v in values for _ in range(repeat)]
    columns: list[float | None] = []
    for index in range(width):
        chunk = values[index * len(values) // width : (index + 1) * len(values) // width]
        columns.append(sum(chunk) / len(chunk) if all(math.isfinite(v) for v in chunk) else None)
    return columns


def log_scale(values: Sequence[float]) -> bool:
    """Whether `values` span more than two decades, so a log scale shows their slow tail."""
    finite = [v for v in values if math.isfinite(v)]
    return bool(finite) and min(finite) > 0 and max(finite) / min(finite) > _LOG_ABOVE


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"
