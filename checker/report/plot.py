"""Loss curves drawn with Unicode block characters, for the terminal (no plotting library).

    loss 0.512 █▇▆▅▄▃▃▂▂▂▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁ 0.000213
               step 0                                   step 999 (log scale)

Each column is the mean of the steps it covers; a column holding a NaN or an infinity is
drawn as `×`, so a loop that blew up shows where. Losses spanning more than two decades
are drawn on a log scale (said under the curve), so the slow tail is visible too.
"""

from __future__ import annotations

import math
from typing import Sequence

__all__ = ["curve_lines", "sparkline"]

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
    scale = " (log scale)" if _log_scale(values) else ""
    start, end = "step 0", f"step {len(values) - 1}{scale}"
    columns = len(rows[0])
    lines.append(" " * (margin + 1) + start + end.rjust(max(columns - len(start), len(end) + 1)))
    return lines


def _chart(values: Sequence[float], width: int, height: int) -> list[str]:
    columns = _columns(values, width)
    finite = [c for c in columns if c is not None]
    if not finite:
        return [_BAD * len(columns)] * height
    log = _log_scale(values)
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
        chunk = values[index * len(values) // width:(index + 1) * len(values) // width]
        columns.append(sum(chunk) / len(chunk) if all(math.isfinite(v) for v in chunk) else None)
    return columns


def _log_scale(values: Sequence[float]) -> bool:
    finite = [v for v in values if math.isfinite(v)]
    return bool(finite) and min(finite) > 0 and max(finite) / min(finite) > _LOG_ABOVE


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"
