"""`kata grade-class` and `kata merge-grades`: bad input as rows, the gradebook, resuming, shards.

The submissions are student trees made by `kata export-template` with reference solutions
(grade_support.py); the graded runs grade kata 01 only, to stay quick. Input checks and
the gradebook are tested without grading anything.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from grade_support import CATALOGUE, ROOT, read_reports, reference, student_tree
from platform_marks import needs_crashing_null_read, needs_fork, needs_fork_backend, needs_symlinks

from checker.cli import main
from checker.core.errors import KataUsageError
from checker.core.record import RECORD_VERSION, KataRecord, StudentRecord
from checker.core.results import RowStatus, Status
from checker.grading import classgrade
from checker.grading import submissions as subs
from checker.grading.gradebook import gradebook_csv
from checker.grading.submissions import Submission, find_submissions, in_shard, parse_shard, prepare, read_roster

WRONG_01 = reference("01").replace("    return t.tolist()", "    return None")


def _zip(folder: Path, archive: Path, top: str | None = None) -> Path:
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                bundle.write(path, f"{top}/{name}" if top else name)
    return archive


# -- input, without grading ------------------------------------------------------------------------------


@needs_symlinks
def test_every_kind_of_bad_input_gets_its_status(tmp_path):
    classroom = tmp_path / "submissions"
    classroom.mkdir()
    student_tree(classroom / "ok")
    (classroom / "empty").mkdir()
    (classroom / "notzip.zip").write_text("not a zip")
    (classroom / "plainfile.txt").write_text("hello")
    (classroom / "nokatas").mkdir()
    (classroom / "nokatas" / "README.md").write_text("my homework")
    with zipfile.ZipFile(classroom / "escape.zip", "w") as bundle:
        bundle.writestr("katas/x.py", "x")
        bundle.writestr("../../evil.py", "import os")
    linked = student_tree(classroom / "linked")
    os.symlink("/etc/passwd", linked / "katas" / "01_create_tensor" / "create_tensor.py.bak")
    student_tree(classroom / "twice")
    _zip(classroom / "twice", classroom / "twice.zip")
    (classroom / ".DS_Store").write_text("")

    found = {s.id: s for s in find_submissions(classroom)}
    prepared = {sid: prepare(s, tmp_path / "scratch" / sid)[0] for sid, s in found.items()}

    statuses = {sid: s.status for sid, s in prepared.items()}
    assert statuses == {
        "ok": None,
        "empty": "empty",
        "notzip": "not_a_zip",
        "plainfile.txt": "not_a_zip",
        "nokatas": "no_katas",
        "escape": "unsafe_zip",
        "linked": "unsafe_link",
        "twice": "duplicate_id",
    }
    assert "twice, twice.zip" in prepared["twice"].message
    assert not (tmp_path / "evil.py").exists() and not (tmp_path / "scratch" / "evil.py").exists()
    assert all(s.message for s in prepared.values() if s.status)


def test_a_github_download_zip_is_stepped_into_and_links_in_a_zip_never_leave(tmp_path):
    tree = student_tree(tmp_path / "repo", {"01": reference("01")})
    archive = _zip(tree, tmp_path / "amy.zip", top="torch-katas-main")
    checked, unpacked = prepare(Submission("amy", archive), tmp_path / "scratch")
    assert checked.status is None and unpacked.name == "torch-katas-main"
    assert (unpacked / "katas" / "01_create_tensor" / "create_tensor.py").read_text() == reference("01")

    bad = tmp_path / "link.zip"
    with zipfile.ZipFile(bad, "w") as bundle:
        bundle.writestr("katas/readme.md", "x")
        link = zipfile.ZipInfo("katas/01_create_tensor/create_tensor.py")
        link.external_attr = 0o120777 << 16
        bundle.writestr(link, "../../../../home/someone/solution.py")
    assert prepare(Submission("link", bad), tmp_path / "scratch2")[0].status == "unsafe_link"


def test_a_submission_over_the_size_limit_is_not_graded(tmp_path, monkeypatch):
    monkeypatch.setattr(subs, "MAX_SUBMISSION_BYTES", 10_000)
    tree = student_tree(tmp_path / "big")
    (tree / "data.bin").write_bytes(b"\0" * 20_000)
    assert prepare(Submission("big", tree), tmp_path / "s1")[0].status == "too_large"
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("katas/zeros.bin", b"\0" * 20_000)
    assert bomb.stat().st_size < 10_000
    assert prepare(Submission("bomb", bomb), tmp_path / "s2")[0].status == "too_large"


def test_the_roster_reads_the_first_column_and_skips_a_header(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffLogin,Name\nalice,Alice A\n bob ,Bob\n\nalice,again\n", encoding="utf-8")
    assert read_roster(roster) == ["alice", "bob"]
    (tmp_path / "empty.csv").write_text("id\n")
    with pytest.raises(KataUsageError):
        read_roster(tmp_path / "empty.csv")


def test_shards_split_the_ids_stably_and_completely():
    ids = [f"student{n:03d}" for n in range(200)]
    shares = [[i for i in ids if in_shard(i, (k, 4))] for k in range(1, 5)]
    assert sorted(sum(shares, [])) == ids
    assert all(20 < len(share) < 80 for share in shares), [len(share) for share in shares]
    assert parse_shard("2/4") == (2, 4) and parse_shard(None) == (1, 1)
    for bad in ("0/4", "5/4", "2", "a/b"):
        with pytest.raises(KataUsageError):
            parse_shard(bad)


def test_the_gradebook_has_id_first_a_column_per_kata_and_no_formulas():
    katas = (
        KataRecord("01", "create_tensor", Status.FAILED, 5.5),
        KataRecord("02", "tensor_op", Status.NOT_STARTED, 0),
    )
    rows = [
        StudentRecord(
            '=HYPERLINK("x")', RowStatus.GRADED, "", "abc", 1, "p", "2026-01-01T00:00:00Z", 5.5, 20, 27.5, katas=katas
        ),
        StudentRecord("zoe", RowStatus.MISSING, "On the roster, but no submission was found."),
    ]
    table = list(csv.reader(io.StringIO(gradebook_csv(rows, CATALOGUE))))
    assert table[0][:4] == ["id", "status", "total", "percent"]
    assert table[0][4:6] == ["01 create_tensor", "02 tensor_op"]
    assert table[0][6:] == [
        "raw_total",
        "late_days",
        "penalty_percent",
        "submitted_at",
        "deadline",
        "commit",
        "content_hash",
        "graded_at",
        "message",
    ]
    assert table[1][:6] == ['\'=HYPERLINK("x")', "graded", "5.5", "27.5", "5.5", "0"]
    assert table[2][:4] == ["zoe", "missing", "", ""]


# -- grading a class ------------------------------------------------------------------------------------


def _class(folder: Path) -> Path:
    folder.mkdir()
    student_tree(folder / "ann", {"01": reference("01")})
    _zip(student_tree(folder.parent / "ben-src", {"01": WRONG_01}), folder / "ben.zip", top="katas-main")
    (folder / "cid.zip").write_text("this is no zip")
    return folder


def _gradebook(out: Path) -> list[dict]:
    with open(out / "gradebook.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _comparable(out: Path) -> list[dict]:
    """The gradebook's rows less the instants of grading (an undated tree's submission instant is one)."""
    return [
        {key: value for key, value in row.items() if key not in ("graded_at", "submitted_at")}
        for row in _gradebook(out)
    ]


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One class graded (kata 01, two jobs), then graded again with nothing changed."""
    where = tmp_path_factory.mktemp("class")
    classroom = _class(where / "submissions")
    roster = where / "roster.csv"
    roster.write_text("id\nann\nben\ncid\ndee\n")
    out = where / "out"
    first = _invoke(
        "grade-class",
        str(classroom),
        "01",
        "--output-dir",
        str(out),
        "--roster",
        str(roster),
        "--jobs",
        "2",
        "--seed",
        "7",
    )
    before = {path.name: path.stat().st_mtime_ns for path in (out / "students").glob("*/kata-results.json")}
    again = _invoke(
        "grade-class", str(classroom), "01", "--output-dir", str(out), "--roster", str(roster), "--jobs", "2"
    )
    after = {path.name: path.stat().st_mtime_ns for path in (out / "students").glob("*/kata-results.json")}
    return {
        "where": where,
        "classroom": classroom,
        "roster": roster,
        "out": out,
        "first": first,
        "again": again,
        "unchanged": before == after,
    }


