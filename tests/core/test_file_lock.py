"""One lock across processes: fcntl where it imports, msvcrt on Windows (simulated here), none elsewhere."""

from __future__ import annotations

import threading
import time

import pytest
from msvcrt_support import FakeMsvcrt
from msvcrt_support import windows as on_windows
from platform_marks import needs_fcntl

from checker.core.file_lock import LOCK_HELD, exclusive_lock


@pytest.fixture
def windows(monkeypatch) -> FakeMsvcrt:
    return on_windows(monkeypatch, FakeMsvcrt())


def _hold_for(path, seconds: float, started: threading.Event) -> threading.Thread:
    def hold() -> None:
        with exclusive_lock(path, seconds=5.0):
            started.set()
            time.sleep(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


@needs_fcntl
def test_with_fcntl_a_second_holder_waits_for_the_first(tmp_path):
    path = tmp_path / ".kata-progress.json.lock"
    started = threading.Event()
    holder = _hold_for(path, 0.2, started)
    started.wait(5)

    began = time.monotonic()
    with exclusive_lock(path, seconds=0.0):  # POSIX waits as long as it takes, whatever `seconds`
        waited = time.monotonic() - began
    holder.join()

    assert waited >= 0.1


def test_on_windows_the_lock_is_tried_again_until_the_holder_lets_go(windows, tmp_path):
    path = tmp_path / ".kata-progress.json.lock"
    started = threading.Event()
    holder = _hold_for(path, 0.2, started)
    started.wait(5)

    began = time.monotonic()
    with exclusive_lock(path, seconds=5.0):
        waited = time.monotonic() - began
    holder.join()

    assert waited >= 0.1, "it waited for the holder instead of going ahead"
    refused = [call for call in windows.calls if call[0] == windows.LK_NBLCK]
    assert len(refused) > 2, "non-blocking on Windows: tried again, not once"
    assert {(position, size) for _, position, size in windows.calls} == {(0, 1)}, "always the first byte"
    assert windows.holder is None, "unlocked on the way out"


def test_on_windows_a_lock_that_stays_held_gives_up_and_names_the_file(windows, tmp_path):
    path = tmp_path / ".kata-progress.json.lock"
    windows.holder = -1  # another process holds it and never lets go

    began = time.monotonic()
    with pytest.raises(TimeoutError) as raised, exclusive_lock(path, seconds=0.1):
        pytest.fail("the block must not run without the lock")

    assert 0.1 <= time.monotonic() - began < 2
    assert raised.value.strerror == LOCK_HELD.format(path=path, seconds=0.1)
    assert isinstance(raised.value, OSError), "callers that catch OSError turn it into a warning"


def test_with_neither_fcntl_nor_msvcrt_the_block_runs_without_a_lock(monkeypatch, tmp_path):
    on_windows(monkeypatch, None)
    ran = []

    with exclusive_lock(tmp_path / "x.lock", seconds=1.0):
        ran.append(True)

    assert ran == [True] and not (tmp_path / "x.lock").exists()
