"""The progress file: versioned, written whole and atomically, forgiving of bad state."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from msvcrt_support import FakeMsvcrt, windows
from platform_marks import needs_enforced_permissions

import checker.core.progress as progress_module
from checker.core import files
from checker.core.file_lock import LOCK_HELD
from checker.core.files import HELD
from checker.core.progress import (
    NOT_SAVED,
    PROGRESS_FILE,
    KataProgress,
    Progress,
    file_hash,
    load_progress,
    update_progress,
)
from checker.core.results import Status

ROOT = Path(__file__).resolve().parents[2]


def _bump(name: str = "create_tensor"):
    def change(progress: Progress) -> None:
        progress.of(name).attempts += 1

    return change


def _bad_files(workspace: Path) -> list[Path]:
    return sorted(workspace.glob(PROGRESS_FILE + ".*.bad"))


def _temporary_files(workspace: Path) -> list[Path]:
    return sorted(workspace.glob("*.tmp"))


# A fresh start


def test_missing_file_is_a_fresh_start_without_warnings(tmp_path):
    progress = load_progress(tmp_path)

    assert progress.katas == {}
    assert progress.warnings == []
    assert not (tmp_path / PROGRESS_FILE).exists(), "reading must not create the file"


def test_unknown_kata_reads_as_not_started():
    entry = Progress().of("activation")

    assert entry == KataProgress()
    assert entry.status == "not_started" and not entry.ever_passed


# Writing


def test_update_writes_a_versioned_file_that_reads_back(tmp_path):
    def change(progress: Progress) -> None:
        entry = progress.of("tensor_op")
        entry.status = Status.PASSED
        entry.passed_hash = "abc"
        entry.passed_on_cpu = True
        entry.hints_revealed = 2
        entry.attempts = 3
        entry.last_checked = 1234.5

    warnings = update_progress(tmp_path, change)

    assert warnings == []
    raw = json.loads((tmp_path / PROGRESS_FILE).read_text(encoding="utf-8"))
    assert raw["format"] == "torch-katas-progress"
    assert raw["version"] == 1
    assert raw["katas"]["tensor_op"]["attempts"] == 3
    entry = load_progress(tmp_path).katas["tensor_op"]
    assert entry == KataProgress("passed", "abc", True, False, 2, 3, 1234.5)
    assert entry.ever_passed


def test_updates_build_on_each_other(tmp_path):
    for _ in range(3):
        update_progress(tmp_path, _bump())
    update_progress(tmp_path, _bump("activation"))

    katas = load_progress(tmp_path).katas
    assert katas["create_tensor"].attempts == 3
    assert katas["activation"].attempts == 1


def test_write_leaves_no_temporary_file(tmp_path):
    update_progress(tmp_path, _bump())

    assert _temporary_files(tmp_path) == []


def test_failed_write_keeps_the_old_file_whole(tmp_path, monkeypatch):
    update_progress(tmp_path, _bump())
    before = (tmp_path / PROGRESS_FILE).read_bytes()

    def disk_error(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", disk_error)
    warnings = update_progress(tmp_path, _bump())

    assert len(warnings) == 1 and "could not be saved (Input/output error)" in warnings[0], warnings
    assert (tmp_path / PROGRESS_FILE).read_bytes() == before
    assert _temporary_files(tmp_path) == [], "the half-written temporary file must be removed"


def test_change_that_raises_leaves_the_file_as_it_was(tmp_path):
    update_progress(tmp_path, _bump())
    before = (tmp_path / PROGRESS_FILE).read_bytes()

    def broken(progress: Progress) -> None:
        progress.of("create_tensor").attempts = 99
        raise RuntimeError("bug in the caller")

    with pytest.raises(RuntimeError):
        update_progress(tmp_path, broken)

    assert (tmp_path / PROGRESS_FILE).read_bytes() == before


# Bad files are set aside with a warning, never a crash

BAD_FILES = {
    "garbage": b"{this is not json",
    "empty": b"",
    "not-utf8": b"\xff\xfe\x00garbage\x80",
    "a-list": b"[1, 2, 3]",
    "foreign-format": b'{"format": "someone-else", "version": 1, "katas": {}}',
    "no-format": b'{"version": 1, "katas": {}}',
    "newer-version": b'{"format": "torch-katas-progress", "version": 2, "katas": {}}',
    "version-zero": b'{"format": "torch-katas-progress", "version": 0, "katas": {}}',
    "version-as-text": b'{"format": "torch-katas-progress", "version": "1", "katas": {}}',
    "version-as-bool": b'{"format": "torch-katas-progress", "version": true, "katas": {}}',
    "katas-a-list": b'{"format": "torch-katas-progress", "version": 1, "katas": []}',
    "entry-a-list": b'{"format": "torch-katas-progress", "version": 1, "katas": {"tensor_op": [1]}}',
    "attempts-as-text": b'{"format": "torch-katas-progress", "version": 1, "katas": {"tensor_op": {"attempts": "3"}}}',
    "hints-null": b'{"format": "torch-katas-progress", "version": 1, "katas": {"tensor_op": {"hints_revealed": null}}}',
    "status-a-number": b'{"format": "torch-katas-progress", "version": 1, "katas": {"tensor_op": {"status": 1}}}',
}


@pytest.mark.parametrize("content", list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_bad_file_is_set_aside_with_a_warning(tmp_path, content):
    (tmp_path / PROGRESS_FILE).write_bytes(content)

    progress = load_progress(tmp_path)

    assert progress.katas == {}
    assert len(progress.warnings) == 1, progress.warnings
    bad = _bad_files(tmp_path)
    assert len(bad) == 1, "the bad file should be moved beside the progress file"
    assert bad[0].read_bytes() == content, "the learner's old file must be kept as it was"
    assert not (tmp_path / PROGRESS_FILE).exists()
    assert bad[0].name in progress.warnings[0], "the warning should say where the file went"


def test_bad_file_warning_says_why(tmp_path):
    (tmp_path / PROGRESS_FILE).write_text('{"format": "torch-katas-progress", "version": 7, "katas": {}}')

    (warning,) = load_progress(tmp_path).warnings

    assert "could not be read (it has version 7" in warning, warning
    assert "a fresh one started" in warning, warning


def test_update_over_a_bad_file_starts_fresh_and_warns(tmp_path):
    (tmp_path / PROGRESS_FILE).write_text("garbage")

    warnings = update_progress(tmp_path, _bump())

    assert len(warnings) == 1 and "not valid JSON" in warnings[0], warnings
    assert load_progress(tmp_path).katas["create_tensor"].attempts == 1
    assert load_progress(tmp_path).warnings == []
    assert len(_bad_files(tmp_path)) == 1


def test_unknown_fields_from_a_later_patch_are_ignored(tmp_path):
    entry = {"status": "failed", "attempts": 2, "streak": 5}
    (tmp_path / PROGRESS_FILE).write_text(
        json.dumps({"format": "torch-katas-progress", "version": 1, "katas": {"tensor_op": entry}})
    )

    progress = load_progress(tmp_path)

    assert progress.warnings == []
    assert progress.katas["tensor_op"] == KataProgress(status=Status.FAILED, attempts=2)


def test_unreadable_file_warns_and_is_left_in_place(tmp_path):
    (tmp_path / PROGRESS_FILE).mkdir()  # a folder where the file should be: reading fails

    progress = load_progress(tmp_path)

    assert progress.katas == {}
    assert len(progress.warnings) == 1 and "Cannot read" in progress.warnings[0], progress.warnings
    assert (tmp_path / PROGRESS_FILE).is_dir()


def test_unwritable_progress_gives_a_warning_not_a_crash(tmp_path, monkeypatch):
    def refuse(path, text):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(progress_module, "atomic_write_text", refuse)

    warnings = update_progress(tmp_path, _bump())

    assert warnings == ["Progress could not be saved (Permission denied); your results above still stand."]


@needs_enforced_permissions  # a read-only folder (root, and Windows, write in it anyway)
@pytest.mark.parametrize("locked_before", [False, True], ids=["no-lock-file", "lock-file-exists"])
def test_read_only_workspace_gives_a_warning_not_a_crash(tmp_path, locked_before):
    if locked_before:
        update_progress(tmp_path, _bump())
    tmp_path.chmod(0o555)
    try:
        warnings = update_progress(tmp_path, _bump())
        progress = load_progress(tmp_path)
    finally:
        tmp_path.chmod(0o755)

    assert len(warnings) == 1 and "could not be saved" in warnings[0], warnings
    assert progress.katas.get("create_tensor", KataProgress()).attempts == (1 if locked_before else 0)


# Windows: a progress file held open by another program, the lock taken with msvcrt


def test_a_progress_file_that_stays_held_warns_which_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    update_progress(tmp_path, _bump())
    monkeypatch.setattr(files, "FILE_HELD_SECONDS", 0.05)

    def held(source, destination):
        raise PermissionError(13, "Permission denied")  # what Windows says while OneDrive has it open

    monkeypatch.setattr(files.os, "replace", held)

    warnings = update_progress(tmp_path, _bump())

    assert warnings == [NOT_SAVED.format(why=HELD.format(path=tmp_path / PROGRESS_FILE))]
    assert "your results above still stand" in warnings[0]
    monkeypatch.undo()
    assert load_progress(tmp_path).katas["create_tensor"].attempts == 1, "the old file, whole"


def test_on_windows_two_updates_at_once_both_count_under_the_msvcrt_lock(tmp_path, monkeypatch):
    fake = windows(monkeypatch, FakeMsvcrt())
    inside = threading.Event()

    def slow(progress: Progress) -> None:
        inside.set()
        time.sleep(0.2)  # the other update arrives meanwhile and must wait for the lock
        progress.of("create_tensor").attempts += 1

    first = threading.Thread(target=update_progress, args=(tmp_path, slow))
    first.start()
    inside.wait(5)
    warnings = update_progress(tmp_path, _bump())
    first.join()

    assert warnings == []
    assert load_progress(tmp_path).katas["create_tensor"].attempts == 2
    assert any(mode == fake.LK_NBLCK for mode, _, _ in fake.calls) and fake.holder is None


def test_on_windows_a_lock_that_stays_held_warns_and_saves_nothing(tmp_path, monkeypatch):
    fake = windows(monkeypatch, FakeMsvcrt())
    fake.holder = -1  # another kata command that never lets go
    monkeypatch.setattr(progress_module, "PROGRESS_LOCK_SECONDS", 0.05)

    warnings = update_progress(tmp_path, _bump())

    lock = tmp_path / (PROGRESS_FILE + ".lock")
    assert warnings == [NOT_SAVED.format(why=LOCK_HELD.format(path=lock, seconds=0.05))]
    assert not (tmp_path / PROGRESS_FILE).exists()


# Two updates at once lose nothing

_WORKER = """
import sys
from pathlib import Path
from checker.core.progress import update_progress

