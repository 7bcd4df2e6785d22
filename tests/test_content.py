"""The content proves itself: references pass, stubs are not started, mistakes are named."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from checker.core.catalogue import load_catalogue
from checker.core.results import Chart, Status
from checker.runner.judge.run import run_check
from checker.specs.homes import SPECS_DIR, all_mutants, mistakes_of, mutant_source, mutants_of

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = load_catalogue(ROOT)
# Every kata's mutants (checker/specs/<name>/mutants.yaml), each tagged with its kata.
MUTANTS = all_mutants(CATALOGUE)


def _mutant_id(mutant: dict) -> str:
    return f"{mutant['kata']}-{mutant.get('mistake') or 'valid-variant'}-{MUTANTS.index(mutant)}"


@pytest.fixture(scope="module")
def reference_run():
    return run_check(ROOT, list(CATALOGUE), reference=True, seed=1234)


@pytest.fixture(scope="module")
def stub_run():
    return run_check(ROOT, list(CATALOGUE), reference=False, seed=1234)


@pytest.mark.parametrize("kata", list(CATALOGUE), ids=lambda k: k.folder)
def test_reference_passes_every_case(reference_run, kata):
    result = next(r for r in reference_run.katas if r.number == kata.number)
    failures = [
        (c.name, c.status.value, c.message, c.details)
        for c in result.cases
        if c.status is not Status.PASSED and c.status is not Status.SKIPPED
    ]
    assert result.cases, f"no spec cases ran for {kata.folder}"
    assert not failures


@pytest.mark.parametrize("kata", list(CATALOGUE), ids=lambda k: k.folder)
def test_stub_reads_as_not_started(stub_run, kata):
    result = next(r for r in stub_run.katas if r.number == kata.number)
    assert result.status is Status.NOT_STARTED, [(c.name, c.status.value, c.message) for c in result.cases]


@pytest.mark.parametrize("mutant", MUTANTS, ids=_mutant_id)
def test_mutant_gets_its_diagnosis(make_workspace, mutant):
    result = _check_mutant(make_workspace(git=False), mutant)

    cases = [(c.name, c.status.value, c.mistake.code if c.mistake else None, c.message) for c in result.cases]
    notes = {note.code for c in result.cases for note in c.notes}
    if mutant.get("passes"):
        assert result.status is Status.PASSED, cases
        assert notes == ({mutant["note"]} if mutant.get("note") else set()), (notes, cases)
    else:
        assert result.status is Status.FAILED, cases
        assert mutant["mistake"] in {c.mistake.code for c in result.cases if c.mistake}, cases


def _check_mutant(workspace: Path, mutant: dict):
    """Write the reference with the mutant's edits as the learner's file and check it.

    The mutant itself is no suspect of its own run: a suspect whose file is the learner's
    would always match, and the test would prove nothing. Its diagnosis must come from the
    spec, or from another spelling of the mistake in the catalogue.
    """
    kata = CATALOGUE.resolve(mutant["kata"])
    source = mutant_source((ROOT / "reference" / f"{kata.name}.py").read_text(encoding="utf-8"), mutant)
    kata.stub_path(workspace).write_text(source, encoding="utf-8")
    return run_check(workspace, [kata], seed=99, suspects_excluded={source}).katas[0]


def _fit_chart(result) -> Chart | None:
    """The fit a kata's spec declared against its target, or None."""
    return next((chart for case in result.cases for chart in case.charts if chart.kind == Chart.FIT), None)


def test_only_kata_11_draws_its_fit_and_the_reference_follows_sin(reference_run):
    fits = {result.name: _fit_chart(result) for result in reference_run.katas if _fit_chart(result)}
    assert list(fits) == ["mlp_sin"]
    points = fits["mlp_sin"].points
    assert 40 <= len(points) <= 80, "small enough to travel with the results"
    xs = [x for x, _, _ in points]
    assert (
        xs == sorted(xs) and math.isclose(xs[0], -math.pi, rel_tol=1e-6) and math.isclose(xs[-1], math.pi, rel_tol=1e-6)
    )
    assert all(math.isclose(target, math.sin(x), abs_tol=1e-5) for x, target, _ in points)
    assert sum((fitted - target) ** 2 for _, target, fitted in points) / len(points) < 0.02


