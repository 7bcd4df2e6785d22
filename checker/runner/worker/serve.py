"""The worker: imports one learner file and calls its functions on the judge's request.

Started by the judge as `python -I -m checker.runner.worker.serve REQUEST_FD REPLY_FD`, or
forked with torch already imported by the warm worker (zygote.py), which calls `serve`,
or (the portable path, no descriptors passed) as `worker --stdio TOKEN`, talking over
its own stdin and stdout. It reads requests and writes replies on those two pipes only; whatever the learner's
code prints goes to stdout/stderr, which the judge drains, counts and never parses.
Every reply is plain data (see protocol.py); verdicts are made in the judge.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import os
import sys
import traceback
import warnings
from pathlib import Path
from typing import Any

from checker.core.limits import MAX_ERROR_TEXT, MAX_WARNING_TEXT, MAX_WARNINGS
from checker.runner.protocol import TensorValue, decode, encode, read_message, sync_mark, write_message
from checker.runner.worker import harness, probes
from checker.specs.homes import drivers_of

__all__ = ["main", "prepare", "serve"]

_LEARNER_MODULE = "kata_solution"


class _Worker:
    def __init__(self, request_fd: int, reply_fd: int, sync: bytes | None = None) -> None:
        self.request_fd = request_fd
        self.reply_fd = reply_fd
        self.sync = sync
        self.module: Any = None
        self.path: Path | None = None

    def serve(self) -> None:
        while True:
            request = read_message(self.request_fd)
            if request is None:
                return
            reply = self.handle(request)
            reply["probes"] = probes.snapshot()
            _reply(self.reply_fd, reply, self.sync)

    def handle(self, request: dict) -> dict:
        op = request.get("op")
        if op == "load":
            return self.load(Path(request["path"]))
        if op == "call":
            target = getattr(self.module, request["function"], None)
            if not callable(target):
                return {"status": "no_function", "function": request["function"]}
            return self.call(target, _arrived(request["args"]), _arrived(request["kwargs"]))
        if op == "exercise":
            driver = _driver(request["driver"])
            if driver is None:
                return {"status": "bad_request", "message": f"unknown driver {request['driver']!r}"}
            driver_args = [self.module, *_arrived(request["args"])]
            return self.call(driver, driver_args, _arrived(request["kwargs"]), watched=range(1, len(driver_args)))
        return {"status": "bad_request", "message": f"unknown op {op!r}"}

    def load(self, path: Path) -> dict:
        self.path = path
        if not path.is_file():
            return {"status": "missing", "path": str(path)}
        spec = importlib.util.spec_from_file_location(_LEARNER_MODULE, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[_LEARNER_MODULE] = module
        probes.reset()
        try:
            spec.loader.exec_module(module)
        except SyntaxError as error:
            return {
                "status": "syntax_error",
                "message": error.msg,
                "line": error.lineno,
                "text": (error.text or "").rstrip(),
            }
        except BaseException as error:  # noqa: BLE001 - the learner's import may raise anything
            return self.describe_raise(error, during="import")
        self.module = module
        return {"status": "loaded"}

    def call(self, target, args: list, kwargs: dict, watched: range | None = None) -> dict:
        """Call `target`; report its value and which of the `watched` arguments it changed."""
        watched = range(len(args)) if watched is None else watched
        originals = {index: copy.deepcopy(args[index]) for index in watched}
        probes.reset()
        caught: list[str] = []
        try:
            with warnings.catch_warnings():
                # "default": once per place in the code (cheap in a loop), and again in every call,
                # since changing the filters resets what Python remembers as already shown.
                warnings.simplefilter("default")
                warnings.showwarning = lambda message, *_, **__: _keep(caught, message)
                value = target(*args, **kwargs)
        except harness.MissingName as missing:
            return {"status": "no_function", "function": missing.name}
        except BaseException as error:  # noqa: BLE001 - including SystemExit and KeyboardInterrupt
            return self.describe_raise(error, during="call")
        changed = [index - watched.start for index, old in originals.items() if not _same(old, args[index])]
        return {"status": "returned", "value": encode(value), "changed_args": changed, "warnings": caught}

    def describe_raise(self, error: BaseException, during: str) -> dict:
        frames = self.learner_frames(error)
        if isinstance(error, SystemExit):
            return {"status": "exited", "code": _safe_text(error.code), "during": during, "frames": frames}
        # Only the stub's own `raise NotImplementedError` means "not started"; torch raises
        # NotImplementedError too (e.g. `^` on floats), and that is a real error.
        if (
            isinstance(error, NotImplementedError)
            and frames
            and frames[-1]["innermost"]
            and frames[-1]["code"].startswith("raise")
        ):
            return {"status": "not_started", "message": _safe_text(error), "during": during}
        return {
            "status": "raised",
            "type": type(error).__name__,
            "message": _safe_text(error)[:MAX_ERROR_TEXT],
            "during": during,
            "frames": frames,
        }

    def learner_frames(self, error: BaseException) -> list[dict]:
        """The traceback lines that point into the learner's file, innermost last."""
        extracted = traceback.extract_tb(error.__traceback__)
        wanted = str(self.path)
        frames = []
        for index, frame in enumerate(extracted):
            if frame.filename == wanted:
                frames.append(
                    {
                        "line": frame.lineno,
                        "function": frame.name,
                        "code": (frame.line or "").strip(),
                        "innermost": index == len(extracted) - 1,
                    }
                )
        return frames[-5:]


