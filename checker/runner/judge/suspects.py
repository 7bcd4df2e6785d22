"""Suspects: a kata's catalogued mistakes, run again on a case the learner failed, to name the mistake.

Runs in the judge. Every `mistake:` mutant in a kata's home (`mutants.yaml`, see
specs/homes.py) is the reference with a small edit. When a case fails and its spec named no
mistake, the plugin asks `SuspectSearch.name`: the same case function runs again, with the
same seed and so the same inputs, on each mutant in the catalogue's order, each imported
by a worker exactly as the learner's file is. The first mutant whose run failed as the
learner's did names the mistake: the same status, the same message (numbers aside), the
same error text for an exception, and every call of the case answered alike (values within
the specs' tolerances). So a mistake is named whatever its spelling in the learner's file,
once a mutant shows it. A match is confirmed on the unedited reference (the control): if
that fails the case too, the case fails whatever the code (an instructor's spec the
reference fails), and nothing is named.

What a search may cost is bounded. Only a failed case without a name starts one, never a
passing learner nor a `--reference` run; only where workers are forked from the warm
worker (on the portable path each would be a cold `import torch`, seconds); one worker for
all of a kata's suspects, importing their files in turn, so that what a worker pays on
first use (torch.optim imports torch._dynamo, a second or more) is paid once; no run of a
mutant whose edits lie in code the case never reached (it would answer as the control
did); one search per cause (cases that failed the same way share its answer); and
SUSPECT_SECONDS for all of a kata's suspects together, each run also under the case's own
limits. A suspect that crashes or runs out of time just does not match. Suspects never
change a verdict or a score, only which mistake a failed case names.
"""

from __future__ import annotations

import ast
import math
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.core.catalogue import Kata
from checker.core.causes import cause_key, without_numbers
from checker.core.limits import SUSPECT_SECONDS, Limits
from checker.core.mistakes import Mistake
from checker.core.results import CaseResult, Status
from checker.runner.judge.session import Answer, KataSession
from checker.runner.judge.verdicts import clear_notes
from checker.runner.process.warm import warm_available
from checker.runner.protocol import TensorValue
from checker.specs._helpers import TOLERANCE
from checker.specs._training import TRAJECTORY_TOLERANCE
from checker.specs.homes import REFERENCE_DIR, mistakes_of, mutant_source, mutants_of

__all__ = ["Rerun", "Suspect", "SuspectRun", "SuspectSearch", "catalogued", "watching"]

# The failed case run again with another solution in `kata`: how it went, as the plugin records a case.
Rerun = Callable[[KataSession], CaseResult]


@dataclass(frozen=True)
class Suspect:
    """A solution to run a failed case on: a catalogued mistake (the reference edited), or the reference."""

    mistake: Mistake | None  # None: the reference itself, the control
    source: str
    # The reference's top-level functions and classes whose running can reach the edits: a case
    # that ran none of them answers as the reference does. None: anything may (an edit outside them).
    reaches: frozenset[str] | None = None


@dataclass(frozen=True)
class SuspectRun:
    """One run of a case on a suspect, as a watcher sees it."""

    kata: str
    case: str
    code: str | None  # the suspect's mistake; None for the control
    result: CaseResult  # how the case went on the suspect
    matched: bool  # it failed exactly as the learner's code did


_watchers: list[Callable[[SuspectRun], None]] = []


@contextmanager
def watching() -> Iterator[list[SuspectRun]]:
    """The suspect runs made while the block runs, in order (how tests count them)."""
    runs: list[SuspectRun] = []
    _watchers.append(runs.append)
    try:
        yield runs
    finally:
        _watchers.remove(runs.append)


