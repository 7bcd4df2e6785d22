"""`kata export-autograder`: Classroom 50's autograder.py and Gradescope's zip, each run end to end offline."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from grade_support import CATALOGUE, reference, student_tree
from platform_marks import needs_posix_shell

from checker.cli import main
from checker.exports.autograder import export_classroom50, export_gradescope
from checker.exports.template import TORCH_VERSION

PIN = ("teacher/torch-katas", "v2.0.1")
CLASSROOM50_ENV = {
    "CLASSROOM": "cs101",
    "ASSIGNMENT": "katas",
    "SUBMISSION_TAG": "submit/2026-06-01T14-32-05Z-abc",
    "COMMIT_URL": "https://github.com/s/r/commit/abc",
    "RELEASE_URL": "https://github.com/s/r/releases/1",
    "REVIEW_URL": "https://github.com/s/r/compare/base...abc",
}


# Windows cannot start Python (or torch's DLLs) without these; elsewhere they are not set.
_WINDOWS_ESSENTIALS = ("SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP", "USERPROFILE")


def _offline_env(**extra: str) -> dict[str, str]:
    """The environment of a runner that already has the checker: `kata` on PATH, nothing to install."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    essentials = {name: os.environ[name] for name in _WINDOWS_ESSENTIALS if name in os.environ}
    home = os.environ.get("HOME", str(Path.home()))
    return {**essentials, "PATH": path, "HOME": home, "KATA_AUTOGRADER_SKIP_INSTALL": "1", **extra}


def _git_checkout(tree: Path, committed: str) -> None:
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=student", "-c", "user.email=s@example.com", "commit", "-qm", "my katas"],
    ):
        subprocess.run(
            ["git", "-C", str(tree), *command], check=True, env={**os.environ, "GIT_COMMITTER_DATE": committed}
        )


def test_the_classroom50_export_pins_cpu_torch_and_the_checker(tmp_path):
    written = export_classroom50(tmp_path / "autograders" / "katas", *PIN)

    assert [path.name for path in written] == ["autograder.py", "README.md"]
    script = written[0].read_text()
    assert f'TORCH = "torch=={TORCH_VERSION}"' in script
    assert 'CHECKER = "torch-katas @ git+https://github.com/teacher/torch-katas@v2.0.1"' in script
    assert "download.pytorch.org/whl/cpu" in script
    compile(script, "autograder.py", "exec")


def test_exporting_twice_into_the_same_folder_refuses(tmp_path):
    export_classroom50(tmp_path, *PIN)
    result = CliRunner().invoke(
        main,
        ["export-autograder", "classroom50", str(tmp_path), "--checker-repository", PIN[0], "--checker-ref", PIN[1]],
    )
    assert result.exit_code == 2 and "already holds autograder.py" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["gradescope", "grader.tar"], "must be a file name ending in .zip"),
        (["classroom50", "x", "--checker-repository", "not a repo"], "--checker-repository must look like OWNER/NAME"),
        (["teams", "x"], "Invalid value for '{classroom50|gradescope}'"),
    ],
)
def test_bad_input_is_a_usage_error(tmp_path, args, message):
    result = CliRunner().invoke(main, ["export-autograder", *args], catch_exceptions=False)
    assert result.exit_code == 2 and message in result.output


