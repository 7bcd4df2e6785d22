"""The class report (a minimal stand-in until the real renderer lands): rows by status, scores.

Its interface is the one `kata grade-class` calls; the real module replaces this file.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass

from checker.catalogue import Catalogue

__all__ = ["ClassEntry", "render_class_report"]


@dataclass(frozen=True)
class ClassEntry:
    id: str
    status: str
    message: str = ""
    results: dict | None = None


def render_class_report(entries: list[ClassEntry], catalogue: Catalogue) -> tuple[str, str]:
    """(class-report.md, class-report.html)"""
    lines = ["# Class report", "", "| id | status | score |", "|---|---|---|"]
    for entry in entries:
        score = f"{entry.results['score']:g} / {entry.results['max_score']}" if entry.results else entry.message
        lines.append(f"| {entry.id} | {entry.status} | {score} |")
    markdown = "\n".join(lines) + "\n"
    page = "<!doctype html><meta charset=utf-8><title>Class report</title><pre>" + _html.escape(markdown) + "</pre>"
    return markdown, page
