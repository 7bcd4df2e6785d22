"""Check results as JSON for scripts (`kata check --format json`)."""

from __future__ import annotations

from dataclasses import asdict

from checker import __version__
from checker.results import RunResult

__all__ = ["SCHEMA_VERSION", "run_to_json"]

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
                "cases": [
                    {
                        "name": case.name,
                        "status": case.status.value,
                        "message": case.message,
                        "duration": round(case.duration, 4),
                        "mistake": asdict(case.mistake) if case.mistake else None,
                        "details": case.details,
                    }
                    for case in kata.cases
                ],
            }
            for kata in run.katas
        ],
    }
