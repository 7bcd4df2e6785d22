"""Colour and symbols for terminal text: colour only on a terminal and never with NO_COLOR,
symbols only where the stream's encoding can write them (ASCII stand-ins elsewhere).
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

__all__ = ["Style", "fit_to_stream", "wants_colour"]

_COLOURS = {"green": "32", "red": "31", "yellow": "33", "cyan": "36", "dim": "2", "bold": "1"}

# The symbols terminal text draws with, and their ASCII stand-ins. A group falls back whole:
# a chart drawn half in blocks and half in ASCII would misread its heights.
_STAND_INS = (
    {"✓": "+"},
    {"✗": "x"},
    {"·": "."},
    {"–": "-"},
    {"×": "x"},
    {"●": "o"},
    dict(zip("▁▂▃▄▅▆▇█", ".:-=+*%#")),
)


def wants_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def fit_to_stream(stream=None) -> Callable[[str], str]:
    """A function that fits text to `stream`, decided once from the stream's encoding.

    A Windows console or a file redirected under cp1252 (Git Bash, a CI log) cannot encode
    ✓ or the chart's blocks: they become their ASCII stand-ins. Anything else it cannot
    encode, such as a learner's emoji or a lone surrogate, is written as an escape (\\U0001f600),
    so nothing a learner prints or returns can crash the judge's output.
    """
    encoding = getattr(stream or sys.stdout, "encoding", None)
    if not encoding:
        return lambda text: text  # a text buffer (StringIO) holds any character
    try:
        encoding = codecs.lookup(encoding).name
    except LookupError:
        encoding = "ascii"
    table = _stand_ins(encoding)

    def fit(text: str) -> str:
        return text.translate(table).encode(encoding, "backslashreplace").decode(encoding)

    return fit


@cache
def _stand_ins(encoding: str) -> dict[int, str]:
    """The translation table from each symbol `encoding` cannot write to its ASCII stand-in."""
    table: dict[int, str] = {}
    for group in _STAND_INS:
        try:
            "".join(group).encode(encoding)
        except UnicodeEncodeError:
            table.update({ord(symbol): stand_in for symbol, stand_in in group.items()})
    return table


class Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def paint(self, text: str, colour: str) -> str:
        if not self.colour:
            return text
        return f"\033[{_COLOURS[colour]}m{text}\033[0m"

    def green(self, text: str) -> str:
        return self.paint(text, "green")

    def red(self, text: str) -> str:
        return self.paint(text, "red")

    def yellow(self, text: str) -> str:
        return self.paint(text, "yellow")

    def dim(self, text: str) -> str:
        return self.paint(text, "dim")

    def bold(self, text: str) -> str:
        return self.paint(text, "bold")

    def link(self, text: str, target) -> str:
        """`text` as a clickable link to the file `target` (OSC 8), on a terminal only.

        Terminals without hyperlinks ignore the escape and show the text alone.
        """
        if not self.colour:
            return text
        uri = Path(target).resolve().as_uri()
        return f"\033]8;;{uri}\033\\{text}\033]8;;\033\\"
