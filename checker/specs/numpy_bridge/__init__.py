"""Kata 15 numpy_bridge: its spec, its own mistakes and its mutants."""
