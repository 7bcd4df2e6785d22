"""The naming benchmark's corpus (bench/naming/) is well-formed and held out, and its script still runs.

No figure is judged here: the benchmark measures how well mistakes are named, and a figure
below its goal is a result to publish, not a broken build.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from checker.core.catalogue import load_catalogue
from checker.core.mistakes import NOTES
from checker.specs.homes import mistakes_of, mutant_source, mutants_of

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CATALOGUE = load_catalogue(ROOT)
KATAS = list(CATALOGUE)


def _load_naming():
    spec = importlib.util.spec_from_file_location("bench_naming", BENCH / "naming.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while they are made
    spec.loader.exec_module(module)
    return module


NAMING = _load_naming()


def _reference(kata) -> str:
    return (ROOT / "reference" / f"{kata.name}.py").read_text(encoding="utf-8")


def test_every_kata_has_a_corpus_file_and_nothing_else_is_there():
    files = {path.stem for path in NAMING.CORPUS.glob("*.yaml")}
    assert files == {kata.name for kata in KATAS}


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.folder)
def test_corpus_has_correct_files_and_mistakes_in_several_spellings(kata):
    entries = NAMING.load_corpus([kata])  # raises if an edit's `replace` is not in the reference exactly once
    correct = [entry for entry in entries if entry.correct]
    spellings: dict[str, int] = {}
    for entry in entries:
        if not entry.correct:
            spellings[entry.label] = spellings.get(entry.label, 0) + 1

    assert len(correct) >= 2, f"{kata.name}: at least two correct solutions"
    assert len([label for label, count in spellings.items() if count >= 2]) >= 3, (
        f"{kata.name}: at least three mistakes with two spellings each, got {spellings}"
    )


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.folder)
def test_every_entry_is_python_that_differs_from_the_reference(kata):
    reference = _reference(kata)
    sources = []
    for entry in NAMING.load_corpus([kata]):
        compile(entry.source, entry.id, "exec")  # a syntax error would measure nothing
        assert entry.source != reference, f"{entry.id}: the reference itself is not held out"
        assert entry.source not in sources, f"{entry.id}: the same file twice"
        sources.append(entry.source)


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.folder)
def test_labels_are_codes_the_kata_can_name_or_the_agreed_new_ones(kata):
    known = set(mistakes_of(kata)) | NAMING.AGREED_CODES
    for entry in NAMING.load_corpus([kata]):
        for code in entry.accept:
            assert code == NAMING.CORRECT or code in known, f"{entry.id}: unknown code {code!r}"
            assert code not in NOTES, f"{entry.id}: {code!r} is a note, never a verdict"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.folder)
def test_no_entry_repeats_an_edit_of_the_kata_mutants(kata):
    """Held out: no mutant's edit (its pair, or the text it writes), and no mutant's whole file.

    A deletion (`with: ""`) writes no spelling of its own, so one that only helps move a line
    (one edit of several) may delete what a mutant deletes.
    """
    mutants = mutants_of(kata)
    edits = [edit for mutant in mutants for edit in mutant.get("edits") or [mutant]]
    pairs = {(edit["replace"], edit["with"]) for edit in edits}
    texts = {edit["with"].strip() for edit in edits} - {""}
    mutant_files = {mutant_source(_reference(kata), mutant) for mutant in mutants}
    for index, (raw, entry) in enumerate(zip(NAMING.read_corpus_file(kata), NAMING.load_corpus([kata])), start=1):
        where = f"bench/naming/{kata.name}.yaml entry {index}"
        own = raw.get("edits") or ()
        for edit in own:
            assert edit["with"].strip() not in texts, f"{where} writes what a mutant writes: {edit['with']!r}"
        if len(own) == 1:
            assert (own[0]["replace"], own[0]["with"]) not in pairs, f"{where} is a mutant's edit"
        assert entry.source not in mutant_files, f"{where} is one of the mutants"


def test_an_edit_that_does_not_match_once_is_refused(tmp_path, monkeypatch):
    kata = CATALOGUE.resolve("01")
    (tmp_path / f"{kata.name}.yaml").write_text(
        '- label: correct\n  why: a typo\n  edits:\n    - replace: "no such line"\n      with: "x"\n', encoding="utf-8"
    )
    monkeypatch.setattr(NAMING, "CORPUS", tmp_path)

    with pytest.raises(ValueError, match="entry 1"):
        NAMING.load_corpus([kata])


@pytest.mark.slow
def test_smoke_run_checks_its_entries_and_prints_the_table(tmp_path):
    output = tmp_path / "naming.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "naming.py"), "--smoke", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    text = output.read_text(encoding="utf-8")
    assert done.stdout.strip() in text, "the table printed is the table written"
    rows = {
        line.split(" | ")[0].removeprefix("| "): line.strip("| ").split(" | ")
        for line in text.splitlines()
        if line.startswith("| ") and " | " in line and not line.startswith("| kata ")
    }
    smoke = [kata for kata in KATAS if kata.id in NAMING.SMOKE_KATAS]
    for kata in smoke:
        cells = rows[f"{kata.id} {kata.name}"]
        correct, false_labels, false_fails, wrong = (int(cell) for cell in cells[1:5])
        assert (correct, wrong) == (1, 1), cells
        # The smoke set's correct entries pass with no mistake named: the checker and the corpus agree.
        assert (false_labels, false_fails) == (0, 0), text
    assert rows["**all**"][1] == str(len(smoke)), text
