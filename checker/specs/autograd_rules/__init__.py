"""Kata 07 autograd_rules: its spec, its own mistakes and its mutants."""
