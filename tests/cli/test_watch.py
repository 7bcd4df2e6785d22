"""`kata watch`: saves are noticed by polling, keys act, each save gets a verdict."""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import pytest
from msvcrt_support import FakeMsvcrt, windows
from platform_marks import needs_terminal

from checker.cli.watch import CLEAR_SCREEN, KEYS_HELP, SaveWatcher, Watch, key_reader
from checker.core.catalogue import load_catalogue
from checker.core.progress import load_progress
from checker.core.results import CaseResult, Chart, KataResult, RunResult, Status
from checker.report.style import Style

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(make_workspace) -> Path:
    return make_workspace(git=False)


def _touch(path: Path, text: str) -> None:
    path.write_text(text)
    stamp = time.time_ns() + 5_000_000_000  # a later mtime whatever the file system's resolution
    os.utime(path, ns=(stamp, stamp))


def _watch(workspace: Path, lines: list[str]) -> Watch:
    return Watch(workspace, load_catalogue(workspace), lines.append, Style(False))


# -- noticing saves ---------------------------------------------------------------------


def test_save_watcher_reports_the_kata_whose_file_changed(workspace):
    catalogue = load_catalogue(workspace)
    watcher = SaveWatcher(workspace, list(catalogue))
    kata = catalogue.resolve("03")

    assert watcher.changed() == []
    _touch(kata.stub_path(workspace), kata.stub_path(workspace).read_text() + "\n# edited\n")

    assert watcher.changed() == [kata]
    assert watcher.changed() == [], "one save, one report"


def test_save_watcher_notices_a_deleted_file_and_its_return(workspace):
    catalogue = load_catalogue(workspace)
    watcher = SaveWatcher(workspace, list(catalogue))
    kata = catalogue.resolve("01")
    path = kata.stub_path(workspace)
    text = path.read_text()

    path.unlink()
    assert watcher.changed() == [kata]
    _touch(path, text)
    assert watcher.changed() == [kata]


# -- keys -------------------------------------------------------------------------------


def test_without_a_terminal_there_are_no_keys_and_reading_waits():
    with key_reader(enabled=False) as keys:
        started = time.monotonic()
        assert keys.read(0.05) is None
        assert time.monotonic() - started >= 0.04
    assert not keys.available


@needs_terminal
def test_on_a_terminal_keys_arrive_one_at_a_time_and_the_mode_is_restored():
    import termios

    controller, terminal = os.openpty()
    try:
        with open(terminal, "rb", buffering=0, closefd=False) as stream:
            before = termios.tcgetattr(terminal)
            with key_reader(enabled=True, stream=stream) as reader:
                during = termios.tcgetattr(terminal)
                os.write(controller, b"nQ")
                keys = [reader.read(1.0), reader.read(1.0), reader.read(0.01)]
            after = termios.tcgetattr(terminal)
    finally:
        os.close(controller)
        os.close(terminal)

    assert keys == ["n", "q", None] and reader.available
    assert during[3] & termios.ICANON == 0, "cbreak: no line buffering"
    assert after == before


class _Terminal:
    def fileno(self) -> int:
        return 0


def _windows(monkeypatch, console: FakeMsvcrt | None) -> None:
    windows(monkeypatch, console)
    monkeypatch.setattr("checker.cli.watch.os.isatty", lambda fd: True)


def test_on_windows_keys_come_from_msvcrt_and_special_keys_are_skipped(monkeypatch):
    # An arrow key is two codes ("\xe0" then "H"), a function key too ("\x00" then ";").
    _windows(monkeypatch, FakeMsvcrt("\xe0H\x00;N"))

    with key_reader(enabled=True, stream=_Terminal()) as keys:
        started = time.monotonic()
        pressed = [keys.read(1.0), keys.read(0.05)]

    assert pressed == ["n", None] and keys.available
    assert 0.04 <= time.monotonic() - started < 0.9, "waits for the timeout, not for the first key"


def test_on_windows_ctrl_c_read_as_a_key_still_stops(monkeypatch):
    _windows(monkeypatch, FakeMsvcrt("\x03"))

    with key_reader(enabled=True, stream=_Terminal()) as keys, pytest.raises(KeyboardInterrupt):
        keys.read(1.0)


def test_a_terminal_with_neither_termios_nor_msvcrt_has_no_keys(monkeypatch):
    _windows(monkeypatch, None)

    with key_reader(enabled=True, stream=_Terminal()) as keys:
        assert keys.read(0.01) is None
    assert not keys.available


