"""Measure every number of DESIGN section 8 side by side, and write bench/results.md.

    python bench/run.py            # the full run (about ten minutes on 2 cores, half of it the class rows)
    python bench/run.py --quick    # fewer repeats (about two minutes)
    python bench/run.py --readme   # also copy the table into README.md ("Benchmark")
    python bench/run.py --smoke    # every step once on one kata: does the benchmark still run?
    python bench/run.py --only class   # grade-class on 20 submissions vs a loop of `kata grade` (slow)
    python bench/run.py --only similarity   # the similarity check on made-up classes of 200 and 1,000

Every figure is a median over repeated runs of real commands in fresh processes, in a
throwaway copy of the workspace, next to its baseline measured in the same run and
interleaved with it, so that a busy machine slows both alike. bench/README.md says what
each baseline is and why it is a fair one.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # bench.similarity, run in this process
    sys.path.insert(0, str(ROOT))
WATCH_KATAS = ("01", "02", "03", "04", "05")
# --smoke checks one kata where a step would check several: for `check --all`, one whose
# specs use most of what a session offers (train, chart_fit); for `watch`, a quick one.
SMOKE_CHECK_KATA = "11"
SMOKE_WATCH_KATA = "01"
# The class benchmark: a class of 20, and the smaller one whose difference gives the cost per student.
CLASS_SIZE = 20
CLASS_FEW = 5
SMOKE_CLASS_SIZE = 3
SMOKE_CLASS_FEW = 2
# The similarity rows: made-up classes (bench/similarity_class.py), a small one with --smoke.
SIMILARITY_SIZES = (200, 1000)
SMOKE_SIMILARITY_SIZES = (30, 60)
# Marks a command of the bench that runs on the portable path (Windows' and macOS's) instead of the fork path.
PORTABLE = "<portable>"
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


@dataclass
class Figure:
    """One row of the results table."""

    what: str
    target: str
    measured: str
    baseline: str
    ratio: str
    passed: bool | None  # None: could not be measured

    def row(self, smoke: bool = False) -> str:
        verdict = {True: "pass", False: "**FAIL**", None: "not measured"}[self.passed]
        if smoke and self.passed is not None:
            verdict = "ran"  # one run on one kata: no verdict on the target
        return f"| {self.what} | {self.target} | {self.measured} | {self.baseline} | {self.ratio} | {verdict} |"


class Bench:
    def __init__(self, quick: bool, workspace: Path, smoke: bool = False) -> None:
        self.quick = quick or smoke
        self.smoke = smoke  # one run of each command, no warm-up, one kata: the figures mean nothing
        self.workspace = workspace
        self.env = _environment()
        self.kata = _kata_command()
        self.peaks: dict[str, int] = {}
        self.notes: list[str] = []

    # -- running commands -----------------------------------------------------------------

    def timed(self, command: list[str], label: str | None = None, check: bool = False) -> float:
        """Wall seconds of one run; with `label`, run under peak.py and keep the peak memory.

        A command that starts with PORTABLE runs on the portable path (KATA_BACKEND=portable).
        """
        env = self.env
        if command[0] == PORTABLE:
            command, env = command[1:], {**self.env, "KATA_BACKEND": "portable"}
        if label:
            peak_file = self.workspace / f".peak-{label}"
            command = [sys.executable, str(BENCH / "peak.py"), str(peak_file), *command]
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=self.workspace, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        seconds = time.perf_counter() - start
        if label:
            self.peaks[label] = max(self.peaks.get(label, 0), int(peak_file.read_text()))
        if check and done.returncode != 0:
            self.notes.append(f"`{' '.join(command[-4:])}` exited {done.returncode}: {done.stderr.strip()[-300:]}")
        return seconds

    def medians(
        self,
        commands: dict[str, list[str]],
        runs: int,
        labels: dict[str, str] | None = None,
        check: tuple[str, ...] = (),
    ) -> dict[str, float]:
        """Run the commands in turn, `runs` rounds (after one warm-up round); medians by name."""
        labels = labels or {}
        if self.smoke:
            runs = 1
        else:
            for command in commands.values():
                self.timed(command)  # warm-up: file cache, and .pyc files where Python may write them
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(self.timed(command, labels.get(name), check=name in check))
        return {name: statistics.median(values) for name, values in times.items()}

    # -- the figures ----------------------------------------------------------------------

    def quick_commands(self) -> list[Figure]:
        runs = 7 if self.quick else 21
        commands = {
            "list": [*self.kata, "list"],
            "next": [*self.kata, "next"],
            "--help": [*self.kata, "--help"],
            # what any command of ours must at least import: the click command line and the YAML catalogue
            "baseline": [sys.executable, "-c", "import click, yaml"],
        }
        medians = self.medians(commands, runs)
        baseline = medians.pop("baseline")
        absolute = [
            Figure(f"`kata {name}`", "median < 120 ms", _ms(seconds), "", "", seconds < 0.120)
            for name, seconds in medians.items()
        ]
        ratio = medians["list"] / baseline
        return [
            *absolute,
            Figure(
                "`kata list`, against its imports",
                '≤ 1.25 × `python -c "import click, yaml"`',
                _ms(medians["list"]),
                _ms(baseline),
                f"{ratio:.2f} ×",
                ratio <= 1.25,
            ),
        ]

    def cold_check(self) -> Figure:
        runs = 5 if self.quick else 11
        medians = self.medians(
            {"baseline": [sys.executable, "-c", "import torch, pytest"], "check": [*self.kata, "check", "04"]},
            runs,
            labels={"baseline": "import-torch-pytest", "check": "check-04"},
            check=("check",),
        )
        return _ratio_figure(
            "`kata check 04`, cold (solved)", "`import torch, pytest`", medians["check"], medians["baseline"], 1.3
        )

    def check_all(self) -> Figure:
        runs = 1 if self.quick else 3
        katas = [SMOKE_CHECK_KATA] if self.smoke else []
        which = " ".join(katas) or "--all"
        medians = self.medians(
            {
                "baseline": [sys.executable, str(BENCH / "inprocess.py"), *katas],
                "check": [*self.kata, "check", *(katas or ["--all"]), "--reference"],
            },
            runs,
            labels={"check": "check-all"},
            check=("baseline", "check"),
        )
        return _ratio_figure(
            f"`kata check {which} --reference`", "in-process pytest", medians["check"], medians["baseline"], 1.5
        )

    def portable(self) -> list[Figure]:
        """The portable path (what Windows and macOS run) beside the fork path and a bare import, same run."""
        runs = 1 if self.quick else 3
        katas = [SMOKE_CHECK_KATA] if self.smoke else ["--all"]
        check_all = [*self.kata, "check", *katas, "--reference"]
        whole = self.medians({"fork": check_all, "portable": [PORTABLE, *check_all]}, runs, check=("fork", "portable"))
        cold = self.medians(
            {
                "baseline": [sys.executable, "-c", "import torch, pytest"],
                "portable": [PORTABLE, *self.kata, "check", "04"],
            },
            5 if self.quick else 11,
            check=("portable",),
        )
        which = " ".join(katas)
        return [
            _ratio_figure(
                f"`kata check {which} --reference`, portable path",
                "the fork path",
                whole["portable"],
                whole["fork"],
                1.5,
            ),
            _ratio_figure(
                "`kata check 04`, cold, portable path",
                "`import torch, pytest`",
                cold["portable"],
                cold["baseline"],
                1.3,
            ),
        ]

    def watch(self) -> Figure:
        katas = (SMOKE_WATCH_KATA,) if self.smoke else WATCH_KATAS
        what = (
            f"`kata watch`: save → verdict, {katas[0]}-{katas[-1]}"
            if len(katas) > 1
            else f"`kata watch`: save → verdict, {katas[0]}"
        )
        probe = subprocess.run([*self.kata, "watch", "--help"], cwd=self.workspace, env=self.env, capture_output=True)
        if probe.returncode != 0:
            return Figure(what, "median < 300 ms", "no `kata watch`", "", "", None)
        rounds = 1 if self.smoke else 2 if self.quick else 5
        times = _watch_times(self, rounds, katas)
        if not times:
            return Figure(what, "median < 300 ms", "no verdicts seen", "", "", False)
        median = statistics.median(times)
        measured = f"{_ms(median)} (slowest of {len(times)} saves: {_ms(max(times))})"
        return Figure(what, "median < 300 ms", measured, "", "", median < 0.300)

    def memory(self) -> Figure:
        self.timed([sys.executable, "-c", "import torch"], label="import-torch")
        bare = self.peaks.pop("import-torch")
        label, worst = max(
            ((k, v) for k, v in self.peaks.items() if k != "import-torch-pytest"), key=lambda item: item[1]
        )
        ratio = worst / bare
        return Figure(
            f"peak memory of one process (largest: {label})",
            "< 2 × bare `import torch`",
            f"{worst / 1024:.0f} MiB",
            f"{bare / 1024:.0f} MiB",
            f"{ratio:.2f} ×",
            ratio < 2,
        )

    def grade_class(self) -> list[Figure]:
        """20 submissions: `kata grade-class` against a shell loop of `kata grade`, once each (minutes).

        The cost per extra student is the difference between the class and its first 5, per student.
        """
        # --smoke: three students, kata 01 only, so that the step is known to run in seconds.
        size, few, katas = (SMOKE_CLASS_SIZE, SMOKE_CLASS_FEW, ["01"]) if self.smoke else (CLASS_SIZE, CLASS_FEW, [])
        classroom = _make_class(self.workspace.parent / "class", size)
        out = self.workspace.parent / "class-out"
        jobs = str(os.cpu_count() or 1)

        def run_class(students: int) -> float:
            shutil.rmtree(out, ignore_errors=True)
            folder = classroom if students == size else _first_students(classroom, students)
            return self.timed(
                [
                    *self.kata,
                    "grade-class",
                    str(folder),
                    *katas,
                    "--output-dir",
                    str(out),
                    "--seed",
                    "1",
                    "--jobs",
                    jobs,
                ],
                check=True,
            )

        loop = (
            f'for s in "{classroom}"/*; do "{" ".join(self.kata)}" grade --workspace "$s" '
            f'--output-dir "{out}-loop/$(basename "$s")" --seed 1 {" ".join(katas)} || exit 1; done'
        )
        whole = run_class(size)
        fewer = run_class(few)
        looped = self.timed(["bash", "-c", loop], check=True)
        per_extra = (whole - fewer) / (size - few)
        ratio = looped / whole
        return [
            Figure(
                f"`kata grade-class`, {size} submissions (--jobs {jobs})",
                "≥ 3 × faster than a loop of `kata grade`",
                _s(whole),
                _s(looped),
                f"{ratio:.2f} ×",
                ratio >= 3,
            ),
            Figure(
                "`kata grade-class`: cost per extra student",
                "(recorded)",
                f"{per_extra:.2f} s",
                f"{looped / size:.2f} s per `kata grade`",
                "",
                None if per_extra <= 0 and not self.smoke else True,
            ),
        ]

    def similarity(self) -> list[Figure]:
        """compare_class on made-up classes with planted pairs: what it finds, and how its time grows.

        Timed in this process (it reads no file and starts nothing): one run per size, with the
        class made first and not timed. The growth row sets the time's growth from the smaller
        class to the larger against that of the number of pairs, which comparing everyone with
        everyone would follow.
        """
        from bench.similarity import measure

        small, large = SMOKE_SIMILARITY_SIZES if self.smoke else SIMILARITY_SIZES
        found = {size: measure(size) for size in (small, large)}
        figures = []
        for size, got in found.items():
            figures.append(
                Figure(
                    f"similarity check, {size:,} made-up students",
                    "every planted pair flagged, no other pair",
                    f"{got['found']}/{got['planted']} planted, {got['others']} others; {_s(got['seconds'])}",
                    f"{got['compared']:,} of {got['all_pairs']:,} pairs scored",
                    f"{got['share']:.1%}",
                    got["found"] == got["planted"] and got["others"] == 0,
                )
            )
        growth = found[large]["seconds"] / found[small]["seconds"]
        pairs = found[large]["all_pairs"] / found[small]["all_pairs"]
        figures.append(
            Figure(
                f"similarity check: time, {large:,} against {small:,} students",
                f"grows well below all pairs' {pairs:.0f} ×",
                _s(found[large]["seconds"]),
                _s(found[small]["seconds"]),
                f"{growth:.2f} ×",
                growth <= pairs / 2,
            )
        )
        return figures


def _ratio_figure(what: str, baseline_name: str, seconds: float, baseline: float, most: float) -> Figure:
    """A row whose target is a ratio to a baseline timed in the same run: at most `most` times it."""
    ratio = seconds / baseline
    return Figure(what, f"≤ {most:g} × {baseline_name}", _s(seconds), _s(baseline), f"{ratio:.2f} ×", ratio <= most)


def _make_class(where: Path, size: int) -> Path:
    """`size` student trees: the references, every other kata left as its stub, some with a known mistake."""
    mutants = _all_mutants()
    folders = sorted(p.name for p in (ROOT / "katas").iterdir() if p.is_dir() and p.name[:2].isdigit())
    for n in range(size):
        student = where / f"student{n:02d}"
        shutil.copytree(ROOT / "katas", student / "katas")
        for index, kata in enumerate(folders):
            name = kata.split("_", 1)[1]
            if (index + n) % 3 == 2:
                continue  # not started
            right = (ROOT / "reference" / f"{name}.py").read_text(encoding="utf-8")
            source = _wrong_solution(right, name, mutants) if (index + n) % 3 == 1 else right
            (student / "katas" / kata / f"{name}.py").write_text(source, encoding="utf-8")
    return where


def _first_students(classroom: Path, size: int) -> Path:
    few = classroom.parent / f"class-{size}"
    if not few.exists():
        few.mkdir()
        for student in sorted(classroom.iterdir())[:size]:
            shutil.copytree(student, few / student.name)
    return few


def _watch_times(bench: Bench, rounds: int, katas: tuple[str, ...]) -> list[float]:
    """Save a wrong, then a right solution of each kata; seconds from each save to its verdict."""
    mutants = _all_mutants()
    peak_file = bench.workspace / ".peak-watch"
    command = [sys.executable, str(BENCH / "peak.py"), str(peak_file), *bench.kata, "watch"]
    process = subprocess.Popen(
        command,
        cwd=bench.workspace,
        env=bench.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines = _LineReader(process.stdout)
    times: list[float] = []
    try:
        if lines.wait_for(lambda line: "Watching" in line, 120) is None:
            bench.notes.append("`kata watch` never said it was watching: " + " | ".join(lines.seen[-5:]))
            return times
        for kata_id in katas:
            kata = _kata_folder(kata_id)
            name = kata.split("_", 1)[1]
            right = (ROOT / "reference" / f"{name}.py").read_text(encoding="utf-8")
            wrong = _wrong_solution(right, name, mutants)
            target = bench.workspace / "katas" / kata / f"{name}.py"
            for _ in range(rounds):
                for source in (wrong, right):
                    lines.clear()
                    start = time.perf_counter()
                    target.write_text(source, encoding="utf-8")
                    verdict = lines.wait_for(
                        lambda line, name=name: (
                            f"{name}.py)" in line and ("PASSED:" in line or "FAILED:" in line or "NOT STARTED" in line)
                        ),
                        60,
                    )
                    if verdict is None:
                        bench.notes.append(f"no verdict from `kata watch` after saving {kata}")
                        return times
                    times.append(time.perf_counter() - start)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if peak_file.exists():
            bench.peaks["watch"] = int(peak_file.read_text())
    return times


class _LineReader:
    """Lines of a child's output, read on a thread so that waiting can time out."""

    def __init__(self, stream) -> None:
        self.seen: list[str] = []
        self._fresh: list[str] = []
        self._cond = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._cond:
                self.seen.append(line.rstrip())
                self._fresh.append(line.rstrip())
                self._cond.notify_all()
        with self._cond:
            self._fresh.append("")  # end of output
            self._cond.notify_all()

    def clear(self) -> None:
        with self._cond:
            self._fresh.clear()

    def wait_for(self, wanted, seconds: float) -> str | None:
        deadline = time.monotonic() + seconds
        with self._cond:
            while True:
                while self._fresh:
                    line = self._fresh.pop(0)
                    if wanted(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or not self._cond.wait(left):
                    return None


def _all_mutants() -> list[dict]:
    """Every kata's mutants (checker/specs/<name>/mutants.yaml), each tagged with its kata's name."""
    from checker.core.catalogue import load_catalogue
    from checker.specs.homes import all_mutants

    return all_mutants(load_catalogue(ROOT))


def _wrong_solution(right: str, name: str, mutants: list[dict]) -> str:
    """The kata's first catalogued mistake (its home's mutants.yaml): a real wrong answer."""
    for mutant in mutants:
        if mutant.get("kata") == name and mutant.get("mistake") and "edits" not in mutant:
            if right.count(mutant["replace"]) == 1:
                return right.replace(mutant["replace"], mutant["with"])
    return right.replace("return", "return None  #", 1)


def _kata_folder(kata_id: str) -> str:
    return next(p.name for p in sorted((ROOT / "katas").iterdir()) if p.name.startswith(kata_id + "_"))


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # A learner's Python caches bytecode; some sandboxes switch that off for every command.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    return env


def _kata_command() -> list[str]:
    script = Path(sys.executable).with_name("kata")
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


def _make_workspace(where: Path) -> Path:
    workspace = where / "workspace"
    shutil.copytree(ROOT / "katas", workspace / "katas")
    shutil.copytree(ROOT / "reference", workspace / "reference")
    # Kata 04 solved, so that `kata check 04` runs every case to a pass.
    shutil.copy(
        ROOT / "reference" / "compute_gradient.py", workspace / "katas" / _kata_folder("04") / "compute_gradient.py"
    )
    return workspace


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _machine() -> str:
    import torch

    return (
        f"{os.cpu_count()} CPUs ({platform.machine()}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, torch {torch.__version__}, "
        f"CUDA {'yes' if torch.cuda.is_available() else 'no'}"
    )


def render(figures: list[Figure], quick: bool, notes: list[str], smoke: bool = False) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mode = "quick mode (`--quick`)" if quick else "full run"
    if smoke:
        mode = "smoke mode (`--smoke`: each command once, on one kata; the figures mean nothing)"
    lines = [
        f"Measured {when} by `python bench/run.py`, {mode}, on {_machine()}.",
        "",
        "| what | target | measured | baseline | ratio | result |",
        "|---|---|---|---|---|---|",
        *(figure.row(smoke) for figure in figures),
    ]
    lines += ["", "How each figure is taken, and what the baselines are: bench/README.md."]
    lines += ["", *[f"Note: {note}" for note in notes]] if notes else []
    return "\n".join(lines) + "\n"


def _update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = f"{README_START}\n{table}{README_END}"
    if README_START in text and README_END in text:
        head, rest = text.split(README_START, 1)
        text = head + block + rest.split(README_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Benchmark\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats: a rough figure in about two minutes")
    parser.add_argument("--readme", action="store_true", help="also put the table into README.md")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="each command once, on one kata, no warm-up: checks "
        "that the benchmark runs (its figures mean nothing; written only with --output)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the table (default: bench/results.md; with --smoke: nowhere)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated steps (quick,cold,all,portable,watch,memory,class,similarity): "
        "for working on one number; the results file then holds only those rows",
    )
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        bench = Bench(options.quick, _make_workspace(Path(scratch)), smoke=options.smoke)
        figures: list[Figure] = []
        steps = [
            ("quick", lambda: figures.extend(bench.quick_commands())),
            ("cold", lambda: figures.append(bench.cold_check())),
            ("all", lambda: figures.append(bench.check_all())),
            ("portable", lambda: figures.extend(bench.portable())),
            ("watch", lambda: figures.append(bench.watch())),
            ("memory", lambda: figures.append(bench.memory())),
        ]
        # Minutes: in the full run, with --only class, or (three students, one kata) with --smoke.
        if options.smoke or not options.quick or "class" in options.only.split(","):
            steps.append(("class", lambda: figures.extend(bench.grade_class())))
        steps.append(("similarity", lambda: figures.extend(bench.similarity())))
        only = {name for name in options.only.split(",") if name}
        for title, step in steps:
            if only and title not in only:
                continue
            started = time.perf_counter()
            print(f"bench: {title} ...", file=sys.stderr, flush=True)
            step()
            print(f"bench: {title} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    table = render(figures, options.quick, bench.notes, options.smoke)
    output = options.output or (None if options.smoke else BENCH / "results.md")
    if output:
        output.write_text("# Benchmark results\n\n" + table, encoding="utf-8")
    if options.readme and not options.smoke:
        _update_readme(table)
    print(table)
    if options.smoke:  # only whether every command ran: a note says one did not
        return 1 if bench.notes or any(figure.passed is None for figure in figures) else 0
    return 0 if all(figure.passed is not False for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
