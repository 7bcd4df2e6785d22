"""`kata export-autograder`: what a teacher uploads to Classroom 50 or to Gradescope.

Both install CPU torch and the checker pinned to the teacher's repository and ref, then
run `kata grade` on the submission; neither carries specs or solutions (the pinned
checker brings its own). Each honours its platform's contract:

* Classroom 50 runs `CLASSROOM/autograders/ASSIGNMENT/autograder.py` in the student's
  checkout and reads `./result.json`; exit 0 means grading ran (the score is in the
  file), anything else is an infrastructure error.
* Gradescope unpacks a zip with `setup.sh` and `run_autograder` at its root, runs
  `setup.sh` once per image, then `run_autograder`, which grades
  `/autograder/submission` and writes `/autograder/results/results.json`.

Two switches let the project's tests run both offline: `KATA_AUTOGRADER_SKIP_INSTALL=1`
(use the `kata` already on PATH) and `KATA_GRADESCOPE_ROOT=DIR` (instead of /autograder).
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

from checker.core.errors import KataUsageError
from checker.core.versions import TORCH_VERSION
from checker.exports.dependencies import CPU_INDEX, checker_requirement
from checker.exports.template import check_pin

__all__ = ["export_classroom50", "export_gradescope"]

NOT_EMPTY = "{target} already holds {name}: export into a new or empty folder."
NOT_A_ZIP = "{target} must be a file name ending in .zip."
NO_FOLDER = "The folder {folder} for {target} does not exist."

CLASSROOM50_AUTOGRADER = '''\
"""Classroom 50 autograder for torch-katas, written by `kata export-autograder classroom50`.

Runs in the student's checkout: installs CPU torch and the pinned checker, grades the
katas with `kata grade`, which writes ./result.json (schema classroom50/result/v1) and
its reports to kata-grade/. Exit 0 when grading ran, whatever the score; non-zero only
when the installation or the grader itself failed. Set KATA_AUTOGRADER_SKIP_INSTALL=1
to use the `kata` already on PATH instead of installing.
"""

import os
import subprocess
import sys
from pathlib import Path

TORCH = "torch=={torch}"
CHECKER = "{checker}"
CPU_INDEX = "{cpu_index}"


def main() -> int:
    if os.environ.get("KATA_AUTOGRADER_SKIP_INSTALL") == "1":
        kata = ["kata"]
    else:
        pip = [sys.executable, "-m", "pip", "install", "--quiet"]
        # The CPU index: a small CPU build of torch, never the multi-GB CUDA one.
        for packages in ([TORCH, "--index-url", CPU_INDEX], [CHECKER]):  # the checker brings its dependencies
            if subprocess.run(pip + packages).returncode != 0:
                print("::error::Installing " + packages[0] + " failed.", file=sys.stderr)
                return 1
        kata = [sys.executable, "-m", "checker"]
    result = Path("result.json")
    result.unlink(missing_ok=True)  # never report a stale score
    done = subprocess.run(kata + ["grade", "--workspace", ".", "--output-dir", "kata-grade",
                                  "--classroom50", str(result)])
    if done.returncode != 0 or not result.is_file():
        print(f"::error::kata grade could not finish (exit {{done.returncode}}): see the log above.", file=sys.stderr)
        return done.returncode or 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''

CLASSROOM50_README = """\
# torch-katas autograder for Classroom 50

Put `autograder.py` in `CLASSROOM/autograders/ASSIGNMENT/` of your `classroom50`
repository. Each submission is then graded in the student's checkout: CPU torch
{torch} and the checker from {repository}@{ref} are installed, `kata grade` grades every
kata with the checker's own specs, and `result.json` records one test per kata (its
points as `max-score`, whole points as `score`; the README of torch-katas says how
fractions are rounded). The reports land in `kata-grade/` (add
`"release_assets": ["kata-grade/summary.md"]` to attach the summary to each release).

