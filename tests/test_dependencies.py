"""Every install line written by hand names all of the checker's dependencies besides torch.

pyproject.toml declares them; the README, `.ci/run`, the workflows and the texts the
exports write (student README, autograders, the notebooks' install cell) repeat them in
pip lines, because torch must come first from its own index. A line that installs numpy
but not psutil gives a judge that cannot watch its workers' process trees.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.grading import autograder, template
from checker.notebook_export import install_cell

ROOT = Path(__file__).resolve().parent.parent
# What the hand-written pip lines name beside torch (installing the checker brings pytest, click and pyyaml).
NAMED_TOGETHER = ("numpy", "psutil")
# numpy as a package to install, not numpy.py (a planted module) or numpy_bridge (kata 15).
_INSTALLS_NUMPY = re.compile(r"(install|packages).*\bnumpy\b(?![._])")


def _written_by_hand() -> dict[str, str]:
    paths = [*sorted(ROOT.glob("*.md")), ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    texts = {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in paths}
    texts.update(
        {
            "student README (kata export-template)": template.STUDENT_README,
            "Classroom 50 autograder.py": autograder.CLASSROOM50_AUTOGRADER,
            "Gradescope setup.sh": autograder.GRADESCOPE_SETUP,
            "notebook install cell": install_cell("me/torch-katas", "v0"),
        }
    )
    return texts


def test_every_line_that_installs_numpy_installs_psutil_too():
    lacking = {
        f"{name}: {line.strip()}"
        for name, text in _written_by_hand().items()
        for line in text.splitlines()
        if _INSTALLS_NUMPY.search(line) and not all(re.search(rf"\b{dep}\b", line) for dep in NAMED_TOGETHER)
    }

    assert lacking == set(), "name every one of " + ", ".join(NAMED_TOGETHER) + " where one is installed"


def test_there_are_install_lines_to_check():
    found = [name for name, text in _written_by_hand().items() if _INSTALLS_NUMPY.search(text)]

    assert len(found) >= 7, f"only {found}: did an install line move out of reach of this test?"
