"""Measure how well the checker names mistakes in code it was never tuned on: the corpus in bench/naming/.

    python bench/naming.py            # every entry of every kata; writes bench/naming-results.md
    python bench/naming.py --kata 09  # one kata's entries (the table is printed, no file written)
    python bench/naming.py --smoke    # one correct and one wrong entry of two katas: does it still run?
    python bench/naming.py --readme   # the full run, and its table copied into README.md

Each entry of `bench/naming/<kata name>.yaml` (format: bench/naming/README.md) is a learner's
file: a correct solution written unlike the reference, or one with a labelled mistake. The
file is written as the kata's file in a throwaway copy of `katas/` and checked through the
runner's front door, in this one process, so torch, pytest and the warm worker are loaded once.

Correct entries: a *false label* is one on which any case names a mistake (as its verdict, or
as a note with a mistake's code), a *false fail* one that does not pass. Wrong entries: one that
passes is *noted* when a case carries a note whose code the entry accepts (a mistake this machine
cannot show, found in the source: mistakes.NOTED_MISTAKES), else *not caught* (a hole in the
spec); one that fails is *covered* when a failed case names a mistake, and *precise* when the
first failed case that names one (the first diagnosis the learner reads, top to bottom) names a
code the entry accepts. A noted entry counts neither as covered nor as not caught. "precise, any case" counts an accepted code named by any failed case, which is
what tests/test_content.py asks of the project's own mutants.

Exit status 0 unless the script itself breaks (a corpus file that does not load, for one): it
measures, it does not judge.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH = ROOT / "bench"
CORPUS = BENCH / "naming"
RESULTS = BENCH / "naming-results.md"
README_START = "<!-- naming:start -->"
README_END = "<!-- naming:end -->"
SEED = 99  # the hidden cases' seed: the same as tests/test_content.py's mutants, so a run repeats
SMOKE_KATAS = ("02", "09")  # a quick kata and a training one: one correct and one wrong entry of each
CORRECT = "correct"
# Codes agreed between the helpers for mistakes the checker does not name yet. A label may use
# them before they land: until then such an entry counts as unnamed, which is the honest figure.
AGREED_CODES = frozenset(
    {
        "loss_after_update",
        "loss_scaled",
        "zero_grad_before_step",
        "optimizer_in_loop",
        "double_step",
        "missing_scaler_update",
        "update_had_no_effect",
        "loss_exploded",
        "relu_on_output",
        "linear_sizes_swapped",
    }
)
GOALS = "Goals: precision ≥ 0.95, no false labels, coverage ≥ 0.9."
_MESSAGE_WIDTH = 140

__all__ = [
    "AGREED_CODES",
    "CORPUS",
    "Entry",
    "Outcome",
    "check_entries",
    "load_corpus",
    "main",
    "render",
]


@dataclass(frozen=True)
class Entry:
    """One learner's file of the corpus: the kata, where it is in its file, its label and source."""

    kata: object  # checker.core.catalogue.Kata
    index: int  # 1-based, in the order of the corpus file
    label: str  # CORRECT, or the mistake's code
    accept: tuple[str, ...]  # the codes that count as naming it right (the label and any `accept:`)
    why: str
    source: str

    @property
    def correct(self) -> bool:
        return self.label == CORRECT

    @property
    def id(self) -> str:
        return f"{self.kata.id}.{self.index}"


def corpus_file(kata) -> Path:
    return CORPUS / f"{kata.name}.yaml"


def read_corpus_file(kata) -> list[dict]:
    """The raw entries of a kata's corpus file (an empty list when it has none)."""
    import yaml

    path = corpus_file(kata)
    if not path.is_file():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def load_corpus(katas: Iterable) -> list[Entry]:
    """Every entry of the chosen katas, with its source built; a malformed entry raises ValueError.

    Edits are made as a mutant's are (`homes.mutant_source`): each `replace` must occur exactly once.
    """
    from checker.specs.homes import mutant_source

    entries = []
    for kata in katas:
        reference = (ROOT / "reference" / f"{kata.name}.py").read_text(encoding="utf-8")
        for index, raw in enumerate(read_corpus_file(kata), start=1):
            where = f"bench/naming/{corpus_file(kata).name} entry {index}"
            if not isinstance(raw, dict) or "label" not in raw or not raw.get("why"):
                raise ValueError(f"{where}: every entry needs a label and a one-line why")
            if ("source" in raw) == ("edits" in raw):
                raise ValueError(f"{where}: give either edits or source, not both or neither")
            label = str(raw["label"])
            accept = (label, *(str(code) for code in raw.get("accept") or ()))
            if label == CORRECT and len(accept) > 1:
                raise ValueError(f"{where}: a correct entry accepts no mistake codes")
            try:
                source = raw["source"] if "source" in raw else mutant_source(reference, {"edits": raw["edits"]})
            except ValueError as error:
                raise ValueError(f"{where}: {error}") from None
            entries.append(Entry(kata, index, label, tuple(dict.fromkeys(accept)), str(raw["why"]), source))
    return entries