@pytest.mark.parametrize("reads_keys", [True, False], ids=["keys", "no keys"])
def test_the_keys_are_offered_only_where_they_can_be_read(workspace, monkeypatch, reads_keys):
    def checked(workspace, katas, on_case=None, **options) -> RunResult:
        run = RunResult(seed=1, reference=False, cuda_available=False, torch_version="x")
        run.katas.append(KataResult(katas[0], [CaseResult("a", Status.NOT_STARTED, "not started")]))
        return run

    monkeypatch.setattr("checker.runner.judge.run.run_check", checked)
    lines: list[str] = []
    catalogue = load_catalogue(workspace)
    session = Watch(workspace, catalogue, lines.append, Style(False), screen=_Screen(), reads_keys=reads_keys)

    session.run(lambda timeout: "q", interval=0.01)

    watching = next(line for line in lines if line.startswith("Watching"))
    assert ("q quits" in watching) is reads_keys and ("Ctrl-C stops" in watching) is not reads_keys
    assert (KEYS_HELP in lines) is reads_keys, "the keys after a check too"


def test_keys_list_hint_next_help_and_quit_without_checking(workspace):
    lines: list[str] = []
    session = _watch(workspace, lines)
    session.current = load_catalogue(workspace).resolve("02")

    assert session.on_key("l") and "02  tensor_op" in "\n".join(lines)
    assert session.on_key("h") and "Hints for kata 02 tensor_op (1 of" in lines[-1]
    assert load_progress(workspace).katas["tensor_op"].hints_revealed == 1
    assert session.on_key("n") and "Next: kata 01 create_tensor" in lines[-1]
    assert session.current.name == "create_tensor", "n makes the next kata the current one"
    assert session.on_key("?") and lines[-1] == KEYS_HELP
    assert session.on_key("q") is False


# -- the loop, end to end ---------------------------------------------------------------


def test_each_save_gets_its_verdict_then_q_quits(workspace):
    lines: list[str] = []
    session = _watch(workspace, lines)
    stub = load_catalogue(workspace).resolve("01").stub_path(workspace)
    script = iter(
        [lambda: _touch(stub, (ROOT / "reference" / "create_tensor.py").read_text()), lambda: None, lambda: "q"]
    )

    def read_key(timeout: float):
        return next(script)()

    session.run(read_key, interval=0.01)

    output = "\n".join(lines)
    assert output.index("NOT STARTED") < output.index("Watching") < output.index("PASSED: 12 of 12")
    assert "checking 01 create_tensor" in output
    assert "Next: kata 02 tensor_op" in output.split("PASSED: 12 of 12")[1]
    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.status == "passed" and entry.passed_hash is not None


def test_every_kata_passed_still_watches(workspace, monkeypatch):
    lines: list[str] = []
    session = _watch(workspace, lines)
    monkeypatch.setattr("checker.cli.watch.next_kata", lambda states: None)

    session.run(lambda timeout: "q", interval=0.01)

    assert "Every kata is passed" in lines[0] and "Watching" in lines[1]


@pytest.mark.parametrize("losses, drawn", [((1.0, 0.5, 0.1), True), ((), False)], ids=["training", "other"])
def test_with_plot_each_check_of_a_training_kata_redraws_the_png(workspace, monkeypatch, tmp_path, losses, drawn):
    pytest.importorskip("matplotlib")
    catalogue = load_catalogue(workspace)
    kata = catalogue.resolve("10")

    def checked(workspace, katas, on_case=None, **options) -> RunResult:
        run = RunResult(seed=1, reference=False, cuda_available=False, torch_version="x")
        run.katas.append(
            KataResult(kata, [CaseResult("learns the line", Status.PASSED, charts=(Chart.losses(losses),))])
        )
        return run

    monkeypatch.setattr("checker.runner.judge.run.run_check", checked)
    lines: list[str] = []
    target = tmp_path / "curves.png"
    session = Watch(workspace, catalogue, lines.append, Style(False), plot_file=target)

    session.check([kata])

    saved = f"Curves of 1 training kata(s) saved to {target}."
    assert (saved in lines) is drawn, lines
    assert target.exists() is drawn
    assert not any("nothing to plot" in line for line in lines), "a save of a kata without curves stays quiet"


class _Screen(io.StringIO):
    """A terminal as far as `kata watch` can tell: it says isatty() and keeps what is written to it."""

    def isatty(self) -> bool:
        return True


