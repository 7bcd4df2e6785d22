"""The lines `kata grade-class` shows while it runs: a bar on a terminal, one plain line per student elsewhere."""

from __future__ import annotations

from checker.limits import PROGRESS_BAR_WIDTH

__all__ = ["progress_bar", "student_line"]

_ROW_WORDS = {"graded": "graded", "error": "could not be graded", "missing": "missing", "interrupted": "not graded"}


def progress_bar(
    done: int, total: int, eta_seconds: float | None, current: list[str], width: int = PROGRESS_BAR_WIDTH
) -> str:
    """`[#######.....] 7/20  ETA 1m05s  grading alice, bob` (one terminal line, no newline)."""
    filled = round(width * done / total) if total else width
    eta = f"  ETA {_duration(eta_seconds)}" if eta_seconds is not None and done < total else ""
    grading = f"  grading {', '.join(current)}" if current else ""
    return _printable(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}{eta}{grading}")


def student_line(
    done: int, total: int, student: str, status: str, score: float, max_score: int, message: str, skipped: bool = False
) -> str:
    """`[3/20] alice: graded 45/100` or `[4/20] bob.zip: not_a_zip (...)`: one finished row."""
    if status == "graded":
        what = f"{'already graded' if skipped else 'graded'} {score:g}/{max_score}"
    else:
        what = f"{_ROW_WORDS.get(status, status)}: {' '.join(message.split())[:160]}"
    return _printable(f"[{done}/{total}] {student}: {what}")


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _printable(text: str) -> str:
    """Ids and messages come from submissions: no control characters reach the terminal."""
    return "".join(char if char.isprintable() else "?" for char in text)
