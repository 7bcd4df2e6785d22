"""`kata export-template`: a student repository with stubs, READMEs, catalogue and workflow, nothing more."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from grade_support import CATALOGUE, ROOT

from checker.cli import main
from checker.core.errors import KataUsageError
from checker.exports import template
from checker.exports.template import pin_workflow

WORKFLOW = (ROOT / ".github" / "workflows" / "classroom.yml").read_text()


def export(*args: str) -> Result:
    return CliRunner().invoke(main, ["export-template", *args])


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_the_template_holds_exactly_what_a_student_needs(tmp_path):
    target = tmp_path / "assignment"

    result = export(str(target), "--checker-repository", "my-org/torch-katas", "--checker-ref", "v1.2.3")

    assert result.exit_code == 0, result.output
    expected = {"README.md", ".gitignore", ".gitattributes", ".github/workflows/classroom.yml", "katas/catalogue.yaml"}
    for kata in CATALOGUE:
        expected |= {f"katas/{kata.folder}/README.md", f"katas/{kata.folder}/{kata.name}.py"}
    assert _files(target) == expected
    for kata in CATALOGUE:
        assert kata.stub_path(target).read_text() == kata.stub_path(ROOT).read_text()
    assert (target / "katas" / "catalogue.yaml").read_text() == CATALOGUE.path.read_text()


def test_the_workflow_is_pinned_and_the_readme_says_how_to_install_and_how_grading_works(tmp_path):
    target = tmp_path / "assignment"

    assert export(str(target), "--checker-repository", "my-org/torch-katas", "--checker-ref", "abc123").exit_code == 0

    workflow = yaml.safe_load((target / ".github" / "workflows" / "classroom.yml").read_text())
    assert workflow["env"]["KATA_CHECKER_REPOSITORY"] == "my-org/torch-katas"
    assert workflow["env"]["KATA_CHECKER_REF"] == "abc123"
    readme = (target / "README.md").read_text()
    assert 'pip install "torch-katas @ git+https://github.com/my-org/torch-katas@abc123"' in readme
    assert "points times the share of its cases" in readme
    total = sum(kata.points for kata in CATALOGUE)
    assert f"Total: {total} points." in readme
    assert all(f"| {kata.id} | {kata.name}: {kata.title} | {kata.points} |" in readme for kata in CATALOGUE)
    assert ".kata-progress.json" in (target / ".gitignore").read_text()
    assert "*.py    text eol=lf" in (target / ".gitattributes").read_text(), "LF kata files on Windows too"


def test_the_default_pin_names_a_placeholder_and_says_so(tmp_path):
    result = export(str(tmp_path / "assignment"))

    assert result.exit_code == 0
    assert "OWNER/torch-katas" in result.output and "--checker-repository" in result.output


def test_an_empty_folder_is_fine_a_non_empty_one_or_a_bad_pin_exits_2(tmp_path):
    empty, full = tmp_path / "empty", tmp_path / "full"
    empty.mkdir()
    full.mkdir()
    (full / "notes.txt").write_text("mine")

    assert export(str(empty)).exit_code == 0
    refused = export(str(full))
    assert refused.exit_code == 2 and "is not empty" in refused.output
    assert (full / "notes.txt").read_text() == "mine" and _files(full) == {"notes.txt"}
    assert export(str(tmp_path / "a"), "--checker-repository", "no-slash").exit_code == 2
    assert export(str(tmp_path / "b"), "--checker-ref", "has space").exit_code == 2


def test_a_solved_stub_in_the_course_is_never_exported(tmp_path, monkeypatch):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "katas", course / "katas")
    shutil.copytree(ROOT / ".github", course / ".github")
    kata = CATALOGUE.resolve("04")
    kata.stub_path(course).write_text((ROOT / "reference" / f"{kata.name}.py").read_text())
    monkeypatch.setattr(template, "packaged_course_root", lambda: course)

    result = export(str(tmp_path / "assignment"))

    assert result.exit_code == 2 and "compute_gradient.py" in result.output
    assert not (tmp_path / "assignment").exists()


def test_pinning_needs_both_keys():
    pinned = pin_workflow(WORKFLOW, "a/b", "v9")
    assert "KATA_CHECKER_REPOSITORY: a/b\n" in pinned and "KATA_CHECKER_REF: v9\n" in pinned
    assert pinned.count("\n") == WORKFLOW.count("\n")
    with pytest.raises(KataUsageError, match="KATA_CHECKER_REF"):
        pin_workflow(WORKFLOW.replace("KATA_CHECKER_REF:", "REF:"), "a/b", "v9")


def test_the_exported_repository_is_a_workspace_the_learner_commands_understand(tmp_path, monkeypatch):
    target = tmp_path / "assignment"
    assert export(str(target)).exit_code == 0
    monkeypatch.chdir(target)

    result = CliRunner().invoke(main, ["next"])

    assert result.exit_code == 0 and "kata 01 create_tensor" in result.output
