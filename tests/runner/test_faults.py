"""Fault injection: every fault a solution or a user can cause, what they see, and the outcome.

Each test injects one fault and records a row: the fault, the first line the user reads,
and the exit code (or the case status). The last test renders the rows as the table in
README.md between the `faults` markers and fails when the README is out of date; run
`KATA_WRITE_FAULTS=1 python -m pytest tests/runner/test_faults.py` to rewrite it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from platform_marks import needs_crashing_null_read, needs_fork_backend, needs_posix_signals

from checker.core.limits import MEMORY_BYTES, Limits
from checker.core.progress import PROGRESS_FILE, load_progress
from checker.core.results import Status
from checker.runner.judge.session import KataSession
from checker.runner.judge.verdicts import CaseProblem
from checker.runner.process import family

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
START, END = "<!-- faults:start -->", "<!-- faults:end -->"
ROWS: dict[str, tuple[str, str, str]] = {}  # test name -> (fault, what the user sees, outcome)

LIMITS = Limits(seconds=2.0, memory_bytes=1024**3)


def record(request, fault: str, seen: str, outcome: str) -> None:
    seen = seen.strip().splitlines()[0] if seen.strip() else "(nothing)"
    ROWS[request.node.name] = (fault, _anonymous(seen), outcome)


def _anonymous(text: str) -> str:
    """The same text on every machine and run: no temporary paths, no time stamps."""
    text = re.sub(r"/\S*?/pytest-\d+/[^/\s]+", "<tmp>", text)
    return re.sub(r"\b\d{5,}\b", "N", text)


# -- solutions that misbehave in the worker ----------------------------------------------

HOSTILE = {
    "an infinite loop": "def solve():\n    while True:\n        pass\n",
    "os._exit() in the call": "import os\ndef solve():\n    os._exit(3)\n",
    "sys.exit() at import": "import sys\nsys.exit(0)\ndef solve():\n    return 1\n",
    "a segfault through ctypes": "import ctypes\ndef solve():\n    return ctypes.string_at(0)\n",
    "memory that grows without bound": (
        "def solve():\n    hoard = []\n    while True:\n        hoard.append(b'x' * (64 * 1024 * 1024))\n"
    ),
    "a fork bomb": "import os\ndef solve():\n    while True:\n        os.fork()\n",
    "a child process whose memory grows without bound": textwrap.dedent(
        """\
        import subprocess, sys
        GROW = "hoard = []\\nwhile True:\\n    hoard.append(b'x' * (64 * 1024 * 1024))"
        def solve():
            subprocess.run([sys.executable, "-c", GROW])
        """
    ),
    "a child process left running": textwrap.dedent(
        """\
        import subprocess, sys
        def solve():
            child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
            open("child.pid", "w").write(str(child.pid))
            while True:
                pass
        """
    ),
    "an exception in the learner's code": "def solve():\n    return [1, 2][5]\n",
    "a syntax error": "def solve(:\n    return 1\n",
    "a stub not started yet": "def solve():\n    raise NotImplementedError('kata: replace this line')\n",
}

EXPECTED_STATUS = {
    "an infinite loop": Status.TIMEOUT,
    "os._exit() in the call": Status.EXITED,
    "sys.exit() at import": Status.EXITED,
    "a segfault through ctypes": Status.CRASHED,
    "memory that grows without bound": Status.MEMORY_LIMIT,
    "a fork bomb": Status.CRASHED,
    "a child process whose memory grows without bound": Status.MEMORY_LIMIT,
    "a child process left running": Status.TIMEOUT,
    "an exception in the learner's code": Status.ERROR,
    "a syntax error": Status.ERROR,
    "a stub not started yet": Status.NOT_STARTED,
}


# A fork bomb is stopped by the fork path's count of the worker's processes (/proc, every
# 20 ms); psutil's slower look would let it grow too far (test_portable.py leaves it out).
# Elsewhere each fault runs on the portable path.
FAULT_MARKS = {"a fork bomb": needs_fork_backend, "a segfault through ctypes": needs_crashing_null_read}


@pytest.mark.parametrize(
    "fault", [pytest.param(fault, marks=FAULT_MARKS.get(fault, ()), id=fault.replace(" ", "-")) for fault in HOSTILE]
)
def test_hostile_solution_is_stopped_and_reported(request, tmp_path, fault):
    solution = tmp_path / "solution.py"
    solution.write_text(HOSTILE[fault])
    # Growing to the memory cap takes a moment on a busy machine: give it time to get there.
    limits = replace(LIMITS, seconds=15.0) if "memory" in fault else LIMITS
    # Under the real memory limit the bomb's count is what stops it (under 1 GiB, seven copies of
    # a torch process would be stopped for their memory first).
    limits = replace(LIMITS, memory_bytes=MEMORY_BYTES) if "bomb" in fault else limits
    session = KataSession(solution, "katas/01_x/solution.py", limits)
    try:
        with pytest.raises(CaseProblem) as caught:
            session.call("solve")
        problem = caught.value
        assert problem.status is EXPECTED_STATUS[fault], problem.message
        # The run goes on: the same session answers the next call (a fresh worker when needed).
        with pytest.raises(CaseProblem):
            session.call("solve")
    finally:
        session.close()
    record(request, f"Solution: {fault}", problem.message, f"case {problem.status.value}, exit 1")


def test_child_process_dies_with_the_worker(tmp_path):
    pid_file = tmp_path / "child.pid"
    solution = tmp_path / "solution.py"
    solution.write_text(HOSTILE["a child process left running"].replace('"child.pid"', repr(str(pid_file))))
    session = KataSession(solution, "solution.py", LIMITS)
    try:
        with pytest.raises(CaseProblem):
            session.call("solve")
    finally:
        session.close()
    assert not _alive(int(pid_file.read_text()))


@needs_fork_backend
@needs_posix_signals  # the clean-up stops and kills what the bomb listed, and its groups
def test_a_fork_bomb_that_left_the_process_group_dies_with_the_worker(request, tmp_path):
    pids = tmp_path / "pids"
    solution = tmp_path / "solution.py"
    solution.write_text(
        textwrap.dedent(
            f"""\
            import os
            def solve():
                if os.fork() == 0:
                    os.setsid()  # out of the worker's process group: a group kill misses it
                    me = None
                    while True:
                        if os.getpid() != me:  # each member of the bomb says who it is, once
                            me = os.getpid()
                            with open({str(pids)!r}, "a") as handle:
                                handle.write(f"{{me}}\\n")
                        os.fork()
                while True:
                    pass
            """
        )
    )
    session = KataSession(solution, "solution.py", replace(LIMITS, memory_bytes=MEMORY_BYTES))
    try:
        with pytest.raises(CaseProblem) as caught:
            session.call("solve")
        session.close()
        # Hundreds of copies of a torch process take a moment to die on two busy cores.
        deadline = time.monotonic() + 20
        while (survivors := [pid for pid in _listed(pids) if _alive(pid)]) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        session.close()
        _stop_listed(pids)  # should the checker fail here, the bomb must not outlive the test
    assert caught.value.status is Status.CRASHED, caught.value.message
    assert _listed(pids) and survivors == []
    record(
        request,
        "Solution: a fork bomb in a child that left the process group (`os.setsid()`)",
        caught.value.message,
        "case crashed, every process it started killed, exit 1",
    )


def _listed(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()] if pids.exists() else []


def _stop_listed(pids: Path) -> None:
    """Kill what the bomb listed, and its process groups (members that had not listed themselves yet)."""
    for _ in range(50):
        alive = [pid for pid in _listed(pids) if _alive(pid)]
        if not alive:
            return
        groups = family.groups_of(alive)
        family.signal_all(alive, signal.SIGSTOP)
        family.signal_all(alive, signal.SIGKILL)
        family.kill_groups(groups)
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    """True while `pid` runs; a zombie waiting for a reaper counts as dead (psutil: on every platform)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_kata_time_budget_stops_a_kata_that_hangs_every_case(request, tmp_path):
    solution = tmp_path / "solution.py"
    solution.write_text(HOSTILE["an infinite loop"])
    session = KataSession(solution, "solution.py", replace(LIMITS, seconds=1.0, kata_seconds=2.0))
    statuses, messages = [], []
    try:
        for _ in range(4):
            with pytest.raises(CaseProblem) as caught:
                session.call("solve")
            statuses.append(caught.value.status)
            messages.append(caught.value.message)
    finally:
        session.close()
    assert statuses == [Status.TIMEOUT] * 4
    assert messages[-1].startswith("Not run") and not messages[0].startswith("Not run")
    record(
        request,
        "Solution: hangs in every case (per-kata time budget)",
        messages[-1],
        "later cases timeout without running, exit 1",
    )


