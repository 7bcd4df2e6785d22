"""A worker's family is counted through its children, and the count stops past the cap."""

from __future__ import annotations

import os
import subprocess
import sys

from platform_marks import needs_fork, needs_posix_signals, needs_proc_children

from checker.runner.process import family

# Every test walks /proc's children lists, and each family runs in its own process group.
pytestmark = [needs_proc_children, needs_posix_signals]

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MiB = 1024 * 1024
# A parent that starts `n` children (each holding `hold` MiB of its own), says so, and sleeps.
_PARENT = (
    "import subprocess, sys, time\n"
    "CHILD = 'import sys, time; hoard = bytearray({hold} * 1024 * 1024); print(1, flush=True); time.sleep(60)'\n"
    "kids = [subprocess.Popen([sys.executable, '-c', CHILD], stdout=subprocess.PIPE) for _ in range({n})]\n"
    "[kid.stdout.readline() for kid in kids]\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


def _parent_of(children: int, hold: int = 0) -> subprocess.Popen:
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT.format(n=children, hold=hold)], stdout=subprocess.PIPE, start_new_session=True
    )
    assert parent.stdout is not None and parent.stdout.readline() == b"ready\n"
    return parent


def _resident(pid: int) -> int:
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * _PAGE


def _look(pid: int, cap: int = 16) -> family.Family:
    return family.FamilyWatch(pid, cap).look()


def _stop(parent: subprocess.Popen) -> None:
    os.killpg(parent.pid, 9)
    parent.wait()


def test_a_process_that_started_nothing_is_a_family_of_one_with_its_own_memory():
    parent = _parent_of(0)
    try:
        own, found = _resident(parent.pid), _look(parent.pid)
    finally:
        _stop(parent)
    assert found.processes == 1
    assert 0.5 * own < found.memory_bytes < 2 * own


def test_children_count_and_add_the_memory_they_hold():
    parent = _parent_of(3, hold=40)
    try:
        own, found = _resident(parent.pid), _look(parent.pid)
    finally:
        _stop(parent)
    assert found.processes == 4
    assert found.memory_bytes > own + 3 * 40 * MiB


def test_the_walk_stops_just_past_the_cap():
    parent = _parent_of(5)
    try:
        found = family.members(parent.pid, cap=3)
    finally:
        _stop(parent)
    assert len(found) > 3 and found[0] == parent.pid  # enough to say "too many", without walking a whole bomb


@needs_fork
def test_a_forked_copy_counts_only_what_it_did_not_share():
    """The copy shares the parent's 200 MiB until it writes: counting its resident size would double them."""
    script = (
        "import os, sys, time\n"
        "big = bytearray(200 * 1024 * 1024)\n"
        "if os.fork() == 0:\n"
        "    time.sleep(60)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert parent.stdout is not None and parent.stdout.readline() == b"ready\n"
        own, found = _resident(parent.pid), _look(parent.pid)
    finally:
        _stop(parent)
    assert found.processes == 2
    assert own < found.memory_bytes < own + 100 * MiB


def test_a_process_that_is_gone_counts_as_nothing():
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)

    assert _look(int(done.stdout)) == family.Family(1, 0)
