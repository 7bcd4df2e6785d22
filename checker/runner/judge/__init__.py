"""The judge side: pytest over the specs in this trusted process, sessions, verdicts."""
