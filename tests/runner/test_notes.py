"""Notes: advice a spec attaches to a passing case (checker/runner/judge/verdicts.py and the plugin)."""

from __future__ import annotations

import textwrap

from checker.core import mistakes as known
from checker.core.results import Status
from checker.runner.judge.run import run_check
from checker.runner.judge.verdicts import clear_notes, note, take_notes

# A private spec (run like an instructor's --extra-specs) whose cases note and then pass or fail.
NOTING_SPEC = textwrap.dedent("""\
    from checker.core import mistakes as known
    from checker.runner.judge.verdicts import note
    from checker.specs._helpers import expect_floats

    def test_noted_and_passing(kata):
        note(known.INTEGER_RESULT)
        note(known.INTEGER_RESULT)
        expect_floats(kata.call("double_all", [0.5, 1.0]), [1.0, 2.0])

    def test_noted_and_failing(kata):
        note(known.DEPRECATED_AMP)
        expect_floats(kata.call("double_all", [0.5, 1.0]), [2.0, 2.0])

    def test_after_a_noted_case(kata):
        expect_floats(kata.call("double_all", [0.0]), [0.0])
""")


def test_a_note_is_kept_once_per_code_and_taken_once():
    clear_notes()
    note(known.INTEGER_RESULT)
    note(known.TENSOR_FROM_TENSOR)
    note(known.INTEGER_RESULT)

    assert take_notes() == (known.INTEGER_RESULT, known.TENSOR_FROM_TENSOR)
    assert take_notes() == ()


def test_notes_are_advice_never_mistakes():
    assert set(known.NOTES).isdisjoint(known.MISTAKES)
    # A mistake this machine cannot show is noted as itself: its code is a mistake's, its title its own.
    assert all(noted.code in known.MISTAKES for noted in known.NOTED_MISTAKES)
    assert all(noted.title != known.MISTAKES[noted.code].title for noted in known.NOTED_MISTAKES)
    assert set(known.WARNING_NOTES) <= set(known.NOTES.values())
    assert all(n.phrases for n in known.WARNING_NOTES), "a warning note is recognised by a phrase"


def test_only_a_passing_case_keeps_its_notes_and_each_case_starts_with_none(make_course, tmp_path):
    course = make_course()
    spec = tmp_path / "private" / "test_02_double_all_notes.py"
    spec.parent.mkdir()
    spec.write_text(NOTING_SPEC)
    kata = course.catalogue.resolve("02")

    result = run_check(
        course.workspace, [kata], reference=True, seed=3, extra_specs=[spec], specs_dir=course.specs
    ).katas[0]

    cases = {case.name: case for case in result.cases}
    assert [n.code for n in cases["noted and passing"].notes] == ["integer_result"]
    assert cases["noted and failing"].status is Status.FAILED and cases["noted and failing"].notes == ()
    assert cases["after a noted case"].status is Status.PASSED and cases["after a noted case"].notes == ()
    assert result.note_count == 1 and result.score == round(
        kata.points * (len(result.cases) - 1) / len(result.cases), 2
    )
