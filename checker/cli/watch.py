"""`kata watch`: re-check a kata each time its file is saved, with single-key commands.

Saves are noticed by polling: every POLL_SECONDS the kata files' modification times and
sizes are compared with the last look. That needs no file-event library and works where
events never arrive (WSL on a Windows drive, Docker bind mounts, network drives).

The judge stays warm between checks (torch and pytest are imported once, in this
process), and every check gets fresh workers forked from the warm worker (warm.py), so a
check of katas 01-08 takes a small fraction of a second. Output goes through the `echo`
given; where that lands on a terminal (`screen`), the screen is cleared before each check,
so the latest verdict is the whole screen, and elsewhere (a pipe, a CI log) the checks
follow one another under a timed separator. On a terminal, keys are read one at a time
(termios' cbreak mode, restored on the way out, or msvcrt's key presses on Windows), and
where neither can read them none are offered.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import click

from checker.checking import check_katas, retry_command
from checker.core.catalogue import Catalogue, Kata
from checker.core.limits import KEY_POLL_SECONDS as _KEY_POLL_SECONDS
from checker.core.limits import POLL_SECONDS
from checker.core.limits import SAVE_SETTLE_SECONDS as _SETTLE_SECONDS
from checker.core.limits import SAVE_SETTLE_TRIES as _SETTLE_TRIES
from checker.core.progress import load_progress
from checker.core.results import RunResult
from checker.core.standing import KataState, course_states, next_kata, reveal_hint
from checker.report.check import text
from checker.report.check.live import LivePrinter
from checker.report.style import Style

__all__ = ["CLEAR_SCREEN", "KEYS_HELP", "POLL_SECONDS", "Keys", "SaveWatcher", "Watch", "key_reader"]


KEYS_HELP = "keys: n next kata · h hint · e edit · l list · c check all · q quit"
WATCHING = "Watching your kata files (every save is checked; {how})."
CLEAR_SCREEN = "\033[2J\033[H"  # ANSI: erase the screen, put the cursor top left
_WINDOWS_PREFIXES = ("\x00", "\xe0")  # getwch's first code of a special key (arrows, F1...)


class SaveWatcher:
    """Which katas' files changed since the last look (by modification time and size)."""

    def __init__(self, workspace: Path, katas: list[Kata]) -> None:
        self.paths = {kata.stub_path(workspace): kata for kata in katas}
        self.seen = {path: _stamp(path) for path in self.paths}

    def changed(self) -> list[Kata]:
        saved = []
        for path, kata in self.paths.items():
            stamp = _stamp(path)
            if stamp != self.seen[path]:
                self.seen[path] = self._settled(path, stamp)
                saved.append(kata)
        return saved

    @staticmethod
    def _settled(path: Path, stamp: tuple[int, int] | None) -> tuple[int, int] | None:
        for _ in range(_SETTLE_TRIES):
            time.sleep(_SETTLE_SECONDS)
            again = _stamp(path)
            if again == stamp and stamp is not None and stamp[1] > 0:
                return stamp
            stamp = again
        return stamp


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@dataclass(frozen=True)
class Keys:
    """The keys `kata watch` can hear: `read(timeout)` gives one key or None; `available` says if any can come."""

    read: Callable[[float], str | None]
    available: bool


@contextlib.contextmanager
def key_reader(enabled: bool, stream=None) -> Iterator[Keys]:
    """Yield the `Keys` of this terminal, read by whichever module imports here.

    termios (POSIX): the input is put in cbreak mode (keys arrive unbuffered and unechoed,
    Ctrl-C still interrupts) and restored on the way out, whatever happens. msvcrt
    (Windows): the console is asked for each key press. Without a terminal, or without
    either module, there are no keys and `read` just waits.
    """
    stream = stream or sys.stdin
    try:
        fd = stream.fileno()
        interactive = enabled and os.isatty(fd)
    except (AttributeError, OSError, ValueError):
        interactive = False
    termios, tty, msvcrt = (_importable(name) for name in ("termios", "tty", "msvcrt"))
    if interactive and termios and tty:
        with _cbreak(fd, termios, tty):
            yield Keys(functools.partial(_read_posix_key, fd), available=True)
    elif interactive and msvcrt:
        yield Keys(functools.partial(_read_windows_key, msvcrt), available=True)
    else:
        yield Keys(_no_key, available=False)


