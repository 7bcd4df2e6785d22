"""A spreadsheet cell's text made safe to open: text from a submission is data, never a formula."""

from __future__ import annotations

__all__ = ["FORMULA_START", "spreadsheet_cell"]

# A spreadsheet runs a cell that starts with one of these as a formula. An id, a message or an
# evidence sentence in a CSV the instructor opens can come from a student's files, so such a
# cell gets a leading apostrophe, which shows as nothing (OWASP's advice against CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """`text`, with an apostrophe in front when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
