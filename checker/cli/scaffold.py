"""`kata new NAME`: the files of a new kata, numbered after the last one, for a maintainer to fill in.

It works in a source checkout of torch-katas (the folder with katas/, reference/ and
checker/specs/), never in a learner's workspace, which has no specs or references. A kata
is five things, and it writes each: the stub, the kata's README, the reference, its spec
home (checker/specs/NAME/: a spec skeleton, its own mistakes and its mutants) and its
entry in katas/catalogue.yaml (appended as text, so the comments stay). The README's kata
table is generated from the catalogue (`write_table`), so the new kata appears there too.
Every file says TODO where the kata's own content goes; CONTRIBUTING.md has the recipe.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path

from checker.core.catalogue import load_catalogue
from checker.core.errors import KataUsageError
from checker.core.workspace import CATALOGUE_RELPATH

__all__ = ["NewKata", "kata_table", "new_kata", "write_table"]

NOT_A_CHECKOUT = (
    "{root} is not a source checkout of torch-katas (it needs katas/, reference/ and checker/specs/): "
    "`kata new` is for maintainers; run it inside a clone of the torch-katas repository."
)
BAD_NAME = "{name!r} cannot name a kata: use a lowercase Python identifier such as softmax_rows."
TAKEN = "There is already a kata named {name!r} (kata {id}); pick another name."
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # as the catalogue requires: it names a folder, a module and a function
# The README's kata table sits between these two lines; `write_table` rewrites what is between.
TABLE_START = "<!-- The kata table: generated from katas/catalogue.yaml by `kata new --table`; edit the catalogue. -->"
TABLE_END = "<!-- end of the kata table -->"
NO_TABLE = "{readme} has no kata table to rewrite: put the two marker lines\n  {start}\n  {end}\nwhere it goes."

CATALOGUE_ENTRY = """\
  - number: {number}
    name: {name}
    title: {title}
    summary: "TODO: what the kata practises, for the README's table"
    topics: [TODO]
    entry_points: [{name}]
    points: 10
    time_limit: 10
    hints:
      - "TODO: a first nudge that names the idea, not the code."
      - "TODO: the whole recipe, step by step."
"""

STUB = '''\
"""Kata {id}: TODO say the task in one line."""

import torch


def {name}(values: list[float]) -> list[float]:
    """TODO: what the function computes.

    Args:
        values: TODO the argument, its type and shape.

    Returns:
        TODO what comes back, as Python floats.

    Examples:
        >>> {name}([1.0, 2.0])
        TODO
    """
    # TODO: a one-line nudge toward the answer.
    raise NotImplementedError("Kata {id}: replace this line with your code (see katas/{folder}/README.md)")
'''

REFERENCE = '''\
"""Kata {id}: TODO say the task in one line."""

import torch


def {name}(values: list[float]) -> list[float]:
    """TODO: the stub's docstring, word for word."""
    # TODO: the answer, with comments that say why each line is there.
    raise NotImplementedError("Kata {id}: the reference is not written yet")
'''

SPEC = '''\
"""Kata {id} {name}: TODO what the cases check, in one line."""

import pytest
import torch

from checker.specs.api import expect_floats, random_floats


def _trusted(values: list[float]) -> list[float]:
    """TODO: the right answer, computed here in the judge with plain torch."""
    return torch.tensor(values).tolist()


def test_readme_example(kata):
    values = [1.0, 2.0]
    expect_floats(kata.call("{name}", values), _trusted(values))


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    values = random_floats(rng, rng.randint(1, 6))
    expect_floats(kata.call("{name}", values), _trusted(values))
