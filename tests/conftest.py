"""Shared fixtures: the repository root and throwaway workspaces built from it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def make_workspace(tmp_path):
    """A copy of the katas (stubs and catalogue) and references, committed to git like a clone."""

    def make(git: bool = True) -> Path:
        workspace = tmp_path / "workspace"
        shutil.copytree(ROOT / "katas", workspace / "katas")
        shutil.copytree(ROOT / "reference", workspace / "reference")
        if git:
            run = lambda *args: subprocess.run(["git", *args], cwd=workspace, check=True, capture_output=True)  # noqa: E731
            run("init", "-q")
            run("add", "-A")
            run("-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-qm", "start")
        return workspace

    return make
