"""Check results as HTML, for Jupyter and Colab: the notebook's printer for checking.check_katas.

The same report as the terminal's, laid out as a notebook shows things: a verdict per case,
each cause of failure explained once with its mistake and fix, the call/got/expected
details folded away in a <details> block, and the training katas' charts as image outputs.
Nothing here imports IPython: the front end hands in `show` (redraw the report) and `image`
(add one image output), and this module only builds strings.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from checker.core.catalogue import Kata
from checker.core.results import CaseResult, KataResult, RunResult, Status
from checker.core.standing import KataState
from checker.report.charts.choose import charts_to_draw
from checker.report.check import text
from checker.report.check.causes import CauseLog, is_failure, reason

__all__ = ["HtmlPrinter", "case_html", "code_spans", "kata_image"]

_DETAIL_ORDER = ("call", "got", "expected", "tolerance", "where", "output")
_VERDICT = {
    Status.PASSED: ("PASSED", "#1a7f37"),
    Status.NOT_STARTED: ("NOT STARTED", "#9a6700"),
    Status.FAILED: ("FAILED", "#cf222e"),
}
_STYLE = (
    "<style>.kata-report{font-family:system-ui,sans-serif;font-size:13px;line-height:1.45}"
    ".kata-report .case{margin:2px 0 2px 4px}.kata-report .why{margin:2px 0 4px 22px}"
    ".kata-report table{border-collapse:collapse;margin:2px 0 4px 22px}"
    ".kata-report td{padding:1px 8px;vertical-align:top;text-align:left}"
    ".kata-report pre{margin:0;white-space:pre-wrap}.kata-report .dim{color:#6e7781}"
    ".kata-report .mistake{color:#9a6700;font-weight:600}</style>"
)
NOT_STARTED_HINT = (
    "Replace the <code>raise NotImplementedError</code> line with your code, run that cell, then check again."
)
STUCK = "Stuck? <code>%kata hint {id}</code> shows a hint."
NEXT = "Next: kata {id} {name}: {title}"
ALL_DONE = "Every kata is passed. Well done!"


def _mark(case: CaseResult) -> str:
    if case.status is Status.PASSED:
        return '<span style="color:#1a7f37">✓</span>'
    if case.status in (Status.SKIPPED, Status.NOT_STARTED):
        return '<span class="dim">·</span>'
    return '<span style="color:#cf222e">✗</span>'


def _advice(label: str, title: str, fix: str) -> str:
    return (
        f'<div class="why"><span class="mistake">{label}</span> {code_spans(escape(title))}<br>'
        f'<span class="mistake">fix</span> {code_spans(escape(fix))}</div>'
    )


def code_spans(escaped: str) -> str:
    """Escaped text with its `backticks` shown as code, as the mistakes write their fixes."""
    pieces = escaped.split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: show the text as it is
        return escaped
    return "".join(f"<code>{piece}</code>" if index % 2 else piece for index, piece in enumerate(pieces))


def case_html(case: CaseResult, same_as: CaseResult | None = None) -> str:
    """One case: its verdict; a failure's reason, mistake and fix, and its details folded away."""
    name = escape(case.name)
    if case.status is Status.PASSED:
        notes = "".join(_advice("note", note.title, note.fix) for note in case.notes)
        return f'<div class="case">{_mark(case)} {name}</div>{notes}'
    if case.status is Status.SKIPPED:
        return f'<div class="case">{_mark(case)} {name}: <span class="dim">{escape(case.message)}</span></div>'
    head = f'<div class="case">{_mark(case)} {name}: <b>{escape(text.status_word(case.status))}</b>'
    if same_as is not None:
        return f'{head}, <span class="dim">same cause as {escape(same_as.name)} (explained above)</span></div>'
    if case.status is Status.NOT_STARTED:
        return f"{head}</div>"
    body = [f"{head}</div>", f'<div class="why">{escape(case.message or reason(case))}</div>']
    if case.mistake is not None:
        body.append(_advice("mistake", case.mistake.title, case.mistake.fix))
    rows = "".join(
        f'<tr><td class="dim">{key}</td><td><pre>{escape(case.details[key])}</pre></td></tr>'
        for key in _DETAIL_ORDER
        if key in case.details
    )
    if rows:
        body.append(
            f'<details style="margin-left:22px"><summary class="dim">details</summary><table>{rows}</table></details>'
        )
    return "".join(body)


