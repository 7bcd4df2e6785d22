"""Shared fixtures: the repository root, throwaway workspaces built from it, and the fixture course."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.core.catalogue import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
# A small course of its own for the tests of the runner's machinery (its README says why).
COURSE = ROOT / "tests" / "fixtures" / "course"

# The fixture course's specs are run by the judge alone (run_check(..., specs_dir=...)), never as project tests.
collect_ignore = ["fixtures"]


@dataclass(frozen=True)
class Course:
    """A copy of the fixture course: a workspace (katas and references), its catalogue and its specs."""

    workspace: Path
    catalogue: Catalogue
    specs: Path  # the folder of spec homes, for run_check(..., specs_dir=course.specs)


def _copy_course(source: Path, workspace: Path, git: bool) -> Path:
    """Copy `source`'s katas/ and reference/ into `workspace`, committed to git like a clone when asked."""
    shutil.copytree(source / "katas", workspace / "katas")
    shutil.copytree(source / "reference", workspace / "reference")
    if git:
        run = lambda *args: subprocess.run(["git", *args], cwd=workspace, check=True, capture_output=True)  # noqa: E731
        run("init", "-q")
        run("add", "-A")
        run("-c", "user.email=test@example.com", "-c", "user.name=test", "commit", "-qm", "start")
    return workspace


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def make_workspace(tmp_path):
    """A copy of the katas (stubs and catalogue) and references, committed to git like a clone."""

    def make(git: bool = True) -> Path:
        return _copy_course(ROOT, tmp_path / "workspace", git)

    return make


@pytest.fixture
def make_course(tmp_path):
    """A copy of the fixture course (tests/fixtures/course), for tests of the judge's machinery.

    The judge imports a spec once per process by its name under the specs folder, so a test
    adds a spec of its own (`extra_specs`, a new file name) rather than editing a copied one.
    """

    def make(git: bool = False) -> Course:
        workspace = _copy_course(COURSE, tmp_path / "course", git)
        specs = tmp_path / "course-specs"
        shutil.copytree(COURSE / "specs", specs, ignore=shutil.ignore_patterns("__pycache__"))
        return Course(workspace, load_catalogue(workspace), specs)

    return make