workspace, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])

def change(progress):
    progress.of("shared").attempts += 1
    progress.of(name).attempts += 1

for _ in range(count):
    assert update_progress(workspace, change) == []
"""


def test_updates_from_several_processes_lose_nothing(tmp_path):
    processes, count = 4, 25
    workers = [
        subprocess.Popen([sys.executable, "-c", _WORKER, str(tmp_path), f"kata_{n}", str(count)], cwd=ROOT)
        for n in range(processes)
    ]
    codes = [worker.wait(timeout=60) for worker in workers]

    assert codes == [0] * processes
    progress = load_progress(tmp_path)
    assert progress.warnings == []
    assert progress.katas["shared"].attempts == processes * count
    assert all(progress.katas[f"kata_{n}"].attempts == count for n in range(processes))


def test_updates_from_several_threads_lose_nothing(tmp_path):
    threads, count = 8, 20
    problems: list[object] = []

    def work(name: str) -> None:
        def change(progress: Progress) -> None:
            progress.of("shared").attempts += 1
            progress.of(name).attempts += 1

        try:
            for _ in range(count):
                problems.extend(update_progress(tmp_path, change))
        except Exception as error:  # noqa: BLE001 - reported below
            problems.append(error)

    workers = [threading.Thread(target=work, args=(f"kata_{n}",)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert problems == []
    progress = load_progress(tmp_path)
    assert progress.katas["shared"].attempts == threads * count
    assert all(progress.katas[f"kata_{n}"].attempts == count for n in range(threads))


# Hashes of solution files


def test_file_hash_changes_with_the_content(tmp_path):
    solution = tmp_path / "solution.py"
    solution.write_text("x = 1\n")
    first = file_hash(solution)
    solution.write_text("x = 2\n")

    assert first is not None and len(first) == 64
    assert file_hash(solution) != first


def test_file_hash_of_a_missing_file_is_none(tmp_path):
    assert file_hash(tmp_path / "missing.py") is None
