"""`kata grade-class`: a whole class graded by a few long-lived jobs, student after student.

The command's process (light: no torch) finds and checks the submissions, unpacks the
zips, hashes each student's kata files and skips those already graded with the same
files, seed and plan. The rest go to `jobs` job processes started from it: each imports
torch and pytest once, keeps its warm worker across students, and grades each student
exactly as `kata grade` does (grade.grade_tree: the kata files staged alone in a fresh
folder, a fresh worker per kata, strays stopped), then writes the student's five reports,
a copy of the kata files it graded (`graded/`, for the class's similarity check) and, last,
the record (core/record.py, stored by gradebook.py), which carries everything
the gradebook and the class report show. Events come back on a pipe per job so that the
front end can draw progress; only the front ends print.

The jobs are forked where that is safe (Linux), and spawned (a fresh interpreter that
imports this module and is handed its arguments pickled) where os.fork is missing
(Windows) or forking can abort the child (macOS); `job_start_method` decides, and
`KATA_JOB_START=spawn` spawns them on Linux too, so that the project's tests run that path.

A job that dies (the machine's OOM killer, a signal) costs the student it was grading an
"error" row, and a fresh job takes over the rest. Ctrl-C stops the jobs; every student
graded so far keeps their reports and record, and the rest are marked "interrupted".
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from multiprocessing import connection
from pathlib import Path

from checker import __version__, runner
from checker.core.limits import CLASS_JOB_STOP_SECONDS, POLL_SECONDS
from checker.core.record import StudentRecord, Timing, record_from_grade, retimed
from checker.core.results import RowStatus, utc_stamp
from checker.grading.deadlines import LatePolicy
from checker.grading.grade import GradingPlan
from checker.grading.gradebook import (
    RECORD_NAME,
    RUN_NAME,
    is_current,
    load_record,
    save_record,
    student_folder,
    write_class_outputs,
)
from checker.grading.on_time import pick_work
from checker.grading.submissions import Submission, content_hash, find_submissions, in_shard, prepare

__all__ = ["JOB_START_VARIABLE", "ClassEvent", "ClassRun", "choose_seed", "grade_class", "job_start_method", "plan_key"]

JOB_START_VARIABLE = "KATA_JOB_START"

MISSING = "On the roster, but no submission was found."
JOB_DIED = "The grading job stopped while grading this student ({why}): grade them again with --regrade."
INTERRUPTED = "Not graded: the class run was stopped (Ctrl-C) first. Run the same command again to finish."


@dataclass(frozen=True)
class ClassEvent:
    """What the front end hears: a student started ("start"), finished or skipped ("done")."""

    kind: str
    student: str
    record: StudentRecord | None = None
    done: int = 0  # students finished so far (graded, skipped, or a row without grading)
    total: int = 0
    to_grade: int = 0  # of the total, how many are graded in this run


@dataclass
class ClassRun:
    """The outcome: every row, and whether the run was stopped."""

    records: list[StudentRecord]
    written: list[Path]
    graded: int  # students graded in this run
    skipped: int  # already graded with the same files and seed
    interrupted: bool = False


def choose_seed(out: Path, given: int | None) -> int:
    """The seed given, else the one this output folder was graded with (so a rerun resumes), else a new one."""
    if given is not None:
        return given
    try:
        stored = json.loads((out / RUN_NAME).read_text(encoding="utf-8"))["seed"]
        if isinstance(stored, int):
            return stored
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return random.SystemRandom().randrange(1, 1_000_000)


def job_start_method() -> str:
    """How the job processes start: "fork" where forking this process is safe, else "spawn".

    A forked job starts at once with what this process imported (no torch: it is light);
    a spawned one pays for a fresh interpreter, once per job, not per student.
    """
    if runner.fork_unsafe() or os.environ.get(JOB_START_VARIABLE, "").strip().lower() == "spawn":
        return "spawn"
    return "fork"


def plan_key(plan: GradingPlan) -> str:
    """What else decides a grade besides the files and the seed: the katas, private specs, checker version."""
    import hashlib

    digest = hashlib.sha256()
    for path in plan.extra_specs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    katas = ",".join(kata.id for kata in plan.katas)
    return f"{__version__}:{katas}:{digest.hexdigest()[:12] if plan.extra_specs else '-'}"


def grade_class(
    submissions: Path,
    out: Path,
    plan: GradingPlan,
    *,
    seed: int,
    jobs: int,
    roster: list[str] | None = None,
    shard: tuple[int, int] = (1, 1),
    regrade: bool = False,
    policy: LatePolicy | None = None,
    submitted_at: Mapping[str, datetime] | None = None,
    on_event: Callable[[ClassEvent], None] | None = None,
) -> ClassRun:
    """Grade every submission in `submissions` (this shard's share) into `out`; see the module docstring.

    Under a `policy` (a deadline) each student's graded work is the one it picks (on_time.py);
    `submitted_at` holds the platform's instants, which win over the commits' dates.
    """
    submitted_at = submitted_at or {}
    on_event = on_event or (lambda event: None)
    found = find_submissions(submissions)
    known = {submission.id for submission in found}
    found += [Submission(student, None, RowStatus.MISSING, MISSING) for student in roster or () if student not in known]
    found = sorted((s for s in found if in_shard(s.id, shard)), key=lambda submission: submission.id)
    key = plan_key(plan)
    records: dict[str, StudentRecord] = {}
    pending: list[tuple[str, Path, str, Timing]] = []
    total = len(found)
    with tempfile.TemporaryDirectory(prefix="kata-class-") as scratch:
        for index, submission in enumerate(found):
            checked, tree = prepare(submission, Path(scratch) / str(index))
            timing = Timing(deadline=utc_stamp(policy.deadline_of(checked.id))) if policy else Timing()
            if tree is not None and policy is not None:
                zipped = checked.path is not None and checked.path.is_file()
                work = pick_work(
                    checked.id,
                    tree,
                    zipped=zipped,
                    policy=policy,
                    submitted_at=submitted_at,
                    scratch=Path(scratch) / f"{index}-work",
                )
                tree = work.tree
                if work.status is not None:
                    checked = replace(checked, status=work.status, message=work.message)
                else:
                    timing = _timing(work)
            elif tree is not None and checked.id in submitted_at:
                timing = Timing(submitted_at=utc_stamp(submitted_at[checked.id]))
            digest = content_hash(tree, plan.katas) if tree is not None else ""
            if tree is None:
                record = StudentRecord(checked.id, checked.status, checked.message, seed=seed, plan=key, timing=timing)
                save_record(out, record)
                records[checked.id] = record
                continue
            stored = load_record(student_folder(out, checked.id))
            if not regrade and stored is not None and is_current(stored, digest, seed, key):
                # The same work, graded with the same seed and plan: only its timing may have moved
                # (an extension, another penalty), and that needs no grading, only new totals.
                fresh = replace(timing, submitted_at=timing.submitted_at or stored.timing.submitted_at)
                if fresh != stored.timing:
                    stored = retimed(stored, fresh)
                    save_record(out, stored)
                records[checked.id] = stored
                continue
            pending.append((checked.id, tree, digest, timing))
        skipped = sum(1 for record in records.values() if record.status is RowStatus.GRADED)
        for done, student in enumerate(sorted(records), start=1):
            on_event(ClassEvent("done", student, records[student], done, total, len(pending)))
        interrupted = False
        try:
            _run_jobs(pending, out, plan, seed, key, jobs, records, total, on_event)
        except KeyboardInterrupt:
            interrupted = True
        for student, _, digest, _ in pending:
            if student not in records:
                records[student] = StudentRecord(student, RowStatus.INTERRUPTED, INTERRUPTED, digest, seed, key)
    rows = [records[submission.id] for submission in found]
    written = write_class_outputs(out, rows, plan.catalogue, seed)
    graded = sum(1 for student, *_ in pending if records[student].status in {RowStatus.GRADED, RowStatus.ERROR})
    return ClassRun(rows, written, graded, skipped, interrupted)


def _timing(work) -> Timing:
    lateness = work.lateness
    return Timing(
        submitted_at=utc_stamp(lateness.submitted_at),
        deadline=utc_stamp(lateness.deadline),
        commit=work.commit,
        late_days=lateness.late_days,
        penalty_percent=lateness.penalty_percent,
        warning=work.message,
    )


def _run_jobs(
    pending: list[tuple[str, Path, str, Timing]],
    out: Path,
    plan: GradingPlan,
    seed: int,
    key: str,
    jobs: int,
    records: dict[str, StudentRecord],
    total: int,
    on_event: Callable[[ClassEvent], None],
) -> None:
    """Hand the pending students to `jobs` job processes; fill `records` as they finish.

    Each job reports on its own pipe, written synchronously: a job that dies has always
    said which student it was grading. A spawned job gets its arguments pickled: the
    queue, the pipe's end, paths, the plan (frozen dataclasses) and plain values.
    """
    if not pending:
        return
    context = multiprocessing.get_context(job_start_method())
    tasks = context.Queue()
    for task in pending:
        tasks.put(task)
    count = max(1, min(jobs, len(pending)))
    for _ in range(count):
        tasks.put(None)
    digests = {student: digest for student, _, digest, _ in pending}
    workers: dict = {}  # job process -> [its pipe, the student it is grading ("" between students)]

    def start_job() -> None:
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_job, args=(tasks, writer, out, plan, seed, key, count), daemon=True)
        process.start()
        writer.close()
        workers[process] = [reader, ""]

    for _ in range(count):
        start_job()
    try:
        while workers and any(student not in records for student in digests):
            readers = {state[0]: process for process, state in workers.items()}
            for reader in connection.wait(list(readers), timeout=POLL_SECONDS * 10):
                process = readers[reader]
                try:
                    kind, student, record = reader.recv()
                except (EOFError, OSError):
                    process.join(CLASS_JOB_STOP_SECONDS)
                    _job_ended(process, workers, records, digests, seed, key, out, total, on_event, start_job, tasks)
                    continue
                workers[process][1] = student if kind == "start" else ""
                if kind == "done":
                    records[student] = record
                on_event(ClassEvent(kind, student, record, len(records), total, len(digests)))
    except KeyboardInterrupt:
        _stop(workers)
        raise
    deadline = time.monotonic() + CLASS_JOB_STOP_SECONDS
    for process in workers:  # each took its stop sign and is shutting its warm worker down
        process.join(max(0.0, deadline - time.monotonic()))
    _stop(workers)


def _job_ended(
    process,
    workers: dict,
    records: dict,
    digests: dict,
    seed: int,
    key: str,
    out: Path,
    total: int,
    on_event: Callable[[ClassEvent], None],
    start_job: Callable[[], None],
    tasks,
) -> None:
    """A job that died costs its current student an "error" row; a fresh job takes its place."""
    _, student = workers.pop(process)
    if not student or student in records:
        return  # it finished its share and stopped
    why = f"exit code {process.exitcode}"
    record = StudentRecord(student, RowStatus.ERROR, JOB_DIED.format(why=why), digests[student], seed, key)
    save_record(out, record)
    records[student] = record
    on_event(ClassEvent("done", student, record, len(records), total, len(digests)))
    tasks.put(None)  # the dead job never took its stop sign: the fresh one will
    start_job()


def _stop(workers: dict) -> None:
    """Ctrl-C reaches the jobs too (one process group); stop any that linger, then kill them."""
    for process in workers:
        if process.is_alive():
            try:
                os.kill(process.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + CLASS_JOB_STOP_SECONDS
    for process in workers:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


def _job(tasks, events, out: Path, plan: GradingPlan, seed: int, key: str, side_by_side: int) -> None:
    """One job process: torch and pytest once, then student after student until the stop sign.

    At module level, so that a spawned job can import it by name.
    """

    runner.share_cores(side_by_side)  # this job's workers, and its own trusted runs, use their share
    try:
        import pytest  # noqa: F401 - imported once per job, not once per student
        import torch

        torch.set_num_threads(runner.worker_threads())

        from checker.grading.grade import grade_tree
        from checker.grading.outputs import prepare_folder, write_reports
        from checker.grading.similarity_inputs import keep_graded_files

        while True:
            task = tasks.get()
            if task is None:
                return
            student, tree, digest, timing = task
            events.send(("start", student, None))
            # Started outside the student's grading, so that its process janitor keeps them.
            runner.prestart(preload=len(plan.katas) > 1)
            folder = student_folder(out, student)
            prepare_folder(folder)
            (folder / RECORD_NAME).unlink(missing_ok=True)
            grade = grade_tree(
                tree, plan, seed=seed, submission=student, keep_warm=True, submitted_at=timing.submitted_at
            )
            if grade.run.interrupted:
                return  # Ctrl-C: this student keeps no half grade
            write_reports(grade, folder)
            keep_graded_files(tree, plan, folder)  # for the class's similarity check, before the record
            record = record_from_grade(student, grade, digest, key, timing)
            save_record(out, record)
            events.send(("done", student, record))
    except KeyboardInterrupt:
        return
    finally:
        runner.shutdown()
