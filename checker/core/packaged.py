"""The course as the installed checker carries it: catalogue, stubs, READMEs, classroom workflow.

Grading never reads a catalogue from the tree it grades: points, time limits and the
list of katas come from here (`packaged_catalogue`). Reset restores stubs from here when
git history has none. A wheel carries the course under `checker/_course/` (copied there
at build time by setup.py); a source checkout (an editable install) has it beside the
`checker` package.
"""

from __future__ import annotations

from pathlib import Path

import checker
from checker.core.catalogue import Catalogue, load_catalogue
from checker.core.errors import KataUsageError
from checker.core.workspace import CATALOGUE_RELPATH

__all__ = [
    "CLASSROOM_WORKFLOW",
    "PACKAGED_COURSE",
    "PACKAGE_DIR",
    "packaged_catalogue",
    "packaged_course_root",
]

PACKAGE_DIR = Path(checker.__file__).resolve().parent
PACKAGED_COURSE = PACKAGE_DIR / "_course"
CLASSROOM_WORKFLOW = Path(".github") / "workflows" / "classroom.yml"

NO_COURSE = (
    "This install of torch-katas carries no course (looked for {packaged} and {checkout}).\n"
    'Reinstall it: pip install "torch-katas @ git+https://github.com/OWNER/torch-katas@REF".'
)


def packaged_course_root() -> Path:
    """The folder holding `katas/catalogue.yaml` (and the stubs) for the installed checker."""
    for root in (PACKAGED_COURSE, PACKAGE_DIR.parent):
        if (root / CATALOGUE_RELPATH).is_file():
            return root
    raise KataUsageError(NO_COURSE.format(packaged=PACKAGED_COURSE, checkout=PACKAGE_DIR.parent))


def packaged_catalogue() -> Catalogue:
    """The installed checker's own catalogue: the one grading trusts."""
    return load_catalogue(packaged_course_root())