@dataclass
class Outcome:
    """What the checker made of one entry."""

    entry: Entry
    passed: bool
    named: list[str] = field(default_factory=list)  # the codes failed cases named, in case order
    labelled: list[str] = field(default_factory=list)  # every code any case named (a correct entry wants none)
    noted: list[str] = field(default_factory=list)  # the codes of the notes on passing cases, in case order
    said: str = ""  # the first failed case, in words, for the list of misses
    incomplete: str = ""  # the run's own trouble, when it did not complete

    @property
    def covered(self) -> bool:
        return not self.passed and bool(self.named)

    @property
    def precise(self) -> bool:
        return self.covered and self.named[0] in self.entry.accept

    @property
    def precise_anywhere(self) -> bool:
        return self.covered and any(code in self.entry.accept for code in self.named)

    @property
    def noted_right(self) -> bool:
        """Passed, with a note that names an accepted code: found, though this machine cannot show it."""
        return self.passed and any(code in self.entry.accept for code in self.noted)

    @property
    def miss(self) -> str:
        """Why this entry is listed among the misses ("" when it is not)."""
        if self.entry.correct:
            if self.labelled:
                return "false label"
            return "" if self.passed else "false fail"
        if self.passed:
            return "" if self.noted_right else "not caught"
        if not self.covered:
            return "unnamed"
        return "" if self.precise else "misnamed"


def _outcome(entry: Entry, result, incomplete: str) -> Outcome:
    from checker.core.mistakes import NOTED_MISTAKES
    from checker.core.results import Status

    failed = [case for case in result.cases if case.status not in (Status.PASSED, Status.SKIPPED)]
    noted = [note.code for case in result.cases for note in case.notes]
    mistaken = {advice.code for advice in NOTED_MISTAKES}  # notes that name a mistake
    outcome = Outcome(
        entry,
        passed=result.status is Status.PASSED,
        named=[case.mistake.code for case in failed if case.mistake],
        labelled=[case.mistake.code for case in result.cases if case.mistake] + [c for c in noted if c in mistaken],
        noted=noted,
        incomplete=incomplete,
    )
    if failed:
        first = failed[0]
        message = " ".join(first.message.split())
        if len(message) > _MESSAGE_WIDTH:
            message = message[: _MESSAGE_WIDTH - 1] + "…"
        code = f" [{first.mistake.code}]" if first.mistake else ""
        outcome.said = f"{first.name}: {first.status.value}{code}: {message}"
        if len(outcome.named) > (1 if first.mistake else 0):
            outcome.said += f" (named in all: {', '.join(dict.fromkeys(outcome.named))})"
    elif outcome.labelled:
        outcome.said = f"passed, but named {', '.join(dict.fromkeys(outcome.labelled))}"
    elif outcome.noted:
        outcome.said = f"passed every case, noted {', '.join(dict.fromkeys(outcome.noted))}"
    else:
        outcome.said = "passed every case"
    return outcome


def check_entries(entries: Sequence[Entry], workspace: Path, seed: int = SEED, progress=None) -> list[Outcome]:
    """Check each entry as its kata's file in `workspace` (a copy of katas/), one kata run at a time."""
    from checker.runner import run_check

    outcomes = []
    for entry in entries:
        path = entry.kata.stub_path(workspace)
        path.write_text(entry.source, encoding="utf-8")
        # A stale bytecode cache could hold the previous entry's code if both had one size and second.
        shutil.rmtree(path.parent / "__pycache__", ignore_errors=True)
        run = run_check(workspace, [entry.kata], seed=seed)
        outcomes.append(_outcome(entry, run.katas[0], run.incomplete))
        if progress:
            progress(outcomes[-1])
    return outcomes


def make_workspace(scratch: Path) -> Path:
    """A throwaway learner's folder: the catalogue and every stub, as a clone has them."""
    workspace = scratch / "workspace"
    shutil.copytree(ROOT / "katas", workspace / "katas")
    return workspace


def _ratio(top: int, bottom: int) -> str:
    return f"{top / bottom:.2f}" if bottom else "–"


