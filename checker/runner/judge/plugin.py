"""The pytest plugin the judge loads: fixtures for the specs and a collector of results.

Specs ask for `kata` (call the learner's functions in a worker) and `rng` (hidden
random cases, reproducible from the run's seed). Two markers, registered in
specs/pytest.ini and explained in specs/api.py, tune a spec: `known_errors` (mistakes
an exception of this kata may be) and `cuda` (a case skipped on a machine without a
GPU). Every test becomes one `CaseResult`, with the notes (verdicts.note) of a case that passed; nothing from the
learner's process decides a verdict. What a case printed is shown beside a failure (its
start and last lines); a pass stays as it is. A case that failed without a named mistake is
run again on the kata's catalogued mistakes (suspects.py), which may name one.
"""

from __future__ import annotations

import inspect
import random
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from checker.core import mistakes as known
from checker.core.catalogue import Kata
from checker.core.limits import MAX_SPEC_ERROR_TEXT, limits_for
from checker.core.mistakes import Mistake
from checker.core.results import CaseResult, KataResult, MistakeRef, Status
from checker.runner.judge import verdicts
from checker.runner.judge.printed import Printed, size_text
from checker.runner.judge.session import KataSession
from checker.runner.judge.suspects import SuspectSearch
from checker.runner.judge.verdicts import CaseProblem

__all__ = ["CUDA_MARKER", "KNOWN_ERRORS_MARKER", "KataPlugin", "needs_cuda_reason"]

CUDA_MARKER = "cuda"  # @pytest.mark.cuda: the case needs a GPU
KNOWN_ERRORS_MARKER = "known_errors"  # pytestmark = api.known_errors(...): this kata's exception mistakes
needs_cuda_reason = "skipped: needs CUDA (no GPU on this machine)"
SPEC_BUG = "The checker's own spec failed ({error}). This is a bug in torch-katas, not in your code: please report it."


class KataPlugin:
    def __init__(
        self,
        workspace: Path,
        katas: list[Kata],
        *,
        reference: bool,
        seed: int,
        cuda_available: bool,
        on_case: Callable[[Kata, CaseResult], None] | None = None,
        suspects_excluded: Collection[str] = (),
    ) -> None:
        self.workspace = workspace
        self.suspects_excluded = frozenset(suspects_excluded)  # sources no suspect search runs
        self.reference = reference
        self.seed = seed
        self.cuda_available = cuda_available
        self.on_case = on_case
        self._katas = tuple(katas)
        self.results = {kata.number: KataResult(kata) for kata in katas}
        self._sessions: dict[int, KataSession] = {}
        self._suspects: dict[int, SuspectSearch] = {}
        self._recorded: set[str] = set()
        self._load_errors: list[str] = []

    # -- fixtures -----------------------------------------------------------------------

    @pytest.fixture
    def kata(self, request) -> KataSession:
        """The learner's solution for this spec's kata, running in a worker."""
        kata = self._kata_of(request.node)
        session = self._sessions.get(kata.number)
        if session is None:
            path = kata.solution_path(self.workspace, self.reference)
            session = KataSession(
                path,
                display_path=_display(path, self.workspace),
                limits=limits_for(kata),
                known_errors=_known_errors(request.node),
            )
            self._sessions[kata.number] = session
        return session

    @pytest.fixture
    def rng(self, request) -> random.Random:
        """A random source for hidden cases: the same seed and case give the same numbers."""
        return self._rng(request.node.name)

    # -- hooks --------------------------------------------------------------------------

    def pytest_collection_modifyitems(self, items) -> None:
        for item in items:
            if self._kata_of(item) and item.get_closest_marker(CUDA_MARKER) and not self.cuda_available:
                item.add_marker(pytest.mark.skip(reason=needs_cuda_reason))

    def pytest_runtest_logstart(self, nodeid, location) -> None:
        verdicts.clear_notes()  # a case starts with no notes, whatever the last one left

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        kata = self._kata_of(item)
        finished = call.when == "call" or (call.when == "setup" and (report.failed or report.skipped))
        if kata is not None and finished and item.nodeid not in self._recorded:
            self._recorded.add(item.nodeid)
            case = _case_result(item, call, report)
            notes = verdicts.take_notes()
            if case.status is Status.PASSED:
                case.notes = tuple(note.ref() for note in notes)
            session = self._sessions.get(kata.number)
            if session is not None:
                case.charts = session.take_charts()
                printed = session.take_output()
                answers, reached = session.take_answers(), session.take_reached()
                if case.mistake is None and case.status in _SUSPECTED and call.when == "call" and not self.reference:
                    found = self._search(kata).name(case, answers, reached, partial(self._rerun, item))
                    if found is not None:
                        case.mistake = found.ref()
                if printed and case.status not in (Status.PASSED, Status.SKIPPED):
                    case.details.setdefault("output", printed.text())
                elif printed and printed.cut and case.status is Status.PASSED:
                    case.notes += (_output_cut_note(printed),)
            self.results[kata.number].cases.append(case)
            if self.on_case:
                self.on_case(kata, case)
        return report

    def pytest_runtest_logfinish(self, nodeid, location) -> None:
        # Close a kata's worker as soon as its last case is done: one torch process at a time.
        kata = self._kata_for(Path(location[0]).name)
        if kata and self._remaining.get(kata.number, 0) > 0:
            self._remaining[kata.number] -= 1
            if self._remaining[kata.number] == 0:
                self._close(kata.number)

    def pytest_collection_finish(self, session) -> None:
        self._remaining: dict[int, int] = {}
        for item in session.items:
            kata = self._kata_of(item)
            if kata:
                self._remaining[kata.number] = self._remaining.get(kata.number, 0) + 1
        # A spec file that cannot be imported yields no items: its kata gets one error case saying so.
        loaded = {Path(str(item.path)).resolve() for item in session.items}
        for path in (Path(arg).resolve() for arg in session.config.args):
            kata = self._kata_for(path.name)
            if kata is not None and path not in loaded:
                why = next(
                    (e.strip().splitlines()[-1].removeprefix("E").strip() for e in self._load_errors if path.name in e),
                    "no tests in it",
                )
                message = SPEC_BUG.format(error=why[:MAX_SPEC_ERROR_TEXT])
                case = CaseResult(f"load {path.name}", Status.CHECKER_ERROR, message)
                self.results[kata.number].cases.append(case)
                if self.on_case:
                    self.on_case(kata, case)

    def pytest_collectreport(self, report) -> None:
        if report.failed:
            self._load_errors.append(str(report.longrepr))

    def pytest_sessionfinish(self) -> None:
        for number in list(self._sessions):
            self._close(number)

    # -- helpers ------------------------------------------------------------------------

    def _kata_of(self, node) -> Kata | None:
        return self._kata_for(Path(str(node.path)).name)

    def _kata_for(self, filename: str) -> Kata | None:
        return next((kata for kata in self._katas if kata.owns_spec(filename)), None)

    def _rng(self, case: str) -> random.Random:
        return random.Random(f"{self.seed}:{case}")

    def _search(self, kata: Kata) -> SuspectSearch:
        search = self._suspects.get(kata.number)
        if search is None:
            session = self._sessions[kata.number]
            search = SuspectSearch(
                kata,
                self.workspace,
                limits=session.limits,
                display_path=session.display_path,
                known_errors=session.known_errors,
                excluded=self.suspects_excluded,
            )
            self._suspects[kata.number] = search
        return search

    def _rerun(self, item, suspect: KataSession) -> CaseResult:
        """The case run again, from the same seed, with `suspect` as its `kata`: how it went."""
        kwargs = {name: item.funcargs[name] for name in inspect.signature(item.obj).parameters}
        kwargs["kata"] = suspect
        if "rng" in kwargs:
            kwargs["rng"] = self._rng(item.name)  # a fresh one: the very numbers the learner's run drew
        name = _case_name(item)
        started = time.monotonic()
        try:
            item.obj(**kwargs)
        except (Exception, pytest.fail.Exception, pytest.skip.Exception) as error:
            return _failed_case(name, error, time.monotonic() - started)
        return CaseResult(name, Status.PASSED, "", time.monotonic() - started)

    def _close(self, number: int) -> None:
        session = self._sessions.pop(number, None)
        if session:
            session.close()
        search = self._suspects.pop(number, None)
        if search:
            search.close()


