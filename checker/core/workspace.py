"""Find the learner's workspace: the folder that holds `katas/catalogue.yaml`."""

from __future__ import annotations

from pathlib import Path

from checker.core.errors import KataUsageError

__all__ = ["CATALOGUE_RELPATH", "find_workspace"]

CATALOGUE_RELPATH = Path("katas") / "catalogue.yaml"

NO_WORKSPACE = (
    "No torch-katas workspace found: looked for {relpath} in {start} and every folder above it.\n"
    "Run `kata` from inside your clone of torch-katas, or pass --workspace PATH."
)
NOT_A_WORKSPACE = "{path} is not a torch-katas workspace: it has no {relpath}."


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Path:
    """Return the workspace root, walking up from `start` unless `explicit` is given."""
    if explicit is not None:
        root = explicit.expanduser().resolve()
        if not (root / CATALOGUE_RELPATH).is_file():
            raise KataUsageError(NOT_A_WORKSPACE.format(path=root, relpath=CATALOGUE_RELPATH))
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CATALOGUE_RELPATH).is_file():
            return folder
    raise KataUsageError(NO_WORKSPACE.format(relpath=CATALOGUE_RELPATH, start=here))
