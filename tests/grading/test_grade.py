"""`kata grade`: honest solutions score full marks, cheating ones score zero, grading always completes.

Each grading run starts workers that import torch, so the cheats share runs: every
cheat sits in its own kata of one student tree, and one `kata grade` covers them all.
A cheat that would have worked leaves a trace (a marker file, a fake report, a live
process) that the test looks for as well as the zero score.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from grade_support import CATALOGUE, read_reports, reference, student_tree
from platform_marks import needs_fork, needs_posix_signals, needs_proc
from result_support import kata_result

from checker.cli import main
from checker.core.results import CaseResult, RunResult, Status
from checker.grading import grade as grade_module
from checker.grading.sandbox import OWN_CATALOGUE
from checker.runner.judge import run as judge

pytestmark = pytest.mark.slow

NO_GITHUB = {"GITHUB_OUTPUT": None, "GITHUB_STEP_SUMMARY": None}


def kata_grade(*args: str, env: dict | None = None) -> Result:
    return CliRunner().invoke(main, ["grade", *args], env={**NO_GITHUB, **(env or {})}, catch_exceptions=False)


def grade(tree: Path, out: Path, *args: str, env: dict | None = None) -> tuple[Result, dict]:
    result = kata_grade("--workspace", str(tree), "--output-dir", str(out), *args, env=env)
    return result, read_reports(out)


def katas_of(reports: dict) -> dict[str, dict]:
    return {kata["id"]: kata for kata in reports["results"]["katas"]}


def statuses(kata: dict) -> set[str]:
    return {case["status"] for case in kata["cases"]}


# Honest solutions


NOISY = """
import sys

print("loading my solution..." * 20)


def _chatter(*args):
    for line in range(100):
        print(f"debug {line}: working on {args!r}")
    print("===== 1 failed in 0.01s =====", file=sys.stderr)  # printing a verdict decides nothing


"""


def test_honest_solutions_score_full_marks_in_every_report(tmp_path):
    signature = "def tensor_op(x: list, y: list, op: str) -> list:"
    noisy = reference("02").replace(signature, f"{signature}\n    _chatter(x, y, op)")
    assert "_chatter(x, y, op)" in noisy
    tree = student_tree(tmp_path / "student", {"02": NOISY + noisy, "04": reference("04"), "10": reference("10")})

    result, reports = grade(tree, tmp_path / "out", "02", "04", "10", "--fail-under", "100")

    assert result.exit_code == 0, result.output
    katas = CATALOGUE.select(["02", "04", "10"])
    assert reports["scores"] == {kata.id: (float(kata.points), kata.points) for kata in katas}
    total = sum(kata.points for kata in katas)
    assert reports["results"]["score"] == reports["results"]["max_score"] == total
    assert reports["results"]["percent"] == 100.0 and reports["results"]["complete"] is True
    assert all(test["passed"] for test in reports["classroom"]["tests"])
    assert all(test["status"] == "passed" for test in reports["gradescope"]["tests"])
    assert not reports["junit"].findall(".//failure") and not reports["junit"].findall(".//error")
    assert f"Score: {total} / {total} (100%)" in result.output


# Cheats, run 1: exits, fake equality, fake output, patching, killing the worker

EXIT_AT_IMPORT = "import sys\nsys.exit(0)\n\ndef fit_line(X, y, lr=0.1, epochs=100):\n    return 0.0, 0.0, []\n"
HARD_EXIT_AT_IMPORT = "import os\nos._exit(0)\n\ndef tensor_op(x, y, op):\n    return []\n"
ALWAYS_EQUAL = """
class EqualToAnything(list):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


class Whatever:
    def __eq__(self, other):
        return True

    def __len__(self):
        return 0


class AlwaysEqualFloat(float):
    def __eq__(self, other):
        return True


def reshape_tensor(x, op):
    if op == "squeeze":
        return [AlwaysEqualFloat(0.0)]
    return EqualToAnything() if op == "flatten" else Whatever()
"""
FAKE_OUTPUT = """
import base64
import json
import sys

