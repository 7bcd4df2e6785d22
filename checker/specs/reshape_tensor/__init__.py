"""Kata 03 reshape_tensor: its spec, its own mistakes and its mutants."""
