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
import signal
import time
from dataclasses import dataclass

from checker.core.limits import FAMILY_MEMORY_POLL_SECONDS, KILL_TREE_SECONDS
from checker.runner.process.spawn import kill_group

__all__ = ["Family", "FamilyWatch", "groups_of", "kill_groups", "kill_tree", "members", "signal_all", "watchable"]


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


def kill_tree(pid: int) -> int:
    """Stop `pid` and every descendant (SIGSTOP, so that none forks again), then SIGKILL them all.

    The process group kill misses a descendant that left the group (`os.setsid()`): a fork
    bomb that did so would outlive its worker. Stopping first keeps the tree whole while it
    is read (a killed parent's children would move to another parent and out of sight), and
    a parent's list of children is final only once it has really stopped: a fork under way
    as the signal came still adds one. On a machine swamped by the bomb not every member may
    stop in time, so every process group the members were in is killed as well. Returns how
    many processes were found (0 where /proc has no children lists).
    """
    stopped: list[int] = []
    groups: set[int] = set()
    seen: set[int] = set()
    waiting = [pid]
    deadline = time.monotonic() + KILL_TREE_SECONDS
    while waiting:
        while waiting:
            member = waiting.pop()
            if member in seen:
                continue
            seen.add(member)
            try:
                os.kill(member, signal.SIGSTOP)
            except (ProcessLookupError, PermissionError):
                continue
            stopped.append(member)
            groups |= groups_of([member])
            waiting.extend(_children(member))
        while time.monotonic() < deadline and not all(_settled(member) for member in stopped):
            time.sleep(0.001)
        waiting = [child for parent in stopped for child in _children(parent) if child not in seen]
    signal_all(stopped, signal.SIGKILL)
    # A member that had not stopped by the deadline may have forked one more the walk never
    # saw; it is in its parent's group unless it left it too, and a group kill misses no one.
    kill_groups(groups)
    return len(stopped)


def groups_of(pids: list[int]) -> set[int]:
    """The process groups these processes are in (those gone are left out)."""
    groups = set()
    for pid in pids:
        try:
            groups.add(os.getpgid(pid))
        except OSError:
            pass
    return groups


def signal_all(pids: list[int], sig: int) -> None:
    """Send `sig` to each of `pids`; one already gone is no error."""
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def kill_groups(groups: set[int]) -> None:
    """SIGKILL every one of these process groups but the caller's own."""
    for group in groups - {os.getpgrp()}:
        kill_group(group)


def _settled(pid: int) -> bool:
    """Stopped, a zombie or gone: it forks no more."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in "TtZX"


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