def _watching_one_cause(workspace: Path, monkeypatch, **options) -> tuple[Watch, list[str]]:
    """A watch (and what it echoes) whose judge fails kata 02's three cases for one cause, each told as it finishes."""
    kata = load_catalogue(workspace).resolve("02")

    def checked(workspace, katas, on_case=None, **ignored) -> RunResult:
        run = RunResult(seed=1, reference=False, cuda_available=False, torch_version="x")
        run.katas.append(KataResult(kata))
        for name in ("readme example", "hidden case [0]", "hidden case [1]"):
            case = CaseResult(name, Status.FAILED, "Wrong values: the right numbers, in the wrong order.")
            run.katas[0].cases.append(case)
            on_case(kata, case)
        return run

    monkeypatch.setattr("checker.runner.judge.run.run_check", checked)
    lines: list[str] = []
    session = Watch(workspace, load_catalogue(workspace), lines.append, Style(False), **options)
    session.current = kata
    return session, lines


def test_on_a_terminal_the_screen_is_cleared_before_each_check(workspace, monkeypatch):
    screen = _Screen()
    session, lines = _watching_one_cause(workspace, monkeypatch, screen=screen)

    for _ in range(2):
        session.check([session.current])
        assert screen.getvalue() == CLEAR_SCREEN, "cleared, and nothing else written past the echo"
        assert "Kata 02 tensor_op" in lines[0], "the verdict starts the fresh screen"
        screen.seek(0)
        screen.truncate()
        lines.clear()


@pytest.mark.parametrize("screen", [io.StringIO(), None], ids=["a pipe", "no screen"])
def test_off_a_terminal_each_check_follows_the_last_under_a_separator(workspace, monkeypatch, screen):
    session, lines = _watching_one_cause(workspace, monkeypatch, screen=screen)

    session.check([session.current])
    session.check([session.current])

    output = "\n".join(lines)
    assert output.count("checking 02 tensor_op ---") == 2 and output.count("FAILED: 0 of 3") == 2
    assert CLEAR_SCREEN not in output and (screen is None or screen.getvalue() == "")


@pytest.mark.parametrize("verbose", [False, True], ids=["folded", "verbose"])
def test_watch_folds_the_repeats_of_a_cause_unless_verbose(workspace, monkeypatch, verbose):
    session, lines = _watching_one_cause(workspace, monkeypatch, verbose=verbose)

    session.check([session.current])

    output = "\n".join(lines)
    folded = "✗ 2 more cases, same cause as readme example: hidden case [0], hidden case [1]"
    assert (folded in output) is not verbose
    assert ("✗ hidden case [1]: wrong answer, same cause as readme example" in output) is verbose


def test_the_watch_command_off_a_terminal_appends_each_verdict(workspace, monkeypatch):
    from click.testing import CliRunner

    from checker.cli import main

    def stop_after_the_first_check(timeout: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("checker.cli.watch._no_key", stop_after_the_first_check)
    result = CliRunner().invoke(main, ["--workspace", str(workspace), "watch", "--verbose"])

    assert result.exit_code == 0, result.output
    assert CLEAR_SCREEN not in result.output and "\x1b" not in result.output
    assert result.output.index("checking 01 create_tensor ---") < result.output.index("NOT STARTED")
    assert "Stopped watching." in result.output


def test_watch_help_says_it_polls(workspace):
    from click.testing import CliRunner

    from checker.cli import main

    result = CliRunner().invoke(main, ["--workspace", str(workspace), "watch", "--help"])

    assert result.exit_code == 0
    assert "polling" in result.output and "n next kata" in result.output


def test_watch_command_stops_cleanly_on_ctrl_c(workspace, monkeypatch):
    from click.testing import CliRunner

    from checker.cli import main

    def interrupted(self, read_key, interval):
        raise KeyboardInterrupt

    monkeypatch.setattr(Watch, "run", interrupted)
    result = CliRunner().invoke(main, ["--workspace", str(workspace), "watch"])

    assert result.exit_code == 0, result.output
    assert "Stopped watching." in result.output


def test_e_opens_the_current_kata_with_the_edit_command(workspace):
    import shlex

    lines: list[str] = []
    session = _watch(workspace, lines)
    session.current = load_catalogue(workspace).resolve("03")
    stub = session.current.stub_path(workspace)
    appender = "import sys; open(sys.argv[1], 'a').write('# opened\\n')"

    assert session.on_key("e") and "Set $EDITOR" in lines[-1], "no editor: say how to get one"
    session.edit_command = f"{shlex.quote(sys.executable)} -c {shlex.quote(appender)}"
    assert session.on_key("e")
    assert stub.read_text().endswith("# opened\n")
