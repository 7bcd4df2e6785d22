"""The worker side: the process that imports the learner's file and runs it (and the warm zygote)."""
