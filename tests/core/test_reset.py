"""Resetting a kata: the original stub comes from git or the checker's copies, the learner's file is backed up first."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from checker.core.catalogue import load_catalogue
from checker.core.errors import KataUsageError
from checker.core.reset import BACKUP_DIR, STUB_MARKER, backup_solution, original_stub, reset_kata, stub_copies

ROOT = Path(__file__).resolve().parents[2]
KATA = load_catalogue(ROOT).resolve("01")
PRISTINE = KATA.stub_path(ROOT).read_text(encoding="utf-8")
ATTEMPT = "def create_tensor(method, shape, value=0.0):\n    return 'my attempt'\n"
STUB_RELPATH = KATA.stub_path(ROOT).relative_to(ROOT).as_posix()


def _setup_module():
    """The repository's setup.py as a module (its snapshot hook), without running setup()."""
    spec = importlib.util.spec_from_file_location("torch_katas_setup", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _course_copy(root: Path, text: str) -> Path:
    """A wheel-like course copy (checker/_course/ layout, no manifest) holding kata 01's stub as text."""
    (root / STUB_RELPATH).parent.mkdir(parents=True, exist_ok=True)
    (root / STUB_RELPATH).write_text(text, encoding="utf-8")
    return root


def _commit(workspace: Path, message: str) -> None:
    git = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]
    subprocess.run([*git, "add", "-A"], cwd=workspace, check=True, capture_output=True)
    subprocess.run([*git, "commit", "-qm", message], cwd=workspace, check=True, capture_output=True)


def test_original_stub_is_the_first_committed_version(make_workspace):
    workspace = make_workspace(git=True)
    KATA.stub_path(workspace).write_text(ATTEMPT)
    _commit(workspace, "the learner commits an attempt")

    assert original_stub(workspace, KATA) == PRISTINE


def test_original_stub_without_git_or_any_copy_is_a_usage_error(make_workspace):
    workspace = make_workspace(git=False)

    with pytest.raises(KataUsageError, match="no git history of it"):
        original_stub(workspace, KATA, copies=())


def test_without_git_the_stub_comes_from_the_checkers_copy(make_workspace, tmp_path):
    workspace = make_workspace(git=False)
    copy = _course_copy(tmp_path / "course", PRISTINE)

    assert original_stub(workspace, KATA, copies=(copy,)) == PRISTINE


def test_git_history_comes_before_the_checkers_copies(make_workspace, tmp_path):
    workspace = make_workspace(git=True)
    other = _course_copy(tmp_path / "course", PRISTINE + "# another course version\n")

    assert original_stub(workspace, KATA, copies=(other,)) == PRISTINE


def test_a_copy_that_is_no_stub_is_passed_over(make_workspace, tmp_path):
    workspace = make_workspace(git=False)
    solved = _course_copy(tmp_path / "solved", ATTEMPT)
    pristine = _course_copy(tmp_path / "course", PRISTINE)

    assert original_stub(workspace, KATA, copies=(solved, pristine)) == PRISTINE
    with pytest.raises(KataUsageError):
        original_stub(workspace, KATA, copies=(solved,))


def test_a_first_commit_that_is_no_stub_falls_back_to_the_copies(make_workspace, tmp_path):
    workspace = make_workspace(git=False)
    KATA.stub_path(workspace).write_text(ATTEMPT)
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True, capture_output=True)
    _commit(workspace, "the learner's first commit is already an attempt")

    assert original_stub(workspace, KATA, copies=(_course_copy(tmp_path / "course", PRISTINE),)) == PRISTINE


def test_the_checkers_copies_are_the_wheels_course_then_the_install_snapshot():
    import checker

    package = Path(checker.__file__).resolve().parent
    assert stub_copies() == (package / "_course", package / "_stubs")


