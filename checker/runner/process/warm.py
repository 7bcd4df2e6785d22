"""Workers without the wait: a warm worker (zygote.py) forks each one with torch imported.

A cold worker spends a second or more importing torch; a forked one answers in
milliseconds. On the portable path (capabilities.py) there is no zygote: one cold worker
is kept started ahead instead, so that the next case finds its torch imported. `prestart()` launches the zygote early, so that its `import torch` runs
beside the judge's own imports; `start_worker()` then hands out forked workers, or cold
ones where forking is not available (no `os.fork`, `KATA_WARM=0`, a zygote that failed).
A forked worker is isolated exactly like a cold one (its own process group, clean
environment, scratch cwd, the same limits); only its start is cheaper.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

from checker.core.limits import EXIT_WAIT_SECONDS, MAX_CONTROL_MESSAGE_BYTES, STARTUP_SECONDS, Limits
from checker.runner.process import capabilities
from checker.runner.process.spawn import kill_group, launch_clean
from checker.runner.process.worker_process import WorkerProcess

__all__ = ["ForkServer", "ForkServerGone", "freeze_imports", "prestart", "shutdown", "start_worker", "warm_available"]

_lock = threading.Lock()
_servers: dict[bool, ForkServer] = {}  # by "preloaded": False = torch only, True = also torch._dynamo
_frozen_modules = 0  # len(sys.modules) at the last freeze
_spare: WorkerProcess | None = None  # the portable path's next worker, importing torch already
_spares_left: int | None = None  # spares still to start for this run (None: always keep one)


class ForkServerGone(Exception):
    """The zygote is not running (it failed to start, or was killed)."""


def warm_available() -> bool:
    """Can this platform fork workers, and has nobody switched it off (KATA_WARM=0)?"""
    return os.environ.get("KATA_WARM", "1") != "0" and capabilities.backend() == "fork"


def prestart(preload: bool = False, workers: int | None = None) -> None:
    """Start the zygote (or on the portable path the spare worker) now, without waiting for it.

    With `preload`, also start a second one that imports what torch.optim pulls in on
    first use (torch._dynamo, a second or two), for runs that will reach the training
    katas; workers come from it once it is ready. The first one is never held up by it.

    On the portable path, `workers` is how many workers the run will ask for (one per
    kata) when it knows: no spare is started that nobody would take, which on two cores
    would slow the last case down. None: keep one spare ready all the time (`kata watch`,
    a class).
    """
    global _spares_left
    if capabilities.backend() == "portable":
        with _lock:
            _spares_left = None if workers is None else max(0, workers - 1)
        _keep_spare()
        return
    _server(preloaded=False)
    if preload:
        _server(preloaded=True)


def start_worker(limits: Limits) -> WorkerProcess:
    """A worker for one solution file: forked from a zygote if possible, else the spare started ahead."""
    if capabilities.backend() == "portable":
        return _take_spare(limits)
    with _lock:
        full = _servers.get(True)
    server = full if full is not None and full.ready else _server(preloaded=False)
    if server is not None:
        try:
            return WorkerProcess(limits, launcher=server.fork)
        except ForkServerGone:
            pass
    return WorkerProcess(limits)


def freeze_imports() -> None:
    """Hide what is imported so far (torch, pytest, ...) from the garbage collector.

    Those are about a million long-lived objects, and every full collection would walk
    them all: a tenth of a second each, and pytest alone runs two at the end of a session.
    Called again after more modules came in (torch.optim imports torch._dynamo on first
    use), it first collects, so that no check's garbage is frozen with them.
    """
    global _frozen_modules
    if len(sys.modules) == _frozen_modules:
        return
    if _frozen_modules:
        gc.collect()
    gc.freeze()
    _frozen_modules = len(sys.modules)


def shutdown() -> None:
    """Stop the zygotes (and so every worker forked from them) and the spare worker."""
    global _spare
    with _lock:
        servers = list(_servers.values())
        _servers.clear()
        spare, _spare = _spare, None
    for server in servers:
        server.close()
    if spare is not None:
        spare.close()


def _take_spare(limits: Limits) -> WorkerProcess:
    """The portable path: hand out the worker started ahead, and start the next one now.

    The next one imports torch while this one runs its case, so a check pays one cold start
    in all, not one per case. A spare that died meanwhile is replaced by a fresh one.
    """
    global _spare, _spares_left
    with _lock:
        worker, _spare = _spare, None
        another = _spares_left is None or _spares_left > 0
        if _spares_left:
            _spares_left -= 1
    if worker is None or worker.proc.poll() is not None:
        if worker is not None:
            worker.close()
        worker = WorkerProcess(limits, portable=True)
    worker.limits = limits
    if another:
        _keep_spare()
    return worker


def _keep_spare() -> None:
    global _spare
    with _lock:
        if _spare is None:
            _spare = WorkerProcess(Limits(), portable=True)


def _server(preloaded: bool) -> ForkServer | None:
    if not warm_available():
        return None
    with _lock:
        server = _servers.get(preloaded)
        if server is not None and not server.alive:
            server.close()
            server = None
        if server is None:
            try:
                server = _servers[preloaded] = ForkServer(preloaded)
            except OSError:
                return None
        return server


atexit.register(shutdown)


class ForkedChild:
    """A worker forked by the zygote; its exit status arrives over the control socket."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._done = threading.Event()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._done.wait(timeout):
            raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0)
        return self.returncode  # type: ignore[return-value]

    def finished(self, code: int) -> None:
        if self.returncode is None:
            self.returncode = code
            self._done.set()


