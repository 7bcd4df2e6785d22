"""Kata 18 computation_graph: its spec, mistakes and mutants."""
