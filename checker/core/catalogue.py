"""Load `katas/catalogue.yaml` into frozen dataclasses and resolve the learner's kata ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from checker.core.errors import KataUsageError
from checker.core.workspace import CATALOGUE_RELPATH

__all__ = ["FORMAT_VERSION", "Catalogue", "Kata", "load_catalogue"]

FORMAT_VERSION = 1

_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED = {
    "number": int,
    "name": str,
    "title": str,
    "topics": list,
    "entry_points": list,
    "hints": list,
    "points": int,
    "time_limit": (int, float),
}
# Optional keys and their types: `summary` is the kata's line in the README's table.
_OPTIONAL = {"summary": str}
# Catalogues written before the specs marked their CUDA cases (@pytest.mark.cuda) listed
# them under this key; it is read past, so such a workspace still loads.
_RETIRED = {"cuda_cases"}

FORMAT_TOO_NEW = (
    "{path} has format_version {found}, but this checker reads version {supported}.\n"
    "Upgrade the checker: pip install --upgrade torch-katas (or reinstall it from your clone)."
)
UNKNOWN_KATA = "There is no kata {given!r}.{suggestion} Run `kata list` to see them all."


@dataclass(frozen=True)
class Kata:
    """One exercise. Every path is derived from `number` and `name`, never stored."""

    number: int
    name: str
    title: str
    topics: tuple[str, ...]
    entry_points: tuple[str, ...]
    hints: tuple[str, ...]
    points: int
    time_limit: float
    summary: str = ""  # the README table's line: what the kata practises (markdown)

    @property
    def id(self) -> str:
        return f"{self.number:02d}"

    @property
    def folder(self) -> str:
        return f"{self.id}_{self.name}"

    @property
    def spec_file(self) -> str:
        """The spec, relative to checker/specs/: its home folder, then test_NN_name.py."""
        return f"{self.name}/test_{self.folder}.py"

    def owns_spec(self, filename: str) -> bool:
        """Is `filename` one of this kata's spec files: test_NN_name.py or test_NN_name_*.py?"""
        stem = filename.removesuffix(".py")
        return filename.endswith(".py") and (stem == f"test_{self.folder}" or stem.startswith(f"test_{self.folder}_"))

    @property
    def stub_file(self) -> Path:
        """The learner's file, relative to the workspace: katas/NN_name/name.py."""
        return Path("katas") / self.folder / f"{self.name}.py"

    @property
    def readme_file(self) -> Path:
        """The kata's instructions, relative to the workspace: katas/NN_name/README.md."""
        return Path("katas") / self.folder / "README.md"

    def stub_path(self, workspace: Path) -> Path:
        return workspace / self.stub_file

    def readme_path(self, workspace: Path) -> Path:
        return workspace / self.readme_file

    def reference_path(self, workspace: Path) -> Path:
        return workspace / "reference" / f"{self.name}.py"

    def solution_path(self, workspace: Path, reference: bool = False) -> Path:
        return self.reference_path(workspace) if reference else self.stub_path(workspace)


@dataclass(frozen=True)
class Catalogue:
    """The ordered list of katas in one workspace."""

    path: Path
    katas: tuple[Kata, ...]

    def __iter__(self):
        return iter(self.katas)

    def __len__(self) -> int:
        return len(self.katas)

    def resolve(self, given: str) -> Kata:
        """Find a kata by number (`04`, `4`), name, or folder name (`04_compute_gradient`)."""
        text = given.strip().lower()
        for kata in self.katas:
            if text in (kata.name, kata.folder) or (text.isdigit() and int(text) == kata.number):
                return kata
        raise KataUsageError(UNKNOWN_KATA.format(given=given, suggestion=self._suggest(text)))

    def select(self, ids: tuple[str, ...] | list[str]) -> list[Kata]:
        """Resolve ids and ranges (`01-05`) into katas in catalogue order, without repeats."""
        chosen: set[int] = set()
        for given in ids:
            low, dash, high = given.partition("-")
            if dash and low.strip().isdigit() and high.strip().isdigit():
                first, last = self.resolve(low), self.resolve(high)
                if first.number > last.number:
                    raise KataUsageError(f"The range {given!r} runs backwards: write it as {high}-{low}.")
                chosen.update(k.number for k in self.katas if first.number <= k.number <= last.number)
            else:
                chosen.add(self.resolve(given).number)
        return [kata for kata in self.katas if kata.number in chosen]

    def _suggest(self, text: str) -> str:
        names = [k.name for k in self.katas] + [k.folder for k in self.katas]
        import difflib  # only for a kata id that matched nothing

        close = difflib.get_close_matches(text, names, n=1, cutoff=0.5)
        if not close:
            return ""
        kata = next(k for k in self.katas if close[0] in (k.name, k.folder))
        return f" Did you mean {kata.id} ({kata.name})?"


