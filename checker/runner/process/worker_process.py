"""Judge side of one worker process: start it, send a request, enforce the limits.

A request ends in a reply, or in a `WorkerStopped` that says why the worker is gone:
it ran past its time limit, used too much memory or started too many processes (with
its children: runner/process/family.py), crashed on a signal, or exited. In each case the
worker's whole process tree and process group are killed. Printing is never a reason: a
thread drains the worker's output all the time and keeps only its start and its last
lines (printed.py), so a worker that prints megabytes goes on at full speed.
"""

from __future__ import annotations

import os
import queue
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Protocol

from checker.core.limits import (
    CATCH_UP_READS,
    EXIT_WAIT_SECONDS,
    FAMILY_MEMORY_POLL_SECONDS,
    MAX_WORKER_PROCESSES,
    MEMORY_POLL_SECONDS,
    PIPE_READ_BYTES,
    STARTUP_SECONDS,
    SYNC_WAIT_SECONDS,
    Limits,
)
from checker.runner.judge.printed import Printed
from checker.runner.process import family, portable_family, windows
from checker.runner.process.spawn import kill_group, launch_clean
from checker.runner.protocol import ProtocolError, read_message, sync_mark, write_message

__all__ = ["Launcher", "WorkerHandle", "WorkerProcess", "WorkerStopped", "spawn_portable_worker", "spawn_worker"]


