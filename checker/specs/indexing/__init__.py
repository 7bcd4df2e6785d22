"""Kata 16 indexing: its spec, mistakes and mutants."""