FAKE = {"version": 1, "status": "pass", "max_score": 10, "tests": [{"name": "04", "status": "pass", "score": 10}]}


def compute_gradient(values):
    print("=" * 30 + " 9 passed in 0.01s " + "=" * 30)
    print(json.dumps({"score": 10, "max_score": 10, "katas": [{"id": "04", "status": "passed", "score": 10}]}))
    print("::set-output name=result::" + base64.b64encode(json.dumps(FAKE).encode()).decode())
    print("PASSED: 9 of 9 cases", file=sys.stderr)
    return [0.0 for _ in values]
"""
EXIT_IN_CALL = "import sys\n\ndef create_tensor(method, shape, value=0.0):\n    sys.exit(0)\n"
PATCHES = """
import builtins
import math

import pytest
import torch


class Anything:
    def __eq__(self, other):
        return True


torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.testing.assert_close = lambda *args, **kwargs: None
math.isclose = lambda *args, **kwargs: True
math.isnan = lambda *args, **kwargs: False
pytest.approx = lambda *args, **kwargs: Anything()
pytest.fail = lambda *args, **kwargs: None
builtins.AssertionError = type("NeverRaised", (Exception,), {})


def activation(x, method):
    return [0.5 for _ in x]
"""
HARD_EXIT_IN_CALL = """
import os

from torch import nn


class LinearRegressionModel(nn.Module):
    def __init__(self, in_features=1, out_features=1):
        os._exit(0)


def train_model(model, X, y, lr=0.1, epochs=100):
    os._exit(0)
"""


def test_cheats_that_exit_fake_equality_print_or_patch_score_zero(tmp_path):
    cheats = {
        "01": EXIT_IN_CALL,
        "02": HARD_EXIT_AT_IMPORT,
        "03": ALWAYS_EQUAL,
        "04": FAKE_OUTPUT,
        "05": PATCHES,
        "09": EXIT_AT_IMPORT,
        "10": HARD_EXIT_IN_CALL,
    }
    tree = student_tree(tmp_path / "student", cheats)

    result, reports = grade(tree, tmp_path / "out", *cheats)

    assert result.exit_code == 0, result.output
    katas = katas_of(reports)
    assert set(katas) == set(cheats)
    for kata_id, kata in katas.items():
        assert kata["score"] == 0 and kata["status"] == "failed", (kata_id, statuses(kata))
    for kata_id in ("01", "02", "09", "10"):
        assert statuses(katas[kata_id]) == {"exited"}, kata_id
    assert statuses(katas["03"]) == statuses(katas["04"]) == statuses(katas["05"]) == {"failed"}
    assert reports["results"]["score"] == 0 and reports["classroom"]["score"] == 0
    assert "::set-output" not in result.output, "a solution's output never reaches the grader's own output"


# Cheats, run 2: a tree full of planted files; workers that write, fork, forge, subclass tensors

PLANT = """
open({marker!r}, "w").write("this ran")
"""
PLANTED_CONFTEST = (
    PLANT
    + """
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    outcome.get_result().outcome = "passed"
"""
)
PLANTED_CONFIG = {
    "pytest.ini": "[pytest]\naddopts = -p planted_plugin\n",
    "tox.ini": "[pytest]\naddopts = -p planted_plugin\n",
    "setup.cfg": "[tool:pytest]\naddopts = -p planted_plugin\n",
    "pyproject.toml": '[tool.pytest.ini_options]\naddopts = "-p planted_plugin"\n',
}
PLANTED_MODULES = (
    "conftest.py",
    "sitecustomize.py",
    "usercustomize.py",
    "torch.py",
    "numpy.py",
    "psutil.py",
    "pytest.py",
    "planted_plugin.py",
    "checker/__init__.py",
    "checker/runner/__init__.py",
    "checker/runner/worker/serve.py",
    "katas/conftest.py",
    "katas/01_create_tensor/conftest.py",
    "katas/01_create_tensor/torch.py",
    "katas/01_create_tensor/numpy.py",
    "katas/01_create_tensor/pytest.py",
    "katas/01_create_tensor/sitecustomize.py",
)
PLANTED_SPEC = "def test_everything_passes():\n    pass\n"

KEYBOARD_INTERRUPT = """
from torch import nn


