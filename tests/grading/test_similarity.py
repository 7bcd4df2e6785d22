"""The class similarity check: fingerprints that ignore spelling, rare work weighed, common work discounted.

Hand-written files test the normalisation and the weighting one rule at a time; a class made
by bench/similarity_class.py (students who worked apart, and pairs planted to be found) tests
the whole: every planted pair flagged, no other pair. Nothing here is timed.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import subprocess
import sys
from pathlib import Path

import pytest

from checker.grading import similarity
from checker.grading.fingerprints import fingerprints, normalised_tokens, python_blocks
from checker.grading.similarity import (
    CODE_FRAGMENTS_COUNTED,
    FLAG_SCORE,
    RARE_ANSWER_HOLDERS,
    RARE_CODE_HOLDERS,
    RARITY_CLASS_AT_LEAST,
    StudentWork,
    compare_class,
)
from checker.grading.similarity_output import (
    SIMILARITY_NAME,
    similar_work,
    similarity_csv,
    similarity_section,
    write_similarity,
)

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH = ROOT / "bench"


def _generator():
    spec = importlib.util.spec_from_file_location("similarity_class", BENCH / "similarity_class.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


FIT = '''
import torch


def fit(X, y, lr=0.1, epochs=100):
    """Fit a line."""
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    losses = []
    for epoch in range(epochs):
        pred = w * X + b  # forward
        loss = ((pred - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item(), losses
'''

# FIT with every name the learner chose renamed, the docstring and comments changed, the layout redone.
FIT_RESPELT = """
import torch
def fit(inputs, targets, step_size=0.1, rounds=100):
    # my own line fitter
    slope = torch.zeros(1, requires_grad=True)

    intercept = torch.zeros(1,
                            requires_grad=True)
    history = []
    for i in range(rounds):
        guess = (slope * inputs) + intercept
        err = (((guess - targets)) ** 2).mean()   # mean squared error
        history.append(err.item())
        err.backward()
        with torch.no_grad():
            slope -= step_size * slope.grad
            intercept -= step_size * intercept.grad
        slope.grad.zero_(); intercept.grad.zero_()
    return slope.item(), intercept.item(), history
"""

MLP = """
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.fc1 = nn.Linear(1, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))
"""

MLP_RESPELT = """
from torch import nn
from torch.nn import functional as func


class Model(nn.Module):
    def __init__(me, size=16):
        super().__init__()
        me.inner = nn.Linear(1, size)
        me.outer = nn.Linear(size, 1)

    def forward(me, data):
        return me.outer(func.relu(me.inner(data)))
