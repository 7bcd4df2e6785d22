"""Results as they arrive: one header per kata, each case, the summary and the loss curve."""

from __future__ import annotations

import io
from pathlib import Path

from result_support import kata_result

from checker.core.catalogue import load_catalogue
from checker.core.limits import MAX_REASON_TEXT
from checker.core.results import CaseResult, Chart, MistakeRef, RunResult, Status
from checker.report.check.live import NOTHING_TO_PLOT, LivePrinter, loss_curve
from checker.report.style import Style, fit_to_stream

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue(ROOT)


def _printer(lines: list[str]) -> LivePrinter:
    return LivePrinter(lines.append, Style(False), ROOT, reference=False)


def test_one_header_per_kata_each_case_and_a_summary_when_the_next_kata_starts():
    lines: list[str] = []
    printer = _printer(lines)
    first, second = CATALOGUE.resolve("01"), CATALOGUE.resolve("02")

    printer.case(first, CaseResult("readme example", Status.PASSED))
    printer.case(first, CaseResult("hidden case", Status.PASSED))
    printer.case(second, CaseResult("readme example", Status.PASSED))
    printer.finish(
        RunResult(seed=7, reference=False, cuda_available=False, torch_version="x"), retry="kata check 01-02"
    )

    text = "\n".join(lines)
    assert text.count("Kata 01 create_tensor") == 1 and text.count("Kata 02 tensor_op") == 1
    assert text.index("PASSED: 2 of 2") < text.index("Kata 02 tensor_op")
    assert "katas/01_create_tensor/create_tensor.py" in text
    assert "`kata check 01-02 --seed 7`" in text
    assert printer.done == 2


def test_not_started_is_said_once():
    lines: list[str] = []
    printer = _printer(lines)
    kata = CATALOGUE.resolve("01")

    for name in ("a", "b", "c"):
        printer.case(kata, CaseResult(name, Status.NOT_STARTED, "Not started yet."))

    assert sum("not started" in line for line in lines) == 1


def test_a_training_kata_ends_with_the_longest_loss_curve():
    lines: list[str] = []
    printer = _printer(lines)
    kata = CATALOGUE.resolve("10")

    printer.case(kata, CaseResult("first steps", Status.PASSED, charts=(Chart.losses((1.0, 0.9)),)))
    long_run = Chart.losses(tuple(1 / (i + 1) for i in range(100)))
    printer.case(kata, CaseResult("readme example", Status.PASSED, charts=(long_run,)))
    printer.case(kata, CaseResult("structure", Status.PASSED))
    printer.finish(RunResult(seed=1, reference=False, cuda_available=False, torch_version="x"), retry="kata check 10")

    text = "\n".join(lines)
    assert 'Loss per step in "readme example":' in text
    assert "step 99" in text


def test_no_curve_for_katas_without_losses():
    result = kata_result(1, "create_tensor", "t", 10, [CaseResult("a", Status.PASSED)])

    assert loss_curve(result, Style(False)) == ""


def test_kata_11_also_shows_the_trained_curve_against_sin():
    result = kata_result(11, "mlp_sin", "A small MLP", 20)
    fit = Chart.fit(((-1.0, -0.8, -0.7), (0.0, 0.0, 0.1), (1.0, 0.8, 0.7)), target_label="sin(x)")
    result.cases.append(CaseResult("learns sin", Status.PASSED, charts=(Chart.losses((1.0, 0.5, 0.1)), fit)))
    text = loss_curve(result, Style(False))
    assert "against sin(x)" in text and "●" in text
    assert text.index("Loss per step") < text.index("against sin(x)"), "the loss curve first, then the fit"
    assert all(line == line.rstrip() for line in text.splitlines())


def test_the_fit_is_left_out_when_it_has_nothing_finite_to_draw():
    nan = float("nan")
    result = kata_result(11, "mlp_sin", "A small MLP", 20)
    fit = Chart.fit(((0.0, 0.0, nan), (1.0, 0.8, nan)), target_label="sin(x)")
    result.cases.append(CaseResult("learns sin", Status.FAILED, charts=(Chart.losses((1.0, nan)), fit)))

    text = loss_curve(result, Style(False))

    assert "Loss per step" in text and "sin(x)" not in text


