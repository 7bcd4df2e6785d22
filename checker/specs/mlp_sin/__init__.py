"""Kata 11 mlp_sin: its spec, its own mistakes and its mutants."""
