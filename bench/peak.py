"""Run a command and record the peak memory of the largest process it started.

`python bench/peak.py OUTFILE COMMAND...` runs COMMAND with this process's stdin and
stdout, waits for it, and writes to OUTFILE the largest peak resident set size (KiB)
of any one process in its tree that was waited for: `getrusage(RUSAGE_CHILDREN)`
reports the maximum over every descendant reaped by its parent, and the checker reaps
all of its own (the judge waits for the warm worker, which waits for each worker).
SIGINT is passed on to the command, so `kata watch` can be stopped cleanly through it.
Linux and macOS (macOS reports bytes, converted here).
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys


def main(argv: list[str]) -> int:
    outfile, command = argv[0], argv[1:]
    child = subprocess.Popen(command)
    signal.signal(signal.SIGINT, lambda signum, frame: child.send_signal(signal.SIGINT))
    code = child.wait()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if sys.platform == "darwin":
        peak //= 1024
    with open(outfile, "w", encoding="utf-8") as handle:
        handle.write(f"{peak}\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
