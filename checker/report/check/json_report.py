"""Check and grade results as JSON for scripts (`kata check --format json`, `kata-results.json`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from checker import __version__
from checker.core.results import GradeResult, RunResult
from checker.core.standing import next_kata

if TYPE_CHECKING:
    from checker.core.standing import KataState

__all__ = ["SCHEMA_VERSION", "course_to_json", "grade_to_json", "run_to_json"]

SCHEMA_VERSION = 1


def run_to_json(run: RunResult) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "checker_version": __version__,
        "torch_version": run.torch_version,
        "seed": run.seed,
        "reference": run.reference,
        "cuda_available": run.cuda_available,
        "all_passed": run.all_passed,
        "interrupted": run.interrupted,
        "started": run.started,
        "finished": run.finished,
        "katas": [
            {
                "id": kata.id,
                "name": kata.name,
                "status": kata.status.value,
                "passed": kata.passed,
                "counted": len(kata.counted),
                "skipped": kata.skipped,
                "score": kata.score,
                "max_score": kata.points,
                "notes": kata.note_count,
                "cases": [
                    {
                        "name": case.name,
                        "status": case.status.value,
                        "message": case.message,
                        "duration": round(case.duration, 4),
                        "mistake": asdict(case.mistake) if case.mistake else None,
                        "notes": [asdict(note) for note in case.notes],
                        "details": case.details,
                    }
                    for case in kata.cases
                ],
            }
            for kata in run.katas
        ],
    }


def grade_to_json(grade: GradeResult) -> dict:
    """`kata-results.json`: the run as above, plus the totals, the times and the grader's notes."""
    data = run_to_json(grade.run)
    data.update(
        kind="grade",
        submission=grade.submission,
        score=grade.score,
        max_score=grade.max_score,
        percent=grade.percent,
        complete=grade.complete,
        failure=grade.failure or None,
        started_at=_iso(grade.run.started),
        finished_at=_iso(grade.run.finished),
        duration=round(grade.duration, 3),
        warnings=list(grade.warnings),
    )
    return data


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).isoformat(timespec="seconds")


def course_to_json(states: list[KataState]) -> dict:
    """`kata list --format json`: where the learner stands, kata by kata."""
    following = next_kata(states)
    return {
        "schema_version": SCHEMA_VERSION,
        "checker_version": __version__,
        "passed": sum(state.done for state in states),
        "total": len(states),
        "next": following.kata.id if following else None,
        "katas": [
            {
                "id": state.kata.id,
                "name": state.kata.name,
                "title": state.kata.title,
                "file": state.kata.stub_file.as_posix(),
                "status": state.status.value,
                "done": state.done,
                "changed_since_pass": state.changed_since_pass,
                "passed_on_cpu": state.passed_on_cpu,
                "passed_on_cuda": state.passed_on_cuda,
                "attempts": state.attempts,
                "hints_revealed": state.hints_revealed,
                "hints_total": len(state.kata.hints),
                "points": state.kata.points,
            }
            for state in states
        ],
    }
