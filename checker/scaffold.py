"""`kata new NAME`: the files of a new kata, numbered after the last one, for a maintainer to fill in.

It works in a source checkout of torch-katas (the folder with katas/, reference/ and
checker/specs/), never in a learner's workspace, which has no specs or references. It
writes the stub, the kata's README, the reference and a spec skeleton, appends the entry
to katas/catalogue.yaml (as text, so its comments stay) and a row to the README's kata
table. Every file says TODO where the kata's own content goes; CONTRIBUTING.md has the
rest of the recipe (mistakes, mutants).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path

from checker.catalogue import load_catalogue
from checker.errors import KataUsageError
from checker.workspace import CATALOGUE_RELPATH

__all__ = ["NewKata", "new_kata"]

NOT_A_CHECKOUT = (
    "{root} is not a source checkout of torch-katas (it needs katas/, reference/ and checker/specs/): "
    "`kata new` is for maintainers; run it inside a clone of the torch-katas repository."
)
BAD_NAME = "{name!r} cannot name a kata: use a lowercase Python identifier such as softmax_rows."
TAKEN = "There is already a kata named {name!r} (kata {id}); pick another name."
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")  # as the catalogue requires: it names a folder, a module and a function
_TABLE_ROW = re.compile(r"^\| (\d{2}) \| `\w+` \|.*\|$")

CATALOGUE_ENTRY = """\
  - number: {number}
    name: {name}
    title: {title}
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
        root / "checker" / "specs" / f"test_{folder}.py": SPEC,
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
    written = [*files, catalogue_path]
    if _add_table_row(root / "README.md", f"| {id_} | `{name}` | TODO |"):
        written.append(root / "README.md")
    return NewKata(number, name, tuple(written))


def _add_table_row(readme: Path, row: str) -> bool:
    """Put `row` after the last row of the README's kata table; False when there is no table."""
    if not readme.is_file():
        return False
    lines = readme.read_text(encoding="utf-8").split("\n")
    last = max((index for index, line in enumerate(lines) if _TABLE_ROW.match(line)), default=None)
    if last is None:
        return False
    lines.insert(last + 1, row)
    readme.write_text("\n".join(lines), encoding="utf-8")
    return True