class SinMLP(nn.Module):
    def __init__(self, hidden=16):
        raise KeyboardInterrupt("stop \\x00\\x1b[2J\\x07 grading \\ud800 now")


def fit_sin(model, steps=1000, lr=0.01, optimizer="adam"):
    raise KeyboardInterrupt("\\x00")
"""
TENSOR_SUBCLASS = """
import torch


class SneakyTensor(torch.Tensor):
    def __eq__(self, other):
        return torch.ones_like(self, dtype=torch.bool)


def flatten_images(images):
    return images.reshape(images.shape[0], -1).as_subclass(SneakyTensor)


def train_classifier(model, images, labels, lr=0.1, steps=50):
    raise NotImplementedError  # (the training cases are costly to grade; the flatten cases carry the cheat)


def accuracy(model, images, labels):
    raise NotImplementedError
"""
WRITER_AND_DAEMON = """
import json
import os
import sys
import time
from pathlib import Path

STUDENT, OUT, PROBE, PIDFILE = {student!r}, {out!r}, {probe!r}, {pidfile!r}
FAKE = {{"score": 9999, "max_score": 9999, "katas": [], "version": 1, "status": "pass", "tests": []}}
REPORTS = ("kata-results.json", "junit.xml", "gradescope-results.json", "classroom50-result.json", "summary.md")

def ancestors():
    pid = os.getppid()
    while pid > 1:
        yield pid
        with open(f"/proc/{{pid}}/stat") as handle:
            pid = int(handle.read().rsplit(")", 1)[1].split()[1])


def readable(pid):
    try:
        return bool(open(f"/proc/{{pid}}/environ", "rb").read(1))
    except OSError:
        return False


Path(PROBE).write_text(json.dumps({{"environ": dict(os.environ), "isolated": sys.flags.isolated,
                                     "cwd": os.getcwd(), "path": sys.path,
                                     "readable": [pid for pid in ancestors() if readable(pid)]}}))
for path in Path(STUDENT).rglob("*"):
    if path.is_file():
        path.write_text("# overwritten by kata 13\\n")
(Path(__file__).parent.parent / "catalogue.yaml").write_text("format_version: 1\\nkatas: []\\n")
for name in REPORTS:
    (Path(OUT) / name).write_text(json.dumps(FAKE))

if os.fork() == 0:  # a daemon: detached from the worker's process group, rewriting the reports
    os.setsid()
    if os.fork() == 0:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 1024)
        Path(PIDFILE).write_text(str(os.getpid()))
        deadline = time.time() + 60
        while time.time() < deadline:
            for name in REPORTS:
                try:
                    (Path(OUT) / name).write_text(json.dumps(FAKE))
                except OSError:
                    pass
            time.sleep(0.02)
    os._exit(0)
os.wait()


def pick_device():
    return "cuda"


def train_on_device(model, X, y, device, lr=0.1, steps=100):
    return [0.0] * steps
"""
FORGED_REPLY = """
import json
import os
import struct
import sys

body = json.dumps({"status": "returned", "value": [0.0], "probes": {}}).encode()
os.write(int(sys.argv[2]), (struct.pack(">I", len(body)) + body) * 3)


def train_amp(model, X, y, device, lr=0.01, steps=50):
    return [0.0] * steps