def _driver(name: str):
    """A generic driver ("with_model"), or one a kata's home registers ("numpy_bridge.predict")."""
    home, _, own = name.rpartition(".")
    try:
        return drivers_of(home).get(own) if home else harness.DRIVERS.get(name)
    except ValueError:  # not a kata's name
        return None


def _arrived(data: Any) -> Any:
    """Decode the judge's arguments into real values: tensors as tensors, on their device."""
    return _unwrap(decode(data))


def _unwrap(value: Any) -> Any:
    if isinstance(value, TensorValue):
        return value.tensor.to(value.device) if value.device != "cpu" else value.tensor
    if type(value) is list:
        return [_unwrap(item) for item in value]
    if type(value) is tuple:
        return tuple(_unwrap(item) for item in value)
    if type(value) is dict:
        return {key: _unwrap(item) for key, item in value.items()}
    return value


def _same(old: Any, new: Any) -> bool:
    """Did an argument keep its contents? (Lists and tensors are the mutable inputs.)"""
    if type(old) is not type(new):
        return False
    if type(old) in (list, tuple):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    if type(old) is dict:
        return old.keys() == new.keys() and all(_same(old[k], new[k]) for k in old)
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(old, torch.Tensor):
        return old.shape == new.shape and bool(torch.equal(old, new.detach()))
    return old == new or (old != old and new != new)  # NaN stays NaN


def _keep(caught: list[str], message: Any) -> None:
    """Keep a warning's text for the reply: distinct ones, first ones first, a few at most."""
    text = _safe_text(message)[:MAX_WARNING_TEXT]
    if len(caught) < MAX_WARNINGS and text not in caught:
        caught.append(text)


def _safe_text(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - a hostile __str__ must not stop the reply
        return "<unprintable>"


def _flush_learner_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - the learner may have replaced or closed a stream
            pass


def _line_buffered_output() -> None:
    """One write per printed line instead of one per piece of each print.

    The worker runs unbuffered (`-u`) so that nothing printed before a crash is lost;
    but then `print("step", i, x)` costs six system calls, and a learner's loop of
    prints runs several times slower than in their own terminal. Line buffering keeps
    every whole line safe from a crash at a sixth of the cost (the judge drains the pipe
    and keeps only the start and the end, see printed.py); the worker flushes both
    streams before each reply.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            raw = io.FileIO(stream.fileno(), "w", closefd=False)
            wrapper = io.TextIOWrapper(
                io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors, line_buffering=True
            )
        except (AttributeError, OSError, ValueError):
            continue  # not a real file: leave it as it is
        setattr(sys, name, wrapper)


def prepare() -> None:
    """Import torch before any learner code, so that the probes wrap the real functions.

    Nothing here may start OpenMP's threads: the warm worker (zygote.py) forks after it,
    and a child whose parent has used OpenMP hangs at its first parallel operation.
    """
    import torch  # noqa: F401

    probes.install()


def _reply(reply_fd: int, reply: dict, sync: bytes | None) -> None:
    """Flush what the learner printed, mark its end on the output pipe (portable path), then reply.

    On the portable path the judge drains the output with blocking reads in a thread, so it
    cannot tell "nothing more" from "not read yet"; the mark says everything printed before
    this reply is in front of it (protocol.py's sync_mark).
    """
    _flush_learner_output()
    if sync is not None:
        try:
            os.write(2, sync)
        except OSError:
            pass  # the learner closed fd 2: the judge stops waiting for the mark after a moment
    write_message(reply_fd, reply)


def serve(request_fd: int, reply_fd: int, sync: bytes | None = None) -> None:
    """Say "ready" (the judge starts the case clock after it), then answer requests until EOF."""
    import torch

    _line_buffered_output()
    # Sized here, not in prepare(): setting the thread count starts OpenMP's threads.
    torch.set_num_threads(max(1, min(torch.get_num_threads(), os.cpu_count() or 1)))
    _reply(reply_fd, {"status": "ready", "torch": torch.__version__}, sync)
    _Worker(request_fd, reply_fd, sync).serve()


def _own_stdio() -> tuple[int, int]:
    """The portable path: requests come on stdin and replies go on stdout, the worker's own pipes.

    Both are moved to descriptors of their own; the learner's stdout then joins stderr on the
    output pipe and stdin reads nothing, so no print can ever corrupt a reply. Only os.dup
    and os.dup2 are used: Windows has both.
    """
    request_fd, reply_fd = os.dup(0), os.dup(1)
    os.dup2(2, 1)
    empty = os.open(os.devnull, os.O_RDONLY)
    os.dup2(empty, 0)
    os.close(empty)
    return request_fd, reply_fd


def main(argv: list[str] | None = None) -> None:
    """`worker REQUEST_FD REPLY_FD` (fds passed by the judge), or `worker --stdio SYNC` (portable)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--stdio":
        request_fd, reply_fd = _own_stdio()
        sync = sync_mark(argv[1])
    else:
        request_fd, reply_fd, sync = int(argv[0]), int(argv[1]), None
    prepare()
    serve(request_fd, reply_fd, sync)


if __name__ == "__main__":
    main()
