"""Kata 17 batched_matmul: its spec, mistakes and mutants."""