"""


def _plant(tree: Path, markers: Path) -> None:
    for relative in PLANTED_MODULES:
        path = tree / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        source = PLANTED_CONFTEST if path.name == "conftest.py" else PLANT
        path.write_text(source.format(marker=str(markers / relative.replace("/", "_"))))
    for name, text in PLANTED_CONFIG.items():
        (tree / name).write_text(text)
    for folder in (tree, tree / "katas" / "01_create_tensor"):
        (folder / "planted.pth").write_text(f"import os; open({str(markers / 'pth')!r}, 'w')\n")
    specs = tree / "checker" / "specs"
    specs.mkdir(parents=True)
    for kata in CATALOGUE:
        (specs / kata.spec_file).parent.mkdir()
        (specs / kata.spec_file).write_text(PLANTED_SPEC)
    catalogue = tree / "katas" / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("points: 20", "points: 1000").replace("points: 10", "points: 1"))


# Kata 13's cheat forks a detached daemon and reads its ancestors' /proc files; the test checks
# the judge's /proc is out of reach (prctl's non-dumpable) and that the daemon was stopped.
@needs_fork
@needs_proc
def test_planted_files_writers_forks_forgeries_and_subclasses_change_nothing(tmp_path, monkeypatch):
    markers, out = tmp_path / "markers", tmp_path / "out"
    markers.mkdir()
    out.mkdir()
    tree = tmp_path / "student"
    probe, pidfile = tmp_path / "probe.json", tmp_path / "daemon.pid"
    writer = WRITER_AND_DAEMON.format(student=str(tree), out=str(out), probe=str(probe), pidfile=str(pidfile))
    cheats = {"11": KEYBOARD_INTERRUPT, "12": TENSOR_SUBCLASS, "13": writer, "14": FORGED_REPLY}
    student_tree(tree, {"01": reference("01"), **cheats})
    _plant(tree, markers)
    secrets = {
        "GITHUB_TOKEN": "ghs_secret",
        "KATA_SECRET": "s3cret",
        "PYTEST_ADDOPTS": "-p planted_plugin",
        "PYTEST_PLUGINS": "planted_plugin",
        "PYTHONPATH": str(tree),
    }

    monkeypatch.chdir(tree)  # as in CI: the grader runs inside the student's checkout

    result, reports = grade(tree, out, "01", *cheats, env=secrets)

    assert result.exit_code == 0, result.output
    katas = katas_of(reports)
    assert katas["01"]["score"] == 10 and katas["01"]["max_score"] == 10, "points come from the installed catalogue"
    for kata_id in cheats:
        assert katas[kata_id]["score"] == 0 and katas[kata_id]["status"] == "failed", (
            kata_id,
            statuses(katas[kata_id]),
        )
    assert reports["results"]["score"] == 10 and OWN_CATALOGUE in reports["results"]["warnings"]
    flatten = [case for case in katas["12"]["cases"] if case["name"].startswith("flatten")]
    assert flatten and all(case["status"] == "failed" for case in flatten), "a tensor subclass is not a tensor"
    assert statuses(katas["14"]) - {"skipped"} == {"error"}, "a forged reply is no answer"
    assert sorted(path.name for path in markers.iterdir()) == [], "a planted file was executed"
    # The worker saw no secrets, ran isolated, outside the student's tree.
    seen = json.loads(probe.read_text())
    assert not {"GITHUB_TOKEN", "KATA_SECRET", "PYTHONPATH", "PYTEST_ADDOPTS"} & set(seen["environ"])
    assert seen["isolated"] == 1 and not Path(seen["cwd"]).is_relative_to(tree)
    if os.geteuid() != 0:  # root reads any process's /proc files, dumpable or not
        assert os.getpid() not in seen["readable"], "the judge's environment and memory are out of reach"
    assert not any(entry and Path(entry).is_relative_to(tree) for entry in seen["path"])
    # The detached daemon was stopped before the reports were written, and they stay ours.
    daemon = int(pidfile.read_text())
    time.sleep(0.3)
    with pytest.raises(ProcessLookupError):
        os.kill(daemon, 0)
    assert read_reports(out)["results"]["score"] == 10
    assert any("Stopped" in warning for warning in reports["results"]["warnings"])
    assert os.environ.get("PYTEST_ADDOPTS") is None, "the judge's environment is restored after grading"


# Exit codes, limits, options


@needs_posix_signals  # os.kill(pid, SIGSEGV) ends a process with the signal (Windows: an exit code)
def test_crashes_and_timeouts_are_reported_and_the_reports_still_written(tmp_path, monkeypatch):
    quick = dataclasses.replace(CATALOGUE.resolve("01"), time_limit=1.0)
    catalogue = dataclasses.replace(CATALOGUE, katas=(quick, *CATALOGUE.katas[1:]))
    monkeypatch.setattr(grade_module, "packaged_catalogue", lambda: catalogue)
    source = reference("01").replace(
        "def create_tensor(method: str, shape: list[int], value: float = 0.0) -> list:",
        "def create_tensor(method: str, shape: list[int], value: float = 0.0) -> list:\n"
        "    import ctypes, os, signal\n"
        "    if method == 'ones' and len(shape) == 1:\n"
        "        while True:\n"
        "            pass\n"
        "    if method == 'zeros' and len(shape) == 2:\n"
        "        os.kill(os.getpid(), signal.SIGSEGV)\n",
    )
    assert "SIGSEGV" in source
    tree = student_tree(tmp_path / "student", {"01": source})

    result, reports = grade(tree, tmp_path / "out", "01", "--seed", "7", "--fail-under", "99")

    assert result.exit_code == 1 and "under --fail-under 99%" in result.output, result.output
    assert reports["results"]["complete"] is True
    (kata,) = reports["results"]["katas"]
    assert {"timeout", "crashed", "passed"} <= statuses(kata)
    assert 0 < kata["score"] < 10 and kata["status"] == "failed"
    passed = sum(case["status"] == "passed" for case in kata["cases"])
    assert kata["score"] == round(10 * passed / len(kata["cases"]), 2), "points x passed / counted"
    assert reports["junit"].findall(".//error"), "crashes and timeouts are JUnit errors"


def test_github_gets_the_payload_and_the_summary_and_points_come_from_the_installed_catalogue(tmp_path):
    tree = student_tree(tmp_path / "student", {"01": reference("01")})
    (tree / "katas" / "catalogue.yaml").write_text("format_version: 1\nkatas: []\n")
    output, summary = tmp_path / "github-output", tmp_path / "step-summary"
    github = {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}

    result, reports = grade(tree, tmp_path / "out", "01", "02", "--fail-under", "50", env=github)

    assert result.exit_code == 0, result.output
    assert reports["scores"] == {"01": (10.0, 10), "02": (0.0, 10)}
    assert OWN_CATALOGUE in reports["results"]["warnings"]
    assert output.read_text() == "score=10\nmax_score=20\npercent=50\npassed=false\n"
    payload = reports["classroom"]
    assert payload["max-score"] == 20 and [test["score"] for test in payload["tests"]] == [10, 0]
    assert summary.read_text() == reports["summary"]


PRIVATE_SPEC = """
from checker.specs._helpers import expect_floats


