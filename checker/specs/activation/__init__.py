"""Kata 05 activation: its spec, its own mistakes and its mutants."""