class ForkServer:
    """The judge's end of one zygote: fork requests out, pids and exit statuses back."""

    def __init__(self, preloaded: bool = False) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.home = tempfile.mkdtemp(prefix="kata-zygote-")
        try:
            self.proc = launch_clean(
                "checker.runner.worker.zygote",
                [str(theirs.fileno()), *(["--preload"] if preloaded else [])],
                self.home,
                subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
            )
        except OSError:
            ours.close()
            shutil.rmtree(self.home, ignore_errors=True)
            raise
        finally:
            theirs.close()
        self._socket = ours
        self._fork_lock = threading.Lock()
        self._forked: queue.Queue[ForkedChild | None] = queue.Queue()
        self._children: dict[int, ForkedChild] = {}
        self._gone = threading.Event()
        self._ready = threading.Event()
        threading.Thread(target=self._read_replies, daemon=True).start()

    @property
    def alive(self) -> bool:
        return not self._gone.is_set()

    @property
    def ready(self) -> bool:
        """Has it finished its imports (so a fork now is answered at once)?"""
        return self._ready.is_set() and self.alive

    def fork(self, request_read: int, reply_write: int, output_write: int, home: str) -> ForkedChild:
        """A `process.Launcher`: one forked worker on these pipes, or ForkServerGone."""
        with self._fork_lock:
            if self._gone.is_set():
                raise ForkServerGone()
            message = json.dumps({"home": home}).encode("utf-8")
            try:
                socket.send_fds(self._socket, [message], [request_read, reply_write, output_write])
                child = self._forked.get(timeout=STARTUP_SECONDS)
            except (OSError, queue.Empty):
                child = None
            if child is None:
                self._gone.set()
                raise ForkServerGone()
            return child

    def close(self) -> None:
        """Stop the zygote: on the closed socket it kills its children's groups and exits.

        One still importing torch would not see the socket close for a second or more,
        and it has no children yet, so it is killed instead.
        """
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
        if not self._ready.is_set():
            kill_group(self.proc.pid)
        try:
            self.proc.wait(timeout=EXIT_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            kill_group(self.proc.pid)
            self.proc.wait()
        shutil.rmtree(self.home, ignore_errors=True)

    def _read_replies(self) -> None:
        try:
            while True:
                data = self._socket.recv(MAX_CONTROL_MESSAGE_BYTES)
                if not data:
                    break
                message = json.loads(data)
                if "pid" in message:
                    child = ForkedChild(int(message["pid"]))
                    self._children[child.pid] = child
                    self._forked.put(child)
                elif "exited" in message:
                    child = self._children.pop(int(message["exited"]), None)
                    if child is not None:
                        child.finished(int(message["code"]))
                elif "ready" in message:
                    self._ready.set()
                elif "error" in message:
                    self._forked.put(None)
        except (OSError, ValueError):
            pass
        self._gone.set()
        self._forked.put(None)
        # Nobody will report these children's exits now: stop them and say they were killed.
        for child in list(self._children.values()):
            kill_group(child.pid)
            child.finished(-signal.SIGKILL)
