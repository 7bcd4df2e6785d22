"""The judge: runs pytest in this (trusted) process over the specs of the chosen katas."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from collections.abc import Callable, Collection, Sequence
from contextlib import contextmanager
from pathlib import Path

from checker.core.catalogue import Kata
from checker.core.results import CaseResult, RunResult, Status
from checker.runner.process import warm
from checker.specs.homes import SPECS_DIR

__all__ = [
    "INCOMPLETE_CASES",
    "INCOMPLETE_PYTEST",
    "SPECS_DIR",
    "incomplete_reason",
    "interrupts_deferred",
    "new_seed",
    "run_check",
]

INCOMPLETE_PYTEST = "the checker's test runner stopped with {name} (pytest exit code {code}) before every case ran"
INCOMPLETE_CASES = "the checker could not run {count} case(s): {first}"


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 1_000_000)


def run_check(
    workspace: Path,
    katas: list[Kata],
    *,
    reference: bool = False,
    seed: int | None = None,
    on_case: Callable[[Kata, CaseResult], None] | None = None,
    extra_specs: Sequence[Path] = (),
    specs_dir: Path | None = None,
    suspects_excluded: Collection[str] = (),
) -> RunResult:
    """Check the chosen katas and return every case's result; never raises for learner code.

    `extra_specs` are more spec files (an instructor's private ones), each run with the
    kata it is named after: test_NN_name_*.py. `specs_dir` is the folder of spec homes and
    their `pytest.ini`: the checker's own (SPECS_DIR, read at call time) in every product
    path (nothing a workspace holds can choose it, so editing files there never changes how
    code is judged); the runner's tests pass a small fixture course of their own.
    `suspects_excluded` are sources the suspect search must not run (suspects.py):
    tests/test_content.py leaves out the mutant it checks, so that a mutant's diagnosis never
    comes from the mutant itself.
    """
    specs_dir = SPECS_DIR if specs_dir is None else specs_dir
    # The warm worker imports torch while this process imports torch and pytest (2 cores);
    # several katas are worth a second one that also has torch.optim's imports done.
    warm.prestart(preload=len(katas) > 1, workers=len(katas))
    # Plugins found in the environment (or the workspace) must never join the judge.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    with interrupts_deferred():
        import pytest
        import torch

        from checker.runner.judge.plugin import KataPlugin

    warm.freeze_imports()
    seed = new_seed() if seed is None else seed
    plugin = KataPlugin(
        workspace,
        katas,
        reference=reference,
        seed=seed,
        cuda_available=torch.cuda.is_available(),
        on_case=on_case,
        suspects_excluded=suspects_excluded,
    )
    result = RunResult(
        seed=seed,
        reference=reference,
        cuda_available=plugin.cuda_available,
        torch_version=torch.__version__,
        started=time.time(),
    )
    without_spec = {kata.number for kata in katas if not (specs_dir / kata.spec_file).is_file()}
    args = []
    for kata in katas:
        if kata.number not in without_spec:
            args.append(str(specs_dir / kata.spec_file))
        args += [str(path) for path in extra_specs if kata.owns_spec(path.name)]
    if not args:  # nothing to collect: pytest given no file would collect its rootdir instead
        return _finished(result, katas, plugin, without_spec)
    args += [
        "-c", str(specs_dir / "pytest.ini"),
        "--rootdir", str(specs_dir),
        "--noconftest",
        "--continue-on-collection-errors",
        "--import-mode=importlib",
        "-p", "no:cacheprovider",
        "-p", "no:terminal",
        "-p", "no:warnings",
        "-p", "no:logging",  # it re-hooks every logger torch made around every case: 20 ms a check
        "-p", "no:unraisableexception",  # the judge's own leftovers are _quiet_teardown's to handle
        "-s",
    ]  # fmt: skip
    code = pytest.main(args, plugins=[plugin])
    result.interrupted = int(code) == int(pytest.ExitCode.INTERRUPTED)
    if result.interrupted:
        _quiet_teardown()
    return _finished(result, katas, plugin, without_spec, code=int(code))


def _finished(result: RunResult, katas: Sequence[Kata], plugin, without_spec: set[int], code: int = 0) -> RunResult:
    """The run's results, each kata whose spec is missing holding one checker-error case that says so."""
    result.katas = [plugin.results[kata.number] for kata in katas]
    for kata, kata_result in zip(katas, result.katas):
        if kata.number in without_spec and not kata_result.cases:
            kata_result.cases.append(
                CaseResult("spec", Status.CHECKER_ERROR, NO_SPEC.format(id=kata.id, spec=kata.spec_file))
            )
    result.incomplete = incomplete_reason(code, result)
    result.finished = time.time()
    return result


def _quiet_teardown() -> None:
    """After Ctrl-C: pytest's hook wrappers stopped mid-case fail as they are collected; say nothing of it.

    Their clean-up finds pytest's capture already gone and raises into the garbage collector,
    which would print a traceback under the "Interrupted" line. Nothing of the learner's runs
    in this process, so nothing is hidden: the check was stopped, and the process ends.
    """
    import gc

    sys.unraisablehook = lambda unraisable: None
    gc.collect()


@contextmanager
def interrupts_deferred():
    """Hold Ctrl-C back until the block is done, then raise it: for imports, which it would break.

    A KeyboardInterrupt in the middle of `import torch` leaves half-made modules behind:
    numpy then refuses to load again, and torch may swallow it so that the check runs on
    and says it passed. Held back, Ctrl-C stops the check cleanly right after (exit 130).
    Only SIGINT's Python handler is used, so this works on every platform; outside the
    main thread (a notebook's worker thread) nothing can be installed and nothing is held.
    """
    pressed: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


NO_SPEC = (
    "The checker has no spec for kata {id} (checker/specs/{spec}): this install of torch-katas is older "
    "than the catalogue, or incomplete. Reinstall it (pip install -e . in the clone)."
)


def incomplete_reason(code: int, result: RunResult) -> str:
    """Why a run did not complete ("" when it did): pytest's own failure, or cases the checker could not run.

    pytest's internal-error and usage-error exits mean cases never ran: they are never a pass.
    """
    import pytest

    if code in (int(pytest.ExitCode.INTERNAL_ERROR), int(pytest.ExitCode.USAGE_ERROR)):
        return INCOMPLETE_PYTEST.format(name=pytest.ExitCode(code).name, code=code)
    failed = [case for kata in result.katas for case in kata.cases if case.status is Status.CHECKER_ERROR]
    if failed:
        return INCOMPLETE_CASES.format(count=len(failed), first=failed[0].message.rstrip("."))  # the sentence goes on
    return ""
