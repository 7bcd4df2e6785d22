"""The GitHub workflows: both match GitHub's schema, and the classroom one (plain Actions) grades a student's tree.

The grading step's own commands run here, as the runner would run them, on a tree made
by `kata export-template` with a few katas solved.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from grade_support import CATALOGUE, ROOT, read_reports, reference, student_tree
from platform_marks import needs_posix_shell

WORKFLOWS = ROOT / ".github" / "workflows"
CI = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
CLASSROOM = yaml.safe_load((WORKFLOWS / "classroom.yml").read_text())
STEPS = CLASSROOM["jobs"]["grade"]["steps"]
SOLVED = ("01", "02", "03")


def _step(step_id: str) -> dict:
    return next(step for step in STEPS if step.get("id") == step_id)


def _run_step(step: dict, cwd: Path, tmp_path: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a `run:` step with bash -e, as GitHub's runner does, with the workflow's env and ours.

    The classroom workflow runs on ubuntu-latest: its steps are Linux bash, so each test that
    runs one takes `needs_posix_shell`.
    """
    script = tmp_path / f"{step['id']}.sh"
    script.write_text(step["run"])
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "GITHUB_OUTPUT": str(tmp_path / "github-output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary"),
        **{key: str(value) for key, value in CLASSROOM["env"].items()},
        **(extra_env or {}),
    }
    (tmp_path / "runner-temp").mkdir(exist_ok=True)
    return subprocess.run(["bash", "-e", str(script)], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_both_workflows_match_the_github_workflow_schema():
    pytest.importorskip("check_jsonschema")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOWS / "ci.yml"),
            str(WORKFLOWS / "classroom.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# The README's test command; a bash script may add `|| exit` (bash -e ignores a failure inside `&&`).
_TEST_COMMAND = re.compile(r"^(pip install torch==.*python -m pytest)(?: \|\| exit)?$", re.M)
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def _ci_steps_on(os_name: str) -> list[dict]:
    """The CI job's steps that run on one runner OS (`if: runner.os == ...`, or no condition)."""
    steps = CI["jobs"]["test"]["steps"]
    return [step for step in steps if step.get("if", f"runner.os == '{os_name}'") == f"runner.os == '{os_name}'"]


def test_ci_runs_on_linux_macos_and_windows_with_the_oldest_and_newest_python():
    job = CI["jobs"]["test"]
    oldest = re.search(r'requires-python = ">=([0-9.]+)"', (ROOT / "pyproject.toml").read_text()).group(1)

    assert job["runs-on"] == "${{ matrix.os }}" and job["strategy"]["fail-fast"] is False
    assert sorted(job["strategy"]["matrix"]["os"]) == ["macos-latest", "ubuntu-latest", "windows-latest"]
    assert job["strategy"]["matrix"]["python"] == [oldest, "3.13"], "every Python value a quoted string"
    setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    assert job["env"]["PIP_EXTRA_INDEX_URL"] == CPU_INDEX, "a small CPU torch in every cell"


def test_ci_runs_the_release_gate_script_on_linux():
    assert [step["run"] for step in _ci_steps_on("Linux") if "run" in step] == ["bash .ci/run"]


@pytest.mark.parametrize(
    "os_name, activate", [("macOS", "source .venv/bin/activate"), ("Windows", r".venv\Scripts\Activate.ps1")]
)
def test_ci_on_macos_and_windows_installs_and_tests_the_readme_way_then_lints(os_name, activate):
    (script,) = [step["run"] for step in _ci_steps_on(os_name) if "run" in step]
    readme = _TEST_COMMAND.findall((ROOT / "README.md").read_text(encoding="utf-8"))

    assert "-m venv .venv" in script and activate in script
    assert _TEST_COMMAND.findall(script) == readme
    assert "ruff check ." in script and "ruff format --check ." in script
    if os_name == "Windows":
        # A native command's failure does not stop PowerShell: every one of them is checked.
        assert script.count("exit $LASTEXITCODE") == 3


def test_the_readme_test_command_is_the_release_gates_word_for_word():
    readme = _TEST_COMMAND.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    gate = _TEST_COMMAND.findall((ROOT / ".ci" / "run").read_text(encoding="utf-8"))

    assert len(readme) == 1 and gate == readme, f"README {readme} and .ci/run {gate} must run the same command"


def test_the_classroom_workflow_installs_a_pinned_checker_and_cpu_torch_and_passes_no_secrets():
    text = (WORKFLOWS / "classroom.yml").read_text()
    install = next(step["run"] for step in STEPS if "pip install" in step.get("run", ""))

    assert "--index-url https://download.pytorch.org/whl/cpu" in install and '"torch==${TORCH_VERSION}"' in install
    assert '"torch-katas @ git+https://github.com/${KATA_CHECKER_REPOSITORY}@${KATA_CHECKER_REF}"' in install
    assert {"KATA_CHECKER_REPOSITORY", "KATA_CHECKER_REF", "TORCH_VERSION"} <= set(CLASSROOM["env"])
    assert "secrets." not in text and "GITHUB_TOKEN" not in text
    assert STEPS[0]["uses"].startswith("actions/checkout@") and STEPS[0]["with"]["persist-credentials"] is False
    assert CLASSROOM["permissions"] == {"contents": "read"}
    assert [step.get("uses", "").split("@")[0] for step in STEPS if "uses" in step] == [
        "actions/checkout",
        "actions/setup-python",
        "actions/upload-artifact",
    ], "no third-party reporter"


def test_the_reports_are_uploaded_and_the_score_step_reads_the_grade_outputs():
    grade = _step("grade")
    upload = next(step for step in STEPS if step.get("uses", "").startswith("actions/upload-artifact@"))
    score = _step("score")

    assert '--output-dir "${RUNNER_TEMP}/kata-grade"' in grade["run"]
    assert upload["with"]["path"].rstrip("/") == "${{ runner.temp }}/kata-grade" and "always()" in upload["if"]
    assert score["env"] == {
        "SCORE": "${{ steps.grade.outputs.score }}",
        "MAX_SCORE": "${{ steps.grade.outputs.max_score }}",
        "PERCENT": "${{ steps.grade.outputs.percent }}",
    }
    assert STEPS[-1] is score, "the status comes last, after the reports are safe"


@needs_posix_shell
@pytest.mark.parametrize(
    "percent, needed, passes", [("100", "100", True), ("99.5", "100", False), ("60", "50", True), ("0", "0", True)]
)
def test_the_score_step_is_the_status_the_student_sees(tmp_path, percent, needed, passes):
    done = _run_step(
        _step("score"),
        tmp_path,
        tmp_path,
        {"SCORE": "12", "MAX_SCORE": "20", "PERCENT": percent, "KATA_PASS_PERCENT": needed},
    )

    assert (done.returncode == 0) is passes, done.stdout + done.stderr
    assert f"::notice title=torch-katas score::12 of 20 points ({percent}%)" in done.stdout
    assert ("::error title=Not there yet::" in done.stdout) is not passes


@needs_posix_shell
def test_the_source_repository_is_not_graded_a_student_tree_is(tmp_path):
    tree = student_tree(tmp_path / "student")
    for where, expected in ((ROOT, "grade=false"), (tree, "grade=true")):
        done = _run_step(_step("tree"), where, tmp_path)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / "github-output").read_text().splitlines()[-1] == expected


@pytest.mark.slow
@needs_posix_shell
def test_the_grading_step_grades_a_student_tree_into_every_report(tmp_path):
    tree = student_tree(tmp_path / "student", {kata_id: reference(kata_id) for kata_id in SOLVED})

    done = _run_step(_step("grade"), tree, tmp_path)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    reports = read_reports(tmp_path / "runner-temp" / "kata-grade")
    expected = {kata.id: (float(kata.points) if kata.id in SOLVED else 0.0, kata.points) for kata in CATALOGUE}
    assert reports["scores"] == expected
    solved = sum(kata.points for kata in CATALOGUE.select(list(SOLVED)))
    assert reports["results"]["score"] == solved and reports["results"]["max_score"] == sum(
        kata.points for kata in CATALOGUE
    )
    outputs = dict(line.split("=", 1) for line in (tmp_path / "github-output").read_text().splitlines())
    assert outputs == {
        "score": f"{solved:g}",
        "max_score": str(reports["results"]["max_score"]),
        "percent": f"{reports['results']['percent']:g}",
        "passed": "false",
    }
    assert (tmp_path / "step-summary").read_text() == reports["summary"]
    assert not list(tree.rglob("kata-grade")), "the reports go to the runner's temp folder, not the tree"
