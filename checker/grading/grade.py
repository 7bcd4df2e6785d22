"""Grade a student's tree with the installed checker: its catalogue, its specs, its judge.

The tree supplies only its solution files, copied into a clean folder (sandbox.py).
Points and time limits come from the installed catalogue (packaged.py). Every chosen
kata ends up in the result, also when its spec is missing or grading stopped early, so
the reports always list the whole assignment.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.core.catalogue import Catalogue, Kata
from checker.core.errors import KataUsageError
from checker.core.packaged import PACKAGE_DIR, packaged_catalogue
from checker.core.results import CaseResult, GradeResult, KataResult, RunResult, Status
from checker.grading.sandbox import (
    ProcessJanitor,
    changed_files,
    clean_judge_environment,
    copy_submission,
    fingerprint,
    judge_warnings,
    undumpable,
)
from checker.grading.submitted import submission_instant

__all__ = ["GradingPlan", "find_extra_specs", "grade_tree", "plan_grading"]

NOT_REACHED = "Not graded: grading stopped before this kata ({why})."
NO_CASES = "The checker's spec for this kata ran no cases: report a bug in torch-katas."
STRAYS = "Stopped {count} process(es) that the graded code started and left running."
TAMPERED = (
    "The installed checker changed while grading ({files}): graded code may have rewritten it. "
    "Reinstall torch-katas before grading anything else, and treat this grade with suspicion."
)
EXTRA_UNMATCHED = (
    "{names} in {folder} belong to no kata: name private spec files after their kata, "
    "test_NN_name.py or test_NN_name_anything.py (e.g. test_04_compute_gradient_private.py)."
)
EXTRA_EMPTY = "{folder} holds no spec files (test_NN_name*.py)."


def find_extra_specs(folder: Path | None, catalogue: Catalogue) -> list[Path]:
    """The instructor's private spec files in `folder`, each named after a kata of the catalogue."""
    if folder is None:
        return []
    files = sorted(path for path in folder.glob("test_*.py") if path.is_file())
    unmatched = [path.name for path in files if not any(kata.owns_spec(path.name) for kata in catalogue)]
    if unmatched:
        raise KataUsageError(EXTRA_UNMATCHED.format(names=", ".join(unmatched), folder=folder))
    if not files:
        raise KataUsageError(EXTRA_EMPTY.format(folder=folder))
    return [path.resolve() for path in files]


@dataclass(frozen=True)
class GradingPlan:
    """What to grade, checked before anything runs: katas from the installed catalogue, private specs."""

    catalogue: Catalogue
    katas: list[Kata]
    extra_specs: list[Path]


def plan_grading(ids: Sequence[str] = (), extra_specs: Path | None = None) -> GradingPlan:
    """Resolve `ids` (all katas by default) and the private spec folder; KataUsageError if either is wrong."""
    catalogue = packaged_catalogue()
    katas = catalogue.select(list(ids)) if ids else list(catalogue)
    return GradingPlan(catalogue, katas, find_extra_specs(extra_specs, catalogue))


def grade_tree(
    tree: Path,
    plan: GradingPlan,
    *,
    seed: int | None = None,
    on_case: Callable[[Kata, CaseResult], None] | None = None,
    submission: str | None = None,
    keep_warm: bool = False,
    submitted_at: str = "",
) -> GradeResult:
    """Grade the planned katas of the student's `tree`; the result always lists every one of them.

    `keep_warm` leaves the judge's warm worker running for the next tree (`kata grade-class`):
    it never runs graded code itself, and each kata still gets a freshly forked worker.
    `submitted_at` is the submission's instant when the caller knows it (a deadline run's
    commit, the platform's record); otherwise it is read from the tree's last commit.
    """
    import pytest  # noqa: F401 - the judge's modules are all loaded before any graded code runs
    import torch

    from checker import runner
    from checker.runner import new_seed, run_check

    seed = new_seed() if seed is None else seed
    warnings = judge_warnings(tree)
    installed = fingerprint(PACKAGE_DIR)
    failure = ""
    run = RunResult(
        seed=seed,
        reference=False,
        cuda_available=torch.cuda.is_available(),
        torch_version=torch.__version__,
        started=time.time(),
    )
    with tempfile.TemporaryDirectory(prefix="kata-grade-") as folder, clean_judge_environment(), undumpable():
        clean = Path(folder)
        warnings += copy_submission(tree, plan.katas, plan.catalogue, clean)
        with ProcessJanitor() as janitor:
            try:
                # Every planned kata goes to the judge, which reports one without a spec as a checker
                # error: the run is then incomplete, and an incomplete run is never a grade.
                if plan.katas:
                    run = run_check(clean, plan.katas, seed=seed, on_case=on_case, extra_specs=plan.extra_specs)
            except Exception as error:  # noqa: BLE001 - the reports must still be written
                failure = f"{type(error).__name__}: {error}"
            if run.incomplete and not failure:
                failure = run.incomplete  # cases that never ran are never a grade
            if not keep_warm:
                runner.shutdown()  # the judge's own warm worker: the next grading starts a fresh one
        if janitor.stopped:
            warnings.append(STRAYS.format(count=janitor.stopped))
    run.finished = time.time()
    graded = {result.number: result for result in run.katas}
    why = "the grader failed" if failure else "it was interrupted" if run.interrupted else ""
    run.katas = [_accounted(kata, graded.get(kata.number), why) for kata in plan.katas]
    changed = changed_files(installed, fingerprint(PACKAGE_DIR))
    if changed:
        warnings.append(TAMPERED.format(files=", ".join(changed[:10])))
    if not submitted_at:
        submitted_at, undated = submission_instant(tree, fallback=run.finished)
        if undated:
            warnings.append(undated)
    return GradeResult(
        run, submission=submission or str(tree), warnings=warnings, failure=failure, submitted_at=submitted_at
    )


def _accounted(kata: Kata, result: KataResult | None, why: str) -> KataResult:
    """The kata's result; a kata the judge never reached, or whose spec ran no case, gets an error case saying why."""
    if result is not None and result.cases:
        return result
    result = KataResult(kata)
    result.cases.append(CaseResult("graded", Status.ERROR, NOT_REACHED.format(why=why) if why else NO_CASES))
    return result
