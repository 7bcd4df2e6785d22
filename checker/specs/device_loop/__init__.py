"""Kata 13 device_loop: its spec, its own mistakes and its mutants."""
