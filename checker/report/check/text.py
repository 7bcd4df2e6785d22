"""Plain-text views for the terminal: check results, the kata list, the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from checker.core.catalogue import Kata
from checker.core.limits import DETAILED_CAUSES as _DETAILED_CAUSES
from checker.core.limits import MAX_REASON_TEXT as _MAX_LINE
from checker.core.standing import KataState, next_kata
from checker.core.statuses import Status
from checker.report.check.causes import Cause, reason
from checker.report.style import Style

if TYPE_CHECKING:
    from checker.core.results import CaseResult, KataResult, RunResult
    from checker.runner import Limit

__all__ = [
    "case_block",
    "case_tally",
    "causes_recap",
    "folded_cause",
    "folded_note",
    "should_detail",
    "status_word",
    "warning_line",
    "course_table",
    "dashboard",
    "hints",
    "kata_header",
    "kata_summary",
    "next_step",
    "progress_bar",
    "run_footer",
    "runner_lines",
]

_BACKENDS = {
    "fork": "fork (Linux fast path: each worker forked from one that has imported torch)",
    "portable": "portable (each worker a fresh Python process, started one ahead)",
}
_DETAIL_ORDER = ("call", "got", "expected", "tolerance", "where", "output")
_STATUS_WORD = {
    Status.FAILED: "wrong answer",
    Status.ERROR: "error",
    Status.NOT_STARTED: "not started",
    Status.TIMEOUT: "timed out",
    Status.CRASHED: "crashed",
    Status.EXITED: "exited",
    Status.OUTPUT_LIMIT: "too much output",
    Status.MEMORY_LIMIT: "too much memory",
    Status.CHECKER_ERROR: "checker error (not your code)",
}


def status_word(status: Status) -> str:
    """How a failed case's status reads: "wrong answer", "timed out", "not started"."""
    return _STATUS_WORD.get(status, status.value)


def kata_header(kata: Kata, style: Style, reference: bool = False) -> str:
    source = " (reference solution)" if reference else ""
    return style.bold(f"Kata {kata.id} {kata.name}: {kata.title}{source}")


def case_block(case: CaseResult, style: Style, detailed: bool, same_as: CaseResult | None = None) -> str:
    """One case: a line, and for a failure (when `detailed`) what went wrong and the fix.

    A failure whose cause an earlier case explained (`same_as`) points there instead; one
    that is not detailed still gets its reason on its line.
    """
    if case.status is Status.PASSED:
        return "\n".join([f"  {style.green('✓')} {case.name}", *_note_lines(case, style)])
    if case.status is Status.SKIPPED:
        return f"  {style.dim('-')} {case.name}: {case.message}"
    mark = style.yellow("·") if case.status is Status.NOT_STARTED else style.red("✗")
    line = f"  {mark} {case.name}: {_STATUS_WORD[case.status]}"
    if same_as is not None:
        return f"{line}, {style.dim(f'same cause as {same_as.name} (explained above)')}"
    if not detailed:
        return f"{line}: {reason(case)}"
    lines = [line, f"      {case.message}"]
    for key in _DETAIL_ORDER:
        if key in case.details:
            value = case.details[key].replace("\n", "\n" + " " * 16)
            lines.append(f"      {key:<9} {value}")
    if case.mistake:
        lines.append(f"      {style.yellow('mistake')}   {case.mistake.title}")
        lines.append(f"      {style.yellow('fix')}       {case.mistake.fix}")
    return "\n".join(lines)


def _note_lines(case: CaseResult, style: Style) -> list[str]:
    """A passing case's advice, laid out like a mistake's (a note never changes the verdict)."""
    lines = []
    for note in case.notes:
        lines.append(f"      {style.yellow('note')}      {note.title}")
        lines.append(f"      {style.yellow('fix')}       {note.fix}")
    return lines


def should_detail(causes_so_far: int) -> bool:
    """Whether a new cause, after `causes_so_far` others in this kata, is explained in full."""
    return causes_so_far < _DETAILED_CAUSES


