"""`kata grade-class` finds similar work: similarity.csv and the class report's section, the same after merging shards.

A small class graded for real (katas 04 and 09, one seed): two honest students who typed the
reference, one with her own correct spelling, a planted copy (the same unusual wrong code,
names renamed and comments added) and a pair whose different code gives the same unusual
wrong answers. Also: the tutorials' prints that ship with the checker are what the maintainer
command makes from the tutorial pages, and a class run reads them.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from grade_support import ROOT, reference, student_tree

from checker.cli import main
from checker.grading.fingerprints import (
    REFERENCE_PRINTS_HEADER,
    REFERENCE_PRINTS_NAME,
    TUTORIAL_PRINTS,
    all_kgram_hashes,
    prints_text,
    python_blocks,
    read_prints,
    tutorial_prints_text,
)
from checker.grading.similarity import StudentWork, compare_class
from checker.grading.similarity_inputs import GRADED, common_prints
from checker.grading.submissions import in_shard

SEEDS = ROOT.parent / "shared" / "seeds"

# Cara's unusual, wrong kata 04 (the derivative of x**3 + x): her own way, not the reference's.
CARA_04 = '''"""Kata 04."""

import torch


def compute_gradient(values: list) -> list:
    pts = torch.as_tensor(values, dtype=torch.float32).clone().requires_grad_(True)
    cubic = pts.pow(3)
    poly = cubic + pts
    poly.sum().backward()
    slopes = pts.grad
    return [float(s) for s in slopes]
'''
# Dora's copy of it: other names, comments and a docstring of her own.
DORA_04 = '''"""My kata 04 answer."""

import torch


def compute_gradient(values: list) -> list:
    """Gradient with autograd."""
    # turn the numbers into a tensor that tracks gradients
    inputs = torch.as_tensor(values, dtype=torch.float32).clone().requires_grad_(True)
    third_power = inputs.pow(3)  # x cubed
    function = third_power + inputs
    function.sum().backward()  # autograd does the rest
    gradient = inputs.grad
    return [float(g) for g in gradient]
'''
CARA_09 = '''"""Kata 09."""

import torch


def fit_line(X, y, lr=0.1, epochs=100):
    slope = torch.zeros((), requires_grad=True)
    icpt = torch.zeros((), requires_grad=True)
    history = []
    for epoch in range(epochs):
        err = slope * X + icpt - y
        mse = err.pow(2).mean()
        history.append(float(mse))
        mse.backward()
        with torch.no_grad():
            slope.sub_(lr * slope.grad)
            icpt.sub_(lr * icpt.grad)
            slope.grad.zero_()
            icpt.grad.zero_()
    return float(slope), float(icpt), history
'''
DORA_09 = '''"""Kata 09, fitting a line."""

import torch


def fit_line(X, y, lr=0.1, epochs=100):
    # start both at zero
    weight = torch.zeros((), requires_grad=True)
    bias = torch.zeros((), requires_grad=True)
    curve = []
    for step in range(epochs):
        residual = weight * X + bias - y
        cost = residual.pow(2).mean()
        curve.append(float(cost))
        cost.backward()
        with torch.no_grad():  # the update must not be tracked
            weight.sub_(lr * weight.grad)
            bias.sub_(lr * bias.grad)
            weight.grad.zero_()
            bias.grad.zero_()
    return float(weight), float(bias), curve
'''
# Olga's own correct spelling of both.
OLGA_04 = '''"""Kata 04."""

import torch


def compute_gradient(values):
    t = torch.tensor([float(v) for v in values], requires_grad=True)
    f = t * t * t + 2.0 * t
    f.sum().backward()
    return t.grad.tolist()
'''
OLGA_09 = '''"""Kata 09."""

import torch


def fit_line(X, y, lr=0.1, epochs=100):
    params = [torch.tensor(0.0, requires_grad=True) for _ in range(2)]
    out = []
    for _ in range(epochs):
        loss = torch.mean((params[0] * X + params[1] - y) ** 2)
        out.append(loss.item())
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None
    return params[0].item(), params[1].item(), out
'''
# Rhea and Sam: different code, the same unusual wrong answers (the gradients reversed; w and b swapped).
RHEA_04 = reference("04").replace("    return x.grad.tolist()", "    return x.grad.tolist()[::-1]")
RHEA_09 = reference("09").replace("    return w.item(), b.item(), losses", "    return b.item(), w.item(), losses")
SAM_04 = '''"""Kata 04."""

import torch


def compute_gradient(values):
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    (x**3 + 2 * x).sum().backward()
    return list(reversed(x.grad.tolist()))
'''
SAM_09 = '''"""Kata 09."""

import torch


def fit_line(X, y, lr=0.1, epochs=100):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    seen = []
    for _ in range(epochs):
        loss = torch.mean((w * X + b - y) ** 2)
        seen.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad = None
        b.grad = None
    return b.item(), w.item(), seen
'''
CLASS = {
    "ann": {"04": reference("04"), "09": reference("09")},
    "ben": {"04": reference("04"), "09": reference("09")},
    "olga": {"04": OLGA_04, "09": OLGA_09},
    "cara": {"04": CARA_04, "09": CARA_09},
    "dora": {"04": DORA_04, "09": DORA_09},
    "rhea": {"04": RHEA_04, "09": RHEA_09},
    "sam": {"04": SAM_04, "09": SAM_09},
}
PLANTED = {frozenset(("cara", "dora")), frozenset(("rhea", "sam"))}


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _grade(classroom: Path, out: Path, *more: str):
    done = _invoke("grade-class", str(classroom), "04", "09", "--output-dir", str(out), "--seed", "5", *more)
    assert done.exit_code == 0, done.output
    return done


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded in one run, and in two shards merged."""
    where = tmp_path_factory.mktemp("similar")
    classroom = where / "submissions"
    classroom.mkdir()
    for student, files in CLASS.items():
        student_tree(classroom / student, files)
    _grade(classroom, where / "one", "--jobs", "2")
    for k in (1, 2):
        _grade(classroom, where / f"shard{k}", "--shard", f"{k}/2", "--jobs", "1")
    merged = _invoke(
        "merge-grades", str(where / "shard1"), str(where / "shard2"), "--output-dir", str(where / "merged")
    )
    assert merged.exit_code == 0, merged.output
    return where


