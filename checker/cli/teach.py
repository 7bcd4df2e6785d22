"""The instructor's commands: grade one student, grade a class, merge shards, export templates,
autograders and notebooks."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checker import __version__
from checker.checking import EXIT_INTERRUPTED
from checker.cli.app import App, UsageProblem, pass_app
from checker.core.catalogue import Kata
from checker.core.errors import KataUsageError
from checker.exports.template import DEFAULT_REPOSITORY

__all__ = [
    "COMMANDS",
    "CLASS_EXIT_CODES",
    "GRADE_EXIT_CODES",
    "INTERRUPTED_CLASS",
    "NOT_A_TREE",
    "NO_RESULT_FOLDER",
    "export_autograder",
    "export_notebooks",
    "export_template",
    "grade",
    "grade_class_command",
    "merge_grades",
]


GRADE_EXIT_CODES = """\b
Exit codes:
  0  grading finished, whatever the score
  1  the score is under --fail-under, or grading could not finish (the reports say why)
  2  usage error (no student tree, bad option, unknown kata)
  130  stopped with Ctrl-C (the reports are written and mark the katas not reached)
"""
NO_RESULT_FOLDER = "Cannot write Classroom 50's result to {path}: its folder does not exist."
NOT_A_TREE = "{path} has no katas/ folder: point --workspace at a student's torch-katas repository."


@click.command(epilog=GRADE_EXIT_CODES)
@click.argument("ids", nargs=-1)
@click.option(
    "--workspace",
    "tree",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The student's repository to grade (default: the workspace found from here).",
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path),
    default=Path("kata-grade"),
    show_default=True,
    help="Where the reports go.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Exit 1 when the score is under this percentage.",
)
@click.option("--seed", type=int, help="Replay the hidden cases of an earlier grading.")
@click.option(
    "--extra-specs",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of private spec files (test_NN_name*.py) to run beside the built-in ones.",
)
@click.option(
    "--classroom50",
    "classroom50_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also write Classroom 50's result.json here (under Classroom 50, ./result.json is written anyway).",
)
@pass_app
def grade(
    app: App,
    ids: tuple[str, ...],
    tree: Path | None,
    output_dir: Path,
    fail_under: float | None,
    seed: int | None,
    extra_specs: Path | None,
    classroom50_file: Path | None,
) -> None:
    """Grade every kata (or the ones named) of a student's repository, for a classroom.

    Uses this installed checker's catalogue and specs, never any found in the repository,
    which supplies only its katas/NN_name/name.py files. Writes kata-results.json,
    junit.xml, gradescope-results.json, classroom50-result.json and summary.md. Under
    Classroom 50 (CLASSROOM, ASSIGNMENT and SUBMISSION_TAG set) it also writes
    ./result.json; in GitHub Actions it sets the step summary and the outputs score,
    max_score, percent and passed.

    Example: kata grade --workspace . --output-dir kata-grade --fail-under 60
    """
    from checker.grading.grade import grade_tree, plan_grading
    from checker.grading.outputs import REPORTS, prepare_folder, publish_to_github, write_classroom50, write_reports
    from checker.report.grade.classroom50 import in_classroom50
    from checker.report.grade.text import terminal_report

    classroom50_targets = [path.resolve() for path in (classroom50_file,) if path is not None]
    if in_classroom50(os.environ):
        classroom50_targets.append(Path.cwd().resolve() / "result.json")
    for target in classroom50_targets:
        if not target.parent.is_dir():
            raise KataUsageError(NO_RESULT_FOLDER.format(path=target))

    root = _student_tree(app, tree)
    plan = plan_grading(ids, extra_specs)
    prepare_folder(output_dir)
    started: set[int] = set()

    def announce(kata: Kata, case) -> None:
        if kata.number not in started:
            started.add(kata.number)
            app.echo(app.style.dim(f"grading {kata.id} {kata.name} ..."))

    result = grade_tree(root, plan, seed=seed, on_case=announce, submission=str(tree or app.workspace_option or root))
    write_reports(result, output_dir)
    written = [str(write_classroom50(result, target, os.environ)) for target in dict.fromkeys(classroom50_targets)]
    publish_to_github(result, os.environ)
    app.echo("\n" + terminal_report(result, app.style))
    app.echo(app.style.dim(f"Reports in {output_dir}: {', '.join(REPORTS)}"))
    if written:
        app.echo(app.style.dim(f"Classroom 50 result: {', '.join(written)}"))
    if result.run.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if result.failure:
        sys.exit(1)
    if fail_under is not None and result.percent < fail_under:
        app.echo(f"The score {result.percent:g}% is under --fail-under {fail_under:g}%.", err=True)
        sys.exit(1)


def _checker_pin(command):
    """The --checker-repository and --checker-ref options: the checker an exported file installs."""
    command = click.option(
        "--checker-ref",
        default=f"v{__version__}",
        show_default=True,
        help="The release tag or commit of that repository to pin.",
    )(command)
    return click.option(
        "--checker-repository",
        default=DEFAULT_REPOSITORY,
        show_default=True,
        help="The GitHub repository (OWNER/NAME) the checker is installed from.",
    )(command)


@click.command("export-template")
@click.argument("target", type=click.Path(path_type=Path))
@_checker_pin
@pass_app
def export_template(app: App, target: Path, checker_repository: str, checker_ref: str) -> None:
    """Write a ready student repository into a new or empty folder.

    It holds the katas' stubs and READMEs, the catalogue, the classroom workflow (pinned to
    the checker given) and a README for students; no reference solutions, progress files,
    specs or instructor files.

    Example: kata export-template ../katas-2025 --checker-repository my-org/torch-katas --checker-ref v0.1.0
    """
    from checker.exports.template import export_template as export

    written = export(target, repository=checker_repository, ref=checker_ref)
    app.echo(f"Wrote a student repository of {len(written)} files to {target}.")
    if checker_repository == DEFAULT_REPOSITORY:
        app.warn(
            [
                f"The workflow installs the checker from {DEFAULT_REPOSITORY}: set --checker-repository "
                "(or edit KATA_CHECKER_REPOSITORY in .github/workflows/classroom.yml) before you hand it out."
            ]
        )
    app.echo(
        "Next: commit it to a new repository and mark that repository as a template; "
        'hand it out with Classroom 50 or as a plain template (README.md, "For instructors").'
    )


@click.command("export-autograder")
@click.argument("platform", type=click.Choice(["classroom50", "gradescope"]))
@click.argument("target", type=click.Path(path_type=Path))
@_checker_pin
@pass_app
def export_autograder(app: App, platform: str, target: Path, checker_repository: str, checker_ref: str) -> None:
    """Write what a teacher uploads to Classroom 50 (a folder) or Gradescope (a zip).

    classroom50 TARGET is the folder CLASSROOM/autograders/ASSIGNMENT/ (autograder.py and a
    README); gradescope TARGET is a .zip file with setup.sh and run_autograder at its root.
    Both install CPU torch and the checker pinned here, then run `kata grade`.

    Example: kata export-autograder classroom50 cs101/autograders/katas --checker-repository my-org/torch-katas
    """
    from checker.exports.autograder import export_classroom50, export_gradescope

    if platform == "classroom50":
        written = export_classroom50(target, checker_repository, checker_ref)
        app.echo(f"Wrote {', '.join(str(path) for path in written)}.")
    else:
        app.echo(
            f"Wrote {export_gradescope(target, checker_repository, checker_ref)}: upload it as the "
            "assignment's autograder on Gradescope."
        )
    if checker_repository == DEFAULT_REPOSITORY:
        app.warn(
            [
                f"The autograder installs the checker from {DEFAULT_REPOSITORY}: set --checker-repository "
                "to your repository before you upload it."
            ]
        )


@click.command("export-notebooks")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@_checker_pin
@pass_app
def export_notebooks(app: App, target: Path, checker_repository: str, checker_ref: str) -> None:
    """Write one Jupyter notebook per kata, and an index, into a new or empty folder.

    Each holds the kata's README, an install cell (it installs the checker on Colab without
    replacing Colab's torch, and does nothing where the checker is installed), the stub to
    edit and a check cell. Taken from this workspace, or from the installed course outside one.

    Example: kata export-notebooks notebooks --checker-repository my-org/torch-katas
    """
    from checker.core.packaged import packaged_course_root
    from checker.exports.notebooks import INDEX_NOTEBOOK
    from checker.exports.notebooks import export_notebooks as export

    try:
        course = app.workspace
    except KataUsageError:
        course = packaged_course_root()
    written = export(course, target, repository=checker_repository, ref=checker_ref)
    app.echo(f"Wrote {len(written)} notebooks to {target}; start with {target / INDEX_NOTEBOOK}.")
    if checker_repository == DEFAULT_REPOSITORY:
        app.warn(
            [
                f"The install cell installs the checker from {DEFAULT_REPOSITORY}: set --checker-repository "
                "to your repository before you share the notebooks on Colab."
            ]
        )


CLASS_EXIT_CODES = """\b
Exit codes:
  0  grading finished, whatever the scores (bad submissions get a row that says why)
  1  the grader itself could not finish some submission (its row says why)
  2  usage error (no such folder, bad option, unknown kata, unreadable roster)
  130  stopped with Ctrl-C (every student graded so far is kept; run it again to finish)