def _kata_html(result: KataResult, path: str, reference: bool, closed: bool) -> str:
    kata = result.kata
    source = " (reference solution)" if reference else ""
    parts = [f"<h4 style='margin:8px 0 4px'>Kata {kata.id} {escape(kata.name)}: {escape(kata.title)}{source}</h4>"]
    causes = CauseLog()
    for case in result.cases:
        if case.status is Status.NOT_STARTED and case is not result.cases[0]:
            continue  # one "not started" line says it all
        same = causes.add(case) if is_failure(case) else None
        parts.append(case_html(case, same.first if same else None))
    if closed:
        word, colour = _VERDICT.get(result.status, ("FAILED", "#cf222e"))
        parts.append(
            f'<p style="margin:6px 0"><b style="color:{colour}">{word}</b>: '
            f'{escape(text.case_tally(result))} <span class="dim">({escape(path)})</span></p>'
        )
        if result.status is Status.NOT_STARTED:
            parts.append(f"<p>{NOT_STARTED_HINT}</p>")
    return "".join(parts)


def kata_image(result: KataResult) -> tuple[str, str | bytes] | None:
    """(MIME type, data) of the kata's charts: a PNG with matplotlib, else an SVG; None for no charts."""
    if not charts_to_draw(result):
        return None
    from checker.report.charts.image import can_plot, kata_png

    if can_plot():
        return "image/png", kata_png(result)
    from checker.report.charts.svg import kata_svg

    return "image/svg+xml", kata_svg(result)


class HtmlPrinter:
    """Render a check as HTML as it runs: `show` gets the whole report again after each case.

    `image` is called with (MIME type, data) once per training kata, after its last case.
    `label` names where the kata's code came from ("your notebook" or the kata file).
    """

    def __init__(
        self,
        show: Callable[[str], None],
        image: Callable[[str, str | bytes], None],
        workspace: Path,
        reference: bool = False,
        label: str | None = None,
        command: str = "%kata",
    ) -> None:
        self.show = show
        self.image = image
        self.workspace = workspace
        self.reference = reference
        self.label = label
        self.command = command
        self.done: list[str] = []  # finished katas' HTML
        self.current: KataResult | None = None
        self.tail: list[str] = []  # after the katas: seed, next step

    def html(self) -> str:
        current = [self._kata(self.current, closed=False)] if self.current is not None else []
        return f'<div class="kata-report">{_STYLE}{"".join(self.done + current + self.tail)}</div>'

    def case(self, kata: Kata, case: CaseResult) -> None:
        if self.current is None or self.current.kata.number != kata.number:
            self._close()
            self.current = KataResult(kata)
        self.current.cases.append(case)
        self.show(self.html())

    def finish(self, run: RunResult, retry: str) -> None:
        self._close()
        # `retry` is a command line (`%kata check 04`) or a call (`check("04", compute_gradient)`).
        replay = f"{retry[:-1]}, seed={run.seed})" if retry.endswith(")") else f"{retry} --seed {run.seed}"
        self.tail.append(
            f'<p class="dim">Seed {run.seed}: <code>{escape(replay)}</code> replays these hidden cases.</p>'
        )
        if run.skipped:
            self.tail.append(f"<p>{run.skipped} case(s) skipped: they need CUDA and this machine has no GPU.</p>")
        if run.interrupted:
            self.tail.append("<p>Stopped early: katas not reached were not checked.</p>")
        self.show(self.html())

    def plot_saved(self, saved: str) -> None:
        if saved:
            self.tail.append(f"<p>{escape(saved)}</p>")
            self.show(self.html())

    def next_step(self, run: RunResult, standing: list[KataState], following: KataState | None) -> None:
        if run.reference:
            return
        if run.all_passed:
            line = (
                ALL_DONE
                if following is None
                else NEXT.format(
                    id=following.kata.id, name=escape(following.kata.name), title=escape(following.kata.title)
                )
            )
            self.tail.append(f"<p><b>{line}</b></p>")
        elif len(run.katas) == 1:
            self.tail.append(f"<p>{STUCK.format(id=run.katas[0].id)}</p>".replace("%kata", escape(self.command)))
        self.show(self.html())

    def warn(self, warnings: list[str]) -> None:
        if warnings:
            self.tail += [f'<p style="color:#9a6700">warning: {escape(warning)}</p>' for warning in warnings]
            self.show(self.html())

    def _kata(self, result: KataResult, closed: bool) -> str:
        path = self.label or str(result.kata.solution_path(self.workspace, self.reference).relative_to(self.workspace))
        return _kata_html(result, path, self.reference, closed)

    def _close(self) -> None:
        if self.current is None:
            return
        self.done.append(self._kata(self.current, closed=True))
        image = kata_image(self.current)
        self.current = None
        if image is not None:
            self.image(*image)
