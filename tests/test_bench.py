"""The benchmark still runs: its in-process baseline serves every spec, and `--smoke` gives every row.

No figure is judged here (timings on a shared machine mean nothing); only that each
command ran and its row, with a ratio where it has a baseline, came out.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.specs.homes import SPECS_DIR

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def _load_inprocess():
    spec = importlib.util.spec_from_file_location("bench_inprocess", BENCH / "inprocess.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_in_process_session_has_everything_the_specs_use():
    session_class = _load_inprocess().InProcessSession
    used = {
        name
        for path in SPECS_DIR.glob("*/test_*.py")
        for name in re.findall(r"\bkata\.(\w+)", path.read_text(encoding="utf-8"))
    }

    assert {"call", "train", "chart_fit"} <= used, "the pattern still finds the specs' session calls"
    missing = sorted(name for name in used if not hasattr(session_class, name))
    assert missing == [], f"bench/inprocess.py's session lacks {missing}: the --all baseline would fail"


@pytest.mark.slow
def test_smoke_run_gives_every_row(tmp_path):
    output = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--smoke", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    text = output.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| what ")]
    what = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    assert what[-3:] == [
        "similarity check, 30 made-up students",
        "similarity check, 60 made-up students",
        "similarity check: time, 60 against 30 students",
    ], what
    what, rows = what[:-3], rows[:-3]
    assert what[:-3] == [
        "`kata list`",
        "`kata next`",
        "`kata --help`",
        "`kata list`, against its imports",
        "`kata check 04`, cold (solved)",
        "`kata check 11 --reference`",
        "`kata check 11 --reference`, portable path",
        "`kata check 04`, cold, portable path",
        "`kata watch`: save → verdict, 01",
    ], what
    assert what[-3].startswith("peak memory of one process (largest: "), what
    assert re.fullmatch(r"`kata grade-class`, 3 submissions \(--jobs \d+\)", what[-2]), what
    assert what[-1] == "`kata grade-class`: cost per extra student", what
    assert all(row.endswith("| ran |") for row in rows), rows
    ratios = [row for row in rows if re.search(r"\| \d+\.\d\d × \|", row)]
    assert len(ratios) == 7, (
        "kata list against its imports, the cold check, the check of a kata, the two portable rows, the peak memory "
        "and the class each have a ratio"
    )
    assert "Note:" not in text, "every command ran cleanly"
