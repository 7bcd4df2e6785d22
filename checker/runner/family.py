"""A worker's family: the worker and every process it started, read from Linux's /proc.

The judge's watchdog (process.py) counts a worker's memory and processes as a family,
so that neither a fork bomb nor a child process that allocates without bound escapes the
limits that the worker itself is held to. Each look walks the process tree down from the
worker through `/proc/PID/task/TID/children`: a few small reads for a worker that
started nothing, which is nearly every worker.

A forked child shares its parent's pages until it writes to them, so its resident size
says little (a copy of a torch worker "holds" 150 MB it does not own): children are
counted by their private memory (smaps_rollup), which is slower to read, so it is read
at most every FAMILY_MEMORY_POLL_SECONDS. A process whose parent exited is re-parented
away from the tree; the process group kill and the grading janitor (grading/sandbox.py)
still take it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from checker.limits import FAMILY_MEMORY_POLL_SECONDS

__all__ = ["Family", "FamilyWatch", "members", "watchable"]


@dataclass(frozen=True)
class Family:
    """What one look found: how many processes (at most the cap plus one), and the memory they hold."""

    processes: int
    memory_bytes: int


def watchable(pid: int) -> bool:
    """Can a family be looked at here (Linux with /proc, and the process still there)?"""
    return os.path.exists(f"/proc/{pid}/task/{pid}/children")


class FamilyWatch:
    """Repeated looks at one worker's family: its resident memory, and its children's private memory."""

    def __init__(self, pid: int, cap: int) -> None:
        self.pid = pid
        self.cap = cap
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._children_bytes = 0
        self._next_children_look = 0.0

    def look(self) -> Family:
        found = members(self.pid, self.cap)
        now = time.monotonic()
        if len(found) == 1:
            self._children_bytes = 0
        elif now >= self._next_children_look and len(found) <= self.cap:
            self._children_bytes = sum(_private_bytes(child, self._page) for child in found[1:])
            self._next_children_look = now + FAMILY_MEMORY_POLL_SECONDS
        return Family(len(found), _resident_pages(self.pid) * self._page + self._children_bytes)


def members(pid: int, cap: int) -> list[int]:
    """`pid` first, then its descendants; the walk stops once more than `cap` are found."""
    found = [pid]
    index = 0
    while index < len(found) and len(found) <= cap:
        found.extend(_children(found[index]))
        index += 1
    return found


def _children(pid: int) -> list[int]:
    """The children of every thread of `pid` (a thread that forks is the child's parent)."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    children: list[int] = []
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/children", encoding="ascii") as handle:
                children.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return children


def _resident_pages(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def _private_bytes(pid: int, page: int) -> int:
    """Memory that `pid` alone holds (private pages and swap); its resident size where that is unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
        return sum(int(fields[key].split()[0]) for key in ("Private_Clean", "Private_Dirty", "Swap")) * 1024
    except (OSError, ValueError, KeyError, IndexError):
        return _resident_pages(pid) * page
