"""The class report: its numbers from hand-built records, from a real `kata grade-class`, and its HTML's safety.

Hand-built students go through `record_from_grade`, so they are exactly the records
`kata grade-class` stores. One test grades two real trees, to check the report against
what the class run really records.
"""

from __future__ import annotations

import math
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from grade_support import CATALOGUE, reference, student_tree

from checker.cli import main
from checker.core.mistakes import MISSING_RETURN, TENSOR_NOT_LIST
from checker.core.record import GRADE_INTERRUPTED, StudentRecord, record_from_grade
from checker.core.results import CaseResult, GradeResult, KataResult, MistakeRef, RowStatus, RunResult, Status
from checker.grading.gradebook import load_records
from checker.grading.similarity_inputs import class_similarity
from checker.grading.similarity_output import similar_work
from checker.report.classwide.report import render_class_report
from checker.report.classwide.stats import class_stats, histogram
from checker.specs.tensor_op.mistakes import PYTHON_MAX

P, F, E, N, S = Status.PASSED, Status.FAILED, Status.ERROR, Status.NOT_STARTED, Status.SKIPPED


def graded(
    student: str, katas: dict[str, list[tuple[Status, MistakeRef | None]]], *, interrupted: bool = False
) -> StudentRecord:
    """A graded student: kata id -> its cases as (status, mistake), turned into the record a class run stores."""
    results = [
        KataResult(
            CATALOGUE.resolve(kata_id),
            [CaseResult(f"case_{index}", status, mistake=mistake) for index, (status, mistake) in enumerate(cases)],
        )
        for kata_id, cases in katas.items()
    ]
    run = RunResult(
        seed=5, reference=False, cuda_available=False, torch_version="2.x", katas=results, interrupted=interrupted
    )
    return record_from_grade(student, GradeResult(run, student), "hash", "plan")


def row(student: str, status: RowStatus, message: str) -> StudentRecord:
    """A student who was not graded, and why."""
    return StudentRecord(student, status, message)


def cases(*statuses: Status, mistake: MistakeRef | None = None) -> list[tuple[Status, MistakeRef | None]]:
    return [(status, mistake if status in (F, E) else None) for status in statuses]


MISSING = MISSING_RETURN.ref()
MAX = PYTHON_MAX.ref()
CLASS = [
    graded("ann", {"01": cases(P, P, P), "02": cases(P, P)}),  # 100 %
    graded("ben", {"01": cases(P, F, F, mistake=MISSING), "02": cases(F, P, mistake=MAX)}),
    graded("cy", {"01": cases(F, P, P, mistake=MISSING), "02": cases(N, N)}),  # 02 not started: not in its share
    graded("dee", {"01": cases(N, N, N), "02": cases(N, N)}),  # 0 %
    row("eve", RowStatus.MISSING, "On the roster, no submission."),
    row("fay.zip", RowStatus.NOT_A_ZIP, "fay.zip is not a zip file."),
]


@pytest.fixture(scope="module")
def stats():
    return class_stats(CLASS, CATALOGUE)


def test_students_are_counted_by_status_and_scores_summed(stats):
    assert (stats.size, len(stats.graded), len(stats.missing), len(stats.errors)) == (6, 4, 1, 1)
    expected = [
        100.0,
        graded("x", {"01": cases(P, F, F), "02": cases(F, P)}).percent,
        graded("x", {"01": cases(F, P, P), "02": cases(N, N)}).percent,
        0.0,
    ]
    assert stats.percents == expected
    assert math.isclose(stats.mean, sum(expected) / 4) and math.isclose(stats.median, (expected[1] + expected[2]) / 2)
    assert stats.all_passed == 1
    assert [kata.id for kata in stats.katas] == ["01", "02"], "katas nobody was graded on are left out"


def test_pass_rates_count_not_started_apart_from_wrong(stats):
    first, second = stats.katas
    assert (first.passed, first.failed, first.not_started, first.pass_rate) == (1, 2, 1, 0.25)
    assert (second.passed, second.failed, second.not_started, second.attempted) == (1, 1, 2, 2)
    case = second.cases["case_0"]
    assert (case.passed, case.wrong, case.broke, case.not_started) == (1, 1, 0, 2)
    assert (first.cases["case_1"].passed, first.cases["case_1"].wrong) == (2, 1)


def test_mistakes_are_ranked_by_students_once_each_with_the_share_of_those_who_attempted(stats):
    ranked = [(m.kata_id, m.code, m.students, m.attempted) for m in stats.mistakes]
    # ben shows MISSING_RETURN in two cases of 01: he counts once. cy did not start 02: its share is 1 of 2.
    assert ranked == [("01", "missing_return", ["ben", "cy"], 3), ("02", "python_max", ["ben"], 2)]
    assert [m.share for m in stats.mistakes] == [2 / 3, 0.5]


def test_errors_count_their_mistakes_and_as_raised_not_wrong():
    error = TENSOR_NOT_LIST.ref()
    stats = class_stats([graded("a", {"01": cases(E, P, mistake=error)}), graded("b", {"01": cases(F, S)})], CATALOGUE)
    (kata,) = stats.katas
    assert (kata.cases["case_0"].broke, kata.cases["case_0"].wrong, kata.cases["case_1"].skipped) == (1, 1, 1)
    assert [(m.code, m.count, m.attempted) for m in stats.mistakes] == [("tensor_not_list", 1, 2)]


@pytest.mark.parametrize(
    ("percents", "counts"),
    [
        ([0.0, 9.99, 10.0, 55.5, 99.9, 100.0], [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]),
        ([], [0] * 10),
    ],
)
def test_histogram_bands_hold_their_lower_bound_and_100_goes_last(percents, counts):
    assert histogram(percents) == counts


