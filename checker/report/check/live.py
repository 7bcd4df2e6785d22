"""Results as they arrive: each case when it finishes, a kata's summary (and loss curve) after it.

The terminal's printer for checking.check_katas, used by `kata check` and `kata watch`; it
writes through the `echo` it is given, so the CLI stays the only place that prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from checker.core.catalogue import Kata
from checker.core.results import CaseResult, Chart, KataResult, RunResult, Status
from checker.core.standing import KataState
from checker.report.charts.choose import charts_to_draw, marked_fit_title
from checker.report.charts.terminal import curve_lines, fit_lines
from checker.report.check import text
from checker.report.check.causes import CauseLog, is_failure
from checker.report.style import Style

__all__ = ["NOTHING_TO_PLOT", "LivePrinter", "loss_curve"]

NOTHING_TO_PLOT = "No training kata was checked: nothing to plot."
STUCK = "\nStuck? `kata hint {id}` shows a hint."
SAME_NOTE = "same as {case} (explained above)"


class LivePrinter:
    """Print each case as it finishes, a header before a kata's first case and a summary after.

    A failure whose cause an earlier case of the kata explained is held back, and when the
    kata is done all such cases of one cause fold into one line (a note repeated on later
    passing cases too), so that one mistake over many cases reads in one screen;
    `verbose` lists every case where it comes instead, and ends with the causes recapped.
    After the run: the plot saved, the next step when every kata passed (a hint when the
    one kata checked did not), and warnings through `err` (stderr for the CLI).
    """

    def __init__(
        self,
        echo: Callable[[str], None],
        style: Style,
        workspace: Path,
        reference: bool,
        total: int = 1,
        err: Callable[[str], None] | None = None,
        verbose: bool = False,
    ) -> None:
        self.echo = echo
        self.err = err or echo
        self.style = style
        self.workspace = workspace
        self.reference = reference
        self.total = total  # katas in the run: several get a "[3/14]" before their header
        self.verbose = verbose  # --verbose: every case on its own line, as it finishes
        self.current: Kata | None = None
        self.partial: KataResult | None = None
        self.causes = CauseLog()  # the current kata's causes of failure, each explained once
        self.noted: dict[str, CaseResult] = {}  # the current kata's notes by code: the case that explained each
        self.renoted: dict[str, list[CaseResult]] = {}  # held back: the later passing cases with each note
        self.done = 0  # katas finished so far

    def case(self, kata: Kata, case: CaseResult) -> None:
        if self.current is None or kata.number != self.current.number:
            self._close_kata()
            self.current = kata
            self.partial = KataResult(kata)
            self.causes = CauseLog()
            self.noted = {}
            self.renoted = {}
            count = self.style.dim(f"[{self.done + 1}/{self.total}] ") if self.total > 1 else ""
            self.echo(count + text.kata_header(kata, self.style, self.reference))
        self.partial.cases.append(case)
        if case.status is Status.NOT_STARTED and sum(c.status is Status.NOT_STARTED for c in self.partial.cases) > 1:
            return  # one "not started" line says it all
        if not is_failure(case):
            self.echo(self._passed_block(case))
            return
        explained = len(self.causes.causes)
        same = self.causes.add(case)
        if same is not None and not self.verbose:
            return  # folded with the other cases of its cause when the kata closes
        detailed = same is None and text.should_detail(explained)
        self.echo(text.case_block(case, self.style, detailed, same_as=same.first if same else None))

    def finish(self, run: RunResult, retry: str) -> None:
        self._close_kata()
        self.echo(text.run_footer(run, self.style, retry))

    def plot_saved(self, saved: str) -> None:
        self.echo(saved or NOTHING_TO_PLOT)

    def next_step(self, run: RunResult, standing: list[KataState], following: KataState | None) -> None:
        if run.reference:
            return  # the reference solutions say nothing about where the learner stands
        if run.all_passed:
            self.echo("\n" + text.next_step(following, self.workspace, self.style))
        elif len(run.katas) == 1:
            self.echo(STUCK.format(id=run.katas[0].id))

    def warn(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.err(text.warning_line(warning, self.style))

    def _passed_block(self, case: CaseResult) -> str:
        """A passing case; a note an earlier case of this kata explained is held back (verbose: a line pointing there)."""
        fresh = tuple(note for note in case.notes if note.code not in self.noted)
        earlier = [self.noted[note.code] for note in case.notes if note.code in self.noted]
        for note in fresh:
            self.noted[note.code] = case
        block = text.case_block(replace(case, notes=fresh), self.style, detailed=False)
        if not self.verbose:
            for code in dict.fromkeys(note.code for note in case.notes if note not in fresh):
                self.renoted.setdefault(code, []).append(case)
            return block
        same = (
            f"      {self.style.yellow('note')}      {self.style.dim(SAME_NOTE.format(case=first.name))}"
            for first in earlier
        )
        return "\n".join([block, *dict.fromkeys(same)])  # two notes from one case: one line

    def _close_kata(self) -> None:
        if self.current is None or self.partial is None:
            return
        path = self.current.solution_path(self.workspace, self.reference).relative_to(self.workspace)
        curve = loss_curve(self.partial, self.style)
        failed = self.partial.status is Status.FAILED  # a kata not started needs no recap
        # Folded, the screen says each cause once and where else it struck: a recap would say it again.
        recap = text.causes_recap(self.causes.causes, self.style) if failed and self.verbose else ""
        folds = [] if self.verbose else self._folds()
        self.echo(
            "".join(f"{fold}\n" for fold in folds)
            + text.kata_summary(self.partial, str(path), self.style)
            + "".join(f"\n{part}" for part in (recap, curve) if part)
            + "\n"
        )
        self.current = None
        self.done += 1

    def _folds(self) -> list[str]:
        """The held-back cases, one line per cause (then per note) saying how many and which."""
        lines = [text.folded_cause(cause, self.style) for cause in self.causes.causes if cause.others]
        lines += [text.folded_note(self.noted[code], cases, self.style) for code, cases in self.renoted.items()]
        return lines


def loss_curve(result: KataResult, style: Style) -> str:
    """The charts a training kata's spec declared (its longest loss curve, a fit), or "" for other katas."""
    chart_lines: list[str] = []
    for name, chart in charts_to_draw(result):
        if chart.kind == Chart.LOSSES:
            chart_lines += [
                style.dim(f'  {chart.title} in "{name}":'),
                *curve_lines(chart.column(1), label=f"  {chart.labels[1]}"),
            ]
        elif chart.kind == Chart.FIT:
            fit = fit_lines(chart.points)
            if fit:
                chart_lines += [
                    style.dim(f'  {marked_fit_title(chart)} in "{name}":'),
                    *(("  " + line).rstrip() for line in fit),
                ]
    return "\n".join(chart_lines)
