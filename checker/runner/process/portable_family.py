"""A worker's family on any platform, through psutil: the portable path's watchdog and tree kill.

The same job as family.py (which reads Linux's /proc directly, the fast path), with the
same results: how many processes the worker and its descendants are, and the memory they
hold, and a kill that takes the whole tree. psutil has native reads on Windows and macOS.

Finding a process's descendants costs more here (psutil reads every process's parent),
so the worker's own memory is read at every look and its descendants at most every
`family_seconds`: a fork bomb is stopped within a fraction of a second instead of at once.
Children are counted by their unique memory (USS) where psutil can read it, since a
forked copy shares its parent's pages, and by their resident size elsewhere.
"""

from __future__ import annotations

import time

from checker.core.limits import KILL_TREE_SECONDS
from checker.runner.process.family import Family

__all__ = ["PortableWatch", "kill_tree"]


class PortableWatch:
    """Repeated looks at one worker's family through psutil; `usable` is False without psutil."""

    def __init__(self, pid: int, cap: int, family_seconds: float) -> None:
        self.cap = cap
        self.family_seconds = family_seconds
        self._children: list = []
        self._children_bytes = 0
        self._next_family_look = 0.0
        try:
            import psutil

            self._psutil = psutil
            self._root = psutil.Process(pid)
            self.usable = True
        except Exception:  # noqa: BLE001 - ImportError, or - psutil.Error: the worker is already gone
            self.usable = False

    def look(self) -> Family:
        psutil = self._psutil
        now = time.monotonic()
        if now >= self._next_family_look:
            self._next_family_look = now + self.family_seconds
            try:
                self._children = self._root.children(recursive=True)
            except psutil.Error:
                self._children = []
            if len(self._children) < self.cap:
                self._children_bytes = sum(_own_bytes(child, psutil) for child in self._children)
        try:
            resident = self._root.memory_info().rss
        except psutil.Error:
            resident = 0
        return Family(1 + len(self._children), resident + self._children_bytes)


def kill_tree(pid: int) -> int:
    """Suspend `pid` and every descendant (so that none starts another), then kill them all.

    The tree is read again once everyone is suspended, as family.kill_tree does, because a
    process starting a child as the suspension came still adds one. Returns how many were found.
    """
    try:
        import psutil

        root = psutil.Process(pid)
    except Exception:  # noqa: BLE001 - ImportError, or - psutil.Error: gone already
        return 0
    members: dict[int, object] = {}
    deadline = time.monotonic() + KILL_TREE_SECONDS
    while True:
        try:
            found = [root, *root.children(recursive=True)]
        except psutil.Error:
            found = [root]
        new = [process for process in found if process.pid not in members]
        for process in new:
            members[process.pid] = process
            _quietly(process.suspend, psutil)
        if not new or time.monotonic() > deadline:
            break
    for process in members.values():
        _quietly(process.kill, psutil)
    return len(members)


def _own_bytes(process, psutil) -> int:
    try:
        return process.memory_full_info().uss
    except (psutil.Error, AttributeError):
        try:
            return process.memory_info().rss
        except psutil.Error:
            return 0


def _quietly(action, psutil) -> None:
    try:
        action()
    except psutil.Error:
        pass