def causes_recap(causes: list[Cause], style: Style) -> str:
    """After a kata with several failed cases: each cause once, with every case it covers ("" otherwise)."""
    if sum(len(cause.cases) for cause in causes) < 2:
        return ""
    lines = [f"  {len(causes)} cause{'s' if len(causes) != 1 else ''} to fix:"]
    for number, cause in enumerate(causes, start=1):
        name = f" [{cause.first.mistake.code}]" if cause.first.mistake else ""
        lines.append(f"    {number}. {reason(cause.first)}{style.dim(name)}")
        also = f"; also in: {', '.join(case.name for case in cause.others)}" if cause.others else ""
        lines.append(style.dim(f"       in {cause.first.name}{also}"))
    return "\n".join(lines)


def folded_cause(cause: Cause, style: Style) -> str:
    """The cases of a cause after its first, in one line: "✗ 11 more cases, same cause as mean_of_rows: ..."."""
    return _folded("✗", style.red, f"same cause as {cause.first.name}", cause.others, style)


def folded_note(first: CaseResult, later: list[CaseResult], style: Style) -> str:
    """The later passing cases that carry a note `first` explained, in one line."""
    return _folded("note", style.yellow, f"same note as {first.name}", later, style)


def _folded(mark: str, paint: Callable[[str], str], same: str, later: list[CaseResult], style: Style) -> str:
    """`mark N more cases, <same>: name, name, ...`, the names cut to keep the line within the limit."""
    lead = f"{len(later)} more case{'s' if len(later) != 1 else ''}, "
    room = _MAX_LINE - len(f"  {mark} {lead}{same}: ")
    return f"  {paint(mark)} {lead}{style.dim(same + ':')} {_names_within([case.name for case in later], room)}"


def _names_within(names: list[str], room: int) -> str:
    """As many of `names` as fit in `room` characters, then ", ..." for the rest ("..." if none fits)."""
    shown: list[str] = []
    for number, name in enumerate(names):
        more = ", ..." if number < len(names) - 1 else ""
        if len(", ".join([*shown, name]) + more) > room:
            return ", ".join([*shown, "..."])
        shown.append(name)
    return ", ".join(shown)


def case_tally(result: KataResult, skipped_why: str = "") -> str:
    """The counts after a kata's verdict: "12 of 12 cases, 1 note" or "3 of 12 cases passed, 2 skipped"."""
    counted = len(result.counted)
    parts = [f"{result.passed} of {counted} cases" + ("" if result.status is Status.PASSED else " passed")]
    if result.skipped:
        parts.append(f"{result.skipped} skipped{skipped_why}")
    if result.note_count:
        parts.append(f"{result.note_count} note{'s' if result.note_count != 1 else ''}")
    return ", ".join(parts)


def kata_summary(result: KataResult, solution: str, style: Style) -> str:
    if result.status is Status.PASSED:
        verdict = style.green("PASSED")
    elif result.status is Status.NOT_STARTED:
        verdict = style.yellow("NOT STARTED")
    else:
        verdict = style.red("FAILED")
    line = f"  {verdict}: {case_tally(result)}  ({solution})"
    if result.status is Status.NOT_STARTED:
        line += f"\n  Open {solution}, replace the `raise NotImplementedError` line, then check again."
    return line


def run_footer(run: RunResult, style: Style, retry: str) -> str:
    lines = [style.dim(f"Seed {run.seed}: `{retry} --seed {run.seed}` replays these hidden cases.")]
    if run.skipped:
        lines.append(f"{run.skipped} case(s) skipped: they need CUDA and this machine has no GPU.")
    if run.interrupted:
        lines.append(style.yellow("Stopped early (Ctrl-C): katas not reached were not checked."))
    return "\n".join(lines)


def progress_bar(states: list[KataState], width: int = 28) -> str:
    done = sum(state.done for state in states)
    filled = round(width * done / len(states)) if states else 0
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{len(states)} katas passed"


