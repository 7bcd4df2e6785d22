"""Kata 02 tensor_op: its spec, its own mistakes and its mutants."""
