"""Kata 08 manual_backprop: its spec, its own mistakes and its mutants."""
