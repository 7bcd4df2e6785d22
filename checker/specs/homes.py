"""Each kata's spec home, `checker/specs/<name>/`, and what the checker reads from it.

A home holds the kata's spec (`test_NN_name.py`), and, when it needs them:

* `mistakes.py`: the mistakes only this kata names, built with `checker.core.mistakes.mistake`;
* `drivers.py`: trusted code the worker runs around the learner's code (a `DRIVERS` dict,
  reached from a spec as `kata.exercise("name.driver", ...)`);
* `mutants.yaml`: each named mistake as a small edit of the reference, and valid variants.
  An entry takes `reference/<name>.py`, replaces the text `replace` (which must occur
  exactly once) with `with`, and says what the checker must then say:
    mistake: CODE  -> the kata fails and at least one case names that mistake
    passes: true   -> an equally valid variant (often the tutorials' own style) passes
    note: CODE     -> (with passes: true) right but fragile: it passes, and a case carries that note
                      (a note's code, or a mistake's that this machine cannot show: NOTED_MISTAKES)
  A mutant that needs several edits lists them under `edits:` as {replace, with} pairs.
  Each `mistake:` mutant also teaches the checker that mistake: a case the learner fails
  without a name is run again on the mutants, and one that fails alike names it
  (runner/judge/suspects.py), whatever the mistake's spelling in the learner's file.

Nothing outside the homes names a kata: the checker finds a home from the kata's name.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from checker.core.catalogue import Kata
from checker.core.mistakes import MISTAKES, Mistake

__all__ = [
    "REFERENCE_DIR",
    "SPECS_DIR",
    "all_mutants",
    "drivers_of",
    "home_of",
    "mistakes_of",
    "mutant_source",
    "mutants_of",
]

SPECS_DIR = Path(__file__).resolve().parent
# The references the installed checker's mutants were written against: beside the package in
# a checkout (an editable install). A wheel carries none: students install it.
REFERENCE_DIR = SPECS_DIR.parents[1] / "reference"


def home_of(kata: Kata, specs_dir: Path = SPECS_DIR) -> Path:
    return specs_dir / kata.name


def mutants_of(kata: Kata, specs_dir: Path = SPECS_DIR) -> list[dict]:
    """The kata's mutants (an empty list when its home has none)."""
    import yaml  # here, not at the top: the worker imports this module for drivers_of alone

    path = home_of(kata, specs_dir) / "mutants.yaml"
    if not path.is_file():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def all_mutants(katas) -> list[dict]:
    """Every kata's mutants, in catalogue order, each tagged with its kata's name (`"kata"`)."""
    return [{"kata": kata.name, **mutant} for kata in katas for mutant in mutants_of(kata)]


def mutant_source(reference: str, mutant: dict) -> str:
    """The reference's text with the mutant's edits made; ValueError if an edit's text is not there exactly once."""
    source = reference
    for edit in mutant.get("edits") or [mutant]:
        found = source.count(edit["replace"])
        if found != 1:
            raise ValueError(f"{edit['replace']!r} occurs {found} times in the reference, not once")
        source = source.replace(edit["replace"], edit["with"])
    return source


def _own_module(name: str, part: str) -> ModuleType | None:
    if not name.isidentifier():
        raise ValueError(f"{name!r} is not a kata name")
    try:
        return importlib.import_module(f"checker.specs.{name}.{part}")
    except ModuleNotFoundError as error:
        if error.name != f"checker.specs.{name}.{part}" and error.name != f"checker.specs.{name}":
            raise  # the module exists but imports something missing: a real error
        return None


def mistakes_of(kata: Kata) -> dict[str, Mistake]:
    """Every mistake the kata's spec can name, by code: the shared ones and its own."""
    module = _own_module(kata.name, "mistakes")
    own = {value.code: value for value in vars(module).values() if isinstance(value, Mistake)} if module else {}
    clash = sorted(set(own) & set(MISTAKES))
    if clash:
        raise ValueError(f"kata {kata.name}'s own mistakes reuse shared codes {clash}: pick new codes")
    return {**MISTAKES, **own}


def drivers_of(name: str) -> dict:
    """The `DRIVERS` of the home called `name` (the worker's lookup for "name.driver")."""
    module = _own_module(name, "drivers")
    return dict(getattr(module, "DRIVERS", {})) if module else {}