def catalogued(kata: Kata, workspace: Path, excluded: Collection[str] = ()) -> list[Suspect]:
    """The control and then each `mistake:` mutant of the kata, in the catalogue's order.

    The reference comes from beside the installed checker (what its mutants were written
    against), else from the workspace; a mutant whose edit does not apply there, whose
    code names no mistake of the kata, or whose source is one of `excluded`, is left out.
    Empty when nothing is left.
    """
    mutants = [mutant for mutant in mutants_of(kata) if mutant.get("mistake")]
    if not mutants:
        return []
    named = mistakes_of(kata)
    for path in (REFERENCE_DIR / f"{kata.name}.py", kata.reference_path(workspace)):
        try:
            reference = path.read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue
        suspects = []
        defs = _definitions(reference)
        for mutant in mutants:
            try:
                source = mutant_source(reference, mutant)
            except (ValueError, KeyError, TypeError):  # an edit this reference does not take
                continue
            if mutant["mistake"] in named and source not in excluded:
                suspects.append(Suspect(named[mutant["mistake"]], source, _reaching(reference, defs, mutant)))
        if suspects:
            return [Suspect(None, reference), *suspects]
    return []


class SuspectSearch:
    """One kata's suspects: their files and worker, the mistake each cause matched, the time left."""

    def __init__(
        self,
        kata: Kata,
        workspace: Path,
        *,
        limits: Limits,
        display_path: str,
        known_errors: tuple[Mistake, ...] = (),
        excluded: Collection[str] = (),
    ) -> None:
        self.kata = kata
        self.workspace = workspace
        # Each run under the case's own limits; the kata's budget is SUSPECT_SECONDS, not its cases'.
        self.limits = Limits(seconds=limits.seconds, memory_bytes=limits.memory_bytes)
        self.display_path = display_path  # the learner's, so that messages naming the file read alike
        self.known_errors = known_errors
        self.excluded = frozenset(excluded)  # sources never run as suspects (the content test's own mutant)
        self._suspects: list[Suspect] | None = None
        self._session: KataSession | None = None  # one worker, the suspects' files imported in turn
        self._folder: Path | None = None
        self._found: dict[tuple[str, ...], Mistake | None] = {}
        self._deadline: float | None = None

    def name(
        self, failed: CaseResult, answers: Sequence[Answer], reached: frozenset[str] | None, rerun: Rerun
    ) -> Mistake | None:
        """The catalogued mistake whose run of this case fails exactly as `failed` did, or None.

        `answers` are what the learner's calls got, `reached` the names of the learner's code
        they ran (None: unknown), as the learner's session recorded them for this case.
        """
        key = cause_key(failed)  # cases failed the same way (as the reports group them) share one search
        if key not in self._found:
            self._found[key] = self._search(failed, answers, reached, rerun)
        return self._found[key]

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    # -- internals ----------------------------------------------------------------------

    def _search(
        self, failed: CaseResult, answers: Sequence[Answer], reached: frozenset[str] | None, rerun: Rerun
    ) -> Mistake | None:
        if not warm_available():
            return None
        if self._suspects is None:
            self._suspects = catalogued(self.kata, self.workspace, self.excluded)
        if not self._suspects:
            return None
        if self._deadline is None:
            self._deadline = time.monotonic() + SUSPECT_SECONDS
        for index, suspect in enumerate(self._suspects[1:], 1):
            if suspect.reaches is not None and reached is not None and not suspect.reaches & reached:
                continue  # its edits lie where this case never went: it would answer as the control did
            if time.monotonic() >= self._deadline:
                return None
            if self._try(index, suspect, failed, answers, rerun).matched:
                # Only if the reference passes: a case that fails it too fails whatever the code.
                if time.monotonic() < self._deadline:
                    control = self._try(0, self._suspects[0], failed, answers, rerun)
                    if control.result.status is Status.PASSED:
                        return suspect.mistake
                return None
        return None

    def _try(
        self, index: int, suspect: Suspect, failed: CaseResult, answers: Sequence[Answer], rerun: Rerun
    ) -> SuspectRun:
        result, got = self._run(index, suspect, rerun)
        matched = suspect.mistake is not None and _same_failure(failed, answers, result, got)
        code = suspect.mistake.code if suspect.mistake else None
        run = SuspectRun(self.kata.name, failed.name, code, result, matched)
        for watcher in _watchers:
            watcher(run)
        return run

    def _run(self, index: int, suspect: Suspect, rerun: Rerun) -> tuple[CaseResult, tuple[Answer, ...]]:
        session = self._held(index, suspect)
        try:
            result = rerun(session)
        finally:
            # What the suspect left behind is no one's: its answers are compared, the rest dropped.
            answers = session.take_answers()
            session.take_reached()
            session.take_charts()
            session.take_output()
            clear_notes()
        return result, answers

    def _held(self, index: int, suspect: Suspect) -> KataSession:
        """The suspects' session, holding this suspect's file (written on its first turn)."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="kata-suspects-"))  # readable by this user only
        path = self._folder / f"suspect_{index}.py"
        if not path.is_file():
            path.write_text(suspect.source, encoding="utf-8")
        if self._session is None:
            self._session = KataSession(path, self.display_path, self.limits, self.known_errors)
        self._session.deadline = self._deadline
        if self._session.path != path:
            self._session.switch(path)
        return self._session


def _definitions(reference: str) -> dict[str, tuple[int, int, set[str]]]:
    """Each top-level function and class of the reference: its first and last line, the others it names."""
    try:
        tree = ast.parse(reference)
    except (SyntaxError, ValueError):
        return {}
    nodes = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    defined = {node.name for node in nodes}
    return {
        node.name: (
            min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)]),
            node.end_lineno or node.lineno,
            {name.id for name in ast.walk(node) if isinstance(name, ast.Name) and name.id in defined},
        )
        for node in nodes
    }


def _reaching(reference: str, defs: dict[str, tuple[int, int, set[str]]], mutant: dict) -> frozenset[str] | None:
    """The definitions that hold the mutant's edits, and those that name them (again and again)."""
    edited = set()
    for edit in mutant.get("edits") or [mutant]:
        text = edit["replace"]
        if reference.count(text) != 1:  # an edit of text an earlier edit wrote
            return None
        first = reference.count("\n", 0, reference.index(text)) + 1
        last = first + text.rstrip("\n").count("\n")
        owner = next((name for name, (start, end, _) in defs.items() if start <= first and last <= end), None)
        if owner is None:  # at module level: an import or a constant every case may use
            return None
        edited.add(owner)
    reaching = set(edited)
    while True:
        callers = {name for name, (_, _, names) in defs.items() if names & reaching} - reaching
        if not callers:
            return frozenset(reaching)
        reaching |= callers