def _rows(out: Path) -> list[dict]:
    with open(out / "similarity.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_similarity_csv_flags_the_planted_pairs_and_nobody_else(graded):
    rows = _rows(graded / "one")
    flagged = {frozenset((row["student_a"], row["student_b"])) for row in rows if row["flagged"] == "yes"}
    assert flagged == PLANTED, rows
    copy = next(row for row in rows if {row["student_a"], row["student_b"]} == {"cara", "dora"})
    assert "kata 04: 16 code fragments in common, 4 of them written by no other student, and " in copy["evidence"], copy
    answers = next(row for row in rows if {row["student_a"], row["student_b"]} == {"rhea", "sam"})
    assert "same wrong answers" in answers["evidence"], answers
    assert not any({"ann", "ben"} == {row["student_a"], row["student_b"]} for row in rows), (
        "the reference is discounted: two students who typed it share nothing rare"
    )


def test_each_student_folder_keeps_the_files_that_were_graded(graded):
    for student, files in CLASS.items():
        kept = graded / "one" / "students" / student / GRADED
        assert (kept / "katas" / "04_compute_gradient" / "compute_gradient.py").read_text() == files["04"]
        assert sorted(path.name for path in kept.rglob("*") if path.is_file()) == sorted(
            ["compute_gradient.py", "linear_regression_scratch.py"]
        ), "only the planned katas' files"


def test_the_class_report_has_the_section_on_similar_work(graded):
    markdown = (graded / "one" / "class-report.md").read_text(encoding="utf-8")
    html = (graded / "one" / "class-report.html").read_text(encoding="utf-8")
    section = markdown[markdown.index("## Similar work") :]
    assert "| cara and dora |" in section and "| rhea and sam |" in section, section
    assert "not proof of copying" in section
    assert "<h2>Similar work</h2>" in html and "<td>cara and dora</td>" in html and "not proof of copying" in html


def test_merged_shards_give_the_similarity_of_one_run(graded):
    ids = list(CLASS)
    assert any(in_shard(i, (1, 2)) for i in ids) and any(in_shard(i, (2, 2)) for i in ids), "both shards grade"
    one, merged = graded / "one", graded / "merged"
    assert (merged / "similarity.csv").read_text() == (one / "similarity.csv").read_text()
    for name in ("class-report.md", "class-report.html"):
        assert _section(merged / name) == _section(one / name), name


def _section(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("Similar work") :]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the tutorial pages ({SEEDS}) are kept outside the project")
def test_the_shipped_tutorial_prints_are_what_the_maintainer_command_makes():
    assert TUTORIAL_PRINTS.read_text(encoding="utf-8") == tutorial_prints_text(SEEDS), (
        "run: python bench/similarity.py --tutorial-prints ../shared/seeds"
    )
    # And a class run discounts them: two students who typed a tutorial's code in share nothing rare.
    block = max((b for page in sorted(SEEDS.glob("*.txt")) for b in python_blocks(page.read_text())), key=len)
    pair = [StudentWork(name, {"11": block}) for name in ("a", "b")]
    assert compare_class(pair).pairs, "without the discount the two share the tutorial's fragments"
    assert not compare_class(pair, common_prints=read_prints()).pairs


def test_the_tutorial_prints_are_loaded_and_passed_as_hashes_they_discount_that_code(tmp_path):
    shipped = read_prints()
    assert len(shipped) > 100, "the file ships with the checker and holds the tutorials' hashes"
    assert read_prints(tmp_path / "absent.txt") == frozenset()
    (tmp_path / "page.txt").write_text(f"Some prose.\n\n```python\n{OLGA_09}```\n", encoding="utf-8")
    (tmp_path / "prints.txt").write_text(tutorial_prints_text(tmp_path), encoding="utf-8")
    prints = read_prints(tmp_path / "prints.txt")
    assert prints >= all_kgram_hashes(OLGA_09), "every k-gram of the page's code, read back"
    pair = [StudentWork(name, {"09": OLGA_09}) for name in ("a", "b")]
    assert compare_class(pair).pairs and not compare_class(pair, common_prints=prints).pairs


def test_a_wheel_course_discounts_the_references_by_the_hashes_its_build_wrote(tmp_path, monkeypatch):
    # A wheel's course has no reference/ folder, only setup.py's reference_fingerprints.txt.
    course = tmp_path / "_course"
    course.mkdir()
    (course / REFERENCE_PRINTS_NAME).write_text(prints_text([OLGA_09], REFERENCE_PRINTS_HEADER), encoding="utf-8")
    monkeypatch.setattr("checker.grading.similarity_inputs.packaged_course_root", lambda: course)

    prints = common_prints()

    assert prints >= all_kgram_hashes(OLGA_09) and prints >= read_prints(), "the references' and the tutorials'"
    pair = [StudentWork(name, {"09": OLGA_09}) for name in ("a", "b")]
    assert compare_class(pair).pairs and not compare_class(pair, common_prints=prints).pairs


def test_the_maintainer_command_refuses_a_folder_that_is_not_there(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "similarity.py"), "--tutorial-prints", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "not a folder" in done.stderr, done.stderr