def _row(name: str, outcomes: list[Outcome]) -> str:
    correct = [o for o in outcomes if o.entry.correct]
    wrong = [o for o in outcomes if not o.entry.correct]
    failing = [o for o in wrong if not o.passed]
    covered = sum(o.covered for o in failing)
    precise = sum(o.precise for o in failing)
    anywhere = sum(o.precise_anywhere for o in failing)
    cells = [
        name,
        len(correct),
        sum(bool(o.labelled) for o in correct),
        sum(not o.passed for o in correct),
        len(wrong),
        sum(o.passed and not o.noted_right for o in wrong),
        sum(o.noted_right for o in wrong),
        covered,
        precise,
        _ratio(precise, covered),
        _ratio(anywhere, covered),
        _ratio(covered, len(failing)),
    ]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(outcomes: list[Outcome], mode: str) -> str:
    """The table (per kata and in total) and the list of misses, as Markdown."""
    import torch

    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    by_kata: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_kata.setdefault(outcome.entry.kata.id, []).append(outcome)
    lines = [
        f"Measured {when} by `python bench/naming.py`, {mode}, on torch {torch.__version__} "
        f"(CUDA {'yes' if torch.cuda.is_available() else 'no'}), {len(outcomes)} entries, seed {SEED}.",
        "",
        "| kata | correct | false labels | false fails | wrong | not caught | noted | covered | precise "
        "| precision | precision, any case | coverage |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *(_row(f"{kata_id} {group[0].entry.kata.name}", group) for kata_id, group in by_kata.items()),
        _row("**all**", outcomes),
        "",
        "precision = precise / covered (the first failed case that names a mistake names an accepted code); "
        "precision, any case = some failed case names one; coverage = covered / wrong entries that fail; "
        "noted = wrong entries that pass every case but carry a note naming an accepted code (a mistake this "
        "machine cannot show, found in the source), counted neither as covered nor as not caught. " + GOALS,
    ]
    misses = [outcome for outcome in outcomes if outcome.miss or outcome.incomplete]
    if misses:
        lines += ["", "| entry | label | miss | what the checker said |", "|---|---|---|---|"]
        for outcome in misses:
            entry = outcome.entry
            said = outcome.said + (f" (run incomplete: {outcome.incomplete})" if outcome.incomplete else "")
            lines.append(
                f"| {entry.id} {entry.kata.name} | {'/'.join(entry.accept)} | {outcome.miss or 'ok'} "
                f"| {_cell(said)} — {_cell(entry.why)} |"
            )
    return "\n".join(lines) + "\n"


def _update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise SystemExit(f"README.md has no {README_START} ... {README_END} markers to write between")
    head, rest = text.split(README_START, 1)
    readme.write_text(f"{head}{README_START}\n{table}{README_END}{rest.split(README_END, 1)[1]}", encoding="utf-8")


def _smoke_set(entries: list[Entry]) -> list[Entry]:
    chosen = []
    for kata_id in SMOKE_KATAS:
        own = [entry for entry in entries if entry.kata.id == kata_id]
        chosen += [next(e for e in own if e.correct), next(e for e in own if not e.correct)]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kata", action="append", default=[], help="a kata id or name (repeatable; default: all)")
    parser.add_argument("--smoke", action="store_true", help="one correct and one wrong entry of two katas")
    parser.add_argument("--readme", action="store_true", help="also copy the table into README.md (full run only)")
    parser.add_argument(
        "--output", type=Path, default=None, help=f"where to write the table (default: {RESULTS.relative_to(ROOT)} "
        "for a full run, nowhere for --kata or --smoke)"
    )  # fmt: skip
    options = parser.parse_args(argv)

    from checker import runner
    from checker.core.catalogue import load_catalogue

    catalogue = load_catalogue(ROOT)
    katas = catalogue.select(options.kata) if options.kata else list(catalogue)
    if options.smoke:
        katas = catalogue.select(list(SMOKE_KATAS))
    entries = load_corpus(katas)
    if options.smoke:
        entries = _smoke_set(entries)
    full = not options.smoke and not options.kata
    mode = "smoke run (`--smoke`)" if options.smoke else ("full run" if full else f"katas {', '.join(options.kata)}")

    def progress(outcome: Outcome) -> None:
        mark = outcome.miss or "ok"
        print(f"naming: {outcome.entry.id} {outcome.entry.label}: {mark}", file=sys.stderr, flush=True)

    try:
        with tempfile.TemporaryDirectory(prefix="kata-naming-") as scratch:
            outcomes = check_entries(entries, make_workspace(Path(scratch)), progress=progress)
    finally:
        runner.shutdown()
    table = render(outcomes, mode)
    output = options.output or (RESULTS if full else None)
    if output:
        output.write_text("# How well the checker names mistakes\n\n" + table, encoding="utf-8")
    if options.readme and full:
        _update_readme(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
