"""The grader's defences that need no worker: the clean copy, the judge's environment, leftovers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path

import pytest
from grade_support import CATALOGUE, student_tree
from platform_marks import needs_fork, needs_prctl, needs_proc, needs_symlinks

from checker.core.limits import MAX_SOLUTION_BYTES
from checker.grading import sandbox
from checker.grading.sandbox import (
    OWN_CATALOGUE,
    ProcessJanitor,
    changed_files,
    clean_judge_environment,
    copy_submission,
    fingerprint,
    judge_warnings,
    undumpable,
)

KATAS = CATALOGUE.select(["01-03"])


def _copy(tree: Path, clean: Path) -> list[str]:
    return copy_submission(tree, KATAS, CATALOGUE, clean)


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_only_the_solution_files_and_the_trusted_catalogue_are_copied(tmp_path):
    tree = student_tree(tmp_path / "student", {"01": "def create_tensor(method, shape, value=0.0):\n    return 1\n"})
    for planted in (
        "conftest.py",
        "pytest.ini",
        "sitecustomize.py",
        "x.pth",
        "torch.py",
        "checker/__init__.py",
        "katas/01_create_tensor/torch.py",
        "katas/01_create_tensor/conftest.py",
        "reference/x.py",
    ):
        (tree / planted).parent.mkdir(parents=True, exist_ok=True)
        (tree / planted).write_text("raise SystemExit\n")

    warnings = _copy(tree, tmp_path / "clean")

    assert warnings == []
    assert _files(tmp_path / "clean") == {"katas/catalogue.yaml"} | {
        kata.stub_path(Path(".")).as_posix() for kata in KATAS
    }
    assert (tmp_path / "clean" / "katas" / "catalogue.yaml").read_bytes() == CATALOGUE.path.read_bytes()
    assert "return 1" in KATAS[0].stub_path(tmp_path / "clean").read_text()


@needs_symlinks
def test_links_huge_files_folders_and_an_edited_catalogue_are_left_out_with_a_warning(tmp_path):
    tree = student_tree(tmp_path / "student")
    outside = tmp_path / "outside.py"
    outside.write_text("SECRET = 1\n")
    KATAS[0].stub_path(tree).unlink()
    KATAS[0].stub_path(tree).symlink_to(outside)
    KATAS[1].stub_path(tree).write_bytes(b"#" * (MAX_SOLUTION_BYTES + 1))
    KATAS[2].stub_path(tree).unlink()
    KATAS[2].stub_path(tree).mkdir()
    catalogue = tree / "katas" / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("points: 10", "points: 99"))

    warnings = _copy(tree, tmp_path / "clean")

    assert _files(tmp_path / "clean") == {"katas/catalogue.yaml"}
    assert OWN_CATALOGUE in warnings
    assert any("symbolic link" in warning and "create_tensor.py" in warning for warning in warnings)
    assert any("larger than 1024 KiB" in warning for warning in warnings)
    assert any("not a regular file" in warning for warning in warnings)


@needs_symlinks
def test_a_linked_kata_folder_is_left_out_and_a_missing_file_is_silently_skipped(tmp_path):
    tree = student_tree(tmp_path / "student")
    elsewhere = tmp_path / "elsewhere"
    (tree / "katas" / KATAS[0].folder).rename(elsewhere)
    (tree / "katas" / KATAS[0].folder).symlink_to(elsewhere, target_is_directory=True)
    KATAS[1].stub_path(tree).unlink()

    warnings = _copy(tree, tmp_path / "clean")

    assert len(warnings) == 1 and "outside the graded folder" in warnings[0]
    assert _files(tmp_path / "clean") == {"katas/catalogue.yaml", KATAS[2].stub_path(Path(".")).as_posix()}


def test_the_judge_environment_loses_pytest_options_only_while_grading(monkeypatch):
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p planted")
    monkeypatch.setenv("PYTEST_PLUGINS", "planted")

    with clean_judge_environment():
        assert "PYTEST_ADDOPTS" not in os.environ and "PYTEST_PLUGINS" not in os.environ

    assert os.environ["PYTEST_ADDOPTS"] == "-p planted" and os.environ["PYTEST_PLUGINS"] == "planted"


def test_judge_modules_loaded_from_the_graded_tree_are_flagged(tmp_path, monkeypatch):
    planted = types.ModuleType("yaml")
    planted.__file__ = str(tmp_path / "yaml.py")
    assert judge_warnings(tmp_path) == []

    monkeypatch.setitem(sys.modules, "yaml", planted)

    (warning,) = judge_warnings(tmp_path)
    assert "`yaml`" in warning and "cannot be trusted" in warning


def test_fingerprint_notices_changed_added_and_removed_files_but_not_caches(tmp_path):
    (tmp_path / "a.py").write_text("a")
    (tmp_path / "b.py").write_text("b")
    before = fingerprint(tmp_path)
    (tmp_path / "a.py").write_text("changed")
    (tmp_path / "b.py").unlink()
    (tmp_path / "c.py").write_text("new")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"\0")

    assert changed_files(before, fingerprint(tmp_path)) == ["a.py", "b.py", "c.py"]


@needs_prctl
def test_the_judge_is_undumpable_only_while_grading():
    assert sandbox._prctl(sandbox._PR_GET_DUMPABLE, 0) == 1

    with undumpable():
        assert sandbox._prctl(sandbox._PR_GET_DUMPABLE, 0) == 0

    assert sandbox._prctl(sandbox._PR_GET_DUMPABLE, 0) == 1


DETACHER = textwrap.dedent("""
    import os, sys, time
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            open(sys.argv[1], "w").write(str(os.getpid()))
            time.sleep(60)
        os._exit(0)
    os.wait()
""")


@needs_prctl  # a child subreaper (PR_SET_CHILD_SUBREAPER); it finds its children in /proc
@needs_proc
@needs_fork  # the detacher double-forks
def test_the_janitor_stops_a_process_that_detached_itself(tmp_path):
    pidfile = tmp_path / "pid"

    with ProcessJanitor() as janitor:
        assert janitor.active
        subprocess.run([sys.executable, "-c", DETACHER, str(pidfile)], check=True, timeout=30)
        deadline = time.monotonic() + 10
        while not pidfile.exists() or not pidfile.read_text():
            assert time.monotonic() < deadline, "the detached process never started"
            time.sleep(0.01)
        daemon = int(pidfile.read_text())
        assert daemon in sandbox._children(), "an orphan is re-parented to the grader"

    assert janitor.stopped == 1
    with pytest.raises(ProcessLookupError):
        os.kill(daemon, 0)
