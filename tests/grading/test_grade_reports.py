"""The grade reports, from a made-up grade: each parses with a real reader and says the same score.

Covers checker/report/{grade_text,junit,gradescope,classroom50,summary}.py, grade_to_json
and checker/grading/{result,outputs}.py, and that a class run's record (core/record.py)
agrees with kata-results.json, without running any worker.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from grade_support import read_reports
from platform_marks import needs_symlinks
from result_support import kata_result

from checker.core.record import record_from_grade
from checker.core.results import CaseResult, GradeResult, MistakeRef, RunResult, Status
from checker.grading.outputs import REPORTS, clear_reports, publish_to_github, write_reports
from checker.report.check.json_report import grade_to_json
from checker.report.grade.classroom50 import grade_to_classroom50, in_classroom50, integer_scores
from checker.report.grade.gradescope import grade_to_gradescope
from checker.report.grade.junit import grade_to_junit
from checker.report.grade.summary import grade_to_markdown

HOSTILE = "line one | two\x00\x1b[31m\x07 <b>bold</b> \ud800 end"


def _grade(**changes) -> GradeResult:
    run = RunResult(
        seed=42, reference=False, cuda_available=False, torch_version="2.13.0", started=100.0, finished=112.4
    )
    passed = kata_result(
        1,
        "create_tensor",
        "Create tensors",
        10,
        [
            CaseResult("readme example [zeros]", Status.PASSED, duration=0.5),
            CaseResult("hidden case [0]", Status.PASSED, duration=0.25),
        ],
    )
    mixed = kata_result(
        2,
        "tensor_op",
        "Element-wise maths",
        10,
        [
            CaseResult("readme example [add]", Status.PASSED, duration=0.1),
            CaseResult(
                "readme example [matmul]",
                Status.FAILED,
                "Wrong values.",
                0.1,
                MistakeRef("MATMUL_AS_MULTIPLY", "You multiplied element by element.", "Use @."),
                {"call": "tensor_op([[1]], [[2]], 'matmul')", "got": "[[2.0]]", "expected": "[[3.0]]"},
            ),
            CaseResult(
                "hidden case [0]", Status.TIMEOUT, "Your code did not finish.", 10.0, details={"output": HOSTILE}
            ),
            CaseResult("trains on cuda", Status.SKIPPED, "skipped: needs CUDA (no GPU on this machine)"),
        ],
    )
    stub = kata_result(
        3,
        "reshape_tensor",
        "Same numbers, new shape",
        10,
        [
            CaseResult("readme example", Status.NOT_STARTED, "Not started yet."),
            CaseResult("crash", Status.ERROR, HOSTILE),
        ],
    )
    run.katas = [passed, mixed, stub]
    return GradeResult(run, submission="student", **changes)


def test_scores_follow_the_partial_credit_rule():
    grade = _grade()

    assert [kata.score for kata in grade.katas] == [10.0, 3.33, 0.0]  # 1 of 3 counted: the CUDA case is out
    assert (grade.score, grade.max_score, grade.percent) == (13.33, 30, 44.43)
    assert grade.complete and not grade.all_passed and grade.duration == pytest.approx(12.4)


def test_junit_has_a_suite_per_kata_and_maps_each_status(tmp_path):
    root = ET.fromstring(grade_to_junit(_grade()).split("\n", 1)[1])

    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["01 create_tensor", "02 tensor_op", "03 reshape_tensor"]
    assert [(s.get("tests"), s.get("failures"), s.get("errors"), s.get("skipped")) for s in suites] == [
        ("2", "0", "0", "0"),
        ("4", "1", "1", "1"),
        ("2", "1", "1", "0"),
    ]
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("8", "2", "2", "1")
    failure = suites[1].find("testcase[@name='readme example [matmul]']/failure")
    assert failure.get("type") == "failed" and "You multiplied element by element." in failure.text
    timeout = suites[1].find("testcase[@name='hidden case [0]']")
    assert timeout.find("error").get("type") == "timeout"
    assert timeout.find("system-out").text == "line one | two[31m <b>bold</b>  end"
    assert suites[2].find("testcase/failure").get("type") == "not_started"


def test_gradescope_has_the_score_and_a_test_per_kata():
    data = grade_to_gradescope(_grade(), visibility="after_due_date")

    assert data["score"] == 13.33 and data["execution_time"] == 12
    assert [(t["name"], t["score"], t["max_score"], t["status"]) for t in data["tests"]] == [
        ("01 create_tensor: Create tensors", 10.0, 10, "passed"),
        ("02 tensor_op: Element-wise maths", 3.33, 10, "failed"),
        ("03 reshape_tensor: Same numbers, new shape", 0.0, 10, "failed"),
    ]
    assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}
    assert "expected  [[3.0]]" in data["tests"][1]["output"]
    with pytest.raises(ValueError):
        grade_to_gradescope(_grade(), visibility="everyone")


CLASSROOM50_ENV = {
    "CLASSROOM": "cs101",
    "ASSIGNMENT": "katas",
    "SUBMISSION_TAG": "submit/2026-06-01T14-32-05Z-a1b2c3d",
    "COMMIT_URL": "https://github.com/o/r/commit/abc",
    "RELEASE_URL": "https://github.com/o/r/releases/x",
}


def test_classroom50_result_follows_the_contract_with_integer_scores():
    grade = _grade(submitted_at="2026-06-01T14:32:01Z")

    payload = grade_to_classroom50(grade, CLASSROOM50_ENV)

    assert payload["schema"] == "classroom50/result/v1"
    assert (payload["classroom"], payload["assignment"]) == ("cs101", "katas")
    assert payload["submission"] == CLASSROOM50_ENV["SUBMISSION_TAG"]
    assert payload["commit"] == payload["review"] == CLASSROOM50_ENV["COMMIT_URL"], "no REVIEW_URL: the commit"
    assert payload["release"] == CLASSROOM50_ENV["RELEASE_URL"]
    assert payload["datetime"] == "2026-06-01T14:32:01Z" and payload["graded_at"] == "1970-01-01T00:01:52Z"
    assert [(t["passed"], t["score"], t["max-score"]) for t in payload["tests"]] == [
        (True, 10, 10),
        (False, 3, 10),
        (False, 0, 10),
    ]
    assert (payload["score"], payload["max-score"]) == (13, 30)
    assert payload["tests"][1]["exact-score"] == 3.33 and "kata check 02" in payload["tests"][1]["message"]
    assert json.loads(json.dumps(payload)) == payload


def test_classroom50_runs_only_when_its_three_variables_are_set():
    assert in_classroom50(CLASSROOM50_ENV)
    for missing in ("CLASSROOM", "ASSIGNMENT", "SUBMISSION_TAG"):
        assert not in_classroom50({key: value for key, value in CLASSROOM50_ENV.items() if key != missing})


@pytest.mark.parametrize(
    "exact, points, passed, expected",
    [
        ([3.33, 3.33, 3.34], [10, 10, 10], [False] * 3, [3, 3, 4]),  # 10.0 in all: the largest fraction gets it
        ([6.67, 6.67, 6.66], [10, 10, 10], [False] * 3, [7, 7, 6]),  # 20.0
        ([9.58, 0.0], [10, 10], [False, False], [9, 0]),  # rounding up would give a failed kata full points
        ([10.0, 2.5, 2.5], [10, 5, 5], [True, False, False], [10, 3, 2]),  # 15: one of the halves goes up
    ],
)
def test_integer_scores_add_up_to_the_rounded_total_and_stay_within_a_point(exact, points, passed, expected):
    katas = []
    for number, (score, top, ok) in enumerate(zip(exact, points, passed), start=1):
        counted = 1000
        cases = [
            CaseResult(f"c{i}", Status.PASSED if i < round(score / top * counted) else Status.FAILED)
            for i in range(counted)
        ]
        kata = kata_result(number, f"k{number}", "t", top, cases)
        assert kata.score == score and (kata.status is Status.PASSED) == ok
        katas.append(kata)

    whole = integer_scores(katas)

    assert whole == expected
    assert all(abs(w - e) < 1 for w, e in zip(whole, exact))


def test_a_grader_that_failed_says_error_everywhere():
    grade = _grade(failure="RuntimeError: boom")

    assert [t["passed"] for t in grade_to_classroom50(grade, {})["tests"]] == [False, False, False]
    assert "Grading did not finish: RuntimeError: boom" in grade_to_classroom50(grade, {})["tests"][0]["message"]
    assert "Grading did not finish: RuntimeError: boom" in grade_to_gradescope(grade)["output"]
    assert "Grading did not finish" in grade_to_markdown(grade)
    assert grade_to_json(grade)["complete"] is False


def test_summary_is_a_table_that_hostile_text_cannot_break():
    grade = _grade(warnings=["watch | this <script>"])

    text = grade_to_markdown(grade)

    assert text.startswith("## torch-katas grade: 13.33 / 30 (44.43%)\n")
    assert "| 02 tensor_op | ❌ failed | 1 of 3, 1 skipped (need CUDA) | 3.33 / 10 |" in text
    assert "| 03 reshape_tensor | ❌ failed |" in text
    assert "watch \\| this &lt;script&gt;" in text
    problem_lines = [line for line in text.splitlines() if line.startswith("* **03")]
    assert problem_lines[0] == "* **03 reshape_tensor**: readme example: Not started yet."
    assert len(problem_lines) == 2 and "&lt;b&gt;bold" in problem_lines[1] and "\\| two" in problem_lines[1]


def test_summary_explains_each_cause_once_and_lists_the_cases_it_covers():
    other = MistakeRef("python_max", "Python's built-in `max` cannot compare tensors.", "Use torch.maximum.")
    grade = _grade()
    mistake = grade.run.katas[1].cases[1].mistake  # the matmul case's
    grade.run.katas[1].cases += [
        CaseResult("hidden case [1]", Status.FAILED, "Wrong values.", mistake=mistake),
        CaseResult("hidden case [2]", Status.ERROR, "Your code raised RuntimeError.", mistake=other),
        CaseResult("hidden case [3]", Status.FAILED, "Wrong values.", mistake=other),
    ]

    text = grade_to_markdown(grade)

    lines = [line for line in text.splitlines() if line.startswith("* **02")]
    assert lines == [
        "* **02 tensor_op**: readme example [matmul]: You multiplied element by element. (also in: hidden case [1])",
        "* **02 tensor_op**: hidden case [0]: Your code did not finish.",
        "* **02 tensor_op**: hidden case [2]: Python's built-in 'max' cannot compare tensors. (also in: hidden case [3])",
    ]


def test_the_json_report_has_the_run_and_the_totals():
    data = grade_to_json(_grade(warnings=["a note"]))

    assert (data["kind"], data["score"], data["max_score"], data["percent"]) == ("grade", 13.33, 30, 44.43)
    assert data["started_at"] == "1970-01-01T00:01:40+00:00" and data["warnings"] == ["a note"]
    assert [kata["id"] for kata in data["katas"]] == ["01", "02", "03"]


@pytest.mark.parametrize("failure", ["", "The judge broke."], ids=["graded", "grader-failed"])
def test_the_class_record_says_what_the_json_report_says(failure):
    """The gradebook and the class report read the record; a student reads kata-results.json: the same numbers."""
    grade = _grade(failure=failure)
    data, record = grade_to_json(grade), record_from_grade("student", grade, "hash", "plan")

    assert (record.score, record.max_score, record.percent, record.seed) == (
        data["score"],
        data["max_score"],
        data["percent"],
        data["seed"],
    )
    assert (not record.incomplete, record.incomplete or None) == (data["complete"], data["failure"])
    assert [(k.id, k.name, k.status.value, k.score) for k in record.katas] == [
        (k["id"], k["name"], k["status"], k["score"]) for k in data["katas"]
    ]
    assert [
        (case.name, case.status.value, case.mistake and case.mistake.code) for k in record.katas for case in k.cases
    ] == [
        (case["name"], case["status"], (case["mistake"] or {}).get("code"))
        for k in data["katas"]
        for case in k["cases"]
    ]


@needs_symlinks
def test_reports_are_written_whole_replacing_links_and_parse_back(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "elsewhere.json"
    target.write_text("untouched")
    (out / "kata-results.json").symlink_to(target)

    written = write_reports(_grade(), out)

    assert sorted(path.name for path in written) == sorted(REPORTS)
    assert target.read_text() == "untouched" and not (out / "kata-results.json").is_symlink()
    reports = read_reports(out)
    assert reports["results"]["score"] == 13.33
    assert "\ud800" not in (out / "junit.xml").read_text(encoding="utf-8")
    clear_reports(out)
    assert list(out.iterdir()) == []


def test_github_output_and_step_summary_are_appended_only_when_set(tmp_path):
    output, summary = tmp_path / "output", tmp_path / "summary"
    summary.write_text("earlier step\n")
    grade = _grade()

    assert publish_to_github(grade, {}) == []
    used = publish_to_github(grade, {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)})

    assert used == ["GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"]
    assert output.read_text() == "score=13.33\nmax_score=30\npercent=44.43\npassed=false\n"
    assert summary.read_text() == "earlier step\n" + grade_to_markdown(grade)


NOTE = MistakeRef("integer_result", "The numbers are right, but they came back as ints.", "Ask for floats.")


def _noted_grade() -> GradeResult:
    run = RunResult(seed=42, reference=False, cuda_available=False, torch_version="2.13.0")
    run.katas = [
        kata_result(
            1,
            "create_tensor",
            "Create tensors",
            10,
            [
                CaseResult("readme example [zeros]", Status.PASSED),
                CaseResult("whole number fill value", Status.PASSED, notes=(NOTE,)),
            ],
        )
    ]
    return GradeResult(run, submission="student")


def test_notes_reach_every_report_and_change_no_score():
    grade = _noted_grade()

    assert grade.score == grade.max_score == 10 and grade.all_passed
    kata = grade_to_json(grade)["katas"][0]
    assert kata["notes"] == 1 and kata["status"] == "passed"
    assert kata["cases"][1]["notes"] == [{"code": "integer_result", "title": NOTE.title, "fix": NOTE.fix}]
    assert kata["cases"][0]["notes"] == []
    suite = ET.fromstring(grade_to_junit(grade).split("\n", 1)[1]).find("testsuite")
    assert {p.get("name"): p.get("value") for p in suite.find("properties")}["notes"] == "1"
    noted = suite.find("testcase[@name='whole number fill value']")
    assert noted.find("failure") is None and NOTE.title in noted.find("system-out").text
    assert suite.find("testcase[@name='readme example [zeros]']/system-out") is None
    output = grade_to_gradescope(grade)["tests"][0]["output"]
    assert "passed, 2 of 2 cases, 1 note, 10 of 10 points" in output and f"note      {NOTE.title}" in output
    test = grade_to_classroom50(grade, {})["tests"][0]
    assert test["passed"] and test["score"] == 10
    summary = grade_to_markdown(grade)
    assert "| 01 create_tensor | ✅ passed | 2 of 2, 1 note | 10 / 10 |" in summary
    assert f"* **01 create_tensor**: whole number fill value: {NOTE.title} {NOTE.fix}" in summary
