"""What a case printed: the start and the last lines kept, the middle counted and cut."""

from __future__ import annotations

import re

from checker.core.limits import PRINTED_START_BYTES, PRINTED_START_LINES, PRINTED_TAIL_LINES
from checker.runner.judge.printed import Printed, size_text


def _printed(*chunks: bytes) -> Printed:
    printed = Printed()
    for chunk in chunks:
        printed.add(chunk)
    return printed


def _lines(count: int, first: int = 0) -> bytes:
    return b"".join(b"line %06d\n" % number for number in range(first, first + count))


def _cut(text: str) -> str:
    return re.search(r"^\[\.\.\. (.+) cut \.\.\.\]$", text, re.MULTILINE).group(1)


def test_short_output_is_kept_whole():
    printed = _printed(b"hello\n", b"world\n")

    assert printed.text() == "hello\nworld"
    assert printed.total == 12


def test_nothing_printed_is_empty_and_false():
    assert not Printed() and Printed().text() == ""


def test_a_flood_keeps_the_start_and_the_last_lines_and_says_how_much_was_cut():
    lines = 200_000
    printed = Printed()
    for number in range(lines):  # one chunk per line, as a drain that keeps up reads them
        printed.add(b"line %06d\n" % number)

    text = printed.text().splitlines()
    assert text[0] == "Your code printed 2.3 MiB; the start and the last lines are shown below."
    assert text[1 : 1 + PRINTED_START_LINES] == [f"line {n:06d}" for n in range(PRINTED_START_LINES)]
    assert text[-PRINTED_TAIL_LINES:] == [f"line {n:06d}" for n in range(lines - PRINTED_TAIL_LINES, lines)]
    assert len(text) == 1 + PRINTED_START_LINES + 1 + PRINTED_TAIL_LINES
    cut_lines = lines - PRINTED_START_LINES - PRINTED_TAIL_LINES
    assert _cut(printed.text()) == size_text(cut_lines * len(b"line 000000\n"))


def test_held_bytes_stay_small_however_much_is_printed():
    printed = _printed(*[b"x" * 65536] * 300)  # about 20 MB

    assert printed.total == 300 * 65536
    assert len(printed._start) + len(printed._tail) <= PRINTED_START_BYTES + 16 * 1024


def test_a_tail_cut_mid_line_starts_at_a_whole_line():
    printed = _printed(_lines(PRINTED_START_LINES), b"y" * 100_000 + b"\n", b"end 1\nend 2\n")

    text = printed.text()
    assert text.endswith("[... 97.7 KiB cut ...]\nend 1\nend 2"), "the fragment of the long line is cut"


def test_a_long_first_line_is_cut_at_the_start_size():
    printed = _printed(b"z" * (PRINTED_START_BYTES + 1000))

    text = printed.text()
    assert text.count("z") == PRINTED_START_BYTES and _cut(text) == size_text(1000)


def test_extend_joins_two_outputs_and_counts_what_each_cut():
    first = _printed(b"before the crash\n")
    flood = _printed(_lines(100_000))
    first.extend(flood)
    first.add(b"after\n")

    text = first.text()
    assert first.total == len(b"before the crash\n") + 100_000 * 12 + len(b"after\n")
    assert text.splitlines()[1:3] == ["before the crash", "line 000000"]
    assert text.endswith("line 099999\nafter")
    shown_flood_lines = (PRINTED_START_LINES - 1) + (PRINTED_TAIL_LINES - 1)
    assert _cut(text) == size_text((100_000 - shown_flood_lines) * 12)


def test_size_text_reads_like_a_person_would_say_it():
    assert [size_text(n) for n in (1, 812, 3482, 21_076_377)] == ["1 byte", "812 bytes", "3.4 KiB", "20.1 MiB"]
