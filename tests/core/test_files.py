"""A file is written whole or not at all, a link under its name is replaced, and a held file waited for."""

from __future__ import annotations

import os
import stat
import time

import pytest
from platform_marks import needs_chmod_permissions, needs_symlinks

from checker.core import files
from checker.core.files import HELD, atomic_write_text
from checker.core.limits import FILE_HELD_SECONDS


def test_the_text_replaces_the_file_whole(tmp_path):
    path = tmp_path / "report.json"
    path.write_text("old and longer than the new text", encoding="utf-8")

    atomic_write_text(path, "new ✓\n")

    assert path.read_text(encoding="utf-8") == "new ✓\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_lone_surrogate_is_written_as_a_replacement_not_an_error(tmp_path):
    path = tmp_path / "summary.md"

    atomic_write_text(path, "bad \udc80 byte")

    assert path.read_text(encoding="utf-8") == "bad ? byte"


@needs_chmod_permissions
def test_the_file_is_readable_by_others_like_a_plainly_written_one(tmp_path):
    path = tmp_path / "junit.xml"

    atomic_write_text(path, "<testsuites/>")

    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@needs_symlinks
def test_a_link_under_the_name_is_replaced_and_its_target_untouched(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me", encoding="utf-8")
    path = tmp_path / "kata-results.json"
    path.symlink_to(target)

    atomic_write_text(path, "{}")

    assert not path.is_symlink() and path.read_text(encoding="utf-8") == "{}"
    assert target.read_text(encoding="utf-8") == "keep me"


def _held(monkeypatch, times: int) -> list[float]:
    """os.replace refuses `times` times, as Windows does while another program holds the file open."""
    tries: list[float] = []
    replace = os.replace

    def refuse_while_held(source, destination):
        tries.append(time.monotonic())
        if len(tries) <= times:
            raise PermissionError(13, "Permission denied")
        replace(source, destination)

    monkeypatch.setattr(files.os, "replace", refuse_while_held)
    return tries


def test_a_file_held_for_a_moment_is_replaced_once_it_is_let_go(tmp_path, monkeypatch):
    path = tmp_path / ".kata-progress.json"
    path.write_text("old", encoding="utf-8")
    tries = _held(monkeypatch, times=3)

    atomic_write_text(path, "new")

    assert path.read_text(encoding="utf-8") == "new"
    assert len(tries) == 4 and tries[-1] - tries[0] < FILE_HELD_SECONDS
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kata-progress.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / ".kata-progress.json"
    path.write_text("old", encoding="utf-8")
    monkeypatch.setattr(files, "FILE_HELD_SECONDS", 0.1)
    tries = _held(monkeypatch, times=1_000_000)

    with pytest.raises(PermissionError) as raised:
        atomic_write_text(path, "new")

    assert raised.value.strerror == HELD.format(path=path), "says which file, and that it was left as it was"
    assert len(tries) > 1 and tries[-1] - tries[0] >= 0.1, "tried again for a while first"
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kata-progress.json"]
