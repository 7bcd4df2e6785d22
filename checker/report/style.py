"""Colour and symbols for terminal text: colour only on a terminal and never with NO_COLOR."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["Style", "wants_colour"]

_COLOURS = {"green": "32", "red": "31", "yellow": "33", "cyan": "36", "dim": "2", "bold": "1"}


def wants_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


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