def test_a_class_is_graded_into_a_gradebook_and_one_folder_of_reports_per_student(graded):
    out = graded["out"]
    assert graded["first"].exit_code == 0, graded["first"].output
    rows = {row["id"]: row for row in _gradebook(out)}
    assert list(rows) == ["ann", "ben", "cid", "dee"]
    assert (rows["ann"]["status"], rows["ann"]["total"], rows["ann"]["01 create_tensor"]) == ("graded", "10", "10")
    assert (rows["ben"]["status"], rows["ben"]["01 create_tensor"]) == ("graded", "0")
    assert rows["cid"]["status"] == "not_a_zip" and rows["dee"]["status"] == "missing"
    assert re.fullmatch(r"[0-9a-f]{16}", rows["ann"]["content_hash"]) and rows["ann"]["graded_at"]
    for student in ("ann", "ben"):
        reports = read_reports(out / "students" / student)
        assert reports["results"]["seed"] == 7 and list(reports["scores"]) == ["01"]
    assert (out / "class-report.md").read_text() and (out / "class-report.html").read_text()


def test_a_rerun_skips_every_student_already_graded_and_keeps_the_seed(graded):
    assert graded["again"].exit_code == 0, graded["again"].output
    assert "0 graded now, 2 already graded" in graded["again"].output
    assert graded["unchanged"]
    assert json.loads((graded["out"] / "class.json").read_text())["seed"] == 7