def course_table(states: list[KataState], style: Style) -> str:
    lines = []
    for state in states:
        lines.append(
            f"  {_state_mark(state, style)} {state.kata.id}  {state.kata.name:<28}"
            f" {_state_word(state):<22} {_state_extras(state)}".rstrip()
        )
    return "\n".join(lines)


def next_step(state: KataState | None, workspace: Path, style: Style) -> str:
    if state is None:
        return style.green("Every kata is passed. Well done! `kata check --all` re-checks them all.")
    kata = state.kata
    solution = style.link(str(kata.stub_file), kata.stub_path(workspace))
    readme = style.link(str(kata.readme_file), kata.readme_path(workspace))
    verb = "Fix" if state.status == Status.FAILED or state.changed_since_pass else "Solve"
    return "\n".join(
        [
            f"Next: kata {kata.id} {kata.name}: {kata.title}",
            f"  1. Read   {readme}",
            f"  2. {verb:<6} {solution}",
            f"  3. Run    kata check {kata.id}     (stuck? kata hint {kata.id})",
        ]
    )


def hints(kata: Kata, shown: int, style: Style) -> str:
    """The first `shown` hints of a kata, and what asking again gives."""
    lines = [style.bold(f"Hints for kata {kata.id} {kata.name} ({shown} of {len(kata.hints)}):")]
    lines += [f"  {number}. {line}" for number, line in enumerate(kata.hints[:shown], start=1)]
    if shown < len(kata.hints):
        lines.append(style.dim(f"Run `kata hint {kata.id}` again for the next one."))
    else:
        lines.append(style.dim(f"That was the last hint. After you pass, `kata solution {kata.id}` shows ours."))
    return "\n".join(lines)


def dashboard(states: list[KataState], workspace: Path, style: Style) -> str:
    title = style.bold("torch-katas")
    following = next_kata(states)
    return (
        f"{title}  {progress_bar(states)}\n\n{course_table(states, style)}\n\n{next_step(following, workspace, style)}"
    )


def _state_mark(state: KataState, style: Style) -> str:
    if state.done:
        return style.green("✓")
    if state.status == Status.FAILED or state.changed_since_pass:
        return style.red("✗")
    return style.dim("·")


def _state_word(state: KataState) -> str:
    if state.status == Status.PASSED and state.changed_since_pass:
        return "changed since it passed"
    places = [name for name, flag in (("CPU", state.passed_on_cpu), ("CUDA", state.passed_on_cuda)) if flag]
    if state.status == Status.PASSED:
        return f"passed ({' + '.join(places) or 'CPU'})"
    return {Status.FAILED: "not passing yet", Status.NOT_STARTED: "not started"}[state.status]


def _state_extras(state: KataState) -> str:
    extras = []
    if state.attempts:
        extras.append(f"{state.attempts} check{'s' if state.attempts != 1 else ''}")
    if state.hints_revealed:
        extras.append(f"{state.hints_revealed} hint{'s' if state.hints_revealed != 1 else ''}")
    return ", ".join(extras)


def warning_line(message: str, style: Style) -> str:
    """A problem that did not stop the command, as every front end shows it."""
    return style.yellow(f"warning: {message}")


def runner_lines(backend: str, limits: list[Limit], note: str = "") -> list[str]:
    """`kata doctor`'s lines on the runner: its backend (and why, in `note`), then each limit and how it holds."""
    how = _BACKENDS.get(backend, backend) + (f"; {note}" if note else "")
    lines = [f"runner     {how}"]
    for limit in limits:
        if limit.enforced is None:
            lines.append(f"limit      {limit.name}: {limit.how}")  # nothing to enforce: "enforced" would mislead
        elif not limit.enforced:
            lines.append(f"limit      {limit.name}: NOT enforced: {limit.how}")
        else:
            lines.append(f"limit      {limit.name}: enforced, {limit.how}")
    return lines
