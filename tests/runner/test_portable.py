"""The portable path (KATA_BACKEND=portable), for real on Linux, and under simulated Windows and macOS.

The portable path is what Windows and macOS run: workers over their own stdin and stdout,
read by threads, watched and killed with psutil, one started ahead. Here it runs on Linux
for real; tests/simulate_platform.py also takes away from the judge process what those
platforms lack (fork, killpg, SIGKILL, pass_fds, select on pipes, fcntl, termios, /proc),
so that what the runner chooses there is what runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from grade_support import reference, student_tree
from platform_marks import needs_fork_backend
from test_faults import EXPECTED_STATUS, FAULT_MARKS, HOSTILE, LIMITS

from checker.core.limits import MEMORY_BYTES
from checker.runner.judge.session import KataSession
from checker.runner.judge.verdicts import CaseProblem
from checker.runner.process import capabilities, warm

ROOT = Path(__file__).resolve().parents[2]
SIMULATE = ROOT / "tests" / "simulate_platform.py"
# A fork bomb is stopped by the process count on the fork path (family.py, a look every
# 20 ms); psutil's slower tree read (every 0.2 s) lets a bomb grow too far on two cores to
# try here. Windows has no fork at all.
PORTABLE_FAULTS = [fault for fault in HOSTILE if "bomb" not in fault]
HANG = "def create_tensor(method, shape, value=0.0):\n    while True:\n        pass\n"
GIB_5 = "def create_tensor(method, shape, value=0.0):\n    block = b'x' * (5 * 1024**3)\n    return [len(block)]\n"


# The simulation takes the fork path's pieces away (fork, /proc, process groups, descriptor
# passing); where the platform has none of them, its own portable path runs in the other tests.
simulation = needs_fork_backend


@pytest.fixture
def portable(monkeypatch):
    monkeypatch.setenv(capabilities.BACKEND_VARIABLE, "portable")
    warm.shutdown()
    yield
    warm.shutdown()  # the spare started ahead


def test_the_backend_is_chosen_by_what_the_platform_offers(monkeypatch):
    linux = capabilities.detect()
    monkeypatch.delenv(capabilities.BACKEND_VARIABLE, raising=False)
    if linux.fork_backend:
        assert capabilities.backend(linux) == "fork"
    assert capabilities.backend(replace(linux, fork=False)) == "portable"
    assert capabilities.backend(replace(linux, proc_tree=False)) == "portable"
    assert capabilities.backend(replace(linux, fd_passing=False)) == "portable"
    monkeypatch.setenv(capabilities.BACKEND_VARIABLE, "portable")
    assert capabilities.backend(linux) == "portable"


def test_doctor_limits_say_what_is_not_enforced_without_psutil(monkeypatch):
    monkeypatch.setenv(capabilities.BACKEND_VARIABLE, "portable")
    bare = replace(capabilities.detect(), psutil=False)
    limits = {limit.name: limit for limit in capabilities.enforced_limits(bare)}
    assert limits["time"].enforced and not limits["memory"].enforced and not limits["processes"].enforced
    assert "psutil" in limits["memory"].how


@pytest.mark.slow
@pytest.mark.parametrize(
    "fault",
    [pytest.param(fault, marks=FAULT_MARKS.get(fault, ()), id=fault.replace(" ", "-")) for fault in PORTABLE_FAULTS],
)
def test_hostile_solution_is_stopped_on_the_portable_path(portable, tmp_path, fault):
    solution = tmp_path / "solution.py"
    solution.write_text(HOSTILE[fault])
    limits = replace(LIMITS, seconds=15.0) if "memory" in fault else LIMITS
    session = KataSession(solution, "katas/01_x/solution.py", limits)
    try:
        with pytest.raises(CaseProblem) as caught:
            session.call("solve")
        assert caught.value.status is EXPECTED_STATUS[fault], caught.value.message
        with pytest.raises(CaseProblem):  # the next call gets a fresh worker and the same answer
            session.call("solve")
    finally:
        session.close()


@pytest.mark.slow
def test_printed_output_is_whole_at_each_reply_on_the_portable_path(portable, tmp_path):
    solution = tmp_path / "solution.py"
    solution.write_text(
        "import sys\ndef solve(n):\n    print('x' * n)\n    print('done', file=sys.stderr)\n    return n\n"
    )
    session = KataSession(solution, "solution.py", LIMITS)
    try:
        for size in (1, 10, 200_000):
            assert session.call("solve", size).value == size
            printed = session.take_output().text()
            assert printed.rstrip().endswith("done"), printed[-200:]
    finally:
        session.close()


def _simulated(platform: str, *args: str, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop(capabilities.BACKEND_VARIABLE, None)
    command = [sys.executable, str(SIMULATE), platform, *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
@simulation
def test_simulated_windows_passes_every_reference():
    done = _simulated("windows", "check", "--all", "--reference")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "FAILED" not in done.stdout and "not supported" not in done.stdout


@pytest.mark.slow
@simulation
def test_simulated_macos_passes_a_reference():
    done = _simulated("macos", "check", "01", "04", "--reference")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.mark.slow
@simulation
def test_simulated_windows_grades_a_correct_solution_full_marks(tmp_path):
    tree = student_tree(tmp_path / "student", {"01": reference("01"), "04": reference("04")})
    out = tmp_path / "out"
    done = _simulated("windows", "grade", "01", "04", "--workspace", str(tree), "--output-dir", str(out))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((out / "kata-results.json").read_text(encoding="utf-8"))
    assert results["score"] == results["max_score"] > 0, results


@pytest.mark.slow
@simulation
@pytest.mark.parametrize(
    ("source", "status"),
    [(HANG, "timeout"), (GIB_5, "memory_limit")],
    ids=["a-hang", "5-GiB"],
)
def test_simulated_windows_stops_a_hang_and_a_5_gib_allocation(tmp_path, source, status):
    tree = student_tree(tmp_path / "student", {"01": source})
    out = tmp_path / "out"
    done = _simulated("windows", "grade", "01", "--workspace", str(tree), "--output-dir", str(out))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((out / "kata-results.json").read_text(encoding="utf-8"))
    statuses = {case["status"] for kata in results["katas"] for case in kata["cases"]}
    assert status in statuses, statuses
    assert MEMORY_BYTES < 5 * 1024**3  # the allocation is over the limit it must meet


def test_a_windows_crash_code_is_a_crash_not_an_exit():
    from checker.runner.process.worker_process import _describe_exit

    assert _describe_exit(0xC0000005)[0] == "crashed"  # an access violation, as Windows reports it
    assert _describe_exit(3)[0] == "exited"
