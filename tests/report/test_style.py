"""Terminal text fitted to its stream: symbols only where the encoding has them, nothing that can crash."""

from __future__ import annotations

import io

import pytest

from checker.report.style import fit_to_stream

SYMBOLS = "✓ ✗ · – × ● ▁▂▃▄▅▆▇█"


def _stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


def test_a_utf8_stream_keeps_every_symbol():
    fit = fit_to_stream(_stream("utf-8"))

    assert fit(SYMBOLS) == SYMBOLS


def test_an_ascii_stream_gets_a_stand_in_for_every_symbol():
    fitted = fit_to_stream(_stream("ascii"))(SYMBOLS)

    assert fitted == "+ x . - x o .:-=+*%#"


def test_cp1252_keeps_the_symbols_it_has_and_replaces_the_rest():
    # cp1252 (a Windows console, Git Bash) has the middle dot, the en dash and the times sign.
    fitted = fit_to_stream(_stream("cp1252"))(SYMBOLS)

    assert fitted == "+ x · – × o .:-=+*%#"
    fitted.encode("cp1252")


def test_the_chart_blocks_fall_back_together_so_heights_read_one_way():
    # cp437 (an old DOS console) has the full and lower-half blocks only: a chart would mix both.
    fitted = fit_to_stream(_stream("cp437"))("▁▄█")

    assert fitted == ".=#"


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "utf-8"])
def test_emoji_and_lone_surrogates_become_escapes_never_an_error(encoding):
    stream = _stream(encoding)
    fitted = fit_to_stream(stream)("party 🎉 and a bad byte \udcff")

    stream.write(fitted)  # a strict stream: this raised UnicodeEncodeError before
    assert "\\udcff" in fitted
    assert ("🎉" in fitted) is (encoding == "utf-8")


def test_a_text_buffer_holds_anything_and_is_left_alone():
    assert fit_to_stream(io.StringIO())(SYMBOLS + "🎉") == SYMBOLS + "🎉"


def test_an_unknown_encoding_is_treated_as_ascii():
    class Odd:
        encoding = "no-such-codec"

    assert fit_to_stream(Odd())("✓ 🎉") == "+ \\U0001f389"