def _importable(name: str):
    """The module `name`, or None where this platform lacks it (termios on Windows, msvcrt elsewhere)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _no_key(timeout: float) -> None:
    time.sleep(timeout)


@contextlib.contextmanager
def _cbreak(fd: int, termios, tty) -> Iterator[None]:
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _read_posix_key(fd: int, timeout: float) -> str | None:
    if not select.select([fd], [], [], timeout)[0]:
        return None
    return os.read(fd, 1).decode("utf-8", "replace").lower() or None


def _read_windows_key(msvcrt, timeout: float) -> str | None:
    # msvcrt has no select(): look for a press every KEY_POLL_SECONDS until `timeout` passes.
    deadline = time.monotonic() + timeout
    while True:
        while msvcrt.kbhit():
            key = msvcrt.getwch()
            if key in _WINDOWS_PREFIXES:
                msvcrt.getwch()  # an arrow or function key comes as two codes: neither is a command
                continue
            if key == "\x03":
                raise KeyboardInterrupt  # Ctrl-C read as a key press still stops the watch
            return key.lower()
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        time.sleep(min(_KEY_POLL_SECONDS, left))


class Watch:
    """The loop: wait for a save or a key, act on it, show where the learner stands."""

    def __init__(
        self,
        workspace: Path,
        catalogue: Catalogue,
        echo: Callable[[str], None],
        style: Style,
        *,
        screen: TextIO | None = None,
        reads_keys: bool = False,
        edit_command: str | None = None,
        plot_file: Path | None = None,
        verbose: bool = False,
    ) -> None:
        self.edit_command = edit_command  # "code -r", "vim"...: `e` opens the current kata with it
        self.plot_file = plot_file  # --plot: the PNG redrawn after each check of a training kata
        self.workspace = workspace
        self.catalogue = catalogue
        self.echo = echo
        self.style = style
        self.screen = screen  # where `echo` writes: on a terminal it is cleared before each check
        self.verbose = verbose  # --verbose: every failed case listed, none folded
        self.reads_keys = reads_keys  # keys can be read here (Keys.available): only then are they offered
        self.watcher = SaveWatcher(workspace, list(catalogue))
        self.current: Kata | None = None

    def run(self, read_key: Callable[[float], str | None], interval: float = POLL_SECONDS) -> None:
        """Check the current kata, then each saved one, until `q` or Ctrl-C."""
        from checker import runner

        state = next_kata(self._states())
        self.current = state.kata if state else None
        if self.current is not None:
            self.check([self.current])
        else:
            self.echo(text.next_step(None, self.workspace, self.style))
        runner.prestart(preload=True)  # the training katas' imports, done while the learner reads
        self.echo(self.style.dim(WATCHING.format(how="q quits" if self.reads_keys else "Ctrl-C stops")))
        while True:
            key = read_key(interval)
            if key is not None and not self.on_key(key):
                return
            for kata in self.watcher.changed():
                self.current = kata
                self.check([kata])

    def on_key(self, key: str) -> bool:
        """Act on one key; False means quit."""
        if key == "q":
            return False
        if key == "n":
            state = next_kata(self._states())
            self.current = state.kata if state else self.current
            self.echo("\n" + text.next_step(state, self.workspace, self.style))
        elif key == "h" and self.current is not None:
            shown, warnings = reveal_hint(self.workspace, self.current)
            self.echo("\n" + text.hints(self.current, shown, self.style))
            self._warn(warnings)
        elif key == "e" and self.current is not None:
            self.edit(self.current)
        elif key == "l":
            states = self._states()
            self.echo("\n" + text.course_table(states, self.style) + "\n\n" + text.progress_bar(states))
        elif key == "c":
            self.check(list(self.catalogue), check_all=True)
        elif key.strip():
            self.echo(self.style.dim(KEYS_HELP))
        return True

    def edit(self, kata: Kata) -> None:
        """Open the kata's file with the edit command; a terminal editor takes over until it quits."""
        import shlex
        import subprocess

        path = kata.stub_path(self.workspace)
        if not self.edit_command:
            self.echo(f"Set $EDITOR (or pass --edit-cmd) to open {path.relative_to(self.workspace)} from here.")
            return
        try:
            subprocess.run([*shlex.split(self.edit_command), str(path)], check=False)
        except (OSError, ValueError) as error:
            self.echo(text.warning_line(f"could not run `{self.edit_command}` ({error}).", self.style))

    def check(self, katas: list[Kata], check_all: bool = False) -> None:
        """Check `katas` as `kata check` does, then show the progress bar and the next step."""
        from checker import runner

        if self.screen is not None and _is_terminal(self.screen):
            # Past the echo, which strips escapes when colour is off (NO_COLOR); click turns
            # them into console calls where Windows needs that.
            click.echo(CLEAR_SCREEN, file=self.screen, nl=False, color=True)
        else:
            what = "every kata" if check_all else ", ".join(f"{kata.id} {kata.name}" for kata in katas)
            self.echo(self.style.dim(f"\n--- {time.strftime('%H:%M:%S')} checking {what} ---"))
        printer = _WatchPrinter(self, total=len(katas))
        outcome = check_katas(
            self.workspace,
            self.catalogue,
            katas,
            printer=printer,
            plot_file=self.plot_file,
            retry=retry_command(katas, every=check_all),
        )
        runner.freeze_imports()  # what this check imported, frozen now while the learner reads
        if outcome.run.interrupted:
            raise KeyboardInterrupt

    def _states(self):
        progress = load_progress(self.workspace)
        self._warn(progress.warnings)
        return course_states(self.workspace, self.catalogue, progress)

    def _warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.echo(text.warning_line(warning, self.style))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):  # a closed or stand-in stream is no terminal
        return False


class _WatchPrinter(LivePrinter):
    """The check's printer, but the learner stays: always where they stand and what comes next."""

    def __init__(self, watch: Watch, total: int) -> None:
        super().__init__(watch.echo, watch.style, watch.workspace, reference=False, total=total, verbose=watch.verbose)
        self.reads_keys = watch.reads_keys  # where keys can be read they are listed after each check

    def plot_saved(self, saved: str) -> None:
        if saved:  # a save of a kata without curves stays quiet
            self.echo(self.style.dim(saved))

    def next_step(self, run: RunResult, standing: list[KataState], following: KataState | None) -> None:
        self.echo(text.progress_bar(standing) + "\n")
        self.echo(text.next_step(following, self.workspace, self.style))
        if self.reads_keys:
            self.echo(self.style.dim(KEYS_HELP))
