"""The class run's store and gradebook: one record per student, gradebook.csv, the class report.

`OUT/students/ID/record.json` says how the student's row came about: the status, the
content hash of their kata files, the seed and the plan it was graded with, the scores,
and each kata's and case's verdict (core/record.py holds the types). It is written last,
after the student's five reports, so a run stopped half-way leaves no record and the
student is graded again; a rerun skips a student whose record matches (`is_current`),
and a record from another version is no match. `gradebook.csv` and the class report are
always rebuilt from the records alone, which is also how `kata merge-grades` joins the
shards' folders; `similarity.csv` and the report's section on similar work read the
graded files kept beside each record too (similarity_inputs.py).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from checker.core.catalogue import Catalogue
from checker.core.cells import spreadsheet_cell
from checker.core.errors import KataUsageError
from checker.core.files import atomic_write_text
from checker.core.record import StudentRecord, record_from_json, record_to_json
from checker.core.results import RowStatus

__all__ = [
    "RECORD_NAME",
    "is_current",
    "load_record",
    "load_records",
    "merge_folders",
    "save_record",
    "write_class_outputs",
]

RECORD_NAME = "record.json"
STUDENTS = "students"
GRADEBOOK = "gradebook.csv"
RUN_NAME = "class.json"  # this output's rows and seed: what `kata merge-grades` takes from it
MERGE_CLASH = "Student {id} is in both {first} and {second}: merge the outputs of distinct shards only."
MERGE_NOTHING = "{folder} has no {name}: is it the output folder of a finished `kata grade-class`?"
MERGE_SEEDS = "The shards were graded with different seeds ({seeds}): pass one --seed to every shard."


def student_folder(out: Path, student: str) -> Path:
    return out / STUDENTS / student


def save_record(out: Path, record: StudentRecord) -> None:
    folder = student_folder(out, record.id)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record_to_json(record), indent=2, ensure_ascii=False) + "\n"
    atomic_write_text(folder / RECORD_NAME, text)


def load_record(folder: Path) -> StudentRecord | None:
    """The record in a student's folder, or None if it is absent, unreadable, malformed or from another version."""
    try:
        return record_from_json(json.loads((folder / RECORD_NAME).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def load_records(out: Path) -> dict[str, StudentRecord]:
    """Every student's record under `out`, by id."""
    found = {}
    for folder in sorted((out / STUDENTS).glob("*")) if (out / STUDENTS).is_dir() else []:
        record = load_record(folder)
        if record is not None:
            found[record.id] = record
    return found


def is_current(record: StudentRecord | None, content_hash: str, seed: int, plan: str) -> bool:
    """Was this student graded already, with the same kata files, seed and plan?"""
    return (
        record is not None
        and record.status is RowStatus.GRADED
        and record.content_hash == content_hash
        and record.seed == seed
        and record.plan == plan
    )


def gradebook_csv(records: list[StudentRecord], catalogue: Catalogue) -> str:
    """The gradebook: id, status, total and percent (after any late penalty), one column per kata
    (before it), then the raw total, the lateness, the submission, the hash, when graded, why."""
    seen = {kata.id for record in records for kata in record.katas}
    katas = [kata for kata in catalogue if kata.id in seen]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "status",
            "total",
            "percent",
            *(f"{kata.id} {kata.name}" for kata in katas),
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
    )
    for record in sorted(records, key=lambda record: record.id):
        graded = record.status in {RowStatus.GRADED, RowStatus.ERROR}
        scores, timing = record.scores, record.timing
        writer.writerow(
            [
                spreadsheet_cell(record.id),
                record.status,
                f"{record.score:g}" if graded else "",
                f"{record.percent:g}" if graded else "",
                *(f"{scores[kata.id]:g}" if kata.id in scores else "" for kata in katas),
                f"{record.raw_score:g}" if graded else "",
                str(timing.late_days) if graded and timing.deadline else "",
                f"{timing.penalty_percent:g}" if graded and timing.deadline else "",
                timing.submitted_at,
                timing.deadline,
                timing.commit,
                record.content_hash,
                record.graded_at,
                spreadsheet_cell(" ".join(record.message.split())),
            ]
        )
    return buffer.getvalue()


def write_class_outputs(out: Path, records: list[StudentRecord], catalogue: Catalogue, seed: int | None) -> list[Path]:
    """gradebook.csv, similarity.csv, class-report.md, class-report.html and class.json in `out`.

    All from these rows and the graded files in their students' folders, so that merged shards
    give what one run gives.
    """
    from checker.grading.similarity_inputs import class_similarity
    from checker.grading.similarity_output import SIMILARITY_NAME, write_similarity
    from checker.report.classwide.report import render_class_report

    folders = {record.id: student_folder(out, record.id) for record in records}
    similar = write_similarity(out, class_similarity(records, folders, catalogue))
    markdown, html = render_class_report(sorted(records, key=lambda record: record.id), catalogue, similar)
    written = [out / SIMILARITY_NAME]
    run = {"seed": seed, "ids": sorted(record.id for record in records)}
    for name, text in (
        (GRADEBOOK, gradebook_csv(records, catalogue)),
        ("class-report.md", markdown),
        ("class-report.html", html),
        (RUN_NAME, json.dumps(run, indent=2, ensure_ascii=False) + "\n"),
    ):
        atomic_write_text(out / name, text)
        written.append(out / name)
    return written


def merge_folders(sources: list[Path], out: Path) -> list[StudentRecord]:
    """Copy every student's folder of the shards' outputs into `out`; their records, joined."""
    records: dict[str, tuple[StudentRecord, Path]] = {}
    for source in sources:
        try:
            ids = json.loads((source / RUN_NAME).read_text(encoding="utf-8"))["ids"]
        except (OSError, ValueError, KeyError, TypeError):
            raise KataUsageError(MERGE_NOTHING.format(folder=source, name=RUN_NAME)) from None
        stored = load_records(source)
        found = {student: stored[student] for student in ids if student in stored}
        for student, record in found.items():
            if student in records:
                raise KataUsageError(MERGE_CLASH.format(id=student, first=records[student][1], second=source))
            records[student] = (record, source)
    seeds = {record.seed for record, _ in records.values() if record.seed is not None}
    if len(seeds) > 1:
        raise KataUsageError(MERGE_SEEDS.format(seeds=", ".join(str(seed) for seed in sorted(seeds))))
    for student, (_, source) in records.items():
        target = student_folder(out, student)
        if target.resolve() != student_folder(source, student).resolve():
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(student_folder(source, student), target, symlinks=True)
    return [record for record, _ in records.values()]