# libyaml's loader where PyYAML was built with it: ten times faster, and `kata list` must be instant.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_catalogue(workspace: Path) -> Catalogue:
    """Read and validate the catalogue; every problem names the kata and what to fix."""
    path = workspace / CATALOGUE_RELPATH
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except OSError as error:
        raise KataUsageError(f"Cannot read {path}: {error.strerror}.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise KataUsageError(f"{path} is not valid YAML{where}: {problem}.") from None
    if not isinstance(raw, dict):
        raise KataUsageError(f"{path} must be a mapping with format_version and katas.")
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise KataUsageError(f"{path} needs a positive integer format_version (this checker reads {FORMAT_VERSION}).")
    if version > FORMAT_VERSION:
        raise KataUsageError(FORMAT_TOO_NEW.format(path=path, found=version, supported=FORMAT_VERSION))
    unknown_top = set(raw) - {"format_version", "katas"}
    if unknown_top:
        raise KataUsageError(f"{path}: unknown top-level key(s) {sorted(unknown_top)}.")
    entries = raw.get("katas")
    if not isinstance(entries, list) or not entries:
        raise KataUsageError(f"{path} needs a non-empty list under `katas`.")
    katas = tuple(_parse_kata(path, index, entry) for index, entry in enumerate(entries, start=1))
    _check_unique(path, katas)
    return Catalogue(path=path, katas=katas)


def _parse_kata(path: Path, index: int, entry: object) -> Kata:
    label = f"{path}, kata #{index}"
    if not isinstance(entry, dict):
        raise KataUsageError(f"{label}: each kata must be a mapping of keys to values.")
    if isinstance(entry.get("name"), str):
        label = f"{path}, kata {entry['name']!r}"
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL) - _RETIRED
    if unknown:
        raise KataUsageError(f"{label}: unknown key(s) {sorted(unknown)}.")
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise KataUsageError(f"{label}: missing key(s) {missing}.")
    for key, expected in {**_REQUIRED, **_OPTIONAL}.items():
        if key in entry and (not isinstance(entry[key], expected) or isinstance(entry[key], bool)):
            raise KataUsageError(f"{label}: `{key}` has the wrong type ({type(entry[key]).__name__}).")
    if not _NAME_PATTERN.match(entry["name"]):
        raise KataUsageError(f"{label}: `name` must be a lowercase Python identifier.")
    for key in ("topics", "entry_points", "hints"):
        if not all(isinstance(item, str) and item for item in entry.get(key, [])):
            raise KataUsageError(f"{label}: every item of `{key}` must be non-empty text.")
    if len(entry["hints"]) < 2:
        raise KataUsageError(f"{label}: give at least two levels of `hints`.")
    if entry["points"] <= 0 or entry["time_limit"] <= 0 or entry["number"] <= 0:
        raise KataUsageError(f"{label}: `number`, `points` and `time_limit` must be positive.")
    return Kata(
        number=entry["number"],
        name=entry["name"],
        title=entry["title"],
        topics=tuple(entry["topics"]),
        entry_points=tuple(entry["entry_points"]),
        hints=tuple(entry["hints"]),
        points=entry["points"],
        time_limit=float(entry["time_limit"]),
        summary=entry.get("summary", ""),
    )


def _check_unique(path: Path, katas: tuple[Kata, ...]) -> None:
    numbers = [k.number for k in katas]
    names = [k.name for k in katas]
    if numbers != sorted(set(numbers)):
        raise KataUsageError(f"{path}: kata numbers must be unique and in increasing order.")
    if len(set(names)) != len(names):
        raise KataUsageError(f"{path}: kata names must be unique.")