"""


def _pairs(result) -> dict[frozenset[str], similarity.SimilarPair]:
    return {frozenset((pair.student_a, pair.student_b)): pair for pair in result.pairs}


def _class_with(files: dict[str, str], others: int = 0, kata: str = "09") -> list[StudentWork]:
    """The students named in `files` (each with that file for `kata`), plus `others` with an unrelated file."""
    students = [StudentWork(student, {kata: source}) for student, source in files.items()]
    students += [
        StudentWork(f"other{number}", {kata: f"import torch\n\nvalue = torch.ones({number + 2})\n"})
        for number in range(others)
    ]
    return students


# --- normalisation -------------------------------------------------------------------------


def test_renames_comments_docstrings_and_layout_leave_the_tokens_unchanged():
    assert normalised_tokens(FIT_RESPELT) == normalised_tokens(FIT), "only spelling differs between the two"
    assert fingerprints(FIT_RESPELT) == fingerprints(FIT)


def test_an_import_alias_and_the_attributes_a_class_stores_read_the_same_under_any_name():
    assert normalised_tokens(MLP_RESPELT)[-20:] == normalised_tokens(MLP)[-20:], "the forward pass reads alike"
    assert "torch.nn.functional" in normalised_tokens(MLP_RESPELT), "F and func both read as the module they name"


def test_the_torch_api_keywords_and_constants_are_kept():
    tokens = normalised_tokens(FIT)
    for kept in (".backward", ".zero_", ".item", "requires_grad=", "torch", ".zeros", "2", "range"):
        assert kept in tokens, f"{kept} says what the code does and is the same for everyone: kept"
    for chosen in ("w", "losses", "epoch", "pred", "lr"):
        assert chosen not in tokens, f"{chosen} is a name the learner chose: replaced"


@pytest.mark.parametrize(
    "change",
    [
        ("(pred - y) ** 2", "(pred - y) ** 3"),  # a constant
        ("w * X + b", "w * X - b"),  # an operator
        ("((pred - y) ** 2).mean()", "((pred - y) ** 2).sum()"),  # a torch method
        ("w.grad.zero_()\n        b.grad.zero_()", "pass"),  # statements gone
    ],
)
def test_a_change_to_the_code_itself_changes_the_tokens(change):
    old, new = change
    assert old in FIT
    assert normalised_tokens(FIT.replace(old, new)) != normalised_tokens(FIT), f"{old!r} -> {new!r} is a change of code"


def test_a_file_that_does_not_parse_raises_syntax_error():
    for broken in ("def f(:\n", "x = 1\x00\n", "(" * 500 + ")" * 500):
        with pytest.raises(SyntaxError):
            fingerprints(broken)


def test_python_blocks_finds_code_in_markdown_and_in_a_flattened_web_page():
    page = (
        "Intro text here.\n\n```python\nimport torch\nx = torch.ones(3)\n```\n\nWhat comes out:\n\n"
        "Now a loop copied from a web page without its indentation:\n"
        "for step in range(10):\nopt.zero_grad()\nloss.backward()\nSome prose follows this, not code.\n"
    )
    blocks = python_blocks(page)
    assert "import torch\nx = torch.ones(3)" in blocks, blocks
    assert any("for step in range(10):\n    opt.zero_grad()" in block for block in blocks), blocks
    assert not any("prose" in block for block in blocks), blocks


# --- weighing and discounting --------------------------------------------------------------


def test_code_only_two_share_weighs_more_than_code_several_share_less_what_chance_gives_the_class():
    scores = {}
    for holders in (2, 3, 5):
        students = _class_with({f"s{number}": FIT for number in range(holders)}, others=3)
        scores[holders] = _pairs(compare_class(students)).get(frozenset(("s0", "s1")))
    for holders in (2, 3):
        count = holders + 3
        rarity = math.log10((RARITY_CLASS_AT_LEAST - 1) / (holders - 1))  # a small class read as one of 60
        chance = math.log10(count * (count - 1) / 2)
        assert scores[holders].score == round(rarity - chance, 2), (holders, scores[holders])
    assert scores[5] is None, "five holders of one file in a class of eight: no more than chance, not listed"


def test_a_line_or_two_alike_is_not_code_evidence():
    lines = "import torch\n\nvalue = torch.ones(3) * 7 + torch.zeros(3)\n"
    assert 1 <= len(fingerprints(lines)) < CODE_FRAGMENTS_COUNTED
    result = compare_class(_class_with({"a": lines, "b": lines}))
    assert result.compared == 1 and result.pairs == (), "scored, but a few fragments alike are chance"


def test_a_fragment_more_than_the_rare_limit_hold_makes_no_pair():
    holders = {f"s{number}": FIT for number in range(RARE_CODE_HOLDERS + 1)}
    result = compare_class(_class_with(holders))
    assert result.pairs == (), "code everyone in the group wrote is how the class writes it"
    assert result.compared == 0, "and no pair is even scored"


def test_code_everybody_saw_counts_nothing():
    reference = (ROOT / "reference" / "linear_regression_scratch.py").read_text(encoding="utf-8")
    stub = (ROOT / "katas" / "09_linear_regression_scratch" / "linear_regression_scratch.py").read_text(
        encoding="utf-8"
    )
    retyped = reference.replace("losses", "history").replace("y_hat", "guess")
    students = _class_with({"a": reference, "b": retyped})
    assert _pairs(compare_class(students)), "without the discount the two share the reference's fragments"
    result = compare_class(students, common_code=[reference, stub])
    assert result.pairs == (), "the reference is shown after a pass: two students who typed it in are not paired"


def test_tutorial_code_from_a_page_counts_nothing():
    page = "A tutorial.\n\n```python\n" + FIT + "```\n\nThat is all."
    result = compare_class(_class_with({"a": FIT, "b": FIT_RESPELT}), common_code=python_blocks(page))
    assert result.pairs == ()


def test_a_rare_shared_wrong_answer_is_evidence_and_a_common_one_is_not():
    common = "[2.0, 2.0]"
    students = [StudentWork(f"s{number}", {}, {("04", "hidden"): common}) for number in range(RARE_ANSWER_HOLDERS + 1)]
    students += [StudentWork("x", {}, {("04", "third"): "[9.5]"}), StudentWork("y", {}, {("04", "third"): "[9.5]"})]
    pairs = _pairs(compare_class(students))
    assert set(pairs) == {frozenset("xy")}, "a mistake many made is a common mistake, not shared work"
    assert pairs[frozenset("xy")].evidence == "kata 04: same wrong answer on case third, which no other student gave"


def test_one_kata_alike_is_not_enough_to_flag_but_it_is_listed():
    result = compare_class(_class_with({"a": FIT, "b": FIT_RESPELT}, others=2))
    pair = _pairs(result)[frozenset("ab")]
    assert not pair.flagged, f"one short kata written alike can be chance (score {pair.score})"
    assert pair.evidence.startswith("kata 09: ") and "code fragments in common, 4 of them written by" in pair.evidence


def test_rare_code_in_several_katas_flags_a_pair():
    katas = ["01", "02", "04", "05"]
    a = StudentWork("a", {kata: FIT.replace("0.1", f"0.{number + 2}") for number, kata in enumerate(katas)})
    b = StudentWork("b", {kata: FIT_RESPELT.replace("0.1", f"0.{number + 2}") for number, kata in enumerate(katas)})
    others = [StudentWork(f"o{number}", {"01": MLP}) for number in range(3)]
    pair = _pairs(compare_class([a, b, *others]))[frozenset("ab")]
    assert pair.flagged and pair.score >= FLAG_SCORE, pair
    assert "and rare work in common in 1 more kata" in pair.evidence, "the sentence names three katas, then sums up"


def test_the_same_id_twice_is_refused():
    with pytest.raises(ValueError, match="appears twice"):
        compare_class([StudentWork("a"), StudentWork("a")])


def test_a_file_that_does_not_parse_costs_only_its_own_code_evidence():
    wrong = {("09", "first"): "[1.5]", ("09", "second"): "[2.5]", ("09", "third"): "[3.5]"}
    a = StudentWork("a", {"09": "def fit(:\n", "11": MLP}, wrong)
    b = StudentWork("b", {"09": FIT, "11": MLP_RESPELT, "01": "x = '\x00'"}, wrong)
    result = compare_class([a, b, StudentWork("c", {"11": FIT})])
    assert result.unreadable == (("a", "09"), ("b", "01")), "the files that did not parse are named"
    pair = _pairs(result)[frozenset("ab")]
    assert "kata 09: same wrong answers on cases first, second, third" in pair.evidence, "their answers still count"
    assert "kata 11: " in pair.evidence and "code fragments in common" in pair.evidence, (
        "the other katas' code still counts"
    )


# --- a made-up class -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def made_class():
    return _generator().make_class(60, seed=0)


# A class of 20 (whose honest pairs came closest to the threshold over many seeds: rarity is
# hard to read in a small class), the usual 60, and 200 (where a fragment held by several is
# still rare). The 1,000-student class is bench/similarity.py's: too slow for a test.
@pytest.mark.parametrize(("size", "seed", "copies", "bugs"), [(20, 3, 1, 1), (60, 0, 2, 1), (200, 1, 6, 3)])
def test_every_planted_pair_is_flagged_and_no_other(size, seed, copies, bugs):
    made = _generator().make_class(size, seed=seed)
    result = compare_class(made.students, made.common_code)
    flagged = {frozenset((pair.student_a, pair.student_b)) for pair in result.flagged}
    kinds = sorted(made.planted.values())
    assert kinds == ["bug"] * bugs + ["copy"] * copies, f"the class of {size}: {kinds}"
    scores = {pair: found.score for pair, found in _pairs(result).items()}
    assert flagged == set(made.planted), (
        f"planted: {[scores.get(pair, 0.0) for pair in made.planted]}; "
        f"highest others: {sorted((s for p, s in scores.items() if p not in made.planted), reverse=True)[:5]}"
    )
    assert result.compared < result.all_pairs, "only the pairs that share rare work are scored"


def test_the_generated_class_is_made_of_files_that_parse(made_class):
    for student in made_class.students:
        for kata, source in student.files.items():
            compile(source, f"{student.id}/{kata}", "exec")


# --- similarity.csv and the report section ------------------------------------------------


def _result():
    wrong = {("04", "first"): "[1.5]", ("04", "second"): "[2.5]", ("04", "third"): "[3.5]"}
    a = StudentWork("=a", {"09": FIT, "05": MLP}, wrong)
    b = StudentWork("b|x", {"09": FIT_RESPELT, "05": MLP_RESPELT}, wrong)
    c = StudentWork("c", {"09": FIT, "11": MLP}, {("04", "first"): "[0.0]"})
    d = StudentWork("d", {"11": MLP_RESPELT}, {("04", "first"): "[0.0]"})
    return compare_class([a, b, c, d])


def test_similarity_csv_has_every_pair_with_evidence_highest_first_and_ids_made_safe(tmp_path):
    result = _result()
    section = write_similarity(tmp_path, result)
    rows = list(csv.reader(io.StringIO((tmp_path / SIMILARITY_NAME).read_text(encoding="utf-8"))))
    assert rows[0] == ["student_a", "student_b", "score", "flagged", "evidence"]
    body = rows[1:]
    assert len(body) == len(result.pairs) >= 3
    scores = [float(row[2]) for row in body]
    assert scores == sorted(scores, reverse=True), "highest score first"
    assert body[0][:2] == ["'=a", "b|x"], "an id a spreadsheet would run as a formula gets an apostrophe"
    assert body[0][3] == "yes" and all(row[3] == "no" for row in body[1:]), body
    assert all(row[4] for row in body), "only pairs with some evidence"
    assert section == similar_work(result)
    assert similarity_csv(result) == (tmp_path / SIMILARITY_NAME).read_text(encoding="utf-8")


def test_the_report_section_lists_the_flagged_pairs_and_says_what_the_score_is_not():
    lines = similarity_section(_result())
    text = "\n".join(lines)
    assert lines[0] == "## Similar work"
    table = [line for line in lines if line.startswith("| ") and "score" not in line]
    assert table == [line for line in table if "=a and b\\|x" in line] and len(table) == 1, table
    assert f"from a score of {FLAG_SCORE:g}" in text and "not proof of copying" in text


def test_the_report_section_of_a_class_with_evidence_below_the_threshold():
    lines = similarity_section(compare_class(_class_with({"a": FIT, "b": FIT_RESPELT}, others=2)))
    assert lines[2].startswith(
        "1 of the class's 6 pairs of students shares more rare code or rare wrong answers than chance explains, not "
    ), lines
    assert not any(line.startswith("|") for line in lines), "no table without a flagged pair"


def test_the_report_section_of_a_class_with_nothing_shared():
    lines = similarity_section(compare_class([StudentWork("a", {"01": FIT}), StudentWork("b", {"01": MLP})]))
    assert "No two students share more rare code or rare wrong answers than chance explains." in lines
    assert not any(line.startswith("|") for line in lines)


# --- the benchmark script ------------------------------------------------------------------


def test_the_benchmark_script_still_runs():
    done = subprocess.run(
        [sys.executable, str(BENCH / "similarity.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "30 students" in done.stdout and "of     435 pairs scored" in done.stdout, done.stdout
    assert "planted flagged 2/2, other pairs flagged 0" in done.stdout, done.stdout
