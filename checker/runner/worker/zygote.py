"""The warm worker: imports torch once, then forks a fresh worker for every request.

Started by the judge (warm.py) as `python -I -u -m checker.runner.worker.zygote CONTROL_FD
[--preload]`, in its own session, with a clean environment. `--preload` also imports
torch._dynamo, which the first torch.optim optimizer of every worker would import. It never runs learner code itself. On
the control socket (AF_UNIX, SOCK_SEQPACKET) it receives `{"home": DIR}` with three file
descriptors (request pipe, reply pipe, output pipe) and answers `{"pid": PID}`; when a
child ends it sends `{"exited": PID, "code": CODE}` (negative CODE: killed by that
signal), since only its parent can collect a process's exit status.

Each child is what a cold worker would be, minus the seconds of `import torch`: its own
process group (the judge kills the whole group), its stdout and stderr on the output
pipe, a scratch working folder as cwd, HOME and TMPDIR, and fresh random state. When the
judge goes away the control socket reads empty and every child's group is killed.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import random
import select
import signal
import socket
import sys
import tempfile
import traceback

from checker.core.limits import MAX_CONTROL_MESSAGE_BYTES
from checker.runner.process.spawn import kill_group
from checker.runner.worker import serve as worker

__all__ = ["main"]

_PR_SET_DUMPABLE = 4


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    control = socket.socket(fileno=int(argv[0]))
    worker.prepare()
    _not_dumpable()
    if "--preload" in argv[1:]:
        import torch._dynamo  # noqa: F401 - what the first torch.optim optimizer imports (1-2 s)
    gc.freeze()  # cheap collections in every child, and fewer pages copied on write
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)  # SIGCHLD wakes the select below
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    _send(control, {"ready": True})
    children: set[int] = set()
    try:
        while True:
            readable, _, _ = select.select([control, wake_read], [], [])
            if wake_read in readable:
                _drain(wake_read)
            _reap(children, control)
            if control in readable and not _serve_one(control, children, (wake_read, wake_write)):
                return
    finally:
        for pid in children:
            kill_group(pid)
        os._exit(0)  # skip interpreter teardown: with torch loaded it takes half a second


def _not_dumpable() -> None:
    """No other process of this user may ptrace the zygote or read its memory (Linux).

    A zygote serves student after student under `kata grade-class`: one student's worker
    must not be able to rewrite it and so every later worker. Its forked workers inherit
    the flag, so no worker can attach to another either (their /proc/PID/statm, which the
    judge's memory watch reads, stays readable).
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def _serve_one(control: socket.socket, children: set[int], private: tuple[int, int]) -> bool:
    """Fork one worker for the request waiting on `control`; False once the judge is gone."""
    try:
        data, fds, _, _ = socket.recv_fds(control, MAX_CONTROL_MESSAGE_BYTES, 3)
    except OSError:
        return False
    if not data:
        return False
    try:
        request = json.loads(data)
        if len(fds) != 3:
            raise ValueError(f"expected 3 file descriptors, got {len(fds)}")
        pid = os.fork()
        if pid == 0:
            _become_worker(control, private, fds, request["home"])  # never returns
        try:
            os.setpgid(pid, pid)  # also done in the child: whichever runs first wins the race
        except OSError:
            pass
        children.add(pid)
        _send(control, {"pid": pid})
    except (ValueError, KeyError, OSError) as error:
        _send(control, {"error": str(error)})
    finally:
        for fd in fds:
            os.close(fd)
    return True


def _become_worker(control: socket.socket, private: tuple[int, int], fds: list[int], home: str) -> None:
    code = 0
    try:
        os.setpgid(0, 0)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        control.close()
        for fd in private:
            os.close(fd)
        request_fd, reply_fd, output_fd = fds
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(output_fd)
        os.chdir(home)
        os.environ["HOME"] = os.environ["TMPDIR"] = home
        tempfile.tempdir = None
        random.seed()
        # As a cold worker's command line reads, for code that inspects it.
        sys.argv = [worker.__file__, str(request_fd), str(reply_fd)]
        worker.serve(request_fd, reply_fd)
    except BaseException:  # noqa: BLE001 - a child must never return into the zygote's loop
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _reap(children: set[int], control: socket.socket) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)
        _send(control, {"exited": pid, "code": os.waitstatus_to_exitcode(status)})


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def _send(control: socket.socket, message: dict) -> None:
    try:
        control.send(json.dumps(message).encode("utf-8"))
    except OSError:
        pass  # the judge is gone; the loop ends on its next read


if __name__ == "__main__":
    main()