A `runtime` block that suits it: `{{"runs-on": "ubuntu-latest", "python": "3.12"}}`.
Grading takes one to two minutes, most of it installing torch.
"""

GRADESCOPE_SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image (written by
# `kata export-autograder gradescope`): CPU torch {torch} and the pinned checker, in a
# virtual environment of their own.
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip git
python3 -m venv /autograder/kata-venv
/autograder/kata-venv/bin/pip install --upgrade pip
/autograder/kata-venv/bin/pip install "torch=={torch}" --index-url {cpu_index}
/autograder/kata-venv/bin/pip install "{checker}"
"""

GRADESCOPE_RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission (written by `kata export-autograder gradescope`).
# It grades the submitted repository with `kata grade` and writes results/results.json.
# KATA_GRADESCOPE_ROOT replaces /autograder (for testing it offline).
set -uo pipefail
ROOT="${KATA_GRADESCOPE_ROOT:-/autograder}"
KATA=/autograder/kata-venv/bin/kata
[ -x "$KATA" ] || KATA=kata
PYTHON=/autograder/kata-venv/bin/python
[ -x "$PYTHON" ] || PYTHON=python3
SUBMISSION="$ROOT/submission"
# A repository uploaded as GitHub's "Download ZIP" sits one folder down.
if [ ! -d "$SUBMISSION/katas" ]; then
  for folder in "$SUBMISSION"/*/; do
    if [ -d "${folder}katas" ]; then SUBMISSION="${folder%/}"; break; fi
  done
fi
mkdir -p "$ROOT/results"
"$KATA" grade --workspace "$SUBMISSION" --output-dir "$ROOT/results/kata-grade" > "$ROOT/results/grade.log" 2>&1
status=$?
cat "$ROOT/results/grade.log"
if [ -f "$ROOT/results/kata-grade/gradescope-results.json" ] && [ "$status" -eq 0 ]; then
  cp "$ROOT/results/kata-grade/gradescope-results.json" "$ROOT/results/results.json"
else
  # Grading could not run (no katas/ folder, a broken install): say so to the student, score 0.
  "$PYTHON" - "$ROOT/results" "$status" <<'EOF'
import json, pathlib, sys
folder, status = pathlib.Path(sys.argv[1]), sys.argv[2]
log = (folder / "grade.log").read_text(errors="replace")[-3000:]
output = ("Your submission could not be graded (kata grade exited " + status + "). Submit your whole "
          "torch-katas repository (the folder with katas/ in it).\\n\\n" + log)
(folder / "results.json").write_text(json.dumps({"score": 0, "output": output}, indent=2))
EOF
fi
exit 0
"""


def export_classroom50(target: Path, repository: str, ref: str) -> list[Path]:
    """Write autograder.py and README.md into `target` (new or without those files)."""
    check_pin(repository, ref)
    files = {
        "autograder.py": CLASSROOM50_AUTOGRADER.format(
            torch=TORCH_VERSION, checker=checker_requirement(repository, ref), cpu_index=CPU_INDEX
        ),
        "README.md": CLASSROOM50_README.format(torch=TORCH_VERSION, repository=repository, ref=ref),
    }
    for name in files:
        if (target / name).exists():
            raise KataUsageError(NOT_EMPTY.format(target=target, name=name))
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
        written.append(target / name)
    return written


def export_gradescope(target: Path, repository: str, ref: str) -> Path:
    """Write Gradescope's autograder zip (setup.sh and an executable run_autograder at its root)."""
    check_pin(repository, ref)
    if target.suffix != ".zip":
        raise KataUsageError(NOT_A_ZIP.format(target=target))
    if not target.resolve().parent.is_dir():
        raise KataUsageError(NO_FOLDER.format(folder=target.resolve().parent, target=target))
    values = {"torch": TORCH_VERSION, "checker": checker_requirement(repository, ref), "cpu_index": CPU_INDEX}
    members = {"setup.sh": GRADESCOPE_SETUP.format(**values), "run_autograder": GRADESCOPE_RUN}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            # Unix mode bits in the high half: both scripts are executable once unpacked.
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    target.write_bytes(buffer.getvalue())
    return target
