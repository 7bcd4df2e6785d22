"""The wheel carries the course (setup.py's build hook), so `kata grade` never needs a graded tree's copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest
from grade_support import CATALOGUE, ROOT

from checker.grading.fingerprints import REFERENCE_PRINTS_HEADER, REFERENCE_PRINTS_NAME, prints_text


@pytest.mark.slow
def test_the_wheel_carries_specs_catalogue_stubs_readmes_and_the_classroom_workflow(tmp_path):
    pytest.importorskip("setuptools", minversion="64")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files belong to the project")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    source = tmp_path / "source"
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (tmp_path / "dist").glob("torch_katas-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    course = "checker/_course/"
    assert f"{course}katas/catalogue.yaml" in names and f"{course}.github/workflows/classroom.yml" in names
    for kata in CATALOGUE:
        assert f"checker/specs/{kata.spec_file}" in names or not (ROOT / "checker" / "specs" / kata.spec_file).exists()
        home = ROOT / "checker" / "specs" / kata.name
        assert all(f"checker/specs/{kata.name}/{p.name}" in names for p in home.glob("*.py")), kata.name
        assert f"checker/specs/{kata.name}/mutants.yaml" in names or not (home / "mutants.yaml").exists()
        assert {f"{course}katas/{kata.folder}/README.md", f"{course}katas/{kata.folder}/{kata.name}.py"} <= names
    assert "checker/specs/pytest.ini" in names
    assert "checker/grading/tutorial_fingerprints.txt" in names
    # No reference in the wheel, but their hashes, so a class graded from it discounts them.
    shipped = zipfile.ZipFile(wheel).read(f"{course}{REFERENCE_PRINTS_NAME}").decode("utf-8")
    references = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "reference").glob("*.py"))]
    assert shipped == prints_text(references, REFERENCE_PRINTS_HEADER)
    assert len(shipped.splitlines()) > 1000, "every reference's k-grams"
    assert not [name for name in names if name.startswith(("reference/", "tests/")) or "/reference/" in name]
