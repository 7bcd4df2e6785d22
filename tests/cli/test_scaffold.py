"""checker/cli/scaffold.py: `kata new NAME` in a copy of the source tree, and what it refuses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import main
from checker.core.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """A copy of what `kata new` needs from a source checkout: katas, references, specs and the README."""
    copy = tmp_path / "torch-katas"
    for folder in ("katas", "reference", "checker/specs"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "README.md", copy / "README.md")
    monkeypatch.chdir(copy)
    # The judge runs the specs of the checker it belongs to: point it at the copy's specs.
    monkeypatch.setattr("checker.runner.judge.run.SPECS_DIR", copy / "checker" / "specs")
    return copy


def kata(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_new_kata_is_numbered_after_the_last_listed_and_not_started(checkout):
    last = max(k.number for k in load_catalogue(checkout))

    made = kata("new", "softmax_rows")

    assert made.exit_code == 0, made.output
    number = f"{last + 1:02d}"
    folder = checkout / "katas" / f"{number}_softmax_rows"
    for path in (
        folder / "softmax_rows.py",
        folder / "README.md",
        checkout / "reference" / "softmax_rows.py",
        checkout / "checker" / "specs" / "softmax_rows" / f"test_{number}_softmax_rows.py",
        checkout / "checker" / "specs" / "softmax_rows" / "mistakes.py",
        checkout / "checker" / "specs" / "softmax_rows" / "mutants.yaml",
    ):
        assert path.is_file(), f"{path} was not written"
    listed = [line.strip() for line in made.output.splitlines() if line.startswith("  ")]
    assert listed == [
        f"katas/{number}_softmax_rows/softmax_rows.py",
        f"katas/{number}_softmax_rows/README.md",
        "reference/softmax_rows.py",
        "checker/specs/softmax_rows",
        "katas/catalogue.yaml",
        "README.md",
    ], "five parts of a kata, and the README's table generated from the catalogue"
    assert "raise NotImplementedError" in (folder / "softmax_rows.py").read_text()
    assert re.search(rf"^\W+{number}\s+softmax_rows\s+not started$", kata("list").output, re.M)
    assert f"| {number} | `softmax_rows` |" in (checkout / "README.md").read_text()
    checked = kata("check", number)
    assert "Not started yet" in checked.output, checked.output
    assert "bug in torch-katas" not in checked.output, "the spec skeleton loads and runs"


@pytest.mark.parametrize(
    "name, problem",
    [
        ("create_tensor", "already a kata"),
        ("9lives", "identifier"),
        ("softmax-rows", "identifier"),
        ("class", "identifier"),
    ],
)
def test_a_taken_or_unusable_name_is_refused(checkout, name, problem):
    before = (checkout / "katas" / "catalogue.yaml").read_text()

    refused = kata("new", name)

    assert refused.exit_code == 2 and problem in refused.output, refused.output
    assert (checkout / "katas" / "catalogue.yaml").read_text() == before


def test_a_learners_workspace_is_not_a_source_checkout(make_workspace, monkeypatch):
    monkeypatch.chdir(make_workspace(git=False))  # katas and references, but no checker/specs

    refused = kata("new", "softmax_rows")

    assert refused.exit_code == 2 and "not a source checkout" in refused.output, refused.output


def test_the_readme_table_is_rewritten_from_the_catalogue(checkout):
    catalogue = checkout / "katas" / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text().replace("summary: '`torch.zeros`", "summary: 'Zeros! `torch.zeros`", 1))

    rewritten = kata("new", "--table")
    again = kata("new", "--table")

    assert rewritten.exit_code == 0 and "rewritten" in rewritten.output, rewritten.output
    assert "| 01 | `create_tensor` | Zeros! `torch.zeros`" in (checkout / "README.md").read_text()
    assert again.exit_code == 0 and "up to date" in again.output, again.output


def test_a_readme_without_the_table_markers_is_a_usage_error(checkout):
    readme = checkout / "README.md"
    readme.write_text(readme.read_text().replace("<!-- end of the kata table -->", ""))

    refused = kata("new", "--table")

    assert refused.exit_code == 2 and "marker" in refused.output, refused.output


def test_new_without_a_name_says_how_to_call_it(checkout):
    refused = kata("new")

    assert refused.exit_code == 2 and "kata new softmax_rows" in refused.output, refused.output
