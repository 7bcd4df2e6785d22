"""Kata 14 amp_loop: its spec, its own mistakes and its mutants."""