"""


@click.command("grade-class", epilog=CLASS_EXIT_CODES)
@click.argument("submissions", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.argument("ids", nargs=-1)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where the gradebook, the class report and each student's reports (students/ID/) go.",
)
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help='A CSV whose first column is the student id: a row "missing" for each without a submission.',
)
@click.option(
    "--jobs", type=click.IntRange(1), default=None, help="Students graded at once (default: the number of cores)."
)
@click.option(
    "--seed",
    type=int,
    help="The hidden cases' seed, one for the whole class (default: the one this "
    "output folder was graded with, else a new one).",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Grade only shard K of N (a stable split by id); join the shards' folders with `kata merge-grades`.",
)
@click.option(
    "--regrade", is_flag=True, help="Grade every student again, also those already graded with the same files and seed."
)
@click.option(
    "--extra-specs",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A folder of private spec files (test_NN_name*.py) to run beside the built-in ones.",
)
@click.option(
    "--deadline",
    metavar="INSTANT",
    help="Grade each git checkout's last commit at or before this instant (ISO 8601 with a zone, "
    "e.g. 2026-06-02T00:00:00Z); the student's repository is never changed.",
)
@click.option(
    "--extensions",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A CSV of id,deadline rows: these students' own deadlines.",
)
@click.option(
    "--late-penalty",
    type=float,
    metavar="P",
    help="Grade the latest commit instead, less P percent of the points per started day late.",
)
@click.option(
    "--late-cutoff",
    type=float,
    metavar="DAYS",
    help="With --late-penalty: commits more than DAYS after the deadline are not graded.",
)
@click.option(
    "--submitted-at",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A CSV of id,instant rows from the platform (submission tags, push events, an LMS export): "
    "each checkout as it is was submitted then; these win over the commits' own dates.",
)
@pass_app
def grade_class_command(
    app: App,
    submissions: Path,
    ids: tuple[str, ...],
    output_dir: Path,
    roster: Path | None,
    jobs: int | None,
    seed: int | None,
    shard: str | None,
    regrade: bool,
    extra_specs: Path | None,
    deadline: str | None,
    extensions: Path | None,
    late_penalty: float | None,
    late_cutoff: float | None,
    submitted_at: Path | None,
) -> None:
    """Grade a whole class: one folder or .zip per student in SUBMISSIONS (its name is the id).

    Every kata (or the ones named in IDS) of every student is graded as `kata grade`
    grades one student, by parallel jobs that import torch once. Writes
    students/ID/ (the five reports of `kata grade`), gradebook.csv, class-report.md and
    class-report.html. A rerun skips students already graded with the same kata files
    and seed.

    With --deadline, each student's last commit at or before their deadline is graded
    (--late-penalty: the latest commit, with the penalty in the gradebook's total).

    Example: kata grade-class submissions/ --output-dir grades --roster roster.csv
    """
    import time

    from checker.grading.classgrade import choose_seed, grade_class
    from checker.grading.deadlines import LatePolicy, read_instants
    from checker.grading.grade import plan_grading
    from checker.grading.submissions import find_submissions, parse_shard, read_roster
    from checker.report.classwide.progress import ClassProgress

    plan = plan_grading(ids, extra_specs)
    split = parse_shard(shard)
    names = read_roster(roster) if roster else None
    # Every file of dates is checked, line by line, before anything is graded.
    students = {submission.id for submission in find_submissions(submissions)} | set(names or ())
    moved = read_instants(extensions, "deadline", students) if extensions else None
    policy = LatePolicy.from_options(deadline, penalty=late_penalty, cutoff=late_cutoff, extensions=moved)
    instants = read_instants(submitted_at, "instant", students) if submitted_at else {}
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KataUsageError(f"Cannot write to {output_dir}: {error.strerror or error}.") from None
    chosen = choose_seed(output_dir, seed)
    jobs = jobs or os.cpu_count() or 1
    progress = ClassProgress(
        lambda line, newline: click.echo(line, err=True, nl=newline), app.fit_err, bar=sys.stderr.isatty()
    )
    app.echo(
        app.style.dim(
            f"Grading {submissions} into {output_dir} with {jobs} job(s), seed {chosen}"
            + (f", shard {split[0]}/{split[1]}" if shard else "")
            + (f", deadline {deadline}" if deadline else "")
            + "."
        ),
        err=True,
    )
    run = grade_class(
        submissions,
        output_dir,
        plan,
        seed=chosen,
        jobs=jobs,
        roster=names,
        shard=split,
        regrade=regrade,
        policy=policy,
        submitted_at=instants,
        on_event=progress,
    )
    progress.close()
    counts: dict[str, int] = {}
    for record in run.records:
        counts[record.status] = counts.get(record.status, 0) + 1
    summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    app.echo(
        f"{len(run.records)} students: {summary or 'none'} ({run.graded} graded now, {run.skipped} already "
        f"graded, {time.monotonic() - progress.started:.0f} s)."
    )
    app.echo(
        f"Wrote {', '.join(str(path) for path in run.written if path.suffix != '.json')} and "
        f"{output_dir / 'students'}/ID/."
    )
    if run.interrupted:
        app.echo(INTERRUPTED_CLASS, err=True)
        sys.exit(EXIT_INTERRUPTED)
    if counts.get("error"):
        sys.exit(1)


INTERRUPTED_CLASS = "Interrupted: the students graded so far are kept; run the same command again to finish."


@click.command("merge-grades")
@click.argument("sources", nargs=-1, required=True, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where the joined gradebook, class report and students/ID/ folders go.",
)
@pass_app
def merge_grades(app: App, sources: tuple[Path, ...], output_dir: Path) -> None:
    """Join the output folders of `kata grade-class --shard K/N` runs into one.

    Example: kata merge-grades grades-1 grades-2 grades-3 --output-dir grades
    """
    from checker.core.packaged import packaged_catalogue
    from checker.grading.gradebook import merge_folders, write_class_outputs

    output_dir.mkdir(parents=True, exist_ok=True)
    records = merge_folders(list(sources), output_dir)
    seeds = {record.seed for record in records if record.seed is not None}
    written = write_class_outputs(output_dir, records, packaged_catalogue(), next(iter(seeds), None))
    app.echo(
        f"Merged {len(records)} students from {len(sources)} folders: "
        f"{', '.join(str(path) for path in written if path.suffix != '.json')}."
    )


def _student_tree(app: App, tree: Path | None) -> Path:
    explicit = tree or app.workspace_option
    if explicit is None:
        return app.workspace
    root = explicit.expanduser().resolve()
    if not (root / "katas").is_dir():
        raise UsageProblem(NOT_A_TREE.format(path=root))
    return root


# In the order `kata --help` lists them.
COMMANDS = (
    grade,
    grade_class_command,
    merge_grades,
    export_template,
    export_autograder,
    export_notebooks,
)
