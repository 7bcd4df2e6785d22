"""Build hook: the wheel carries the course, so `kata grade` never trusts a graded tree's copy.

Everything else about the package is in pyproject.toml. Building a wheel copies the
catalogue, each kata's README and stub, and the classroom workflow into
checker/_course/, where checker/core/packaged.py looks first. The references stay out
(students install the wheel); only their k-gram hashes go in, as
checker/_course/reference_fingerprints.txt, so that a class graded from a wheel discounts
the references' code in its similarity check as a checkout does.

An editable install (`pip install -e .`, the README's way) reads the course from the
checkout itself, whose stubs the learner then edits, so it instead snapshots the
starting stubs into checker/_stubs/ (git-ignored) with a SHA-256 manifest: the copy
`kata reset` falls back on when the workspace has no git history (a zip download).
Only files that are still stubs (they raise NotImplementedError) are snapshotted, so
reinstalling after solving a kata keeps the earlier pristine copy of that stub.
"""

import hashlib
import importlib.util
import json
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

COURSE_FILES = ("katas/catalogue.yaml", "katas/*/README.md", "katas/*/*.py", ".github/workflows/classroom.yml")
STUB_FILES = "katas/*/*.py"
STUB_MARKER = "raise NotImplementedError"  # keep in step with checker/core/reset.py
SNAPSHOT_DIR = Path("checker") / "_stubs"
SNAPSHOT_MANIFEST = "SHA256SUMS.json"  # keep in step with checker/core/reset.py
REFERENCES = "reference/*.py"
FINGERPRINTS_MODULE = Path("checker") / "grading" / "fingerprints.py"


class BuildWithCourse(build_py):
    def run(self):
        super().run()
        root = Path(__file__).resolve().parent
        if getattr(self, "editable_mode", False):
            snapshot_stubs(root, root / SNAPSHOT_DIR)
            return
        target = Path(self.build_lib) / "checker" / "_course"
        for pattern in COURSE_FILES:
            for source in sorted(root.glob(pattern)):
                destination = target / source.relative_to(root)
                destination.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(source), str(destination))
        write_reference_prints(root, target)


def write_reference_prints(root, target):
    """The references' k-gram hashes, by the checker's own fingerprints.py (standard library only, loaded by path)."""
    spec = importlib.util.spec_from_file_location("_kata_fingerprints", root / FINGERPRINTS_MODULE)
    fingerprints = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fingerprints)
    sources = [path.read_text(encoding="utf-8") for path in sorted(root.glob(REFERENCES))]
    text = fingerprints.prints_text(sources, fingerprints.REFERENCE_PRINTS_HEADER)
    target.mkdir(parents=True, exist_ok=True)
    (target / fingerprints.REFERENCE_PRINTS_NAME).write_text(text, encoding="utf-8")


def snapshot_stubs(root, target):
    """Copy each still-pristine-looking stub under target and record its SHA-256 in the manifest."""
    manifest_path = target / SNAPSHOT_MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    for source in sorted(root.glob(STUB_FILES)):
        text = source.read_text(encoding="utf-8")
        if STUB_MARKER not in text:
            continue  # already solved: an earlier snapshot (if any) stays the pristine copy
        relative = source.relative_to(root).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())
        manifest[relative] = hashlib.sha256(source.read_bytes()).hexdigest()
    if manifest:
        target.mkdir(parents=True, exist_ok=True)
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildWithCourse})
