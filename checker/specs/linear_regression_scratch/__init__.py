"""Kata 09 linear_regression_scratch: its spec, its own mistakes and its mutants."""
