"""`kata export-template`: a ready student repository, made from the installed checker's course.

It holds the catalogue, each kata's README and starting stub, the classroom workflow
(with the checker it installs pinned to the instructor's repository and ref), a
README for students and a .gitignore; never reference solutions, progress files,
specs or the project's own tests and CI.
"""

from __future__ import annotations

import re
from pathlib import Path

from checker.core.catalogue import Catalogue, load_catalogue
from checker.core.errors import KataUsageError
from checker.core.packaged import CLASSROOM_WORKFLOW, packaged_course_root
from checker.core.versions import TORCH_VERSION
from checker.core.workspace import CATALOGUE_RELPATH
from checker.exports.dependencies import checker_requirement

__all__ = ["DEFAULT_REPOSITORY", "TORCH_VERSION", "check_pin", "export_template", "pin_workflow"]

DEFAULT_REPOSITORY = "OWNER/torch-katas"

NOT_EMPTY = "{target} is not empty: export the template into a new or empty folder."
NOT_A_STUB = (
    "{path} in the installed course is not a starting stub (it has no `raise NotImplementedError`): "
    "export from a clean install or checkout, so no student gets a solution."
)
BAD_REPOSITORY = "--checker-repository must look like OWNER/NAME, not {value!r}."
BAD_REF = "--checker-ref must be a tag, branch or commit without spaces, not {value!r}."
NO_PIN = "The classroom workflow has no `{key}:` line to pin; it is not the one this checker ships."

_PIN_KEYS = ("KATA_CHECKER_REPOSITORY", "KATA_CHECKER_REF")
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_REF = re.compile(r"^[A-Za-z0-9_./+-]+$")

# A student on Windows clones with core.autocrlf: without this, the kata files arrive with CRLF
# endings and the graded catalogue differs from the checker's (grading then warns).
GITATTRIBUTES = """\
*.py    text eol=lf
*.md    text eol=lf
*.yaml  text eol=lf
*.yml   text eol=lf
"""
GITIGNORE = """\
__pycache__/
.venv/
.kata-progress.json
.kata-progress.json.lock
.kata-progress.*.bad
.kata-backups/
kata-grade/
"""

STUDENT_README = """\
# PyTorch katas

Small PyTorch exercises, one function at a time. Each folder under `katas/` holds a
README with the task and the one file you edit. The `kata` command checks your answers
and tells you, in plain words, what is right, what is wrong and why.

## Set up

You need Python 3.10 or newer. In a fresh virtual environment, from the top of this
repository:

```bash
pip install torch=={torch}
pip install "{checker}"
kata next
```

## Work through the katas

* `kata next` says which kata to do and where its files are.
* Edit `katas/NN_name/name.py`: replace the `raise NotImplementedError` line with your code.
* `kata check NN` checks it (`kata check --all` checks everything); `kata hint NN` gives a hint.
* `kata watch` checks again every time you save; `kata` alone shows your progress.

Besides the examples in each README, every check draws hidden cases at random, so an
answer copied from the examples does not pass.

## How you are graded

Every push runs the "Grade katas" workflow (`.github/workflows/classroom.yml`),
which runs `kata grade` on your solutions and shows the score in the run's summary.
You can run the same grading yourself: `kata grade` writes its reports to `kata-grade/`.

* Only the files `katas/NN_name/name.py` are graded. Keep their names and the names and
  signatures of the functions in them; other files are ignored.
* A kata is worth the points below. You get part of them for part of the cases: the
  points times the share of its cases your code passes. Cases that need a GPU are skipped
  on machines without one and do not count.
* Your code runs in a separate process with a time limit; printing, exiting early or
  changing files does not change a verdict. Your instructor grades your last commit
  again with their own copy of the checker.

| # | kata | points |
|---|---|---|
{table}

Total: {total} points.
"""


def check_pin(repository: str, ref: str) -> None:
    """KataUsageError unless `repository` is OWNER/NAME and `ref` a plain tag, branch or commit."""
    if not _REPOSITORY.match(repository):
        raise KataUsageError(BAD_REPOSITORY.format(value=repository))
    if not _REF.match(ref):
        raise KataUsageError(BAD_REF.format(value=ref))


def export_template(target: Path, repository: str = DEFAULT_REPOSITORY, ref: str = "") -> list[Path]:
    """Write the student repository into `target` (new or empty); return the files written."""
    check_pin(repository, ref)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise KataUsageError(NOT_EMPTY.format(target=target))
    root = packaged_course_root()
    catalogue = load_catalogue(root)
    files = {CATALOGUE_RELPATH: (root / CATALOGUE_RELPATH).read_text(encoding="utf-8")}
    for kata in catalogue:
        stub = kata.stub_path(root).read_text(encoding="utf-8")
        if "raise NotImplementedError" not in stub:
            raise KataUsageError(NOT_A_STUB.format(path=kata.stub_path(root).relative_to(root)))
        files[kata.stub_path(root).relative_to(root)] = stub
        files[kata.readme_path(root).relative_to(root)] = kata.readme_path(root).read_text(encoding="utf-8")
    workflow = (root / CLASSROOM_WORKFLOW).read_text(encoding="utf-8")
    files[CLASSROOM_WORKFLOW] = pin_workflow(workflow, repository, ref)
    files[Path("README.md")] = student_readme(catalogue, repository, ref)
    files[Path(".gitignore")] = GITIGNORE
    files[Path(".gitattributes")] = GITATTRIBUTES
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def pin_workflow(workflow: str, repository: str, ref: str) -> str:
    """The workflow with its KATA_CHECKER_REPOSITORY and KATA_CHECKER_REF set."""
    for key, value in zip(_PIN_KEYS, (repository, ref)):
        workflow, count = re.subn(
            rf"^(\s*{key}:[ \t]*).*$", lambda m, value=value: f"{m.group(1)}{value}", workflow, count=1, flags=re.M
        )
        if count != 1:
            raise KataUsageError(NO_PIN.format(key=key))
    return workflow


def student_readme(catalogue: Catalogue, repository: str, ref: str) -> str:
    table = "\n".join(f"| {kata.id} | {kata.name}: {kata.title} | {kata.points} |" for kata in catalogue)
    total = sum(kata.points for kata in catalogue)
    checker = checker_requirement(repository, ref)
    return STUDENT_README.format(torch=TORCH_VERSION, checker=checker, table=table, total=total)
