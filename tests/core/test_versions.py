"""The torch version is named once (checker/core/versions.py); every install command pins that one."""

from __future__ import annotations

import re
from pathlib import Path

from checker.core.catalogue import load_catalogue
from checker.core.versions import TORCH_VERSION
from checker.exports.template import student_readme

ROOT = Path(__file__).resolve().parents[2]
# `torch==2.13.0` in a pip command, and `TORCH_VERSION: "2.13.0"` in a workflow's env.
_PINS = (re.compile(r"\btorch==([0-9][0-9A-Za-z.+]*)"), re.compile(r"\bTORCH_VERSION:\s*[\"']?([0-9][0-9A-Za-z.+]*)"))


def _pins(text: str) -> list[str]:
    return [match.group(1) for pattern in _PINS for match in pattern.finditer(text)]


def _places() -> dict[str, str]:
    """Every file that installs torch by hand: the docs, the CI script and the workflows."""
    paths = [*sorted(ROOT.glob("*.md")), ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in paths}


def test_every_place_that_pins_torch_pins_the_one_version():
    drifted = {name: pins for name, text in _places().items() if (pins := _pins(text)) and set(pins) != {TORCH_VERSION}}

    assert drifted == {}, f"pin torch {TORCH_VERSION} (checker/core/versions.py) everywhere, or change it there first"


def test_the_readme_the_ci_script_and_the_classroom_workflow_each_pin_torch():
    places = _places()

    for name in ("README.md", ".ci/run", ".github/workflows/classroom.yml"):
        assert _pins(places[name]), f"{name} no longer pins torch: update tests/core/test_versions.py if that is meant"


def test_the_exported_student_readme_pins_the_one_version():
    readme = student_readme(load_catalogue(ROOT), "my-org/torch-katas", "v1")

    assert _pins(readme) == [TORCH_VERSION]


def test_a_drifted_pin_is_seen_in_either_form():
    text = 'pip install torch==2.12.1 numpy\nenv:\n  TORCH_VERSION: "2.11.0"\n'

    assert _pins(text) == ["2.12.1", "2.11.0"]