def test_only_the_case_that_carries_a_fit_draws_it():
    result = kata_result(11, "mlp_sin", "A small MLP", 20)
    result.cases.append(CaseResult("first steps match", Status.PASSED, charts=(Chart.losses((1.0, 0.5)),)))
    fit = Chart.fit(((-1.0, -0.8, -0.7), (1.0, 0.8, 0.7)), target_label="sin(x)")
    result.cases.append(CaseResult("learns sin", Status.PASSED, charts=(Chart.losses((1.0, 0.5, 0.2)), fit)))

    assert 'against sin(x) (·) in "learns sin"' in loss_curve(result, Style(False))


def test_a_passing_case_shows_its_notes_and_the_summary_counts_them():
    lines: list[str] = []
    printer = _printer(lines)
    note = MistakeRef("integer_result", "The numbers are right, but they came back as ints.", "Ask for floats.")

    printer.case(CATALOGUE.resolve("01"), CaseResult("whole number fill value", Status.PASSED, notes=(note,)))
    printer.case(CATALOGUE.resolve("01"), CaseResult("hidden case", Status.PASSED))
    printer.finish(RunResult(seed=7, reference=False, cuda_available=False, torch_version="x"), retry="kata check 01")

    text = "\n".join(lines)
    assert (
        f"  ✓ whole number fill value\n      note      {note.title}\n      fix       {note.fix}\n  ✓ hidden case"
    ) in text
    assert "PASSED: 2 of 2 cases, 1 note  (katas/01_create_tensor/create_tensor.py)" in text


def test_the_summary_says_how_many_passed_only_when_not_all_did():
    lines: list[str] = []
    printer = _printer(lines)

    printer.case(CATALOGUE.resolve("01"), CaseResult("readme example", Status.PASSED))
    printer.case(CATALOGUE.resolve("01"), CaseResult("hidden case", Status.FAILED, "Wrong values."))
    printer.finish(RunResult(seed=7, reference=False, cuda_available=False, torch_version="x"), retry="kata check 01")

    assert "FAILED: 1 of 2 cases passed  (katas/01_create_tensor/create_tensor.py)" in "\n".join(lines)


def _two_mistakes_and_a_message(printer: LivePrinter) -> tuple[MistakeRef, MistakeRef]:
    """Kata 02 fails for three causes over five cases, a passing case among them."""
    kata = CATALOGUE.resolve("02")
    matmul = MistakeRef("elementwise_for_matmul", "You multiplied element by element.", "Use @.")
    python_max = MistakeRef("python_max", "Python's built-in `max` cannot compare tensors.", "Use torch.maximum.")
    details = {"call": "tensor_op(...)", "got": "[1.0]", "expected": "[2.0]"}

    printer.case(kata, CaseResult("matmul", Status.FAILED, "Wrong values.", mistake=matmul, details=details))
    printer.case(kata, CaseResult("max", Status.ERROR, "Your code raised RuntimeError.", mistake=python_max))
    printer.case(kata, CaseResult("hidden case [0]", Status.FAILED, "Wrong values.", mistake=matmul))
    printer.case(kata, CaseResult("hidden case [1]", Status.FAILED, "Wrong values: at [0] got 1.0, expected 2.0."))
    printer.case(kata, CaseResult("add", Status.PASSED))
    printer.case(kata, CaseResult("hidden case [2]", Status.FAILED, "Wrong values: at [1] got 3.0, expected 4.0."))
    printer.finish(RunResult(seed=1, reference=False, cuda_available=False, torch_version="x"), retry="kata check 02")
    return matmul, python_max


def test_each_cause_is_explained_once_and_its_other_cases_fold_into_one_line_at_the_end():
    lines: list[str] = []
    matmul, _ = _two_mistakes_and_a_message(_printer(lines))

    text = "\n".join(lines)
    assert text.count(matmul.title) == 1, "explained at its first case, and nowhere else"
    assert text.count("Use @.") == 1 and text.count("Use torch.maximum.") == 1
    assert "hidden case [0]:" not in text and "hidden case [2]:" not in text, "held back, not listed"
    assert "explained above" not in text and "causes to fix" not in text, "the folds say it once: no recap"
    rows = text.splitlines()
    folds = [
        "  ✗ 1 more case, same cause as matmul: hidden case [0]",
        "  ✗ 1 more case, same cause as hidden case [1]: hidden case [2]",
    ]
    summary = rows.index("  FAILED: 1 of 6 cases passed  (katas/02_tensor_op/tensor_op.py)")
    assert rows[summary - 2 : summary] == folds, "after the kata's last case, in the order the causes came"
    assert rows.index("  ✓ add") < summary - 2
    failures = [(row, after) for row, after in zip(rows, rows[1:]) if row.lstrip().startswith("✗")]
    assert len(failures) == 5
    for row, after in failures:  # a reason on the case's line, or its explanation right below it
        assert not row.endswith(("wrong answer", "error")) or after.startswith("      ") and after.strip(), row


