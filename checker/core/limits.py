"""Every limit and size the checker enforces or cuts text to, each with why it has that value.

The time a case may take comes from the catalogue (`time_limit`); `limits_for(kata)`
turns a kata into the `Limits` its worker runs under. Everything else is a constant here,
so that no other module writes a number that bounds time, memory or text. This module
is part of the data core: it imports nothing from the checker at run time, so the worker
and the zygote can read it without pulling in anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.core.catalogue import Kata

__all__ = [
    "CATCH_UP_READS",
    "DEFAULT_CASE_SECONDS",
    "DETAILED_CAUSES",
    "EXIT_WAIT_SECONDS",
    "FAMILY_MEMORY_POLL_SECONDS",
    "FILE_HELD_SECONDS",
    "GIT_SECONDS",
    "GiB",
    "KATA_BUDGET_CASES",
    "KEY_POLL_SECONDS",
    "KILL_TREE_SECONDS",
    "KiB",
    "Limits",
    "MAX_ARG_TEXT",
    "MAX_CLASS_MESSAGE_TEXT",
    "MAX_CONTROL_MESSAGE_BYTES",
    "MAX_DESCRIBED_NUMBERS",
    "MAX_DESCRIBED_TEXT",
    "MAX_ERROR_TEXT",
    "MAX_KILL_ROUNDS",
    "MAX_MESSAGE_BYTES",
    "MAX_MESSAGE_DEPTH",
    "MAX_PROBLEM_TEXT",
    "MAX_RECORDED_ANSWER_TEXT",
    "MAX_REASON_TEXT",
    "MAX_RECORDED_CALLS",
    "MAX_SHOWN_TEXT",
    "MAX_SOLUTION_BYTES",
    "MAX_SPEC_ERROR_TEXT",
    "MAX_WARNINGS",
    "MAX_WARNING_TEXT",
    "MAX_WORKER_PROCESSES",
    "MEMORY_BYTES",
    "MEMORY_POLL_SECONDS",
    "MiB",
    "PIPE_READ_BYTES",
    "POLL_SECONDS",
    "PRINTED_START_BYTES",
    "PRINTED_START_LINES",
    "PRINTED_TAIL_BYTES",
    "PRINTED_TAIL_LINES",
    "PROGRESS_LOCK_SECONDS",
    "RETRY_PAUSE_SECONDS",
    "SAVE_SETTLE_SECONDS",
    "SAVE_SETTLE_TRIES",
    "STARTUP_SECONDS",
    "SUSPECT_SECONDS",
    "SYNC_WAIT_SECONDS",
    "limits_for",
]

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

# -- Time ---------------------------------------------------------------------------------

# A case's limit when none is given (tests, benchmarks); katas take theirs from the catalogue.
DEFAULT_CASE_SECONDS = 10.0
# All of one kata's cases together may use this many single-case limits: a solution that
# hangs in every case then costs three limits, not one per case.
KATA_BUDGET_CASES = 3
# All the suspects of one kata together (judge/suspects.py: its catalogued mistakes re-run on
# the cases the learner failed, to name the mistake): a forked suspect answers a case in tens
# of milliseconds, so this covers a kata's whole catalogue for a few causes, while a suspect
# that hangs costs a failing check at most this much, never a case limit per suspect.
SUSPECT_SECONDS = 10.0
# A worker or zygote must be ready within this: a cold `import torch` on a loaded classroom
# runner or a first run after install can take a minute; only a broken install takes longer.
STARTUP_SECONDS = 120.0
# After a kill, how long to wait for the process to be reaped before waiting without end:
# a killed group goes in milliseconds, so this is only reached when something is badly wrong.
EXIT_WAIT_SECONDS = 5.0
# How often the memory watchdog reads the worker's resident size: fifty looks a second stop
# a runaway allocation soon after it crosses the limit, and one small /proc read is cheap.
MEMORY_POLL_SECONDS = 0.02
# How often the watchdog reads the private memory of processes a worker started (a slower
# read than the worker's own size, and only needed when it started some).
FAMILY_MEMORY_POLL_SECONDS = 0.2
# How long a kill of a worker's process tree waits for its members to stop before it reads
# their children again. Most stop within milliseconds; on two cores swamped by a fork bomb a
# few take seconds, and the case's clock runs meanwhile, so the kill goes ahead without them
# (the group kill that follows takes them).
KILL_TREE_SECONDS = 0.2
# The portable path: after a reply, how long the judge waits for the worker's output to catch
# up with it (the mark written before the reply, see protocol.sync_mark). It is already in the
# pipe, so this is only reached when the learner closed or hijacked the worker's stderr.
SYNC_WAIT_SECONDS = 1.0
# An editor's save can be two writes: `kata watch` waits this long between looks, at most
# this many times (half a second), until the file holds still.
SAVE_SETTLE_SECONDS = 0.01
SAVE_SETTLE_TRIES = 50
# A git command that finds a stub's first version: a local repository answers in
# milliseconds; one that hangs (a lock, a prompt) must not hang `kata reset`.
GIT_SECONDS = 30.0
# How often `kata watch` looks at file times and keys (and `--interval`'s default): a save
# is noticed within a blink, and twenty looks a second leave an idle watch asleep.
POLL_SECONDS = 0.05
# `kata watch` on Windows: msvcrt has no select(), so while waiting for a key it looks this
# often; a press shows within a blink and an idle watch stays asleep.
KEY_POLL_SECONDS = 0.01
# Windows refuses to rename over a file another program holds open for a moment (an editor,
# a virus scanner, OneDrive): a write tries again for this long before it gives up.
FILE_HELD_SECONDS = 1.0
# The progress file's lock is held for the milliseconds a check takes to rewrite it; Windows'
# lock does not wait, so it is tried again for this long before the save gives up.
PROGRESS_LOCK_SECONDS = 2.0
# The pause between those tries: short against both, long enough not to spin.
RETRY_PAUSE_SECONDS = 0.02

# -- Memory -------------------------------------------------------------------------------

# A worker's resident memory limit, with every process it started: torch and the largest
# kata need well under 1 GiB, so a worker past 3 GiB is growing without bound, and is
# stopped before the machine swaps.
MEMORY_BYTES = 3 * GiB

# A worker and every process it started, together: no kata needs a process of its own, and
# a DataLoader with a few workers fits, but a fork bomb is stopped at once (its copies share
# their pages, so it is the count, not the memory, that names it).
MAX_WORKER_PROCESSES = 16

# -- What crosses between processes -------------------------------------------------------

# One judge-worker message: far above any kata's tensors (a few MiB), far below what would
# let a broken or forged length make the judge allocate the machine's memory.
MAX_MESSAGE_BYTES = 64 * MiB
# Nesting of lists and dicts in one message: kata values are a few levels deep; a deeper
# one is a reference cycle or an attack on the decoder's recursion.
MAX_MESSAGE_DEPTH = 32
# One message on the zygote's control socket, either way (a small JSON object: a folder, a pid).
MAX_CONTROL_MESSAGE_BYTES = 64 * KiB
# One read from a worker's output pipe: the pipe's own buffer size on Linux.
PIPE_READ_BYTES = 64 * KiB
# After a reply, what is still in the pipe belongs to that request; a background thread
# printing without pause must not keep the judge reading, so at most this many reads.
CATCH_UP_READS = 64
# Rounds of killing the processes a graded solution left behind: each round kills the ones
# that appeared since the last; a process that keeps forking is outrun within a few.
MAX_KILL_ROUNDS = 50
# A solution file larger than this is not graded: every kata's answer is a few KiB.
MAX_SOLUTION_BYTES = 1 * MiB

# -- What a learner printed (printed.py) ---------------------------------------------------

# The start of the output, where the first clue usually is: a terminal reader wants the
# first screens, not 64 KiB of one line repeated, hence also a line limit.
PRINTED_START_BYTES = 64 * KiB
PRINTED_START_LINES = 50
# The last lines, printed just before a hang or a crash.
PRINTED_TAIL_BYTES = 8 * KiB
PRINTED_TAIL_LINES = 40

# -- Text cut to fit a report ----------------------------------------------------------------

# Distinct warning messages a worker sends back per call (the judge turns some into
# notes), and the length of each: a loop that warns every step must not flood the reply.
MAX_WARNINGS = 10
MAX_WARNING_TEXT = 300
# An exception message from the learner's code: enough for torch's longest shape errors.
MAX_ERROR_TEXT = 2000
# The checker's own failure, quoted in a "this is a bug in torch-katas" message.
MAX_SPEC_ERROR_TEXT = 300
# A call's arguments as a failure message shows them (`fit(model, tensor(...), ...)`).
MAX_ARG_TEXT = 300
# A value shown by a spec's comparison ("got ..., expected ..."): about three lines.
MAX_SHOWN_TEXT = 240
# A foreign value as described to the learner: its first few numbers, then "...".
MAX_DESCRIBED_NUMBERS = 6
MAX_DESCRIBED_TEXT = 200
# Calls a training driver records in order (zero_grad, backward, step): enough for the
# first steps of a loop, where every wrong order shows.
MAX_RECORDED_CALLS = 80
# A failure's reason as one line of the grouped causes.
MAX_REASON_TEXT = 160
# Causes of failure explained in full per kata; later ones get one line.
DETAILED_CAUSES = 5
# A failing case's message in a grade's text report.
MAX_PROBLEM_TEXT = 300
# A failed case's wrong answer as a class record keeps it, for the similarity check: the shown
# value is already cut to MAX_SHOWN_TEXT; this only bounds a record whatever a spec shows.
MAX_RECORDED_ANSWER_TEXT = 500
# Why a student could not be graded, in the class report: a grader error or a bad-input
# message fits; a traceback or a hostile file name a student chose is cut to this.
MAX_CLASS_MESSAGE_TEXT = 300


# `kata grade-class`: a submission (a folder, or a zip and what it unpacks to) larger than
# this is not graded: a kata repository is a few hundred KiB, and a zip bomb stops here.
MAX_SUBMISSION_BYTES = 50 * MiB
# Files in one submission's zip: far more than a kata repository holds.
MAX_ZIP_MEMBERS = 20_000
# How long a stopped class run waits for its grading jobs before it kills them.
CLASS_JOB_STOP_SECONDS = 15.0
# The progress bar's width in characters, and how often a plain (non-terminal) run prints.
PROGRESS_BAR_WIDTH = 24


@dataclass(frozen=True)
class Limits:
    """How far a learner's code may go before its worker is stopped."""

    seconds: float = DEFAULT_CASE_SECONDS
    kata_seconds: float | None = None  # all of one kata's cases together; None: no budget
    memory_bytes: int = MEMORY_BYTES
    # No output limit: printing never ends a case (its start and last lines are kept).


def limits_for(kata: Kata) -> Limits:
    """The limits a kata's worker runs under: its catalogue time limit per case, a budget for all."""
    return Limits(seconds=kata.time_limit, kata_seconds=KATA_BUDGET_CASES * kata.time_limit)
