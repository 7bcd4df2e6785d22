"""One kata's solution file, loaded in a worker, called on the judge's behalf.

`KataSession.call` returns an `Answer` (plain data) or raises a `CaseProblem` that
already says, in the learner's terms, what went wrong: not started, an exception
(with the learner's own file and line), a missing function, a crash, a hang.
A warning the call raised that matches a known note (mistakes.WARNING_NOTES) becomes
a note on the running case.
What the calls print is gathered per case (`take_output`): it is shown beside a
failure and never decides anything. The answers a case got are kept too (`take_answers`),
and the names of the learner's code its requests ran (`take_reached`): a failed case's are
compared with what the kata's catalogued mistakes answer (suspects.py).

Specs reach the session as the `kata` fixture: `call` for a plain function, one typed
method per generic trusted driver (`train`, `describe_model`, `source`), `exercise` for a
driver a kata's own home registers ("name.driver", see specs/homes.py), and
`chart_losses` / `chart_fit` for the charts the report draws beside the case. checker/specs/api.py is
where a spec author reads about all of them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.core import mistakes as known
from checker.core.limits import MAX_ARG_TEXT as _MAX_ARG_TEXT
from checker.core.limits import Limits
from checker.core.mistakes import Mistake, match_error
from checker.core.results import Chart, Status
from checker.runner.judge.printed import Printed
from checker.runner.judge.verdicts import CaseProblem, note
from checker.runner.process.warm import start_worker
from checker.runner.process.worker_process import WorkerProcess, WorkerStopped
from checker.runner.protocol import decode, encode

__all__ = ["Answer", "KataSession", "Recipe", "describe_call"]

# A model the worker builds from a seed before calling the learner's function (runner/worker/harness.py):
#   {"layers": [["linear", 3, 1], ["relu"], ...]}          trusted layers (runner/worker/layer_recipes.py)
#   {"learner": "ClassName", "args": [...], "kwargs": {...}}  the learner's own class, called with these
# either with an optional "state": a state dict to load after building.
Recipe = dict[str, Any]

NO_WORKER = (
    "The checker could not start a process to run your code ({error}). This is the checker's problem "
    "on this machine, not your code's: run `kata doctor`, and report it with what it prints."
)
NOT_RUN_PAST_DEADLINE = "Not run: the time given to this session is spent."
_STOP_STATUS = {
    "timeout": Status.TIMEOUT,
    "memory": Status.MEMORY_LIMIT,
    "processes": Status.CRASHED,
    "crashed": Status.CRASHED,
    "exited": Status.EXITED,
    "protocol": Status.CRASHED,
}
_STOP_ADVICE = {
    "timeout": "Look for a loop that never ends (a `while` whose condition never changes).",
    "memory": "Something keeps growing: look for a list or tensor that is never freed, or a huge shape.",
    "processes": "No kata needs a process of its own: take os.fork, subprocess and multiprocessing out.",
    "crashed": "That is usually ctypes or a native extension misbehaving; use plain torch operations.",
    "exited": "Do not call os._exit(), sys.exit() or exit() in your solution: just return the result.",
    "protocol": "Do not write to file descriptors you did not open yourself.",
}
_STOP_DETAIL_FORGED = "made the worker send a reply the checker cannot read"
_MEMORY_PHRASES = ("can't allocate memory", "CUDA out of memory", "DefaultCPUAllocator")


@dataclass(frozen=True)
class Answer:
    """What one call of the learner's function gave back."""

    call: str
    value: Any
    probes: dict[str, int] = field(default_factory=dict)
    changed_args: tuple[int, ...] = ()  # positions of arguments the call modified
    warnings: tuple[str, ...] = ()  # messages of the warnings the call raised


def describe_call(function: str, args: tuple, kwargs: dict) -> str:
    parts = [_brief(arg) for arg in args] + [f"{key}={_brief(value)}" for key, value in kwargs.items()]
    text = f"{function}({', '.join(parts)})"
    return text if len(text) <= _MAX_ARG_TEXT else text[: _MAX_ARG_TEXT - 5] + " ...)"


