"""The worker runner: learner code runs in a worker, misbehaviour is stopped and named.

Most tests share one session over one solution file full of misbehaving functions
(each torch worker costs seconds to start). A test that kills the worker checks that
the next call gets a fresh one, so the shared session is never left broken.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import torch
from platform_marks import needs_crashing_null_read

from checker.core import mistakes as known
from checker.core.limits import Limits
from checker.core.mistakes import mistake
from checker.core.results import Status
from checker.runner.judge.run import run_check
from checker.runner.judge.session import KataSession, describe_call
from checker.runner.judge.verdicts import CaseProblem, take_notes
from checker.runner.protocol import ForeignObject, TensorValue

LIMITS = Limits(seconds=2.0)  # the default memory limit (3 GiB); printing has no limit
DISPLAY = "katas/99_runner/solution.py"
MIB = 1024**2

# The session's known errors, made here: what the runner does with them never depends on a kata's own.
PYTHON_MAX = mistake(
    "runner_python_max",
    "Python's `max` compared two tensors.",
    "Use `torch.maximum(a, b)`.",
    "Boolean value of Tensor with more than one value is ambiguous",
)
XOR_FOR_POWER = mistake("runner_xor_for_power", "`^` is XOR, not a power.", "Use `a ** b`.", "bitwise_xor")

SOLUTION = textwrap.dedent('''\
    """A learner's solution that misbehaves in every way the runner must survive."""

    import ctypes
    import json
    import os
    import struct
    import sys
    import time

    import torch


    def add_one(x):
        return x + 1


    def worker_pid():
        return os.getpid()


    def resident_bytes():
        try:
            with open("/proc/self/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:  # no /proc: the resident size as the portable path's watchdog reads it
            import psutil

            return psutil.Process().memory_info().rss


    def not_started(x):
        # TODO: write the solution.
        raise NotImplementedError("Replace this line with your solution")


    def ratio(a, b):
        return _divide(a, b)


    def _divide(a, b):
        return a / b


    def python_max(a, b):
        return max(torch.tensor(a), torch.tensor(b)).tolist()


    def xor_power(values):
        return (torch.tensor(values) ^ 2).tolist()


    def out_of_memory():
        raise MemoryError


    def overwrite_first(values):
        values[0] = 99.0
        return values


    def append_to_second(first, second):
        second.append(1)
        return first


    def double_in_place(t):
        t.mul_(2)
        return t


    def total(values):
        return sum(values)


    def same_tensor(t):
        return t


    def type_name(value):
        return type(value).__module__ + "." + type(value).__qualname__


    def copied(values):
        import warnings
        warnings.warn("a warning of the learner's own")
        return torch.tensor(torch.tensor(values)).tolist()  # torch warns: copy construct from a tensor


    def squared(values):
        x = torch.tensor(values, requires_grad=True)
        return x * x


    def as_parameter(values):
        return torch.nn.Parameter(torch.tensor(values))


    def gradient(values):
        x = torch.tensor(values, requires_grad=True)
        (x * x).sum().backward()
        return x.grad.tolist()


    def gradient_then_none(values):
        x = torch.tensor(values, requires_grad=True)
        (x * x).sum().backward()
        x.grad = None
        return 0.1 * x.grad


    class Agreeable:
        def __eq__(self, other):
            return True


    class MyList(list):
        pass


    class MyTensor(torch.Tensor):
        pass


    def agreeable():
        return Agreeable()


    def a_set():
        return {1, 2}


    def my_list():
        return MyList([1.0, 2.0])


    def my_tensor():
        return torch.zeros(2).as_subclass(MyTensor)


    def boast():
        print("PASSED")
        fake = json.dumps({"status": "returned", "value": 42, "changed_args": []})
        print(fake)
        sys.stdout.flush()
        os.write(1, struct.pack(">I", len(fake)) + fake.encode())
        os.write(2, struct.pack(">I", len(fake)) + fake.encode())
        return 0


    def exit_politely():
        sys.exit(2)


    def loop_forever():
        print("looping")
        deadline = time.monotonic() + 60  # endless for a 2 s limit; bounded in case the limit breaks
        while time.monotonic() < deadline:
            pass


    def exit_hard():
        print("leaving now")
        os._exit(3)


    def segfault():
        return ctypes.string_at(0)


    def flood():
        print("first clue")
        for line in range(50_000):  # 5 MB: drained, its middle discarded
            print(f"line {line:05d}", "x" * 100)
        print("last words")
        return "done"


    def say(text):
        print(text)
        return text


    def break_the_wire():
        os.write(int(sys.argv[2]), b"\\xff\\xff\\xff\\xff")  # a reply header announcing 4 GiB
        time.sleep(30)


    def grow(step_mib, steps):
        chunks = []
        for _ in range(steps):  # written bytes, so they are resident
            chunks.append(bytearray(b"x") * (step_mib * 1024 * 1024))
        time.sleep(30)
''')


def _line_of(source: str, code: str) -> int:
    return next(number for number, line in enumerate(source.splitlines(), 1) if line.strip() == code)


def _session(directory: Path, source: str, limits: Limits = LIMITS) -> KataSession:
    path = directory / "solution.py"
    path.write_text(source)
    return KataSession(path, DISPLAY, limits, known_errors=(PYTHON_MAX, XOR_FOR_POWER))


def _problem(session: KataSession, function: str, *args) -> CaseProblem:
    with pytest.raises(CaseProblem) as caught:
        session.call(function, *args)
    return caught.value


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    """One session over SOLUTION, shared by the tests of this module."""
    session = _session(tmp_path_factory.mktemp("learner"), SOLUTION)
    yield session
    session.close()


# -- answers ----------------------------------------------------------------------------


def test_return_value_comes_back_with_its_exact_type(learner):
    answer = learner.call("add_one", 41)

    assert answer.value == 42 and type(answer.value) is int
    assert answer.call == "add_one(41)"
    assert learner.call("add_one", x=0.5).value == 1.5


def test_unchanged_arguments_are_not_reported(learner):
    answer = learner.call("total", [1.0, 2.0])

    assert answer.value == 3.0
    assert answer.changed_args == ()


@pytest.mark.parametrize(
    ("function", "args", "changed"),
    [
        ("overwrite_first", ([1.0, 2.0],), (0,)),
        ("append_to_second", ([1], [2]), (1,)),
        ("double_in_place", (torch.tensor([1.0, 2.0]),), (0,)),
    ],
    ids=["list", "second-argument", "tensor"],
)
def test_argument_modified_in_place_is_reported(learner, function, args, changed):
    answer = learner.call(function, *args)

    assert answer.changed_args == changed


def test_tensor_arguments_reach_the_learner_as_real_tensors(learner):
    assert learner.call("type_name", torch.tensor([1.0])).value == "torch.Tensor"


def test_tensors_cross_as_tensor_values_with_dtype(learner):
    sent = torch.tensor([[1, -2], [3, 4]], dtype=torch.int16)

    value = learner.call("same_tensor", sent).value

    assert isinstance(value, TensorValue)
    assert type(value.tensor) is torch.Tensor and value.tensor.dtype is torch.int16
    assert torch.equal(value.tensor, sent)
    assert (value.device, value.requires_grad, value.grad_fn, value.kind) == ("cpu", False, None, "Tensor")


def test_tensor_value_keeps_how_it_was_made(learner):
    squared = learner.call("squared", [1.0, 2.0]).value
    parameter = learner.call("as_parameter", [1.0]).value

    assert squared.requires_grad and squared.grad_fn == "MulBackward0"
    assert squared.tensor.tolist() == [1.0, 4.0] and not squared.tensor.requires_grad
    assert parameter.kind == "Parameter" and type(parameter.tensor) is torch.Tensor


@pytest.mark.parametrize(
    ("function", "type_name"),
    [
        ("agreeable", "kata_solution.Agreeable"),
        ("a_set", "builtins.set"),
        ("my_list", "kata_solution.MyList"),
        ("my_tensor", "kata_solution.MyTensor"),
    ],
)
def test_non_plain_objects_come_back_as_foreign_objects(learner, function, type_name):
    value = learner.call(function).value

    assert isinstance(value, ForeignObject)
    assert value.type_name == type_name
    assert value != 42  # an object that claims to equal anything never reaches the judge


def test_probes_count_autograd_for_each_call(learner):
    with_autograd = learner.call("gradient", [1.0, 2.0])
    without = learner.call("add_one", 1)

    assert with_autograd.value == [2.0, 4.0]
    assert with_autograd.probes["autograd_calls"] == 1
    assert without.probes["autograd_calls"] == 0


def test_an_error_keeps_the_probes_of_the_call_that_raised(learner):
    problem = _problem(learner, "gradient_then_none", [1.0, 2.0])

    assert problem.details["got"].startswith("TypeError")
    assert problem.probes["autograd_calls"] == 1  # autograd ran once before the None gradient was used


def test_warnings_come_back_each_call_and_a_known_one_becomes_a_note(learner):
    take_notes()
    for _ in range(2):  # "always": the second call reports its warnings as well
        answer = learner.call("copied", [1.0, 2.0])

        assert answer.value == [1.0, 2.0]
        assert answer.warnings[0] == "a warning of the learner's own"
        assert any("To copy construct from a tensor" in text for text in answer.warnings)
        assert take_notes() == (known.TENSOR_FROM_TENSOR,)
    assert learner.call("add_one", 1).warnings == () and take_notes() == ()


def test_printed_output_never_decides_the_verdict(learner):
    answer = learner.call("boast")

    assert answer.value == 0, "the printed 'PASSED' and fake replies must not replace the return value"
    assert answer.changed_args == ()
    assert learner.call("add_one", 1).value == 2, "the fake replies must not shift the next reply"


def test_a_flood_of_output_is_drained_and_the_call_answers(learner):
    before = learner.call("worker_pid").value
    learner.take_output()

    answer = learner.call("flood")
    printed = learner.take_output()

    assert answer.value == "done", "printing never stops a worker"
    assert learner.call("worker_pid").value == before, "the same worker goes on"
    assert printed.total == len("first clue\n") + 50_000 * len("line 00000 " + "x" * 100 + "\n") + len("last words\n")
    text = printed.text()
    assert text.startswith("Your code printed 5.3 MiB; the start and the last lines are shown below.\nfirst clue\n")
    assert "line 00000 " in text and "line 49999 " in text and text.endswith("last words")
    assert "line 25000 " not in text, "the middle is discarded"
    assert re.search(r"^\[\.\.\. 5\.\d MiB cut \.\.\.\]$", text, re.MULTILINE)


def test_output_is_taken_per_case(learner):
    learner.take_output()

    learner.call("say", "one")
    learner.call("say", "two")
    first = learner.take_output()
    learner.call("say", "three")

    assert first.text() == "one\ntwo", "everything the case's calls printed, whole when short"
    assert learner.take_output().text() == "three"
    assert not learner.take_output(), "taken: nothing left"


def test_a_stopped_worker_shows_the_start_and_the_last_lines(tmp_path):
    source = "def flood_forever():\n    print('first clue')\n    while True:\n        print('spam' * 100)\n"
    session = _session(tmp_path, source)
    try:
        problem = _problem(session, "flood_forever")
    finally:
        session.close()

    assert problem.status is Status.TIMEOUT, "only the time and memory limits end a case"
    lines = problem.details["output"].splitlines()
    assert lines[0].startswith("Your code printed ") and lines[1] == "first clue"
    assert any(re.fullmatch(r"\[\.\.\. \d+\.\d [KM]iB cut \.\.\.\]", line) for line in lines)
    assert lines[-1] == "spam" * 100, "the last lines, whole"


def test_describe_call_shortens_long_arguments():
    long_list = [0.5] * 200

    text = describe_call("total", (long_list,), {"scale": 2})

    assert text.startswith("total([0.5, 0.5") and text.endswith(" ...)")
    assert len(text) < len(repr(long_list))
    assert describe_call("f", (1, "a"), {"b": None}) == "f(1, 'a', b=None)"


# -- problems the worker answers --------------------------------------------------------


def test_stub_reads_as_not_started(learner):
    problem = _problem(learner, "not_started", 1)

    assert problem.status is Status.NOT_STARTED
    assert DISPLAY in problem.message


def test_a_stub_with_windows_line_endings_still_reads_as_not_started(make_course):
    """A CRLF copy of an untouched stub (a Windows checkout without .gitattributes' eol=lf) is not "started":
    "not started" is the stub's own `raise NotImplementedError`, never a comparison of bytes."""
    course = make_course()
    kata = course.catalogue.resolve("01")
    path = kata.stub_path(course.workspace)
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    session = KataSession(path, str(kata.stub_file), LIMITS)
    try:
        problem = _problem(session, "add_one", torch.tensor([1.0, 2.0]))
    finally:
        session.close()

    assert b"\r\n" in path.read_bytes()
    assert problem.status is Status.NOT_STARTED, problem.message


def test_exception_points_at_the_learners_file_and_line(learner):
    problem = _problem(learner, "ratio", 1, 0)

    line = _line_of(SOLUTION, "return a / b")
    assert problem.status is Status.ERROR
    assert problem.details["where"] == f"{DISPLAY}, line {line}, in _divide: return a / b"
    assert problem.details["got"] == "ZeroDivisionError: division by zero"
    assert problem.details["call"] == "ratio(1, 0)"


@pytest.mark.parametrize(
    ("function", "args", "mistake"),
    [
        ("python_max", ([1.0, 5.0], [4.0, 2.0]), PYTHON_MAX),
        ("xor_power", ([1.0, 2.0],), XOR_FOR_POWER),
    ],
)
def test_known_error_message_names_the_mistake(learner, function, args, mistake):
    problem = _problem(learner, function, *args)

    assert problem.status is Status.ERROR  # torch's own NotImplementedError is not "not started"
    assert problem.mistake is mistake


def test_memory_error_is_a_memory_limit(learner):
    assert _problem(learner, "out_of_memory").status is Status.MEMORY_LIMIT


def test_missing_function_is_named(learner):
    problem = _problem(learner, "no_such_function", 1)

    assert problem.status is Status.ERROR
    assert "no_such_function" in problem.message


def test_sys_exit_during_a_call_is_exited_and_the_worker_stays(learner):
    before = learner.call("worker_pid").value

    problem = _problem(learner, "exit_politely")

    assert problem.status is Status.EXITED
    assert "sys.exit(2)" in problem.message
    assert learner.call("worker_pid").value == before


# -- workers that must be killed --------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "status", "said", "printed"),
    [
        ("loop_forever", Status.TIMEOUT, "time limit of 2 s", "looping"),
        ("exit_hard", Status.EXITED, "exit with code 3", "leaving now"),
        pytest.param("segfault", Status.CRASHED, "segmentation fault", "", marks=needs_crashing_null_read),
        ("break_the_wire", Status.CRASHED, "broken reply", ""),
    ],
    ids=["infinite-loop", "os-exit", "segfault", "broken-reply"],
)
def test_misbehaving_call_is_stopped_and_the_next_call_gets_a_fresh_worker(learner, function, status, said, printed):
    before = learner.call("worker_pid").value

    problem = _problem(learner, function)

    assert problem.status is status, problem.message
    assert said in problem.message
    assert problem.details["call"] == f"{function}()"
    assert printed in problem.details.get("output", "")
    assert learner.call("worker_pid").value != before
    assert learner.call("add_one", 1).value == 2


def test_memory_growth_is_stopped_as_memory_limit(learner, tmp_path):
    # The limit sits 256 MiB above what a worker holds after importing torch (more with
    # CUDA builds); `grow` stops at 2 GiB anyway and then outsleeps the time limit.
    limit = learner.call("resident_bytes").value + 256 * MIB
    session = _session(tmp_path, SOLUTION, Limits(seconds=5.0, memory_bytes=limit))
    try:
        problem = _problem(session, "grow", 16, 128)

        assert problem.status is Status.MEMORY_LIMIT, problem.message
        assert session.call("add_one", 1).value == 2
    finally:
        session.close()


# -- files that cannot be loaded --------------------------------------------------------

EXIT_AT_IMPORT = 'import sys\n\nsys.exit("no thanks")\n\n\ndef add_one(x):\n    return x + 1\n'
SYNTAX_ERROR = "def add_one(x):\n    return x +\n"
RAISE_AT_IMPORT = "import torch\n\nWEIGHTS = torch.ones(2, 3) @ torch.ones(2, 3)\n"


@pytest.mark.parametrize(
    ("source", "status", "said", "line"),
    [
        (EXIT_AT_IMPORT, Status.EXITED, "while your file was being imported", 3),
        (SYNTAX_ERROR, Status.ERROR, "Python cannot read your file", 2),
        (RAISE_AT_IMPORT, Status.ERROR, "Importing your file raised RuntimeError", 3),
    ],
    ids=["sys-exit", "syntax-error", "raise"],
)
def test_file_that_cannot_be_imported_fails_every_call(tmp_path, source, status, said, line):
    session = _session(tmp_path, source)
    try:
        problem = _problem(session, "add_one", 1)
        again = _problem(session, "add_one", 2)
    finally:
        session.close()

    assert problem.status is status
    assert said in problem.message
    assert problem.details["where"].startswith(f"{DISPLAY}, line {line}")
    assert again.status is status


def test_missing_file_is_an_error_that_says_how_to_restore_it(tmp_path):
    session = KataSession(tmp_path / "gone.py", DISPLAY, LIMITS)

    problem = _problem(session, "add_one", 1)

    assert problem.status is Status.ERROR
    assert DISPLAY in problem.message and "kata reset" in problem.message


# -- what a training driver returned, kept for the loss curve --------------------------

TRAINER = "def train(model, steps):\n    return [1.0 / (step + 1) for step in range(steps)]\n"


def test_a_training_drivers_losses_are_kept_until_taken(tmp_path):
    session = _session(tmp_path, TRAINER)
    try:
        for steps in (3, 2):
            answer = session.train(
                "train", model={"layers": [["linear", 1, 1]]}, seed=0, args=[steps], call=f"train(model, {steps})"
            )
            session.chart_losses(answer.value["value"])

        assert [chart.column(1) for chart in session.take_charts()] == [(1.0, 0.5, 1 / 3)], (
            "the longest list since the last take"
        )
        assert session.take_charts() == ()
    finally:
        session.close()


# -- what a case printed, in a real check ------------------------------------------------

FLOOD = '    for line in range(20_000):  # 2 MB a call\n        print("debug line", line, "x" * 80)\n'


@pytest.mark.slow
def test_printing_never_decides_a_verdict_in_a_check(make_course):
    course = make_course()
    workspace = course.workspace
    right, wrong = course.catalogue.resolve("01"), course.catalogue.resolve("02")
    reference = right.reference_path(workspace).read_text()
    answer = "    return result.tolist()"
    assert reference.count(answer) == 1, "the flood goes in just before the reference's answer"
    right.solution_path(workspace).write_text(reference.replace(answer, FLOOD + answer))
    wrong.solution_path(workspace).write_text(f"def double_all(xs):\n{FLOOD}    return None\n")

    flooded, failed = run_check(workspace, [right, wrong], seed=7, specs_dir=course.specs).katas

    assert {case.status for case in flooded.cases} == {Status.PASSED}
    assert all(case.message == "" and "output" not in case.details for case in flooded.cases), "a pass stays a pass"
    assert failed.cases and all(case.status is Status.FAILED for case in failed.cases)
    for case in failed.cases:
        lines = case.details["output"].splitlines()
        assert lines[0] == "Your code printed 1.9 MiB; the start and the last lines are shown below."
        assert lines[1] == "debug line 0 " + "x" * 80 and lines[-1] == "debug line 19999 " + "x" * 80
        assert any(re.fullmatch(r"\[\.\.\. 1\.\d MiB cut \.\.\.\]", line) for line in lines)