def test_verbose_lists_every_failed_case_where_it_comes_and_recaps_the_causes():
    lines: list[str] = []
    matmul, _ = _two_mistakes_and_a_message(LivePrinter(lines.append, Style(False), ROOT, False, verbose=True))

    text = "\n".join(lines)
    assert text.count(matmul.title) == 2  # at its first case and in the recap
    assert text.count("Use @.") == 1 and text.count("Use torch.maximum.") == 1
    assert "hidden case [0]: wrong answer, same cause as matmul" in text
    assert "hidden case [2]: wrong answer, same cause as hidden case [1]" in text
    assert text.index("hidden case [2]: wrong answer") > text.index("✓ add"), "each case where it finished"
    assert "more case" not in text, "nothing folded"
    assert "3 causes to fix:" in text
    assert "in matmul; also in: hidden case [0]" in text and "[python_max]" in text


def test_a_fold_line_says_how_many_and_names_as_many_as_fit():
    lines: list[str] = []
    printer = _printer(lines)
    kata = CATALOGUE.resolve("06")
    names = [f"a rather long case name number {number}" for number in range(12)]

    for name in names:
        printer.case(kata, CaseResult(name, Status.FAILED, f"Wrong values: at [{len(name)}] got 1.0."))
    printer.finish(RunResult(seed=1, reference=False, cuda_available=False, torch_version="x"), retry="kata check 06")

    fold = next(line for line in "\n".join(lines).splitlines() if "more cases" in line)
    assert fold.startswith(f"  ✗ 11 more cases, same cause as {names[0]}: {names[1]}, {names[2]}")
    assert fold.endswith(", ...") and names[-1] not in fold
    assert len(fold) <= MAX_REASON_TEXT


def test_a_fold_line_with_room_for_every_name_lists_them_all():
    lines: list[str] = []
    printer = _printer(lines)
    kata = CATALOGUE.resolve("06")

    for name in ("a", "b", "c"):
        printer.case(kata, CaseResult(name, Status.TIMEOUT, "Your code took longer than 2 s."))
    printer.finish(RunResult(seed=1, reference=False, cuda_available=False, torch_version="x"), retry="kata check 06")

    assert "  ✗ 2 more cases, same cause as a: b, c\n" in "\n".join(lines)


def test_causes_beyond_the_detailed_ones_keep_their_reason_on_their_line():
    lines: list[str] = []
    printer = _printer(lines)
    kata = CATALOGUE.resolve("02")

    for number in range(8):
        printer.case(kata, CaseResult(f"case {number}", Status.ERROR, f"Problem number {'I' * (number + 1)}."))

    assert "✗ case 7: error: Problem number IIIIIIII." in "\n".join(lines)


def _a_note_on_three_of_four_cases(printer: LivePrinter) -> MistakeRef:
    kata = CATALOGUE.resolve("04")
    flood = MistakeRef("output_cut", "Your code printed 2.0 MB; the checker kept only the start.", "Remove the prints.")

    printer.case(kata, CaseResult("readme example", Status.PASSED, notes=(flood,)))
    printer.case(kata, CaseResult("hidden case [0]", Status.PASSED, notes=(flood,)))
    printer.case(kata, CaseResult("hidden case [1]", Status.PASSED))
    printer.case(kata, CaseResult("hidden case [2]", Status.PASSED, notes=(flood,)))
    printer.finish(RunResult(seed=7, reference=False, cuda_available=False, torch_version="x"), retry="kata check 04")
    return flood