@pytest.mark.slow
def test_the_classroom50_autograder_grades_a_student_checkout(tmp_path):
    tree = student_tree(tmp_path / "student", {"01": reference("01")})
    _git_checkout(tree, "2026-06-01T16:32:01+02:00")
    (autograder, _) = export_classroom50(tmp_path / "autograders" / "katas", *PIN)

    done = subprocess.run(
        [sys.executable, str(autograder)],
        cwd=tree,
        env=_offline_env(**CLASSROOM50_ENV),
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads((tree / "result.json").read_text())
    assert result["schema"] == "classroom50/result/v1"
    assert {key: result[key] for key in ("classroom", "assignment", "submission", "commit", "release", "review")} == {
        "classroom": "cs101",
        "assignment": "katas",
        "submission": CLASSROOM50_ENV["SUBMISSION_TAG"],
        "commit": CLASSROOM50_ENV["COMMIT_URL"],
        "release": CLASSROOM50_ENV["RELEASE_URL"],
        "review": CLASSROOM50_ENV["REVIEW_URL"],
    }
    assert result["datetime"] == "2026-06-01T14:32:01Z", "the commit's date in UTC, not the grading time"
    assert (result["score"], result["max-score"]) == (10, sum(kata.points for kata in CATALOGUE))
    assert [test["score"] for test in result["tests"]] == [10] + [0] * (len(CATALOGUE) - 1)
    assert all(type(test["score"]) is int and type(test["max-score"]) is int for test in result["tests"])
    assert (tree / "kata-grade" / "kata-results.json").is_file()


@pytest.mark.slow
def test_the_classroom50_autograder_fails_only_when_grading_cannot_run(tmp_path):
    (autograder, _) = export_classroom50(tmp_path / "autograders" / "katas", *PIN)
    empty = tmp_path / "not-a-checkout"
    empty.mkdir()

    done = subprocess.run(
        [sys.executable, str(autograder)],
        cwd=empty,
        env=_offline_env(**CLASSROOM50_ENV),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode != 0 and "kata grade could not finish" in done.stderr
    assert not (empty / "result.json").exists()


def test_the_gradescope_zip_has_both_scripts_at_its_root_and_executable(tmp_path):
    archive = export_gradescope(tmp_path / "autograder.zip", *PIN)

    with zipfile.ZipFile(archive) as opened:
        infos = {info.filename: info for info in opened.infolist()}
        setup = opened.read("setup.sh").decode()
    assert set(infos) == {"setup.sh", "run_autograder"}
    assert all(stat.S_IMODE(info.external_attr >> 16) & 0o111 for info in infos.values())
    assert f'"torch=={TORCH_VERSION}" --index-url https://download.pytorch.org/whl/cpu' in setup
    assert '"torch-katas @ git+https://github.com/teacher/torch-katas@v2.0.1"' in setup


def _unpacked_gradescope(tmp_path: Path) -> Path:
    archive = export_gradescope(tmp_path / "autograder.zip", *PIN)
    source = tmp_path / "source"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(source)
    runner = source / "run_autograder"
    runner.chmod(0o755)  # extractall drops the mode bits; Gradescope's unpacking keeps them
    return runner


@pytest.mark.slow
@needs_posix_shell  # run_autograder is a bash script, run by its #! line as Gradescope does
@pytest.mark.parametrize("wrapped", [False, True], ids=["at-the-top", "downloaded-zip-folder"])
def test_run_autograder_grades_the_submission_into_results_json(tmp_path, wrapped):
    runner = _unpacked_gradescope(tmp_path)
    root = tmp_path / "autograder"
    submission = root / "submission" / ("torch-katas-main" if wrapped else "")
    student_tree(submission, {"01": reference("01"), "02": reference("02")})

    done = subprocess.run(
        [str(runner)], env=_offline_env(KATA_GRADESCOPE_ROOT=str(root)), capture_output=True, text=True, timeout=600
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 20 and [test["score"] for test in results["tests"][:3]] == [10, 10, 0]
    assert all({"name", "score", "max_score", "output"} <= set(test) for test in results["tests"])


@pytest.mark.slow
@needs_posix_shell
def test_run_autograder_explains_a_submission_it_cannot_grade(tmp_path):
    runner = _unpacked_gradescope(tmp_path)
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "submission" / "notes.txt").write_text("I uploaded the wrong thing")

    done = subprocess.run(
        [str(runner)], env=_offline_env(KATA_GRADESCOPE_ROOT=str(root)), capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 0
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and "could not be graded" in results["output"] and "katas/" in results["output"]


def test_grade_refuses_a_classroom50_file_in_a_folder_that_does_not_exist(tmp_path):
    tree = student_tree(tmp_path / "student")

    result = CliRunner().invoke(
        main, ["grade", "--workspace", str(tree), "--classroom50", str(tmp_path / "missing" / "result.json")]
    )

    assert result.exit_code == 2 and "its folder does not exist" in result.output


@pytest.mark.slow
def test_grade_under_classroom50_writes_result_json_in_the_current_folder(tmp_path, monkeypatch):
    tree = student_tree(tmp_path / "student", {"01": reference("01")})
    _git_checkout(tree, "2026-06-01T10:00:00Z")
    for key, value in CLASSROOM50_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tree)

    result = CliRunner().invoke(
        main, ["grade", "--workspace", str(tree), "--output-dir", str(tmp_path / "out"), "01", "02"]
    )

    assert result.exit_code == 0, result.output
    written = json.loads((tree / "result.json").read_text())
    assert written["score"] == sum(test["score"] for test in written["tests"]) == 10
    assert written["max-score"] == 20 and written["datetime"] == "2026-06-01T10:00:00Z"
    assert written == json.loads((tmp_path / "out" / "classroom50-result.json").read_text())