def test_flood_of_output_still_gets_its_verdict(request, tmp_path):
    solution = tmp_path / "solution.py"
    solution.write_text("def solve():\n    for _ in range(20_000):\n        print('spam' * 1000)\n    return 1\n")
    session = KataSession(solution, "solution.py", LIMITS)
    try:
        answer = session.call("solve")
        printed = session.take_output()
    finally:
        session.close()
    assert answer.value == 1, "printing never stops a worker"
    assert printed.total == 20_000 * 4001
    record(
        request,
        "Solution: a flood of output (20 MB, then the right answer)",
        "(nothing: printing never decides a verdict; a failing case shows the start and the last lines)",
        "case passed, exit 0",
    )


def test_flooded_output_keeps_the_start_and_the_end_and_says_how_much_was_cut(tmp_path):
    solution = tmp_path / "solution.py"
    solution.write_text("def solve():\n    print('first clue')\n    while True:\n        print('spam' * 1000)\n")
    session = KataSession(solution, "solution.py", LIMITS)
    try:
        with pytest.raises(CaseProblem) as caught:
            session.call("solve")
    finally:
        session.close()
    assert caught.value.status is Status.TIMEOUT, "only the time limit ends an endless flood"
    lines = caught.value.details["output"].splitlines()
    assert lines[0].startswith("Your code printed ") and lines[0].endswith(
        "the start and the last lines are shown below."
    )
    assert lines[1] == "first clue" and lines[-1] == "spam" * 1000
    assert any(re.fullmatch(r"\[\.\.\. [\d.]+ [KM]iB cut \.\.\.\]", line) for line in lines)


