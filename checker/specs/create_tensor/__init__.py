"""Kata 01 create_tensor: its spec, its own mistakes and its mutants."""
