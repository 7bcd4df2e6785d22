"""Kata 12 classifier_batches: its spec, its own mistakes and its mutants."""
