"""A new dependency is written once, in pyproject.toml: no install line names the checker's dependencies.

torch comes first, pinned, from PyTorch's own index; then the checker, which brings what
pyproject.toml declares. The README, `.ci/run`, the workflows and the texts the exports write
(student README, autograders) say exactly that. Only the notebooks' install cell lists the
dependencies (Colab installs the checker with --no-deps), read from the checker's metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.exports import autograder, template
from checker.exports.dependencies import CPU_INDEX, TORCH_REQUIREMENT, beside_torch, checker_requirement
from checker.exports.notebooks import install_cell

ROOT = Path(__file__).resolve().parents[2]


def _declared() -> list[str]:
    block = re.search(r"^dependencies = \[(.*?)\]", (ROOT / "pyproject.toml").read_text(), re.S | re.M).group(1)
    return re.findall(r'"([^"]+)"', block)


def _written_by_hand() -> dict[str, str]:
    paths = [*sorted(ROOT.glob("*.md")), ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    texts = {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in paths}
    texts.update(
        {
            "student README (kata export-template)": template.STUDENT_README,
            "Classroom 50 autograder.py": autograder.CLASSROOM50_AUTOGRADER,
            "Gradescope setup.sh": autograder.GRADESCOPE_SETUP,
        }
    )
    return texts


def _install_lines() -> list[tuple[str, str]]:
    return [
        (name, line.strip())
        for name, text in _written_by_hand().items()
        for line in text.splitlines()
        if re.search(r"pip\S* install|\bpackages\b.*\[", line)
    ]


def test_no_install_line_names_the_checkers_own_dependencies():
    names = [re.match(r"[A-Za-z0-9._-]+", dep).group(0) for dep in _declared() if not dep.startswith("torch")]
    naming = [
        f"{where}: {line}"
        for where, line in _install_lines()
        for part in re.split(r"&&|\|\||;", line)  # `pip install ... && python -m pytest`: the install part
        if "install" in part or "packages" in part
        for name in names
        if re.search(rf"(?<![\w./-]){re.escape(name)}(?![\w./-])", part.replace("torch-katas", ""))
    ]

    assert naming == [], "install torch, then the checker: it brings " + ", ".join(names)


def test_there_are_install_lines_to_check():
    found = {where for where, _ in _install_lines()}

    assert len(found) >= 7, f"only {sorted(found)}: did an install line move out of reach of this test?"


def test_the_dependencies_beside_torch_are_pyprojects():
    assert sorted(beside_torch()) == sorted(dep.replace(" ", "") for dep in _declared() if not dep.startswith("torch"))
    assert "numpy" in beside_torch() and not any(dep.startswith("torch") for dep in beside_torch())


def test_the_notebook_cell_installs_them_all_without_torch():
    cell = install_cell("me/torch-katas", "v0")

    assert all(repr(dep) in cell for dep in beside_torch())
    assert "--no-deps" in cell and checker_requirement("me/torch-katas", "v0") in cell


def test_torch_is_pinned_from_the_cpu_index():
    assert TORCH_REQUIREMENT.startswith("torch==") and CPU_INDEX.endswith("/whl/cpu")
