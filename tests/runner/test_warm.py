"""Warm workers: forked from a zygote with torch imported, and isolated like cold ones.

tests/runner/test_runner.py runs every misbehaviour through the warm path (the default); here
are the properties of the fork itself, the zygote's own failures, and the cold path.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest
from platform_marks import needs_fork_backend, needs_proc

from checker.core.limits import Limits
from checker.core.results import Status
from checker.runner.judge.session import KataSession
from checker.runner.judge.verdicts import CaseProblem
from checker.runner.process import warm

pytestmark = [
    needs_fork_backend,
    pytest.mark.skipif(not warm.warm_available(), reason="warm workers are switched off (KATA_WARM=0 or KATA_BACKEND)"),
]

SOLUTION = textwrap.dedent("""\
    import os
    import sys
    import time

    import torch

    COUNTER = []


    def where():
        return {"pid": os.getpid(), "group": os.getpgid(0), "parent": os.getppid(), "cwd": os.getcwd(),
                "home": os.environ.get("HOME"), "env": sorted(os.environ), "argv": sys.argv[1:]}


    def count():
        COUNTER.append(1)
        return len(COUNTER)


    def threads():
        x = torch.randn(600, 600)
        return float((x @ x).sum()), torch.get_num_threads()


    def exit_hard():
        os._exit(4)


    def kill_the_zygote():
        os.kill(os.getppid(), 9)
        time.sleep(30)
""")


def _session(tmp_path: Path, seconds: float = 5.0) -> KataSession:
    path = tmp_path / "solution.py"
    path.write_text(SOLUTION)
    return KataSession(path, "katas/99_warm/solution.py", Limits(seconds=seconds))


@pytest.fixture
def session(tmp_path):
    opened = _session(tmp_path)
    yield opened
    opened.close()


def test_each_worker_is_a_fresh_process_in_its_own_group_with_a_scratch_folder(session, tmp_path, monkeypatch):
    monkeypatch.setenv("KATA_TEST_SECRET", "do not leak")  # the zygote's environment was cleaned at its start
    first = session.call("where").value
    second_session = _session(tmp_path)
    try:
        second = second_session.call("where").value
    finally:
        second_session.close()

    assert first["pid"] != second["pid"] and first["pid"] != os.getpid()
    assert first["group"] == first["pid"], "a worker leads its own process group, so a kill takes its children"
    assert first["cwd"] == first["home"] and first["cwd"] != second["cwd"]
    assert Path(first["cwd"]).name.startswith("kata-worker-")
    assert "KATA_TEST_SECRET" not in first["env"] and "PYTHONPATH" not in first["env"]
    assert len(first["argv"]) == 2, "argv reads like a cold worker's: REQUEST_FD REPLY_FD"


def test_module_state_never_carries_over_to_the_next_worker(tmp_path):
    values = []
    for _ in range(2):
        opened = _session(tmp_path)
        try:
            values.append([opened.call("count").value, opened.call("count").value])
        finally:
            opened.close()

    assert values == [[1, 2], [1, 2]]


def test_forked_worker_runs_parallel_torch_operations(session):
    # The zygote never starts OpenMP's threads; a child of a process that had would hang here.
    total, threads = session.call("threads").value

    assert isinstance(total, float)
    assert 1 <= threads <= (os.cpu_count() or 1)


def test_exit_code_of_a_forked_worker_reaches_the_judge(session):
    with pytest.raises(CaseProblem) as caught:
        session.call("exit_hard")

    assert caught.value.status is Status.EXITED
    assert "exit with code 4" in caught.value.message
    assert session.call("count").value == 1, "the next call gets a fresh worker"


def test_a_killed_zygote_is_replaced_and_the_case_is_reported(session):
    with pytest.raises(CaseProblem) as caught:
        session.call("kill_the_zygote")

    assert caught.value.status in (Status.CRASHED, Status.TIMEOUT, Status.EXITED)
    assert session.call("count").value == 1, "a new zygote serves the next worker"


@needs_proc  # reads process groups from /proc
def test_shutdown_kills_the_workers_of_the_zygote(session):
    pid = session.call("where").value["pid"]

    warm.shutdown()

    _wait_until_gone(pid)
    assert not _live_members(pid)
    session.close()
    assert session.call("count").value == 1, "the next worker comes from a new zygote"


def test_prestart_returns_at_once_and_preload_gives_a_second_zygote():
    warm.shutdown()
    started = time.monotonic()
    warm.prestart(preload=True)

    assert time.monotonic() - started < 1.0, "prestart must not wait for torch to import"
    assert set(warm._servers) == {False, True}


def test_cold_workers_when_warm_is_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("KATA_WARM", "0")
    opened = _session(tmp_path, seconds=2.0)
    try:
        where = opened.call("where").value
        with pytest.raises(CaseProblem) as caught:
            opened.call("exit_hard")
    finally:
        opened.close()

    assert not warm.warm_available()
    assert where["group"] == where["pid"] and Path(where["cwd"]).name.startswith("kata-worker-")
    assert caught.value.status is Status.EXITED


@needs_proc  # reads process groups from /proc
def test_forked_worker_is_killed_with_its_group_on_timeout(tmp_path):
    path = tmp_path / "solution.py"
    path.write_text(
        "import os, time\n\ndef spawn_and_hang():\n    if os.fork() == 0:\n        time.sleep(60)\n"
        "        os._exit(0)\n    time.sleep(60)\n\ndef pid():\n    return os.getpid()\n"
    )
    opened = KataSession(path, "solution.py", Limits(seconds=1.0))
    try:
        pid = opened.call("pid").value
        with pytest.raises(CaseProblem) as caught:
            opened.call("spawn_and_hang")
    finally:
        opened.close()

    assert caught.value.status is Status.TIMEOUT
    _wait_until_gone(pid)
    assert not _live_members(pid), "the whole group is gone, grandchild included"


def _wait_until_gone(group: int) -> None:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _live_members(group):
        time.sleep(0.05)


def _live_members(group: int) -> list[int]:
    """Processes of this process group that are not zombies (Linux /proc)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                members.append(int(entry.name))
    return members