def test_the_install_snapshot_restores_a_zip_download(make_workspace, tmp_path):
    """setup.py's editable-install hook snapshots the stubs; reset in a workspace without git uses it."""
    workspace = make_workspace(git=False)
    snapshot = tmp_path / "snapshot"
    _setup_module().snapshot_stubs(workspace, snapshot)
    KATA.stub_path(workspace).write_text(ATTEMPT)

    backup = reset_kata(workspace, KATA, copies=(snapshot,))

    assert KATA.stub_path(workspace).read_text() == PRISTINE
    assert backup.parent == workspace / BACKUP_DIR and backup.read_text() == ATTEMPT
    recorded = json.loads((snapshot / "SHA256SUMS.json").read_text())
    assert recorded[STUB_RELPATH] == hashlib.sha256(PRISTINE.encode()).hexdigest()


def test_the_snapshot_skips_solved_files_and_keeps_the_earlier_copy(make_workspace, tmp_path):
    workspace = make_workspace(git=False)
    snapshot = tmp_path / "snapshot"
    setup_module = _setup_module()
    setup_module.snapshot_stubs(workspace, snapshot)
    KATA.stub_path(workspace).write_text(ATTEMPT)  # solved, then reinstalled

    setup_module.snapshot_stubs(workspace, snapshot)

    assert STUB_MARKER not in ATTEMPT
    assert (snapshot / STUB_RELPATH).read_text() == PRISTINE


def test_a_snapshot_changed_since_it_was_recorded_is_never_restored(make_workspace, tmp_path):
    workspace = make_workspace(git=False)
    snapshot = tmp_path / "snapshot"
    _setup_module().snapshot_stubs(workspace, snapshot)
    with (snapshot / STUB_RELPATH).open("a") as changed:
        changed.write("# edited after the snapshot\n")
    KATA.stub_path(workspace).write_text(ATTEMPT)

    with pytest.raises(KataUsageError, match="Your file was left untouched"):
        reset_kata(workspace, KATA, copies=(snapshot,))

    assert KATA.stub_path(workspace).read_text() == ATTEMPT


def test_backup_copies_the_learners_file(make_workspace):
    workspace = make_workspace(git=False)
    KATA.stub_path(workspace).write_text(ATTEMPT)

    backup = backup_solution(workspace, KATA)

    assert backup.parent == workspace / BACKUP_DIR
    assert backup.name.startswith("01_create_tensor-") and backup.suffix == ".py"
    assert backup.read_text() == ATTEMPT


def test_backups_in_the_same_second_do_not_overwrite_each_other(make_workspace):
    workspace = make_workspace(git=False)
    contents = [f"# attempt {n}\n" for n in range(3)]
    backups = []
    for text in contents:
        KATA.stub_path(workspace).write_text(text)
        backups.append(backup_solution(workspace, KATA))

    assert len(set(backups)) == 3
    assert [backup.read_text() for backup in backups] == contents


def test_no_backup_when_the_file_is_gone(make_workspace):
    workspace = make_workspace(git=False)
    KATA.stub_path(workspace).unlink()

    assert backup_solution(workspace, KATA) is None
    assert not (workspace / BACKUP_DIR).exists()


def test_reset_restores_the_stub_and_returns_the_backup(make_workspace):
    workspace = make_workspace(git=True)
    KATA.stub_path(workspace).write_text(ATTEMPT)

    backup = reset_kata(workspace, KATA)

    assert KATA.stub_path(workspace).read_text() == PRISTINE
    assert backup.read_text() == ATTEMPT


def test_reset_recreates_a_deleted_stub(make_workspace):
    workspace = make_workspace(git=True)
    KATA.stub_path(workspace).unlink()

    assert reset_kata(workspace, KATA) is None
    assert KATA.stub_path(workspace).read_text() == PRISTINE


def test_reset_without_git_or_a_copy_leaves_the_file_untouched(make_workspace):
    workspace = make_workspace(git=False)
    KATA.stub_path(workspace).write_text(ATTEMPT)

    with pytest.raises(KataUsageError, match="Your file was left untouched"):
        reset_kata(workspace, KATA, copies=())

    assert KATA.stub_path(workspace).read_text() == ATTEMPT
    assert not (workspace / BACKUP_DIR).exists()
