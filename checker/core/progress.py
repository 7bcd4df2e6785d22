"""The learner's progress: one small versioned JSON file in the workspace.

Written whole and atomically (temporary file, then rename) under a lock, so two
checks at once never lose an update and a killed check never leaves half a file.
A missing file means a fresh start; a corrupt, foreign or newer one is set aside
with a warning and a fresh one begins. Nothing here ever raises for bad state.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from checker.core.file_lock import exclusive_lock
from checker.core.files import atomic_write_text, replace_file
from checker.core.limits import PROGRESS_LOCK_SECONDS
from checker.core.statuses import KATA_VERDICTS, Status

__all__ = ["PROGRESS_FILE", "KataProgress", "Progress", "file_hash", "load_progress", "update_progress"]

PROGRESS_FILE = ".kata-progress.json"
_FORMAT = "torch-katas-progress"
_VERSION = 1

# The type each stored field must have; a hand-edited `"attempts": "3"` would crash later.
_FIELD_TYPES = {
    "status": str,
    "passed_hash": (str, type(None)),
    "passed_on_cpu": bool,
    "passed_on_cuda": bool,
    "hints_revealed": int,
    "attempts": int,
    "last_checked": (int, float, type(None)),
}

SET_ASIDE = "Your progress file {path} could not be read ({why}); it was moved to {moved} and a fresh one started."
NOT_SAVED = "Progress could not be saved ({why}); your results above still stand."


@dataclass
class KataProgress:
    status: Status = Status.NOT_STARTED  # one of KATA_VERDICTS: the latest check's
    passed_hash: str | None = None  # sha256 of the solution file when it last passed
    passed_on_cpu: bool = False
    passed_on_cuda: bool = False
    hints_revealed: int = 0
    attempts: int = 0
    last_checked: float | None = None

    @property
    def ever_passed(self) -> bool:
        return self.passed_hash is not None


@dataclass
class Progress:
    katas: dict[str, KataProgress] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def of(self, name: str) -> KataProgress:
        return self.katas.setdefault(name, KataProgress())

    def to_json(self) -> dict:
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "katas": {name: asdict(entry) for name, entry in sorted(self.katas.items())},
        }


def file_hash(path: Path) -> str | None:
    try:
        import hashlib  # here: `kata list` in a workspace with nothing passed needs no hash

        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_progress(workspace: Path) -> Progress:
    """Read the progress file; problems become warnings, never exceptions."""
    path = workspace / PROGRESS_FILE
    try:
        data = path.read_bytes()  # bytes: json decodes them, and bad UTF-8 is a ValueError there
    except FileNotFoundError:
        return Progress()
    except OSError as error:
        return Progress(warnings=[f"Cannot read {path} ({error.strerror}); starting from empty progress."])
    progress, why = _parse(data)
    if progress is not None:
        return progress
    moved = _set_aside(path)
    return Progress(warnings=[SET_ASIDE.format(path=path, why=why, moved=moved)])


def update_progress(workspace: Path, change: Callable[[Progress], None]) -> list[str]:
    """Apply `change` to the stored progress under a lock; return warnings to show."""
    path = workspace / PROGRESS_FILE
    try:
        with exclusive_lock(workspace / (PROGRESS_FILE + ".lock"), seconds=PROGRESS_LOCK_SECONDS):
            progress = load_progress(workspace)
            change(progress)
            import json

            atomic_write_text(path, json.dumps(progress.to_json(), indent=1) + "\n")
    except OSError as error:
        return [NOT_SAVED.format(why=error.strerror or error)]
    return progress.warnings


def _parse(data: bytes) -> tuple[Progress | None, str]:
    try:
        import json  # here: with no progress file yet, nothing is parsed

        raw = json.loads(data)
    except ValueError:
        return None, "it is not valid JSON"
    if not isinstance(raw, dict) or raw.get("format") != _FORMAT:
        return None, "it is not a torch-katas progress file"
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= _VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > _VERSION
        hint = "; a newer checker wrote it: update your clone (git pull, then pip install -e .)" if newer else ""
        return None, f"it has version {version!r}, and this checker reads version {_VERSION}{hint}"
    katas = raw.get("katas")
    if not isinstance(katas, dict):
        return None, "its `katas` entry is not a mapping"
    progress = Progress()
    for name, entry in katas.items():
        if not isinstance(entry, dict):
            return None, f"the entry for {name!r} is not a mapping"
        fields = {k: v for k, v in entry.items() if k in _FIELD_TYPES}
        wrong = sorted(k for k, v in fields.items() if not isinstance(v, _FIELD_TYPES[k]))
        if wrong:
            return None, f"the entry for {name!r} has a wrong type in {wrong}"
        if "status" in fields:
            if fields["status"] not in KATA_VERDICTS:
                return None, f"the entry for {name!r} has an unknown status {fields['status']!r}"
            fields["status"] = Status(fields["status"])
        progress.katas[name] = KataProgress(**fields)
    return progress, ""


def _set_aside(path: Path) -> Path:
    moved = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bad")
    try:
        replace_file(path, moved)
    except OSError:
        return path  # cannot move it (read-only?): leave it, and start fresh in memory
    return moved