class WorkerStopped(Exception):
    """The worker is gone; `reason` is one of timeout, memory, processes, crashed, exited, protocol."""

    def __init__(self, reason: str, detail: str, printed: Printed | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.printed = printed if printed is not None else Printed()


class WorkerHandle(Protocol):
    """What the judge needs of a started worker: `subprocess.Popen` has exactly this."""

    pid: int

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...


# Starts a worker on (request_read, reply_write, output_write, home); warm.py has the other.
Launcher = Callable[[int, int, int, str], WorkerHandle]


def spawn_worker(request_read: int, reply_write: int, output_write: int, home: str) -> WorkerHandle:
    """A cold worker: a new Python process that imports torch itself (seconds)."""
    module, args = "checker.runner.worker.serve", [str(request_read), str(reply_write)]
    return launch_clean(module, args, home, output_write, pass_fds=(request_read, reply_write))


def spawn_portable_worker(request_read: int, reply_write: int, output_write: int, home: str, token: str):
    """A cold worker on the portable path: the request and reply pipes are its stdin and stdout.

    Nothing but the three standard streams is inherited, which every platform can do.
    """
    args = ["--stdio", token]
    return launch_clean("checker.runner.worker.serve", args, home, output_write, stdin=request_read, stdout=reply_write)


class WorkerProcess:
    """One running worker; not thread-safe (one request at a time).

    `launcher` starts the process (default: `spawn_worker`, a cold start); the judge
    keeps the pipes, the output drain and the limits either way.
    """

    def __init__(self, limits: Limits, launcher: Launcher | None = None, *, portable: bool = False) -> None:
        self.limits = limits
        self.portable = portable
        self.home = tempfile.mkdtemp(prefix="kata-worker-")
        request_read, self._request_write = os.pipe()
        self._reply_read, reply_write = os.pipe()
        output_read, output_write = os.pipe()
        token = secrets.token_hex(8)
        self._job = None
        try:
            if portable:
                self.proc = spawn_portable_worker(request_read, reply_write, output_write, self.home, token)
                self._job = windows.contain(self.proc.pid, limits.memory_bytes, MAX_WORKER_PROCESSES)
            else:
                self.proc = (launcher or spawn_worker)(request_read, reply_write, output_write, self.home)
        except BaseException:
            for fd in (self._request_write, self._reply_read, output_read):
                os.close(fd)
            shutil.rmtree(self.home, ignore_errors=True)
            raise
        finally:
            for fd in (request_read, reply_write, output_write):
                os.close(fd)
        self._output_fd = output_read
        self._output_open = True
        self._stop_reason: tuple[str, str] | None = None
        self._printed = Printed()
        self._lock = threading.Lock()
        if portable:
            # No select on Windows pipes: blocking reads in threads, which own (and close) their pipes.
            self._sync = sync_mark(token)
            self._synced = 0  # marks seen on the output pipe
            self._replied = 0  # replies received: the output is whole once as many marks were seen
            self._output_ended = False
            self._output_moved = threading.Condition(self._lock)
            self._replies: queue.Queue = queue.Queue()
            threading.Thread(target=self._read_replies, daemon=True).start()
            threading.Thread(target=self._drain_output_blocking, daemon=True).start()
        else:
            os.set_blocking(output_read, False)  # reads happen under the lock: they must never wait
            threading.Thread(target=self._drain_output, daemon=True).start()
        threading.Thread(target=self._watch, daemon=True).start()
        self._ready = False

    # -- public -------------------------------------------------------------------------

    def request(self, message: dict, seconds: float | None = None) -> dict:
        """Send one request and wait for its reply, or raise WorkerStopped."""
        if not self._ready:
            self._wait(None, STARTUP_SECONDS, starting=True)
            self._ready = True
        try:
            write_message(self._request_write, message)
        except OSError:
            self._raise_stopped()
        return self._wait(message, self.limits.seconds if seconds is None else seconds)

    def take_output(self) -> Printed:
        """What the worker printed since the last take, and a fresh start for the next.

        The worker flushes its output before it replies, so after a reply everything the
        request printed is in the pipe or already drained: read the rest here, at once.
        """
        with self._lock:
            if self.portable:
                self._output_moved.wait_for(
                    lambda: self._synced >= self._replied or self._output_ended, SYNC_WAIT_SECONDS
                )
            else:
                self._read_output(CATCH_UP_READS)
            printed, self._printed = self._printed, Printed()
        return printed

    def close(self) -> None:
        self._kill()
        windows.release(self._job)
        self._job = None
        # On the portable path the reader threads close their own pipes once the killed tree
        # let go of them: closing a descriptor another thread is blocked on could hand its
        # number to a new file, which that thread would then read.
        for fd in (self._request_write,) if self.portable else (self._request_write, self._reply_read):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            self.proc.wait(timeout=EXIT_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        if self.portable:
            shutil.rmtree(self.home, ignore_errors=True)
            return
        # A process the learner detached may still hold the output pipe open, so the drain
        # thread may never see its end; under the lock it is between reads, and it checks
        # `_output_open` before the next one, so the descriptor can be closed now.
        with self._lock:
            if self._output_open:
                self._output_open = False
                os.close(self._output_fd)
        shutil.rmtree(self.home, ignore_errors=True)

    # -- internals ----------------------------------------------------------------------

    def _wait(self, message: dict | None, seconds: float, starting: bool = False) -> dict:
        deadline = time.monotonic() + seconds
        try:
            reply = self._next_reply(deadline)
        except TimeoutError:
            if starting:
                self._stop("crashed", f"kept the worker from starting within {seconds:.0f} s")
            else:
                self._stop("timeout", f"did not finish within the time limit of {seconds:g} s")
            self._raise_stopped()
        except ProtocolError as error:
            self._stop("protocol", f"made the worker send a broken reply ({error})")
            self._raise_stopped()
        if reply is None:
            self._raise_stopped()
        if self._stop_reason:  # a watchdog fired while the reply was on its way
            self._raise_stopped()
        return reply

    def _next_reply(self, deadline: float) -> dict | None:
        if not self.portable:
            return read_message(self._reply_read, deadline)
        try:
            reply = self._replies.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError from None
        if isinstance(reply, ProtocolError):
            raise reply
        if reply is not None:
            with self._lock:
                self._replied += 1
        return reply

    def _read_replies(self) -> None:
        """Portable path: every reply as it comes (None at the end, or the ProtocolError that ended it)."""
        try:
            while True:
                reply = read_message(self._reply_read)
                self._replies.put(reply)
                if reply is None:
                    break
        except ProtocolError as error:
            self._replies.put(error)
        except OSError:
            self._replies.put(None)
        finally:
            try:
                os.close(self._reply_read)
            except OSError:
                pass

    def _drain_output_blocking(self) -> None:
        """Portable path: read the output until its end, taking out the marks the worker puts before replies."""
        mark = self._sync
        pending = b""
        while True:
            try:
                chunk = os.read(self._output_fd, PIPE_READ_BYTES)
            except OSError:
                chunk = b""
            with self._lock:
                if not chunk:
                    self._printed.add(pending)
                    self._output_ended = True
                    self._output_moved.notify_all()
                    break
                pending += chunk
                while (at := pending.find(mark)) >= 0:
                    self._printed.add(pending[:at])
                    pending = pending[at + len(mark) :]
                    self._synced += 1
                # Keep back only what could be the start of a mark cut by this read.
                keep = next(
                    (n for n in range(min(len(mark) - 1, len(pending)), 0, -1) if mark.startswith(pending[-n:])), 0
                )
                self._printed.add(pending[: len(pending) - keep])
                pending = pending[len(pending) - keep :]
                self._output_moved.notify_all()
        try:
            os.close(self._output_fd)
        except OSError:
            pass

    def _raise_stopped(self):
        try:
            code = self.proc.wait(timeout=EXIT_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self.proc.wait()
        reason, detail = self._stop_reason or _describe_exit(code)
        raise WorkerStopped(reason, detail, self.take_output())  # with what it printed last

    def _stop(self, reason: str, detail: str) -> None:
        with self._lock:
            if self._stop_reason is None:
                self._stop_reason = (reason, detail)
        self._kill()

    def _kill(self) -> None:
        if self.proc.poll() is None:  # never a reaped pid, which may be someone else's by now
            (portable_family if self.portable else family).kill_tree(self.proc.pid)  # with what left the group
        kill_group(self.proc.pid)

    def _drain_output(self) -> None:
        """Read the worker's output as it comes, for as long as the pipe is open."""
        while True:
            try:
                select.select([self._output_fd], [], [], 1.0)
            except (OSError, ValueError):  # closed by close()
                return
            with self._lock:
                if not self._output_open or not self._read_output(1):
                    return

    def _read_output(self, reads: int) -> bool:
        """Up to `reads` reads of what is waiting in the pipe (holding the lock); False at its end."""
        if not self._output_open:
            return False
        for _ in range(reads):
            try:
                chunk = os.read(self._output_fd, PIPE_READ_BYTES)
            except BlockingIOError:
                return True
            except OSError:
                return False
            if not chunk:
                return False
            self._printed.add(chunk)
        return True

    def _watch(self) -> None:
        """Stop the worker once it and the processes it started hold too much memory, or are too many."""
        if self.portable:
            watch = portable_family.PortableWatch(self.proc.pid, MAX_WORKER_PROCESSES, FAMILY_MEMORY_POLL_SECONDS)
            if not watch.usable:
                return  # no psutil: only the time limit applies (`kata doctor` says so)
        elif family.watchable(self.proc.pid):
            watch = family.FamilyWatch(self.proc.pid, MAX_WORKER_PROCESSES)
        else:
            return  # neither /proc nor psutil: only the time limit applies
        while self.proc.poll() is None:
            found = watch.look()
            if found.processes > MAX_WORKER_PROCESSES:
                self._stop("processes", f"started more than {MAX_WORKER_PROCESSES - 1} processes")
                return
            if found.memory_bytes > self.limits.memory_bytes:
                limit_gib = self.limits.memory_bytes / 1024**3
                self._stop("memory", f"used more than {limit_gib:.1f} GiB of memory")
                return
            time.sleep(MEMORY_POLL_SECONDS)


_WINDOWS_CRASH_CODES = 0xC0000000  # NTSTATUS error codes: what a crashed Windows process exits with


def _describe_exit(code: int) -> tuple[str, str]:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        what = {"SIGSEGV": "a segmentation fault", "SIGABRT": "an abort", "SIGBUS": "a bus error"}.get(name, name)
        return "crashed", f"crashed the Python process with {what}"
    if code >= _WINDOWS_CRASH_CODES:
        # Windows ends a crashed process with its exception's NTSTATUS (0xC0000005: access violation).
        return "crashed", f"crashed the Python process (Windows exception 0x{code:08X})"
    return "exited", f"made the Python process exit with code {code} before answering (os._exit or similar)"
