"""Kata 06 broadcasting: its spec, its own mistakes and its mutants."""
