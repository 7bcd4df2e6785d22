"""One kata's solution file, loaded in a worker, called on the judge's behalf.

`KataSession.call` returns an `Answer` (plain data) or raises a `CaseProblem` that
already says, in the learner's terms, what went wrong: not started, an exception
(with the learner's own file and line), a missing function, a crash, a hang.
A warning the call raised that matches a known note (mistakes.WARNING_NOTES) becomes
a note on the running case.
What the calls print is gathered per case (`take_output`): it is shown beside a
failure and never decides anything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import mistakes as known
from checker.limits import MAX_ARG_TEXT as _MAX_ARG_TEXT, Limits
from checker.mistakes import Mistake, match_error
from checker.results import Status
from checker.runner.printed import Printed
from checker.runner.process import WorkerProcess, WorkerStopped
from checker.runner.warm import start_worker
from checker.runner.protocol import decode, encode
from checker.runner.verdicts import CaseProblem, note

__all__ = ["Answer", "KataSession", "describe_call"]

_STOP_STATUS = {
    "timeout": Status.TIMEOUT,
    "memory": Status.MEMORY_LIMIT,
    "crashed": Status.CRASHED,
    "exited": Status.EXITED,
    "protocol": Status.CRASHED,
}
_STOP_ADVICE = {
    "timeout": "Look for a loop that never ends (a `while` whose condition never changes).",
    "memory": "Something keeps growing: look for a list or tensor that is never freed, or a huge shape.",
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
        self._losses: list[float] = []
        self._fit: list[tuple[float, float, float]] = []
        self._printed = Printed()  # this case's output so far, from every worker it used

    def call(self, function: str, *args: Any, **kwargs: Any) -> Answer:
        request = {"op": "call", "function": function, "args": encode(list(args)), "kwargs": encode(kwargs)}
        return self._ask(request, function, describe_call(function, args, kwargs))

    def exercise(self, driver: str, *args: Any, call: str, **kwargs: Any) -> Answer:
        """Run a trusted driver from harness.py around the learner's code (see its docs).

        `call` is how the case reads to the learner, e.g. "train_model(model, X, y, lr=0.1)".
        """
        request = {"op": "exercise", "driver": driver, "args": encode(list(args)), "kwargs": encode(kwargs)}
        answer = self._ask(request, driver, call)
        self._note_losses(answer.value)
        return answer

    def note_fit(self, points: list[tuple[float, float, float]]) -> None:
        """A spec's (x, target, fitted) points, computed in the judge, for the report to draw."""
        self._fit = list(points)

    def take_fit(self) -> list[tuple[float, float, float]]:
        fit, self._fit = self._fit, []
        return fit

    def take_losses(self) -> list[float]:
        """The longest list of losses a training driver returned since the last take (for the curve)."""
        losses, self._losses = self._losses, []
        return losses

    def take_output(self) -> Printed:
        """What the calls since the last take printed (the plugin takes it once per case)."""
        printed, self._printed = self._printed, Printed()
        return printed

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    # -- internals ----------------------------------------------------------------------

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
        self._worker = start_worker(self.limits)
        reply = self._request(self._worker, {"op": "load", "path": str(self.path)}, f"import {self.display_path}")
        if reply["status"] != "loaded":
            self._load_problem = self._problem(reply, f"importing {self.display_path}")
            self.close()  # every later call gets the same answer; no need to keep torch loaded
            raise self._load_problem
        return self._worker

    def _note_losses(self, report: Any) -> None:
        # A training driver's report holds the learner's return value: the losses, or (w, b, losses).
        value = report.get("value") if type(report) is dict else None
        for candidate in (value, *(value if type(value) is tuple else ())):
            if (type(candidate) is list and len(candidate) > max(1, len(self._losses))
                    and all(type(loss) is float for loss in candidate)):
                self._losses = candidate

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
        try:
            reply = worker.request(message)
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
                raise CaseProblem(Status.CRASHED, f"Your code {_STOP_DETAIL_FORGED}. {_STOP_ADVICE['protocol']}",
                                  details={"call": text}) from None
            sent = reply.get("warnings")
            warned = tuple(str(message) for message in sent) if type(sent) is list else ()
            for message in warned:
                advice = match_error(message, known.WARNING_NOTES)
                if advice is not None:
                    note(advice)
            return Answer(
                call=text,
                value=value,
                probes=reply.get("probes", {}),
                changed_args=tuple(reply.get("changed_args", ())),
                warnings=warned,
            )
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
            return CaseProblem(
                Status.ERROR, f"Python cannot read your file: {reply.get('message')}.", details=details
            )
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
        return CaseProblem(Status.ERROR, f"{moment} {reply['type']}.", mistake=mistake, details=details)

    def _where(self, frames: list[dict]) -> str:
        if not frames:
            return ""
        frame = frames[-1]
        return f"{self.display_path}, line {frame['line']}, in {frame['function']}: {frame['code']}"
