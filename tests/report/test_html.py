"""The notebook's HTML report: a mistake's fix shows its `code` as code, safely escaped."""

from __future__ import annotations

from checker.core.results import CaseResult, MistakeRef, Status
from checker.report.check.html import case_html, code_spans


def test_backticks_become_code_and_an_unpaired_one_stays_text():
    assert code_spans("Call `.tolist()` on `t`.") == "Call <code>.tolist()</code> on <code>t</code>."
    assert code_spans("a ` b") == "a ` b"


def test_a_fix_is_escaped_before_its_code_spans():
    mistake = MistakeRef("m", "You used `<script>`.", "Use `a @ b`.")
    html = case_html(CaseResult("matmul", Status.FAILED, "Wrong values.", mistake=mistake))
    assert "<code>&lt;script&gt;</code>" in html and "<script>" not in html
    assert "<code>a @ b</code>" in html