# -- the command line under bad input ------------------------------------------------------


def _kata(workspace: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "checker", "--workspace", str(workspace), *args]
    environment = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment)


def _seen(result: subprocess.CompletedProcess) -> str:
    lines = [line for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()]
    chosen = next((line for line in lines if "rror" in line or "warning" in line), lines[0] if lines else "")
    return chosen.removeprefix("Error: ")


def _expect_no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


CLI_FAULTS = {
    "an unknown kata number": (["check", "99"], 2),
    "a misspelt kata name": (["hint", "craete_tensor"], 2),
    "a range written backwards": (["check", "05-01"], 2),
    "a seed that is not a number": (["check", "01", "--seed", "abc"], 2),
    "ids and --all together": (["check", "01", "--all"], 2),
    "an unknown command": (["chek", "01"], 2),
}


@pytest.mark.parametrize("fault", list(CLI_FAULTS), ids=lambda fault: fault.replace(" ", "-"))
def test_bad_input_exits_2_with_a_message(request, make_workspace, fault):
    workspace = make_workspace(git=False)
    arguments, code = CLI_FAULTS[fault]
    result = _kata(workspace, *arguments)
    _expect_no_traceback(result)
    assert result.returncode == code, result.stderr
    record(request, f"Input: {fault} (`kata {' '.join(arguments)}`)", _seen(result), f"exit {code}")


def test_no_workspace_says_where_it_looked(request, tmp_path):
    tmp_path = tmp_path / "empty"
    tmp_path.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "checker", "list"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    _expect_no_traceback(result)
    assert result.returncode == 2 and "looked for" in result.stderr
    record(request, "Input: `kata list` outside any workspace", _seen(result), "exit 2")


def test_broken_catalogue_points_at_the_line(request, make_workspace):
    workspace = make_workspace(git=False)
    (workspace / "katas" / "catalogue.yaml").write_text("format_version: 1\nkatas:\n  - number: [1\n")
    result = _kata(workspace, "list")
    _expect_no_traceback(result)
    assert result.returncode == 2 and "line" in result.stderr
    record(request, "Workspace: catalogue.yaml that is not valid YAML", _seen(result), "exit 2")


def test_missing_stub_is_reported_per_case(request, make_workspace):
    workspace = make_workspace(git=False)
    (workspace / "katas" / "01_create_tensor" / "create_tensor.py").unlink()
    result = _kata(workspace, "check", "01")
    _expect_no_traceback(result)
    assert result.returncode == 1 and "missing" in result.stdout
    seen = next(line for line in result.stdout.splitlines() if "missing" in line)
    record(request, "Workspace: a kata folder without its solution file", seen, "exit 1")


@pytest.mark.parametrize(
    "content, fault",
    [
        ("{not json", "a corrupt"),
        ('{"format": "someone-else", "version": 1}', "a foreign"),
        ('{"format": "torch-katas-progress", "version": 99, "katas": {}}', "a newer-format"),
        ("", "an empty"),
    ],
    ids=["corrupt", "foreign", "newer-format", "empty"],
)
def test_bad_progress_file_is_set_aside(request, make_workspace, content, fault):
    workspace = make_workspace(git=False)
    (workspace / PROGRESS_FILE).write_text(content)
    result = _kata(workspace, "hint", "01")
    _expect_no_traceback(result)
    assert result.returncode == 0 and "warning" in result.stderr
    assert list(workspace.glob(PROGRESS_FILE + ".*.bad")), "the bad file is kept beside the new one"
    assert load_progress(workspace).of("create_tensor").hints_revealed == 1
    record(request, f"State: {fault} progress file", _seen(result), "exit 0, file set aside")


def test_unwritable_progress_still_answers(request, make_workspace):
    workspace = make_workspace(git=False)
    (workspace / (PROGRESS_FILE + ".lock")).mkdir()  # stands in for a read-only workspace (root ignores modes)
    result = _kata(workspace, "hint", "01")
    _expect_no_traceback(result)
    assert result.returncode == 0 and "could not be saved" in result.stderr
    record(request, "State: progress cannot be written (read-only workspace)", _seen(result), "exit 0, warning")


