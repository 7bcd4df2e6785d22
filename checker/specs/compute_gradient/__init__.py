"""Kata 04 compute_gradient: its spec, its own mistakes and its mutants."""