def test_a_model_without_relu_is_drawn_as_the_straight_line_it_computes(make_workspace):
    mutant = next(m for m in MUTANTS if m.get("mistake") == "mlp_without_relu")

    fit = _fit_chart(_check_mutant(make_workspace(git=False), mutant)).points

    slopes = [(b[2] - a[2]) / (b[0] - a[0]) for a, b in zip(fit, fit[1:])]
    assert max(slopes) - min(slopes) < 1e-3 * max(1.0, abs(slopes[0])), slopes


def test_every_mutant_names_a_known_mistake():
    from checker.core.mistakes import NOTED_MISTAKES, NOTES

    notes = set(NOTES) | {noted.code for noted in NOTED_MISTAKES}  # advice, or a mistake a CPU cannot show
    for mutant in MUTANTS:
        known = mistakes_of(CATALOGUE.resolve(mutant["kata"]))
        assert mutant.get("passes") or mutant["mistake"] in known, mutant
        assert "note" not in mutant or (mutant.get("passes") and mutant["note"] in notes), mutant


def test_references_pass_without_notes(reference_run):
    noted = [(k.name, c.name, n.code) for k in reference_run.katas for c in k.cases for n in c.notes]
    assert not noted, "a reference solution is the example to follow: nothing in it deserves a note"


def test_no_stray_files():
    expected_folders = {kata.folder for kata in CATALOGUE}
    folders = {p.name for p in (ROOT / "katas").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))}
    assert folders == expected_folders
    for kata in CATALOGUE:
        files = {p.name for p in (ROOT / "katas" / kata.folder).iterdir() if not p.name.startswith((".", "_"))}
        assert files == {"README.md", f"{kata.name}.py"}, kata.folder
    references = {p.name for p in (ROOT / "reference").glob("*.py")}
    assert references == {f"{kata.name}.py" for kata in CATALOGUE}
    specs = {p.relative_to(SPECS_DIR).as_posix() for p in SPECS_DIR.glob("*/test_*.py")}
    assert specs == {kata.spec_file for kata in CATALOGUE}
    assert not list(SPECS_DIR.glob("test_*.py")), "a spec lives in its kata's home, checker/specs/<name>/"
    homes = {p.name for p in SPECS_DIR.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert homes == {kata.name for kata in CATALOGUE}


def test_every_kata_has_mutants_and_valid_variants():
    for kata in CATALOGUE:
        mutants = mutants_of(kata)
        assert any(m.get("mistake") for m in mutants), f"{kata.name}: no mistake is proven by a mutant"
        assert any(m.get("passes") for m in mutants), f"{kata.name}: no valid variant is proven to pass"


def test_mistake_codes_are_unique_across_the_homes():
    from checker.core.mistakes import MISTAKES

    seen = dict.fromkeys(MISTAKES, "checker/core/mistakes.py")
    for kata in CATALOGUE:
        for code in set(mistakes_of(kata)) - set(MISTAKES):
            assert code not in seen, f"{code} is defined in {seen[code]} and in {kata.name}'s home"
            seen[code] = kata.name


@pytest.mark.parametrize("kata", list(CATALOGUE), ids=lambda k: k.folder)
def test_stub_has_the_shape_learners_expect(kata):
    stub = kata.stub_path(ROOT).read_text()
    assert stub.startswith('"""'), "a one-line module docstring comes first"
    assert "# TODO:" in stub and "raise NotImplementedError" in stub
    for entry in kata.entry_points:
        assert f"def {entry}(" in stub or f"class {entry}(" in stub, entry
