"""A launched checker process sees a clean environment in its own group, and a group kill takes all of it."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from platform_marks import needs_posix_signals, needs_proc

from checker.runner.process import spawn
from checker.runner.process.spawn import clean_environment, kill_group, launch_clean

# `python -m timeit -n1 -r1 STATEMENT` runs STATEMENT once: a stdlib module that runs code of ours.
_SHOW = (
    "import os, sys; print(os.getcwd(), os.environ['HOME'], os.environ['TMPDIR'], ','.join(sorted(os.environ)), "
    "sys.flags.isolated, sep='|')"
)


def test_the_clean_environment_keeps_path_and_drops_secrets(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "secret")
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    monkeypatch.setenv("PATH", "/usr/bin")

    env = clean_environment()

    assert env["PATH"] == "/usr/bin"
    assert "GITHUB_TOKEN" not in env and "PYTHONPATH" not in env
    assert env["PYTHONDONTWRITEBYTECODE"] == env["PYTHONUNBUFFERED"] == env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"


@pytest.mark.parametrize(
    "cores, judges, threads", [(2, 1, 2), (2, 2, 1), (2, 3, 1), (16, 1, 4), (16, 4, 4), (16, 8, 2)]
)
def test_judges_side_by_side_share_the_cores_among_their_workers(monkeypatch, cores, judges, threads):
    monkeypatch.setattr(spawn.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(spawn, "_side_by_side", 1)

    spawn.share_cores(judges)

    assert spawn.worker_threads() == threads
    assert clean_environment()["OMP_NUM_THREADS"] == str(threads)


def test_a_launched_module_runs_isolated_in_its_home_with_only_the_clean_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "secret")
    home = str(tmp_path)
    read, write = os.pipe()
    try:
        process = launch_clean("timeit", ["-n1", "-r1", _SHOW], home, write, pass_fds=())
    finally:
        os.close(write)
    with os.fdopen(read) as output:
        printed = output.read()
    assert process.wait(timeout=60) == 0, printed

    cwd, home_seen, tmpdir, names, isolated = printed.splitlines()[0].split("|")  # then timeit's own line
    assert os.path.realpath(cwd) == os.path.realpath(home) and home_seen == tmpdir == home
    assert "GITHUB_TOKEN" not in names.split(",") and "PYTHONUNBUFFERED" in names.split(",")
    assert isolated == "1"


def _running(pid: int) -> bool:
    """Is `pid` alive and not a zombie (killed, waiting for whoever adopted it to reap it)?"""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


@needs_posix_signals  # a session of its own, killed as a group with SIGKILL
@needs_proc  # reads process states from /proc
def test_a_group_kill_takes_the_process_and_its_children():
    started = (
        "import subprocess, sys, time; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
        "print(child.pid, flush=True); time.sleep(60)"
    )
    process = launch_clean("timeit", ["-n1", "-r1", started], os.getcwd(), subprocess.PIPE, pass_fds=())
    child = int(process.stdout.readline())
    assert os.getsid(process.pid) == process.pid  # a new session: Ctrl-C in the terminal does not reach it
    assert _running(child)

    kill_group(process.pid)

    assert process.wait(timeout=10) == -signal.SIGKILL
    process.stdout.close()
    for _ in range(1000):  # SIGKILL is delivered at once, but the state changes when it is scheduled
        if not _running(child):
            break
        time.sleep(0.01)
    assert not _running(child)


def test_killing_a_group_that_is_gone_is_no_error():
    process = launch_clean("timeit", ["-n1", "-r1", "pass"], os.getcwd(), subprocess.DEVNULL, pass_fds=())
    process.wait(timeout=60)

    kill_group(process.pid)