def _brief(value: Any) -> str:
    """An argument as the learner would recognise it; big tensors by shape, not by digits."""
    import sys

    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor) and value.numel() > 6:
        dtype = str(value.dtype).removeprefix("torch.")
        return f"<tensor of shape {tuple(value.shape)}, {dtype}>"
    return repr(value)


class KataSession:
    """A lazily started worker holding one solution file; restarted after it dies.

    Workers come from `warm.start_worker`: forked with torch imported where possible.
    """

    def __init__(self, path: Path, display_path: str, limits: Limits, known_errors: tuple[Mistake, ...] = ()):
        self.path = path
        self.display_path = display_path
        self.limits = limits
        self.known_errors = known_errors
        self._worker: WorkerProcess | None = None
        self.spent = 0.0  # seconds this kata's requests have taken, for Limits.kata_seconds
        self._load_problem: CaseProblem | None = None
        self._charts: list[Chart] = []
        self._printed = Printed()  # this case's output so far, from every worker it used
        self._answers: list[Answer] = []  # this case's answers so far
        self._reached: set[str] | None = set()  # names its requests ran; None: unknown (a kata's own driver)
        # time.monotonic() past which no request runs (a suspect search's budget); None: none
        self.deadline: float | None = None

    def call(self, function: str, *args: Any, **kwargs: Any) -> Answer:
        """Call the learner's `function(*args, **kwargs)`: plain data and tensors in, the same out."""
        request = {"op": "call", "function": function, "args": encode(list(args)), "kwargs": encode(kwargs)}
        self._reach(function)
        return self._ask(request, function, describe_call(function, args, kwargs))

    # -- trusted drivers: runner/worker/harness.py (and a kata's own drivers.py) run these in the worker

    def train(
        self,
        function: str,
        *,
        model: Recipe | None,
        seed: int,
        args: Sequence[Any] = (),
        kwargs: dict[str, Any] | None = None,
        call: str,
        inf_at: int | None = None,
    ) -> Answer:
        """Call the learner's `function(built_model, *args, **kwargs)` and record what it did.

        The worker builds `model` (a Recipe) after `torch.manual_seed(seed)` and seeds again
        before the call; with `model` None the function gets only `args` (kata 09 makes its
        own w and b). `inf_at` makes the first parameter's gradient infinite on that
        backward pass, counting from 0 (a GradScaler must skip that step). The answer's
        value is the driver's report: "value" (what the function returned), "events" (how
        often each of zero_grad, backward, forward, optimizer.init, optimizer.step and scaler.*
        ran), "sequence" (the first events in order), "tail" (the last eight, in order: what
        ran after the final update), "forwards" (dtype, mode
        and grad recording of each nn.Linear call), and with a model "initial", "final"
        (state dicts) and "devices".
        """
        extra = {} if inf_at is None else {"inf_at": inf_at}
        self._reach(function, model)
        return self._exercise("with_model", function, model, seed, list(args), dict(kwargs or {}), call=call, **extra)

    def describe_model(self, model: Recipe, *, seed: int = 0, inputs: Any = None, call: str) -> Answer:
        """Build `model` and report its structure: "is_module", "type", "parameter_count",
        "children", "direct_children", "linears" (nn.Linear names in registration order),
        "state", and "output" (the model applied to `inputs`) when inputs are given.
        """
        self._reach(None, model)
        return self._exercise("describe_model", model, seed, inputs=inputs, call=call)

    def source(self, function: str, *, call: str) -> Answer:
        """The text of the learner's `function`, for rules no run can show; value {"value": text}."""
        self._reach(function)
        return self._exercise("source", function, call=call)

    # -- charts the report draws beside the case ---------------------------------------------

    def chart_losses(self, losses: Any, *, title: str = "Loss per step", label: str = "loss") -> None:
        """Draw the learner's `losses` (one per step) as this case's loss curve.

        Anything but a list of two or more floats is left out (the checks say what is wrong
        with it); a case that trains twice shows its longest run.
        """
        if type(losses) is not list or len(losses) < 2 or not all(type(loss) is float for loss in losses):
            return
        held = next((chart for chart in self._charts if chart.kind == Chart.LOSSES), None)
        if held is not None and len(held.points) >= len(losses):
            return
        self._charts = [chart for chart in self._charts if chart is not held]
        self._charts.append(Chart.losses(losses, title=title, label=label))

    def chart_fit(
        self,
        points: Sequence[tuple[float, float, float]],
        *,
        target_label: str,
        fitted_label: str = "your model",
        title: str | None = None,
    ) -> None:
        """Draw the learner's trained model against a target: `points` are (x, target, fitted), computed in the judge."""
        self._charts.append(Chart.fit(points, target_label=target_label, fitted_label=fitted_label, title=title))

    def take_charts(self) -> tuple[Chart, ...]:
        """The charts declared since the last take (the plugin takes them once per case)."""
        charts, self._charts = tuple(self._charts), []
        return charts

    def take_output(self) -> Printed:
        """What the calls since the last take printed (the plugin takes it once per case)."""
        printed, self._printed = self._printed, Printed()
        return printed

    def switch(self, path: Path) -> None:
        """Hold another solution file from now on; a running worker imports it in place of the last.

        For the suspects (suspects.py), which take turns in one worker: what a worker pays once
        (torch.optim's first use imports torch._dynamo, a second or more) is paid once for all.
        An import that fails is the answer of every later call, as for a first load.
        """
        self.path = path
        self._load_problem = None
        if self._worker is not None:
            try:
                self._import(self._worker)
            except CaseProblem:
                pass  # kept in _load_problem, or the worker stopped and the next call starts another

    def take_answers(self) -> tuple[Answer, ...]:
        """The answers the calls since the last take got, in order (the plugin takes them once per case)."""
        answers, self._answers = tuple(self._answers), []
        return answers

    def take_reached(self) -> frozenset[str] | None:
        """The learner's functions and classes the requests since the last take ran; None when unknown."""
        reached, self._reached = self._reached, set()
        return None if reached is None else frozenset(reached)

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    # -- internals ----------------------------------------------------------------------

    def exercise(self, driver: str, *args: Any, call: str, **kwargs: Any) -> Answer:
        """Run a trusted driver around the learner's code; `call` is how the case reads to the learner."""
        self._reached = None  # a driver may run any of the learner's code
        return self._exercise(driver, *args, call=call, **kwargs)

    def _exercise(self, driver: str, *args: Any, call: str, **kwargs: Any) -> Answer:
        request = {"op": "exercise", "driver": driver, "args": encode(list(args)), "kwargs": encode(kwargs)}
        return self._ask(request, driver, call)

    def _reach(self, function: str | None, model: Recipe | None = None) -> None:
        learner = model.get("learner") if type(model) is dict else None
        if self._reached is not None:
            self._reached.update(name for name in (function, learner) if type(name) is str)

    def _ask(self, request: dict, name: str, text: str) -> Answer:
        reply = self._request(self._loaded_worker(), request, text)
        return self._answer(reply, name, text)

    def _loaded_worker(self) -> WorkerProcess:
        if self._load_problem is not None:
            raise self._load_problem  # the file could not be loaded: every call gets that answer
        if self._worker is not None:
            return self._worker
        if not self.path.is_file():
            self._load_problem = CaseProblem(
                Status.ERROR,
                f"Your file {self.display_path} is missing. Restore the starting stub with `kata reset`.",
            )
            raise self._load_problem
        try:
            self._worker = start_worker(self.limits)
        except Exception as error:  # noqa: BLE001 - a platform without what the runner needs
            self._load_problem = CaseProblem(
                Status.CHECKER_ERROR, NO_WORKER.format(error=f"{type(error).__name__}: {error}")
            )
            raise self._load_problem from None
        self._import(self._worker)
        return self._worker

    def _import(self, worker: WorkerProcess) -> None:
        reply = self._request(worker, {"op": "load", "path": str(self.path)}, f"import {self.display_path}")
        if reply["status"] != "loaded":
            self._load_problem = self._problem(reply, f"importing {self.display_path}")
            self.close()  # every later call gets the same answer; no need to keep torch loaded
            raise self._load_problem

    def _request(self, worker: WorkerProcess, message: dict, text: str) -> dict:
        budget = self.limits.kata_seconds
        if budget is not None and self.spent >= budget:
            raise CaseProblem(
                Status.TIMEOUT,
                f"Not run: earlier cases of this kata used up its total time of {budget:.0f} s. "
                f"{_STOP_ADVICE['timeout']}",
                details={"call": text},
            )
        started = time.monotonic()
        seconds = None if self.deadline is None else min(self.limits.seconds, self.deadline - started)
        if seconds is not None and seconds <= 0:
            raise CaseProblem(Status.TIMEOUT, NOT_RUN_PAST_DEADLINE, details={"call": text})
        try:
            reply = worker.request(message, seconds)
            self._printed.extend(worker.take_output())
            return reply
        except WorkerStopped as stopped:
            self.close()
            self._printed.extend(stopped.printed)
            details = {"call": text}
            if self._printed:
                details["output"] = self._printed.text()
            raise CaseProblem(
                _STOP_STATUS[stopped.reason],
                f"Your code {stopped.detail}. {_STOP_ADVICE[stopped.reason]}",
                details=details,
            ) from None
        finally:
            self.spent += time.monotonic() - started

    def _answer(self, reply: dict, function: str, text: str) -> Answer:
        if reply["status"] == "returned":
            try:
                value = decode(reply["value"])
            except Exception:  # noqa: BLE001 - only a forged reply can fail to decode
                self.close()
                raise CaseProblem(
                    Status.CRASHED,
                    f"Your code {_STOP_DETAIL_FORGED}. {_STOP_ADVICE['protocol']}",
                    details={"call": text},
                ) from None
            sent = reply.get("warnings")
            warned = tuple(str(message) for message in sent) if type(sent) is list else ()
            for message in warned:
                advice = match_error(message, known.WARNING_NOTES)
                if advice is not None:
                    note(advice)
            answer = Answer(
                call=text,
                value=value,
                probes=reply.get("probes", {}),
                changed_args=tuple(reply.get("changed_args", ())),
                warnings=warned,
            )
            self._answers.append(answer)
            return answer
        if reply["status"] == "no_function":
            raise CaseProblem(
                Status.ERROR,
                f"{self.display_path} has no `{reply.get('function', function)}`. "
                "Keep the names and signatures the stub gave you.",
                details={"call": text},
            )
        raise self._problem(reply, text)

    def _problem(self, reply: dict, text: str) -> CaseProblem:
        status = reply["status"]
        details = {"call": text}
        where = self._where(reply.get("frames") or [])
        if where:
            details["where"] = where
        if status == "not_started":
            return CaseProblem(
                Status.NOT_STARTED,
                f"Not started yet: replace the `raise NotImplementedError` line in {self.display_path}.",
                details=details,
            )
        if status == "syntax_error":
            details["where"] = f"{self.display_path}, line {reply.get('line')}: {reply.get('text', '')}"
            return CaseProblem(Status.ERROR, f"Python cannot read your file: {reply.get('message')}.", details=details)
        if status == "exited":
            moment = "while your file was being imported" if reply.get("during") == "import" else "during the call"
            return CaseProblem(
                Status.EXITED,
                f"Your code called sys.exit({reply.get('code')}) {moment}. {_STOP_ADVICE['exited']}",
                details=details,
            )
        if status == "missing":
            return CaseProblem(Status.ERROR, f"Your file {self.display_path} is missing.", details=details)
        if status == "raised":
            return self._raised(reply, details)
        return CaseProblem(Status.ERROR, f"The worker could not run the call ({status}).", details=details)

    def _raised(self, reply: dict, details: dict[str, str]) -> CaseProblem:
        message = f"{reply['type']}: {reply['message']}".strip()
        if reply["type"] == "MemoryError" or any(p in message for p in _MEMORY_PHRASES):
            return CaseProblem(Status.MEMORY_LIMIT, f"Your code ran out of memory ({message}).", details=details)
        everywhere = (*self.known_errors, known.GRAD_IS_NONE, *known.EVERYWHERE)
        mistake = match_error(message, everywhere)
        moment = "Importing your file raised" if reply.get("during") == "import" else "Your code raised"
        details["got"] = message
        probes = reply.get("probes", {})
        return CaseProblem(Status.ERROR, f"{moment} {reply['type']}.", mistake=mistake, details=details, probes=probes)

    def _where(self, frames: list[dict]) -> str:
        if not frames:
            return ""
        frame = frames[-1]
        return f"{self.display_path}, line {frame['line']}, in {frame['function']}: {frame['code']}"