def test_markdown_has_every_section_with_the_numbers():
    md, _ = render_class_report(CLASS, CATALOGUE)
    assert "6 students: 4 graded, 1 missing, 1 could not be graded." in md
    assert "| 1 | 01 create_tensor | 2 of 3 | 67% | " + MISSING_RETURN.title.replace("`", "'") in md
    assert "| 01 Create tensors filled with zeros, ones or a value | 1 | 2 | 1 | 25% |" in md
    assert "| 02 | case_0 | 1 | 1 | 0 | 2 | 25% |" in md
    assert "| 0–9% | 1 |" in md and "| 90–100% | 1 |" in md
    assert "| eve | missing | On the roster, no submission. |" in md
    assert "| fay.zip | not_a_zip | fay.zip is not a zip file. |" in md


class _Tags(HTMLParser):
    """The start tags of a page, and the attributes that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.loads: list[tuple[str, str]] = []
        self.open_details = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.loads += [(name, value) for name, value in attrs if name in ("src", "href") or name.startswith("on")]
        self.open_details += tag == "details"

    def handle_endtag(self, tag):
        self.open_details -= tag == "details"


HOSTILE = '<script>alert(1)</script>\x1b[31m\x00 & "quoted" </details></table>\ud800 end'


def test_html_is_one_self_contained_page_with_hostile_text_escaped():
    hostile = MistakeRef("hostile", f"Title {HOSTILE}", f"Fix {HOSTILE}")
    entries = [
        *CLASS,
        row(f"mal<b>{HOSTILE}", RowStatus.ERROR, f"Grading stopped: {HOSTILE}"),
        graded("gil", {"01": cases(P, P, P)}, interrupted=True),
        graded("hal", {"02": cases(F, P, mistake=hostile)}),
    ]
    md, page = render_class_report(entries, CATALOGUE)

    page.encode("utf-8")  # no lone surrogate left: the page can be written as UTF-8
    md.encode("utf-8")
    parser = _Tags()
    parser.feed(page)
    assert set(parser.tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "div",
        "b",
        "span",
        "svg",
        "rect",
        "line",
        "text",
        "table",
        "tr",
        "th",
        "td",
        "details",
        "summary",
        "code",
        "br",
        "i",
    }, set(parser.tags)
    assert parser.loads == [] and parser.open_details == 0
    assert "\x1b" not in page and "[31m" not in page and "\x00" not in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "mal&lt;b&gt;" in page
    assert "<script" not in md and "\x1b" not in md
    assert "graded, unfinished" in page and "Grading stopped: &lt;script&gt;" in page
    assert f"| gil | graded, unfinished | {GRADE_INTERRUPTED} |" in md
    assert "Title &lt;script&gt;" in page and "Fix &lt;script&gt;" in page, "a mistake's words are escaped too"
    for heading in (
        "Score distribution",
        "Most common mistakes",
        "Pass rate per kata",
        "Pass rate per case",
        "Not graded, missing or unfinished",
    ):
        assert f"<h2>{heading}</h2>" in page, heading


def test_html_header_and_mistakes_show_the_numbers():
    _, page = render_class_report(CLASS, CATALOGUE)
    assert "<b>6</b><span>students</span>" in page and "<b>4</b><span>graded</span>" in page
    assert "<b>1</b><span>missing</span>" in page and "<b>1</b><span>could not be graded</span>" in page
    assert page.index("2 of 3") < page.index("1 of 2")  # most students first
    assert "<code>return result.tolist()</code>" in page, "the fix's code is shown as code"
    assert page.count("<details") == 2 + 2, "one per mistake's students and one per kata's cases"


def test_a_class_with_nobody_graded_still_renders():
    md, page = render_class_report([row("a", RowStatus.MISSING, "no submission")], CATALOGUE)
    assert "Nobody was graded." in page and "| a | missing | no submission |" in md
    assert "<b>–</b><span>median score</span>" in page


@pytest.mark.slow
def test_the_report_reads_real_grades(tmp_path):
    """Two students graded for real by `kata grade-class`: one with a known mistake in kata 01, one who solved 02 only.

    The report is drawn from the records the run stored, as `kata merge-grades` draws it.
    """
    broken = reference("01").replace("    return t.tolist()", "    t.tolist()")
    classroom = tmp_path / "submissions"
    student_tree(classroom / "rae", {"01": broken, "02": reference("02")})
    student_tree(classroom / "sol", {"02": reference("02")})
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["grade-class", str(classroom), "01", "02", "--output-dir", str(out), "--jobs", "1", "--seed", "3"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output

    records = list(load_records(out).values())
    stats = class_stats(records, CATALOGUE)
    first, second = stats.katas
    assert (first.passed, first.failed, first.not_started) == (0, 1, 1)
    assert (second.passed, second.pass_rate) == (2, 1.0)
    assert [(m.kata_id, m.code, m.students, m.attempted) for m in stats.mistakes] == [
        ("01", "missing_return", ["rae"], 1)
    ]
    assert stats.seeds == [3] and stats.unfinished == []
    folders = {record.id: out / "students" / record.id for record in records}
    similar = similar_work(class_similarity(records, folders, CATALOGUE))  # the run's section on similar work
    md, page = render_class_report(records, CATALOGUE, similar)
    assert MISSING_RETURN.title.split("`")[0] in page and "| 1 | 01 create_tensor | 1 of 1 | 100% |" in md
    assert (out / "class-report.md").read_text(encoding="utf-8") == md, "the run wrote the same report"
    assert (out / "class-report.html").read_text(encoding="utf-8") == page
