"""Kata 10 linear_regression_module: its spec, its own mistakes and its mutants."""
