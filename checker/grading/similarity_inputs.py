"""What the class's similarity check reads: each student's graded files and wrong answers, and the common code.

A grading job keeps the kata files it graded in the student's folder (`graded/`, the stub
paths under it), beside the record that holds each failed case's wrong answer. So the check
is built, like the gradebook, from the student folders alone, and `kata merge-grades` of the
shards finds the same evidence as one run. What every student saw is discounted: each
planned kata's reference and stub, from the installed course (a checkout has the references
beside the package; a wheel carries none, only their hashes, which its build wrote as
fingerprints.REFERENCE_PRINTS_NAME), and the tutorials, whose hashes ship as
fingerprints.TUTORIAL_PRINTS.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from checker.core.catalogue import Catalogue, Kata
from checker.core.limits import MAX_SOLUTION_BYTES
from checker.core.packaged import packaged_course_root
from checker.core.record import StudentRecord
from checker.core.results import RowStatus, Status
from checker.grading.fingerprints import REFERENCE_PRINTS_NAME, TUTORIAL_PRINTS, read_prints
from checker.grading.grade import GradingPlan
from checker.grading.sandbox import copy_submission
from checker.grading.similarity import ClassSimilarity, StudentWork, compare_class

__all__ = ["GRADED", "class_similarity", "common_code", "common_prints", "keep_graded_files", "student_work"]

GRADED = "graded"  # in a student's folder: the kata files their grade was given for


def keep_graded_files(tree: Path, plan: GradingPlan, folder: Path) -> None:
    """Copy the planned katas' files of `tree`, as the grader stages them, into `folder`/graded/."""
    kept = folder / GRADED
    shutil.rmtree(kept, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="kata-graded-") as scratch:
        staged = Path(scratch)
        copy_submission(tree, plan.katas, plan.catalogue, staged)  # its warnings are the grade's
        for kata in plan.katas:
            source = kata.stub_path(staged)
            if source.is_file():
                target = kata.stub_path(kept)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


def student_work(record: StudentRecord, folder: Path, catalogue: Catalogue) -> StudentWork:
    """A graded student's part: the files of the katas they started, and their wrong answers."""
    known = {kata.id: kata for kata in catalogue}
    files: dict[str, str] = {}
    wrong: dict[tuple[str, str], str] = {}
    for kata in record.katas:
        if kata.status is Status.NOT_STARTED:
            continue
        path = known[kata.id].stub_path(folder / GRADED) if kata.id in known else None
        try:
            if path is not None and path.is_file() and path.stat().st_size <= MAX_SOLUTION_BYTES:
                files[kata.id] = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass  # a file gone or unreadable: no code evidence for this kata
        wrong.update({(kata.id, case.name): case.answer for case in kata.cases if case.answer})
    return StudentWork(record.id, files, wrong)


def common_code(katas: list[Kata]) -> list[str]:
    """The reference and the stub of each kata, as the installed course has them (what is absent is skipped)."""
    root = packaged_course_root()
    sources = []
    for kata in katas:
        for path in (kata.reference_path(root), kata.stub_path(root)):
            try:
                sources.append(path.read_text(encoding="utf-8"))
            except OSError:
                continue
    return sources


def common_prints() -> frozenset[int]:
    """The hashes of code everybody saw whose text is not at hand: the tutorials, and a wheel's references."""
    return read_prints(TUTORIAL_PRINTS) | read_prints(packaged_course_root() / REFERENCE_PRINTS_NAME)


def class_similarity(
    records: list[StudentRecord], folders: Mapping[str, Path], catalogue: Catalogue
) -> ClassSimilarity:
    """The similarity of the graded students' work; `folders` maps each id to the student's folder."""
    graded = sorted((record for record in records if record.status is RowStatus.GRADED), key=lambda r: r.id)
    ids = {kata.id for record in graded for kata in record.katas}
    katas = [kata for kata in catalogue if kata.id in ids]
    students = [student_work(record, folders[record.id], catalogue) for record in graded]
    return compare_class(students, common_code(katas), common_prints())
