"""Resetting a kata: the original stub comes from git, the learner's file is backed up first."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from checker.catalogue import load_catalogue
from checker.errors import KataUsageError
from checker.stubs import BACKUP_DIR, backup_solution, original_stub, reset_kata

ROOT = Path(__file__).resolve().parent.parent
KATA = load_catalogue(ROOT).resolve("01")
PRISTINE = KATA.stub_path(ROOT).read_text(encoding="utf-8")
ATTEMPT = "def create_tensor(method, shape, value=0.0):\n    return 'my attempt'\n"


def _commit(workspace: Path, message: str) -> None:
    git = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]
    subprocess.run([*git, "add", "-A"], cwd=workspace, check=True, capture_output=True)
    subprocess.run([*git, "commit", "-qm", message], cwd=workspace, check=True, capture_output=True)


def test_original_stub_is_the_first_committed_version(make_workspace):
    workspace = make_workspace(git=True)
    KATA.stub_path(workspace).write_text(ATTEMPT)
    _commit(workspace, "the learner commits an attempt")

    assert original_stub(workspace, KATA) == PRISTINE


def test_original_stub_without_git_is_a_usage_error(make_workspace):
    workspace = make_workspace(git=False)

    with pytest.raises(KataUsageError, match="not a git repository"):
        original_stub(workspace, KATA)


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


def test_reset_without_git_leaves_the_file_untouched(make_workspace):
    workspace = make_workspace(git=False)
    KATA.stub_path(workspace).write_text(ATTEMPT)

    with pytest.raises(KataUsageError, match="Your file was left untouched"):
        reset_kata(workspace, KATA)

    assert KATA.stub_path(workspace).read_text() == ATTEMPT
    assert not (workspace / BACKUP_DIR).exists()