_SUSPECTED = (Status.FAILED, Status.ERROR)  # wrong answers and exceptions: what a suspect can explain


def _known_errors(node) -> tuple[Mistake, ...]:
    """The mistakes a spec module declared with `pytestmark = known_errors(...)` (specs/api.py)."""
    marker = node.get_closest_marker(KNOWN_ERRORS_MARKER)
    return tuple(marker.args) if marker is not None else ()


def _case_result(item, call, report) -> CaseResult:
    name = _case_name(item)
    duration = report.duration if call.when == "call" else 0.0
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        return CaseResult(name, Status.SKIPPED, reason.removeprefix("Skipped: "), duration)
    if report.passed:
        return CaseResult(name, Status.PASSED, "", duration)
    return _failed_case(name, call.excinfo.value if call.excinfo else None, duration)


def _failed_case(name: str, error: BaseException | None, duration: float) -> CaseResult:
    if isinstance(error, CaseProblem):
        mistake = error.mistake.ref() if error.mistake else None
        return CaseResult(name, error.status, error.message, duration, mistake, dict(error.details))
    if isinstance(error, AssertionError):
        return CaseResult(name, Status.FAILED, str(error).split("\nassert")[0], duration)
    return CaseResult(name, Status.CHECKER_ERROR, SPEC_BUG.format(error=repr(error)[:MAX_SPEC_ERROR_TEXT]), duration)


def _output_cut_note(printed: Printed) -> MistakeRef:
    """A passing case that printed a flood: say how much, so the learner knows it was cut."""
    ref = known.OUTPUT_CUT.ref()
    return replace(ref, title=ref.title.format(size=size_text(printed.total)))


def _case_name(item) -> str:
    base = item.originalname.removeprefix("test_").replace("_", " ")
    params = getattr(item, "callspec", None)
    return f"{base} [{params.id}]" if params else base


def _display(path: Path, workspace: Path) -> str:
    try:
        return str(path.relative_to(workspace))
    except ValueError:
        return str(path)
