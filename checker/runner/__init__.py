"""Run a learner's solutions: the trusted judge (pytest over the specs) and the isolated worker."""