def test_private_zeros_of_one_element(kata):
    expect_floats(kata.call("create_tensor", "zeros", [1]), [0.0])


def test_private_only_an_instructor_knows(kata):
    expect_floats(kata.call("create_tensor", "ones", [2]), [1.0, 1.0, 1.0])
"""


def test_extra_specs_run_beside_the_built_in_ones_and_count_in_the_score(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "test_01_create_tensor_private.py").write_text(PRIVATE_SPEC)
    (private / "test_01_create_tensor.py").write_text(PRIVATE_SPEC.replace("_private_", "_exact_name_"))
    (private / "test_01_create_tensor_broken.py").write_text("def test_typo(kata)\n    pass\n")  # no colon
    (private / "conftest.py").write_text("raise SystemExit('never loaded')\n")
    tree = student_tree(tmp_path / "student", {"01": reference("01")})

    result, reports = grade(tree, tmp_path / "out", "01", "--extra-specs", str(private))

    # The broken spec is the instructor's to fix, never the student's loss: grading did not finish.
    assert result.exit_code == 1, result.output
    assert "Grading did not finish" in result.output and "SyntaxError" in result.output
    (kata,) = reports["results"]["katas"]
    cases = {case["name"]: case["status"] for case in kata["cases"]}
    assert cases["private zeros of one element"] == cases["exact name zeros of one element"] == "passed"
    assert cases["private only an instructor knows"] == "failed"  # a deliberately wrong private case
    assert cases["exact name only an instructor knows"] == "failed"
    assert cases["load test_01_create_tensor_broken.py"] == "checker_error", "a spec that cannot load is one case"
    assert kata["score"] == round(10 * (len(cases) - 3) / len(cases), 2)


def test_a_grader_that_fails_or_is_interrupted_still_writes_reports_that_say_so(tmp_path, monkeypatch):
    tree = student_tree(tmp_path / "student", {"01": reference("01")})

    def broken(*args, **kwargs):
        raise RuntimeError("the judge fell over")

    monkeypatch.setattr(judge, "run_check", broken)
    failed, reports = grade(tree, tmp_path / "failed", "01", "02")

    assert failed.exit_code == 1 and "Grading did not finish: RuntimeError: the judge fell over" in failed.output
    assert not any(test["passed"] for test in reports["classroom"]["tests"]) and reports["results"]["complete"] is False
    assert reports["results"]["failure"] == "RuntimeError: the judge fell over"
    assert all("grader failed" in kata["cases"][0]["message"] for kata in reports["results"]["katas"])

    def interrupted(workspace, katas, **kwargs):
        return RunResult(
            seed=kwargs["seed"],
            reference=False,
            cuda_available=False,
            torch_version="2",
            katas=[kata_result(1, "create_tensor", "t", 10, [CaseResult("one", Status.PASSED)])],
            interrupted=True,
        )

    monkeypatch.setattr(judge, "run_check", interrupted)
    stopped, reports = grade(tree, tmp_path / "stopped", "01", "02")

    assert stopped.exit_code == 130, stopped.output
    assert reports["scores"] == {"01": (10.0, 10), "02": (0.0, 10)}
    assert "it was interrupted" in katas_of(reports)["02"]["cases"][0]["message"]


def test_a_kata_without_a_spec_is_the_checkers_error_never_a_grade(tmp_path):
    """The judge, not the grader, finds a planned kata without a spec: the others are graded, the run is incomplete."""
    tree = student_tree(tmp_path / "student", {"01": reference("01")})
    unspecified = dataclasses.replace(CATALOGUE.resolve("02"), number=99, name="kata_without_spec")
    plan = grade_module.GradingPlan(CATALOGUE, [CATALOGUE.resolve("01"), unspecified], [])

    graded = grade_module.grade_tree(tree, plan, seed=7)

    first, missing = graded.katas
    assert first.status is Status.PASSED
    assert [case.status for case in missing.cases] == [Status.CHECKER_ERROR]
    assert "no spec for kata 99" in missing.cases[0].message
    assert graded.failure and not graded.complete  # an incomplete run is never a grade


def test_usage_errors_exit_2(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "test_99_nothing.py").write_text(PRIVATE_SPEC)
    tree = student_tree(tmp_path / "student")
    not_a_tree = tmp_path / "empty"
    not_a_tree.mkdir()
    (tmp_path / "a-file").write_text("")

    cases = {
        "no katas folder": ["--workspace", str(not_a_tree)],
        "unknown kata": ["--workspace", str(tree), "99"],
        "unmatched private spec": ["--workspace", str(tree), "--extra-specs", str(private)],
        "bad percentage": ["--workspace", str(tree), "--fail-under", "101"],
        "output is a file": ["--workspace", str(tree), "--output-dir", str(tmp_path / "a-file")],
    }
    for label, args in cases.items():
        output = [] if "--output-dir" in args else ["--output-dir", str(tmp_path / "out")]
        result = kata_grade(*args, *output)
        assert result.exit_code == 2, (label, result.output)
    assert "test_99_nothing.py" in kata_grade(*cases["unmatched private spec"]).output
    assert not (tmp_path / "out").exists(), "a usage error writes nothing"


def test_help_shows_an_example_and_the_exit_codes():
    for command in ("grade", "export-template"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, command
    assert "0  grading finished, whatever the score" in CliRunner().invoke(main, ["grade", "--help"]).output