def test_a_record_from_an_older_version_is_graded_again(graded):
    """Version 1 records held scores only: a rerun grades those students again and rebuilds the same outputs."""
    out = graded["where"] / "older-records"
    shutil.copytree(graded["out"], out)
    for path in (out / "students").glob("*/record.json"):
        stored = json.loads(path.read_text(encoding="utf-8"))
        older = {key: value for key, value in stored.items() if key != "incomplete"}
        older.update(version=RECORD_VERSION - 1, katas={kata["id"]: kata["score"] for kata in stored["katas"]})
        path.write_text(json.dumps(older), encoding="utf-8")

    again = _invoke(
        "grade-class", str(graded["classroom"]), "01", "--output-dir", str(out), "--roster", str(graded["roster"])
    )

    assert again.exit_code == 0, again.output
    assert "2 graded now, 0 already graded" in again.output
    assert json.loads((out / "students" / "ann" / "record.json").read_text())["version"] == RECORD_VERSION
    assert _comparable(out) == _comparable(graded["out"])
    assert _class_report(out) == _class_report(graded["out"])


def _class_report(out: Path) -> tuple[str, str]:
    return tuple((out / name).read_text(encoding="utf-8") for name in ("class-report.md", "class-report.html"))


def test_two_shards_merged_give_the_gradebook_of_one_run(graded):
    where = graded["where"]
    for k in (1, 2):
        done = _invoke(
            "grade-class",
            str(graded["classroom"]),
            "01",
            "--output-dir",
            str(where / f"shard{k}"),
            "--roster",
            str(graded["roster"]),
            "--seed",
            "7",
            "--shard",
            f"{k}/2",
            "--jobs",
            "1",
        )
        assert done.exit_code == 0, done.output
    merged = _invoke(
        "merge-grades", str(where / "shard1"), str(where / "shard2"), "--output-dir", str(where / "merged")
    )
    assert merged.exit_code == 0, merged.output

    assert _comparable(where / "merged") == _comparable(graded["out"])
    assert _class_report(where / "merged") == _class_report(graded["out"]), "the class report, from the records alone"
    assert read_reports(where / "merged" / "students" / "ann")["scores"] == {"01": (10, 10)}


# -- how the jobs start: forked on Linux, spawned where fork is missing or unsafe -----------------------