def _same_failure(learner: CaseResult, answers: Sequence[Answer], suspect: CaseResult, got: Sequence[Answer]) -> bool:
    """Did the suspect fail as the learner did, every call of the case answered alike?"""
    return (
        suspect.status is learner.status
        and without_numbers(suspect.message) == without_numbers(learner.message)
        and (learner.status is not Status.ERROR or suspect.details.get("got") == learner.details.get("got"))
        and len(got) == len(answers)
        and all(
            theirs.changed_args == ours.changed_args and _alike(theirs.value, ours.value)
            for theirs, ours in zip(got, answers)
        )
    )


def _alike(a: Any, b: Any) -> bool:
    """The same value as a spec would judge it: exact types and shapes, numbers within tolerance."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        return math.isclose(a, b, rel_tol=TRAJECTORY_TOLERANCE, abs_tol=TOLERANCE) or (math.isnan(a) and math.isnan(b))
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(_alike(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return a.keys() == b.keys() and all(_alike(a[key], b[key]) for key in a)
    if type(a) is TensorValue:
        same_kind = (a.device, a.requires_grad, a.grad_fn is None, a.kind) == (
            b.device,
            b.requires_grad,
            b.grad_fn is None,
            b.kind,
        )
        return same_kind and _same_tensor(a.tensor, b.tensor)
    return a == b


def _same_tensor(a: Any, b: Any) -> bool:
    import torch

    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.is_floating_point() or a.is_complex():
        return bool(torch.allclose(a, b, rtol=TRAJECTORY_TOLERANCE, atol=TOLERANCE, equal_nan=True))
    return bool(torch.equal(a, b))
