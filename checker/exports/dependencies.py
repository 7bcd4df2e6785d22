"""What every export installs, named once: torch pinned from the CPU index, then the checker.

The checker brings its own dependencies (pyproject.toml's `dependencies`), so no install line
names them one by one: a kata that needs a new library adds it to pyproject.toml and nowhere
else. Only the notebooks' install cell lists them, because on Colab the checker is installed
with `--no-deps` (to keep Colab's own torch); that list is read from the installed checker's
metadata, which is pyproject.toml's.
"""

from __future__ import annotations

import re

from checker.core.versions import TORCH_VERSION

__all__ = ["CPU_INDEX", "DISTRIBUTION", "TORCH_REQUIREMENT", "beside_torch", "checker_requirement"]

DISTRIBUTION = "torch-katas"
# PyTorch's CPU index: a small CPU build of torch, never the multi-GB CUDA one.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TORCH_REQUIREMENT = f"torch=={TORCH_VERSION}"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def checker_requirement(repository: str, ref: str) -> str:
    """The pinned checker, as pip installs it from a GitHub repository and tag."""
    return f"{DISTRIBUTION} @ git+https://github.com/{repository}@{ref}"


def beside_torch() -> tuple[str, ...]:
    """The checker's own dependencies besides torch (no extras), as pyproject.toml declares them."""
    from importlib import metadata  # here: it costs `kata --help` 20 ms, and only the notebooks' cell needs it

    found = []
    for requirement in metadata.requires(DISTRIBUTION) or ():
        name = _NAME.match(requirement)
        if ";" in requirement or not name or name.group(0).lower() == "torch":
            continue  # an extra's (`; extra == "test"`), or torch, which comes from its own index
        found.append(requirement.replace(" ", ""))
    return tuple(found)