'''

HOME_INIT = '''"""Kata {id} {name}: its spec, its own mistakes and its mutants."""
'''

MISTAKES = '''"""Kata {id} {name}: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

# TODO: one per beginner mistake this kata is about, in the learner's words; the spec cites it
# as `own.NAME` (a suspect answer, a `mistake=`, or `known_errors(own.NAME)` for its error phrases).
EXAMPLE_MISTAKE = mistake(
    "{name}_example_mistake",
    "TODO: what went wrong, as the learner would see it.",
    "TODO: the fix, with the code to write.",
)
'''

MUTANTS = """\
# Kata {id} {name}: each mistake as a small edit of reference/{name}.py, and valid variants.
# The format is in checker/specs/homes.py; tests/test_content.py runs them all through the checker.
# TODO: one entry per mistake in mistakes.py, and at least one valid variant, e.g.
# - mistake: {name}_example_mistake
#   replace: "the reference's line"
#   with: "the mistaken line"
# - passes: true
#   replace: "the reference's line"
#   with: "another correct way to write it"
[]
"""

README = """\
# Kata {id}: {title}

TODO: why this matters, in two or three sentences a beginner can follow.

## What you will learn

- TODO

## The task

Edit `katas/{folder}/{name}.py`:

```python
def {name}(values: list[float]) -> list[float]: ...
```

TODO: the arguments, what to return, and the rules the checker enforces.

## Examples

```python
{name}([1.0, 2.0])
```

## Check it

```bash
kata check {id}
```
"""


@dataclass(frozen=True)
class NewKata:
    """What `new_kata` made: the kata's number and the files it wrote or changed."""

    number: int
    name: str
    written: tuple[Path, ...]


def new_kata(root: Path, name: str) -> NewKata:
    """Scaffold kata `name` in the source checkout at `root`, numbered after the last kata."""
    if not all((root / part).is_dir() for part in ("katas", "reference", "checker/specs")):
        raise KataUsageError(NOT_A_CHECKOUT.format(root=root))
    if not _NAME.match(name) or keyword.iskeyword(name):
        raise KataUsageError(BAD_NAME.format(name=name))
    catalogue = load_catalogue(root)
    existing = next((kata for kata in catalogue if kata.name == name), None)
    if existing is not None:
        raise KataUsageError(TAKEN.format(name=name, id=existing.id))
    number = max(kata.number for kata in catalogue) + 1
    id_, folder, title = f"{number:02d}", f"{number:02d}_{name}", name.replace("_", " ").capitalize()
    fields = {"id": id_, "name": name, "folder": folder, "title": title, "number": number}
    files = {
        root / "katas" / folder / f"{name}.py": STUB,
        root / "katas" / folder / "README.md": README,
        root / "reference" / f"{name}.py": REFERENCE,
        root / "checker" / "specs" / name / "__init__.py": HOME_INIT,
        root / "checker" / "specs" / name / f"test_{folder}.py": SPEC,
        root / "checker" / "specs" / name / "mistakes.py": MISTAKES,
        root / "checker" / "specs" / name / "mutants.yaml": MUTANTS,
    }
    clash = next((path for path in files if path.exists()), None)
    if clash is not None:
        raise KataUsageError(f"{clash} already exists; move it away or pick another name.")
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**fields), encoding="utf-8")
    catalogue_path = root / CATALOGUE_RELPATH
    text = catalogue_path.read_text(encoding="utf-8")
    catalogue_path.write_text(text.rstrip("\n") + "\n" + CATALOGUE_ENTRY.format(**fields), encoding="utf-8")
    home = root / "checker" / "specs" / name
    written = [*(path for path in files if path.parent != home), home, catalogue_path]
    readme = root / "README.md"
    if readme.is_file() and TABLE_START in readme.read_text(encoding="utf-8"):
        write_table(readme, load_catalogue(root))
        written.append(readme)
    return NewKata(number, name, tuple(written))


def kata_table(catalogue) -> str:
    """The README's kata table, one row per kata in the catalogue's order."""
    rows = [f"| {kata.id} | `{kata.name}` | {kata.summary or kata.title} |" for kata in catalogue]
    return "\n".join(["| # | name | what you practise |", "|---|---|---|", *rows])


def write_table(readme: Path, catalogue) -> bool:
    """Rewrite the table between the README's markers; True when that changed the file."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise KataUsageError(NO_TABLE.format(readme=readme, start=TABLE_START, end=TABLE_END))
    head = text[: start + len(TABLE_START)]
    updated = f"{head}\n{kata_table(catalogue)}\n{text[end:]}"
    if updated == text:
        return False
    readme.write_text(updated, encoding="utf-8")
    return True