@pytest.mark.parametrize(
    "fork_unsafe, switch, expected",
    [(False, None, "fork"), (True, None, "spawn"), (False, "spawn", "spawn"), (False, " Spawn ", "spawn")],
    ids=["linux", "windows-or-macos", "switched-to-spawn", "switch-read-loosely"],
)
def test_jobs_are_forked_only_where_forking_is_safe(monkeypatch, fork_unsafe, switch, expected):
    monkeypatch.setattr("checker.runner.process.capabilities.fork_unsafe", lambda: fork_unsafe)
    if switch is None:
        monkeypatch.delenv(classgrade.JOB_START_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(classgrade.JOB_START_VARIABLE, switch)

    assert classgrade.job_start_method() == expected


def _cases(out: Path, student: str) -> list[tuple]:
    """What a student's grade says, case by case, less the timings and the instant."""
    results = read_reports(out / "students" / student)["results"]
    return [
        (kata["id"], case["name"], case["status"], case.get("message"), case.get("diagnosis"))
        for kata in results["katas"]
        for case in kata["cases"]
    ]


def test_spawned_jobs_grade_the_class_as_forked_ones_do(graded, monkeypatch):
    """The path Windows and macOS take, run for real here: same rows, same cases, same reports."""
    chosen = []
    real = classgrade.job_start_method
    monkeypatch.setattr(classgrade, "job_start_method", lambda: chosen.append(real()) or chosen[-1])
    monkeypatch.setenv(classgrade.JOB_START_VARIABLE, "spawn")
    out = graded["where"] / "spawned"

    done = _invoke(
        "grade-class",
        str(graded["classroom"]),
        "01",
        "--output-dir",
        str(out),
        "--roster",
        str(graded["roster"]),
        "--jobs",
        "2",
        "--seed",
        "7",
    )

    assert done.exit_code == 0, done.output
    assert chosen == ["spawn"]
    assert _comparable(out) == _comparable(graded["out"])
    for student in ("ann", "ben"):
        assert _cases(out, student) == _cases(graded["out"], student), student
        assert (
            read_reports(out / "students" / student)["scores"]
            == read_reports(graded["out"] / "students" / student)["scores"]
        )


def test_usage_errors_exit_2(tmp_path):
    (tmp_path / "s").mkdir()
    assert (
        _invoke("grade-class", str(tmp_path / "s"), "--output-dir", str(tmp_path / "o"), "--shard", "3/2").exit_code
        == 2
    )
    assert _invoke("grade-class", str(tmp_path / "s"), "99", "--output-dir", str(tmp_path / "o")).exit_code == 2
    assert _invoke("merge-grades", str(tmp_path / "s"), "--output-dir", str(tmp_path / "m")).exit_code == 2


# -- the README's sharded workflow ----------------------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_workflow() -> str:
    after = README.split("<!-- grade-class-workflow -->", 1)[1]
    return after.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_readme_workflow_matches_the_github_workflow_schema(tmp_path):
    pytest.importorskip("check_jsonschema")
    workflow = tmp_path / "grade-class.yml"
    workflow.write_text(_readme_workflow(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_commands_use_only_options_that_exist():
    import yaml

    workflow = yaml.safe_load(_readme_workflow())
    shards = workflow["jobs"]["grade"]["strategy"]["matrix"]["shard"]
    assert any(
        f"--shard ${{{{ matrix.shard }}}}/{len(shards)}" in step.get("run", "")
        for step in workflow["jobs"]["grade"]["steps"]
    )
    used = set(re.findall(r"kata (grade-class|merge-grades)[^\n']*?((?:--[a-z-]+[^\n']*?)+)(?:\n|'|`)", README))
    assert used, "the README shows the commands"
    for command, options in used:
        known = _invoke(command, "--help").output
        for option in re.findall(r"--[a-z-]+", options):
            assert option in known, f"kata {command} has no {option}"


@needs_fork  # the patched grade_tree reaches the job only in a forked copy of this process
def test_a_job_that_dies_costs_its_student_an_error_row_and_exit_1(tmp_path, monkeypatch):
    """The job is forked from this process, so a patched grade_tree runs in it: ben's job dies mid-grade."""
    import checker.grading.grade as grade_module

    real = grade_module.grade_tree

    def dies_for_ben(tree, plan, **options):
        if options.get("submission") == "ben":
            os._exit(9)
        return real(tree, plan, **options)

    monkeypatch.setattr(grade_module, "grade_tree", dies_for_ben)
    classroom = tmp_path / "submissions"
    classroom.mkdir()
    for student in ("ann", "ben", "cat"):
        student_tree(classroom / student, {"01": reference("01")})
    done = _invoke(
        "grade-class", str(classroom), "01", "--output-dir", str(tmp_path / "out"), "--jobs", "1", "--seed", "3"
    )

    assert done.exit_code == 1, done.output
    rows = {row["id"]: row for row in _gradebook(tmp_path / "out")}
    assert rows["ben"]["status"] == "error" and "exit code 9" in rows["ben"]["message"]
    assert rows["ann"]["status"] == rows["cat"]["status"] == "graded"


HOSTILE_01 = {
    "bomb": "import os\ndef create_tensor(shape, method='zeros', value=None):\n    while True:\n        os.fork()\n",
    "quits": "import os\nos._exit(0)\n",
    "crash": "import ctypes\ndef create_tensor(shape, method='zeros', value=None):\n    ctypes.string_at(0)\n",
}


@needs_fork_backend  # a fork bomb is stopped by the fork path's count of processes in /proc
@needs_crashing_null_read
def test_hostile_code_costs_its_student_their_cases_and_never_the_class_run(tmp_path):
    classroom = tmp_path / "submissions"
    classroom.mkdir()
    for student, source in HOSTILE_01.items():
        student_tree(classroom / student, {"01": source})
    student_tree(classroom / "zed", {"01": reference("01")})  # graded after them, by the same jobs
    done = _invoke(
        "grade-class", str(classroom), "01", "--output-dir", str(tmp_path / "out"), "--jobs", "2", "--seed", "3"
    )

    assert done.exit_code == 0, done.output
    rows = {row["id"]: row for row in _gradebook(tmp_path / "out")}
    assert {row["status"] for row in rows.values()} == {"graded"}
    assert rows["zed"]["01 create_tensor"] == "10"
    statuses = {}
    for student in HOSTILE_01:
        assert rows[student]["01 create_tensor"] == "0"
        results = read_reports(tmp_path / "out" / "students" / student)["results"]
        statuses[student] = {case["status"] for case in results["katas"][0]["cases"]}
    assert statuses == {"bomb": {"crashed"}, "quits": {"exited"}, "crash": {"crashed"}}


def test_progress_lines_name_the_student_and_never_print_control_characters():
    from checker.report.classwide.progress import progress_bar, student_line

    assert progress_bar(6, 20, 75, ["alice", "bob"], width=10) == "[###.......] 6/20  ETA 1m15s  grading alice, bob"
    assert progress_bar(20, 20, 0, [], width=4) == "[####] 20/20"
    assert student_line(3, 20, "al\x1b[2Jice", "graded", 45, 100, "") == "[3/20] al?[2Jice: graded 45/100"
    assert (
        student_line(4, 20, "bob", "not_a_zip", 0, 0, "bob.zip is\nnot a zip")
        == "[4/20] bob: not_a_zip: bob.zip is not a zip"
    )


def _event(kind: str, student: str, done: int, total: int = 3, status: str = "graded"):
    from types import SimpleNamespace

    record = SimpleNamespace(status=status, score=8.0, max_score=10, message="" if status == "graded" else "no files")
    return SimpleNamespace(kind=kind, student=student, done=done, total=total, record=record)


def test_class_progress_on_a_terminal_rewrites_one_bar_with_the_pace_so_far():
    from checker.report.classwide.progress import ClassProgress

    written: list[tuple[str, bool]] = []
    ticks = iter([0.0, 10.0, 30.0])
    progress = ClassProgress(
        lambda text, newline: written.append((text, newline)), str, bar=True, clock=lambda: next(ticks)
    )

    progress(_event("start", "alice", 0))
    progress(_event("done", "alice", 1))
    progress(_event("done", "bob", 2, status="missing"))  # not started in this run: counted, no pace
    progress.close()

    lines = [text for text, newline in written if newline]
    bars = [text for text, newline in written if not newline]
    assert lines == ["\r\033[K[1/3] alice: graded 8/10", "\r\033[K[2/3] bob: missing: no files"]
    assert "grading alice" in bars[0] and "ETA" not in bars[0], "no pace before the first student finishes"
    assert "ETA 20s" in bars[1], "10 s for one student, two to go"
    assert bars[-1] == "\r\033[K", "the bar is cleared before the summary"


def test_class_progress_in_a_log_prints_one_plain_line_per_student_graded_now():
    from checker.report.classwide.progress import ClassProgress

    written: list[tuple[str, bool]] = []
    progress = ClassProgress(lambda text, newline: written.append((text, newline)), str, bar=False)

    progress(_event("start", "alice", 0))
    progress(_event("done", "alice", 1))
    progress(_event("done", "carol", 2))  # already graded by an earlier run: quiet
    progress.close()

    assert written == [("[1/3] alice: graded 8/10", True)]