def test_a_note_repeated_in_later_cases_is_explained_once_and_its_other_cases_fold_into_one_line():
    lines: list[str] = []
    flood = _a_note_on_three_of_four_cases(_printer(lines))

    text = "\n".join(lines)
    assert text.count(flood.title) == 1 and text.count(flood.fix) == 1
    assert "  ✓ hidden case [0]\n  ✓ hidden case [1]\n  ✓ hidden case [2]\n" in text, "each passed case, one line"
    assert (
        "  note 2 more cases, same note as readme example: hidden case [0], hidden case [2]\n"
        "  PASSED: 4 of 4 cases, 3 notes"
    ) in text


def test_verbose_points_each_repeated_note_back_to_where_it_was_explained():
    lines: list[str] = []
    flood = _a_note_on_three_of_four_cases(LivePrinter(lines.append, Style(False), ROOT, False, verbose=True))

    text = "\n".join(lines)
    assert text.count(flood.title) == 1 and text.count(flood.fix) == 1
    assert (
        "  ✓ hidden case [0]\n      note      same as readme example (explained above)\n  ✓ hidden case [1]\n"
    ) in text
    assert "  ✓ hidden case [2]\n      note      same as readme example (explained above)" in text
    assert "PASSED: 4 of 4 cases, 3 notes" in text


def test_notes_are_explained_again_in_the_next_kata():
    lines: list[str] = []
    printer = _printer(lines)
    note = MistakeRef("integer_result", "The numbers came back as ints.", "Ask for floats.")

    printer.case(CATALOGUE.resolve("01"), CaseResult("a", Status.PASSED, notes=(note,)))
    printer.case(CATALOGUE.resolve("02"), CaseResult("b", Status.PASSED, notes=(note,)))

    assert "\n".join(lines).count(note.fix) == 2


def _after(run: RunResult, reference: bool = False) -> list[str]:
    lines: list[str] = []
    printer = LivePrinter(lines.append, Style(False), ROOT, reference=reference)
    printer.next_step(run, [], None)
    return lines


def _run(*statuses: Status, reference: bool = False) -> RunResult:
    run = RunResult(seed=1, reference=reference, cuda_available=False, torch_version="x")
    for number, status in enumerate(statuses, start=1):
        run.katas.append(kata_result(number, "k", "t", 10, [CaseResult("a", status)]))
    return run


def test_after_a_check_the_next_step_on_a_pass_a_hint_when_one_kata_fails():
    assert "Every kata is passed" in _after(_run(Status.PASSED))[0]
    assert _after(_run(Status.FAILED)) == ["\nStuck? `kata hint 01` shows a hint."]
    assert _after(_run(Status.FAILED, Status.PASSED)) == [], "several katas: each summary says enough"
    assert _after(_run(Status.PASSED, reference=True), reference=True) == [], "a reference run is not the learner's"


def test_warnings_go_to_err_and_a_plot_with_nothing_to_draw_says_so():
    out: list[str] = []
    err: list[str] = []
    printer = LivePrinter(out.append, Style(False), ROOT, reference=False, err=err.append)

    printer.warn(["could not save"])
    printer.plot_saved("")

    assert err == ["warning: could not save"] and out == [NOTHING_TO_PLOT]


def test_on_an_ascii_stream_every_line_the_printer_writes_fits():
    fit = fit_to_stream(io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    lines: list[str] = []
    printer = LivePrinter(lambda line: lines.append(fit(line)), Style(False), ROOT, reference=False)
    fit_chart = Chart.fit(((-1.0, -0.8, -0.7), (0.0, 0.0, 0.1), (1.0, 0.8, 0.7)), target_label="sin(x)")
    charts = (Chart.losses((1.0, 0.5, 0.1)), fit_chart)
    learner = "printed 🎉 and returned \udcff"

    printer.case(CATALOGUE.resolve("11"), CaseResult("learns sin", Status.PASSED, charts=charts))
    printer.case(CATALOGUE.resolve("11"), CaseResult("wrong", Status.FAILED, learner, details={"output": learner}))
    printer.case(CATALOGUE.resolve("12"), CaseResult("not yet", Status.NOT_STARTED, "not started"))
    printer.finish(RunResult(seed=1, reference=False, cuda_available=False, torch_version="x"), retry="kata check")

    text = "\n".join(lines)
    text.encode("ascii")
    assert "  + learns sin" in text and "  x wrong: wrong answer" in text and "  . not yet" in text
    assert "(o) against sin(x) (.)" in text
    assert "\\U0001f389" in text and "\\udcff" in text, "what the learner wrote shows, escaped"