def _signal_mid_check(workspace: Path, *args: str, signum: int) -> subprocess.CompletedProcess:
    """Run `kata ARGS`, send `signum` to its process group once its first case has printed, and wait.

    The first line on stdout is the readiness signal: the judge prints only as cases finish,
    so by then its imports are done and the check is under way. A fixed sleep instead lands,
    on a loaded machine, in Python's start-up or in `import torch`: another fault than this one.
    """
    command = [sys.executable, "-m", "checker", "--workspace", str(workspace), *args]
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, start_new_session=True)
        lines: list[str] = []
        printed = threading.Event()

        def read() -> None:
            for line in process.stdout:
                lines.append(line)
                printed.set()
            printed.set()  # the end of the output, with or without a case

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            assert printed.wait(timeout=300) and lines, "the check printed no case before it ended"
            os.killpg(process.pid, signum)
            code = process.wait(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=10)
        errors.seek(0)
        return subprocess.CompletedProcess(command, code, "".join(lines), errors.read())


@pytest.mark.slow
@needs_posix_signals  # SIGINT to the check's process group, as a terminal's Ctrl-C
def test_ctrl_c_during_a_check_stops_cleanly(request, make_workspace):
    workspace = make_workspace(git=False)
    (workspace / "katas" / "01_create_tensor" / "create_tensor.py").write_text(
        (ROOT / "reference" / "create_tensor.py").read_text()
    )
    _kata(workspace, "check", "01")  # one recorded pass to keep
    # Kata 01 prints first; the fourteen after it take seconds more, so Ctrl-C lands mid-check.
    result = _signal_mid_check(workspace, "check", "--all", "--reference", signum=signal.SIGINT)
    _expect_no_traceback(result)
    assert result.returncode == 130, (result.returncode, result.stderr[-500:])
    assert load_progress(workspace).of("create_tensor").ever_passed
    seen = _last(result.stdout + result.stderr)
    record(request, "Signal: Ctrl-C during `kata check --all`", seen, "exit 130, progress intact")


@pytest.mark.slow
@needs_posix_signals
def test_sigkill_during_a_check_leaves_readable_progress(request, make_workspace):
    workspace = make_workspace(git=False)
    _kata(workspace, "hint", "01")
    _signal_mid_check(workspace, "check", "01", "02", "03", signum=signal.SIGKILL)
    progress = load_progress(workspace)
    assert progress.warnings == [] and progress.of("create_tensor").hints_revealed == 1
    record(
        request,
        "Signal: SIGKILL during `kata check`",
        "(the process dies; the next command reads the file)",
        "progress file whole",
    )


@pytest.mark.slow
def test_two_checks_at_once_both_count(request, make_workspace):
    workspace = make_workspace(git=False)
    (workspace / "katas" / "01_create_tensor" / "create_tensor.py").write_text(
        "def create_tensor(method, shape, value=0.0):\n    return None\n"
    )  # a wrong attempt counts
    command = [sys.executable, "-m", "checker", "--workspace", str(workspace), "check", "01"]
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    codes = [process.wait(timeout=120) for process in processes]
    assert codes == [1, 1]
    assert load_progress(workspace).of("create_tensor").attempts == 2
    record(
        request,
        "Concurrency: two `kata check 01` at the same time",
        "(both verdicts print)",
        "exit 1 each, 2 attempts recorded",
    )


def _last(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# -- the table in README.md -----------------------------------------------------------------


def test_readme_table_matches_the_suite(request):
    expected_rows = _expected_test_count(request)
    if len(ROWS) < expected_rows:
        pytest.skip("only part of the fault suite ran; the table is compared after a full run")
    table = render_table()
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    updated = f"{before}{START}\n{table}{END}{after}"
    if os.environ.get("KATA_WRITE_FAULTS") == "1":
        README.write_text(updated, encoding="utf-8")
    assert updated == text, (
        "README's fault table is out of date: run KATA_WRITE_FAULTS=1 pytest tests/runner/test_faults.py"
    )


def render_table() -> str:
    lines = ["| fault | what the user sees | outcome |", "|---|---|---|"]
    for fault, seen, outcome in sorted(ROWS.values()):
        lines.append(f"| {fault} | {seen.replace('|', '/')} | {outcome} |")
    return "\n".join(lines) + "\n"


def _expected_test_count(request) -> int:
    items = [item for item in request.session.items if item.module is request.module]
    unrecorded = (
        "test_readme_table_matches_the_suite",
        "test_child_process_dies_with_the_worker",
        "test_flooded_output_keeps_the_start_and_the_end_and_says_how_much_was_cut",
    )
    return sum(1 for item in items if item.name not in unrecorded)
