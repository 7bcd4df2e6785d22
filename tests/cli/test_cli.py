"""The `kata` command, driven through click's CliRunner in a throwaway workspace.

Exit codes: 0 every checked kata passed; 1 a kata failed or is not started; 2 a usage
or workspace error. Tests marked `slow` run real checks (a worker imports torch).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import checker.core.progress as progress_module
from checker.cli import main
from checker.core import mistakes as known
from checker.core.catalogue import load_catalogue
from checker.core.progress import PROGRESS_FILE, file_hash, load_progress, update_progress
from checker.core.reset import BACKUP_DIR
from checker.core.results import Status
from checker.specs.tensor_op import mistakes as tensor_op_mistakes

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue(ROOT)
KATA = CATALOGUE.resolve("01")
WRONG_ANSWER = "def create_tensor(method, shape, value=0.0):\n    return [-1.0]\n"


@pytest.fixture
def workspace(make_workspace, monkeypatch) -> Path:
    """A git-committed workspace that is also the current directory."""
    workspace = make_workspace(git=True)
    monkeypatch.chdir(workspace)
    return workspace


def kata(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _mark_passed(workspace: Path, *kata_ids: str) -> None:
    def change(progress) -> None:
        for kata_id in kata_ids:
            entry = progress.of(CATALOGUE.resolve(kata_id).name)
            entry.status = Status.PASSED
            entry.passed_hash = file_hash(CATALOGUE.resolve(kata_id).stub_path(workspace))
            entry.passed_on_cpu = True
            entry.attempts = 1

    assert update_progress(workspace, change) == []


def _stub(workspace: Path) -> Path:
    return KATA.stub_path(workspace)


# Help and version


def test_help_documents_the_exit_codes_and_commands():
    result = kata("--help")

    assert result.exit_code == 0, result.output
    for line in ("0  every checked kata passed", "1  a kata failed", "2  usage or workspace error"):
        assert line in result.output
    for command in ("check", "doctor", "hint", "list", "next", "reset", "solution"):
        assert f"  {command} " in result.output, command


@pytest.mark.parametrize(
    "command", ["check", "doctor", "hint", "list", "next", "reset", "solution", "export-notebooks"]
)
def test_every_command_has_help_with_an_example(command):
    result = kata(command, "--help")

    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`kata {command} --help` should show an example"


def test_version():
    result = kata("--version")

    assert result.exit_code == 0
    assert result.output.startswith("kata, version ")


# Finding the workspace


@pytest.mark.parametrize("args", [[], ["list"], ["next"], ["hint", "01"], ["check", "01"], ["solution", "01"]])
def test_no_workspace_exits_2_and_says_what_to_do(tmp_path, monkeypatch, args):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)

    result = kata(*args)

    assert result.exit_code == 2, result.output
    assert "No torch-katas workspace found" in result.output
    assert "--workspace PATH" in result.output
    assert "Traceback" not in result.output


def test_workspace_is_found_from_a_kata_folder(workspace, monkeypatch):
    monkeypatch.chdir(workspace / "katas" / "01_create_tensor")

    result = kata("next")

    assert result.exit_code == 0, result.output
    assert "Next: kata 01" in result.output


def test_workspace_option_works_from_anywhere(workspace, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    result = kata("--workspace", str(workspace), "list")

    assert result.exit_code == 0, result.output
    assert "create_tensor" in result.output


def test_workspace_option_that_is_not_a_workspace_exits_2(workspace, tmp_path):
    result = kata("--workspace", str(tmp_path / "elsewhere"), "list")

    assert result.exit_code == 2
    assert "is not a torch-katas workspace" in result.output


def test_broken_catalogue_exits_2_with_the_problem(workspace):
    (workspace / "katas" / "catalogue.yaml").write_text("format_version: 1\nkatas: []\n")

    result = kata("list")

    assert result.exit_code == 2
    assert "needs a non-empty list under `katas`" in result.output
    assert "Traceback" not in result.output


# Naming katas


@pytest.mark.parametrize("command", [["check"], ["hint"], ["solution"], ["reset", "--yes"]])
@pytest.mark.parametrize(
    "given, suggestion",
    [("99", "Run `kata list` to see them all."), ("craete_tensor", "Did you mean 01 (create_tensor)?")],
)
def test_unknown_kata_exits_2_with_a_suggestion(workspace, command, given, suggestion):
    before = _stub(workspace).read_text()

    result = kata(command[0], given, *command[1:])

    assert result.exit_code == 2, result.output
    assert f"There is no kata {given!r}." in result.output
    assert suggestion in result.output
    assert _stub(workspace).read_text() == before


def test_check_with_all_and_ids_exits_2(workspace):
    result = kata("check", "--all", "01")

    assert result.exit_code == 2
    assert "Give kata ids or --all, not both." in result.output


def test_check_with_a_backwards_range_exits_2(workspace):
    result = kata("check", "03-01")

    assert result.exit_code == 2
    assert "write it as 01-03" in result.output


def test_check_with_an_unknown_format_exits_2(workspace):
    result = kata("check", "01", "--format", "xml")

    assert result.exit_code == 2


@pytest.mark.parametrize("command", [["check", "01"], ["watch"]], ids=" ".join)
def test_plot_without_matplotlib_exits_2_before_checking_anything(workspace, monkeypatch, command):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` fails as if not installed

    result = kata(*command, "--plot", "curves.png")

    assert result.exit_code == 2, result.output
    assert "pip install matplotlib" in result.output and '".[plot]"' in result.output
    assert "Kata 01" not in result.output and "Watching" not in result.output, "refused before any check"
    assert "create_tensor" not in load_progress(workspace).katas
    assert not (workspace / "curves.png").exists()


def test_plot_into_a_missing_folder_exits_2_before_checking_anything(workspace, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", types.ModuleType("matplotlib"))  # installed or not

    result = kata("check", "01", "--plot", "no-such-folder/curves.png")

    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output and "Kata 01" not in result.output


def test_check_with_nothing_left_to_do_exits_2(workspace):
    _mark_passed(workspace, *(kata.id for kata in CATALOGUE))

    result = kata("check")

    assert result.exit_code == 2
    assert "Every kata is passed" in result.output


@pytest.mark.parametrize("given", ["04", "4", "compute_gradient", "04_compute_gradient"])
def test_kata_is_named_by_number_or_name(workspace, given):
    result = kata("hint", given)

    assert result.exit_code == 0, result.output
    assert f"Hints for kata 04 compute_gradient (1 of {len(CATALOGUE.resolve('04').hints)}):" in result.output


# The dashboard, list and next


def test_dashboard_shows_progress_and_the_next_step(workspace):
    result = kata()

    assert result.exit_code == 0, result.output
    assert "torch-katas" in result.output
    assert f"0/{len(CATALOGUE)} katas passed" in result.output
    assert "Next: kata 01 create_tensor" in result.output
    assert "kata check 01" in result.output


def test_list_shows_every_kata_and_its_status(workspace):
    _mark_passed(workspace, "01")
    update_progress(workspace, lambda progress: setattr(progress.of("tensor_op"), "hints_revealed", 2))

    result = kata("list")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for kata_in_catalogue in CATALOGUE:
        assert any(kata_in_catalogue.id in line and kata_in_catalogue.name in line for line in lines)
    assert "passed (CPU)" in next(line for line in lines if "create_tensor" in line)
    assert "2 hints" in next(line for line in lines if "tensor_op" in line)
    assert f"1/{len(CATALOGUE)} katas passed" in result.output


def test_list_marks_a_kata_changed_since_it_passed(workspace):
    _mark_passed(workspace, "01")
    _stub(workspace).write_text(WRONG_ANSWER)

    result = kata("list")

    assert "changed since it passed" in result.output
    assert f"0/{len(CATALOGUE)} katas passed" in result.output


def test_next_moves_on_after_a_pass(workspace):
    assert "Next: kata 01 create_tensor" in kata("next").output

    _mark_passed(workspace, "01")
    result = kata("next")

    assert result.exit_code == 0
    assert "Next: kata 02 tensor_op" in result.output
    assert "katas/02_tensor_op/README.md" in result.output


def test_next_when_everything_is_passed(workspace):
    _mark_passed(workspace, *(kata.id for kata in CATALOGUE))

    result = kata("next")

    assert result.exit_code == 0
    assert "Every kata is passed" in result.output


def test_corrupt_progress_warns_and_carries_on(workspace):
    (workspace / PROGRESS_FILE).write_text("{not json")

    result = kata("list")

    assert result.exit_code == 0, result.output
    assert "warning: Your progress file" in result.stderr
    assert "create_tensor" in result.stdout
    assert list(workspace.glob(PROGRESS_FILE + ".*.bad"))


@pytest.mark.parametrize("command", [["list"], ["next"], ["hint", "01"], []], ids=str)
def test_progress_with_wrong_types_is_set_aside_not_a_crash(workspace, command):
    entry = {"status": None, "attempts": "many", "hints_revealed": None}
    (workspace / PROGRESS_FILE).write_text(
        json.dumps({"format": "torch-katas-progress", "version": 1, "katas": {"create_tensor": entry}})
    )

    result = kata(*command)

    assert result.exit_code == 0, result.output
    assert "has a wrong type in ['attempts', 'hints_revealed', 'status']" in result.stderr


# Hints


def test_hint_reveals_one_more_level_each_time_and_remembers(workspace):
    hints = KATA.hints
    outputs = [kata("hint", "01") for _ in range(len(hints) + 1)]

    assert [result.exit_code for result in outputs] == [0] * (len(hints) + 1)
    assert f"(1 of {len(hints)})" in outputs[0].output
    assert hints[0] in outputs[0].output and hints[1] not in outputs[0].output
    assert "Run `kata hint 01` again" in outputs[0].output
    assert f"(2 of {len(hints)})" in outputs[1].output and hints[1] in outputs[1].output
    last = outputs[len(hints) - 1].output
    assert all(hint in last for hint in hints)
    assert "That was the last hint" in last
    assert f"({len(hints)} of {len(hints)})" in outputs[-1].output, "asking again stays at the last level"
    assert load_progress(workspace).katas["create_tensor"].hints_revealed == len(hints)


def test_hints_by_number_and_name_count_for_the_same_kata(workspace):
    kata("hint", "01")

    result = kata("hint", "create_tensor")

    assert f"(2 of {len(KATA.hints)})" in result.output
    assert load_progress(workspace).katas["create_tensor"].hints_revealed == 2


def test_hint_in_an_unwritable_workspace_still_shows_the_hint(workspace, monkeypatch):
    def refuse(path, text):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(progress_module, "atomic_write_text", refuse)

    result = kata("hint", "01")

    assert result.exit_code == 0, result.output
    assert KATA.hints[0] in result.stdout
    assert "warning: Progress could not be saved (Permission denied)" in result.stderr


# Solutions


def test_solution_is_refused_before_a_pass(workspace):
    result = kata("solution", "01")

    assert result.exit_code == 1
    assert "Pass kata 01 first" in result.output
    assert "--force" in result.output
    assert "def create_tensor" not in result.output


def test_solution_with_force_is_shown_before_a_pass(workspace):
    result = kata("solution", "01", "--force")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == KATA.reference_path(workspace).read_text().strip()


def test_solution_after_a_pass_is_shown(workspace):
    _mark_passed(workspace, "01")

    result = kata("solution", "create_tensor")

    assert result.exit_code == 0, result.output
    assert "def create_tensor" in result.output


def test_solution_missing_from_the_workspace_exits_2(workspace):
    KATA.reference_path(workspace).unlink()

    result = kata("solution", "01", "--force")

    assert result.exit_code == 2
    assert "no reference solution for kata 01" in result.output


# Reset


def test_reset_with_yes_restores_the_stub_and_keeps_a_backup(workspace):
    pristine = _stub(workspace).read_text()
    _stub(workspace).write_text(WRONG_ANSWER)

    result = kata("reset", "01", "--yes")

    assert result.exit_code == 0, result.output
    assert _stub(workspace).read_text() == pristine
    (backup,) = (workspace / BACKUP_DIR).iterdir()
    assert backup.read_text() == WRONG_ANSWER
    assert f"{BACKUP_DIR}/{backup.name}" in result.output


def test_reset_without_yes_off_a_terminal_exits_2_and_touches_nothing(workspace):
    _stub(workspace).write_text(WRONG_ANSWER)

    result = kata("reset", "01")

    assert result.exit_code == 2
    assert "pass --yes" in result.output
    assert _stub(workspace).read_text() == WRONG_ANSWER
    assert not (workspace / BACKUP_DIR).exists()


def test_reset_without_git_restores_from_the_checkers_copy(make_workspace, monkeypatch, tmp_path):
    """A zip download: no git history, but the checker keeps a pristine copy of the course."""
    workspace = make_workspace(git=False)
    copy = tmp_path / "copy"
    shutil.copytree(workspace / "katas", copy / "katas")
    monkeypatch.setattr("checker.core.reset.stub_copies", lambda: (copy,))
    monkeypatch.chdir(workspace)
    pristine = _stub(workspace).read_text()
    _stub(workspace).write_text(WRONG_ANSWER)

    result = kata("reset", "01", "--yes")

    assert result.exit_code == 0, result.output
    assert _stub(workspace).read_text() == pristine
    (backup,) = (workspace / BACKUP_DIR).iterdir()
    assert backup.read_text() == WRONG_ANSWER


def test_reset_without_git_or_a_copy_exits_2_and_touches_nothing(make_workspace, monkeypatch):
    workspace = make_workspace(git=False)
    monkeypatch.setattr("checker.core.reset.stub_copies", lambda: ())
    monkeypatch.chdir(workspace)
    _stub(workspace).write_text(WRONG_ANSWER)

    result = kata("reset", "01", "--yes")

    assert result.exit_code == 2
    assert "Your file was left untouched" in result.output
    assert _stub(workspace).read_text() == WRONG_ANSWER


# Any console encoding: a cp1252 console (Windows, Git Bash) gets ASCII stand-ins, never a crash

LEARNER_TEXT = "party 🎉 and a lone surrogate \udcff"


def test_a_cp1252_console_gets_ascii_marks_and_the_dashboard_still_shows(workspace):
    _mark_passed(workspace, "01")

    result = CliRunner(charset="cp1252").invoke(main, ["list"])

    assert result.exit_code == 0, result.output
    assert "  + 01  create_tensor" in result.output and "  · 02  tensor_op" in result.output


def test_what_a_learner_printed_reaches_a_cp1252_console_escaped(workspace, monkeypatch):
    def checked(workspace, katas, on_case=None, **options):
        from checker.core.results import CaseResult, KataResult, RunResult, Status

        case = CaseResult("readme example", Status.FAILED, LEARNER_TEXT, details={"output": LEARNER_TEXT})
        on_case(katas[0], case)
        run = RunResult(seed=1, reference=False, cuda_available=False, torch_version="x")
        run.katas.append(KataResult(katas[0], [case]))
        return run

    monkeypatch.setattr("checker.runner.judge.run.run_check", checked)

    result = CliRunner(charset="cp1252").invoke(main, ["check", "01"])

    assert result.exit_code == 1, result.output
    assert "  x readme example: wrong answer" in result.output
    assert "party \\U0001f389 and a lone surrogate \\udcff" in result.output


@pytest.mark.slow
def test_a_real_check_under_cp1252_prints_ascii_and_survives_a_learners_emoji(workspace):
    _stub(workspace).write_text(
        f"def create_tensor(method, shape, value=0.0):\n    print({LEARNER_TEXT!r})\n    return {LEARNER_TEXT!r}\n"
    )
    environment = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "checker", "check", "01"]

    done = subprocess.run(command, cwd=workspace, capture_output=True, env=environment, timeout=300)

    output = done.stdout.decode("cp1252")
    assert done.returncode == 1, (output, done.stderr)
    assert "INTERNALERROR" not in done.stderr.decode("cp1252", "replace")
    assert "  x readme example" in output and "FAILED: 0 of 12 cases passed" in output
    assert "\\U0001f389" in output


# Doctor


def test_doctor_reports_torch_the_workspace_and_what_is_skipped(workspace):
    result = kata("doctor")

    assert result.exit_code == 0, result.output
    for label in ("kata ", "python ", "torch ", "cuda ", "mps ", "runner ", "limit ", "workspace ", "skipped "):
        assert any(line.startswith(label) for line in result.output.splitlines()), label
    assert f"({len(CATALOGUE)} katas)" in result.output


def test_doctor_says_which_backend_runs_workers_and_which_limits_hold_here(workspace):
    from checker.runner.process.capabilities import backend, enforced_limits

    result = kata("doctor")

    lines = result.output.splitlines()
    runner = next(line for line in lines if line.startswith("runner "))
    assert runner.split()[1] == backend()
    limits = [line for line in lines if line.startswith("limit ")]
    assert [line.split()[1].rstrip(":") for line in limits] == [limit.name for limit in enforced_limits()]
    assert "limit      time: enforced, each case has its limit" in result.output
    assert "limit      output: never a limit" in result.output, "nothing to enforce, so not called enforced"


def test_doctor_on_a_platform_without_fork_or_psutil_says_what_is_not_enforced(workspace, monkeypatch):
    from checker.runner.process import capabilities

    bare = capabilities.Capabilities(
        fork=False, fd_passing=False, pass_fds=False, proc_tree=False, process_groups=False, psutil=False, windows=True
    )
    monkeypatch.setattr(capabilities, "detect", lambda: bare)
    monkeypatch.setenv(capabilities.BACKEND_VARIABLE, "fork")

    result = kata("doctor")

    assert result.exit_code == 0, result.output
    assert (
        "runner     portable (" in result.output and "KATA_BACKEND=fork, but the fork path cannot run" in result.output
    )
    for name in ("memory", "processes"):
        assert f"limit      {name}: NOT enforced: psutil is missing: pip install psutil" in result.output
    assert "limit      time: enforced" in result.output


def test_doctor_says_when_kata_backend_chose_the_portable_path(workspace, monkeypatch):
    monkeypatch.setenv("KATA_BACKEND", "portable")

    result = kata("doctor")

    assert "runner     portable (" in result.output and "chosen by KATA_BACKEND=portable" in result.output


def test_doctor_without_a_workspace_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    result = kata("doctor")

    assert result.exit_code == 2
    assert "workspace  problem: No torch-katas workspace found" in result.output


# Quick commands stay quick: neither torch nor pytest is imported

_IMPORTS_PROBE = """
import sys
sys.argv = ["kata", *sys.argv[1:]]
from checker.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
print("HEAVY:", ",".join(name for name in ("torch", "pytest") if name in sys.modules) or "none", code)
"""


@pytest.mark.parametrize("args", [["list"], ["next"], ["hint", "01"], ["--help"], []], ids=str)
def test_quick_commands_import_neither_torch_nor_pytest(workspace, args):
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS_PROBE, *args], cwd=workspace, capture_output=True, text=True, timeout=60
    )

    last = done.stdout.strip().splitlines()[-1]
    assert last == "HEAVY: none 0", (last, done.stderr)


# Real checks (slow: each starts a worker that imports torch)


@pytest.mark.slow
def test_check_stub_is_not_started_and_exits_1(workspace):
    result = kata("check", "01")

    assert result.exit_code == 1, result.output
    assert "NOT STARTED" in result.output
    assert "kata hint 01" in result.output
    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.status == "not_started" and entry.attempts == 0


def _two_mistakes_in_tensor_op(workspace: Path) -> None:
    tensor_op = CATALOGUE.resolve("02")
    source = tensor_op.reference_path(workspace).read_text()
    source = source.replace("result = a @ b", "result = a * b").replace("torch.maximum(a, b)", "torch.max(a)")
    tensor_op.stub_path(workspace).write_text(source)


@pytest.mark.slow
def test_check_names_each_of_two_mistakes_once_and_folds_the_other_cases_of_each(workspace):
    _two_mistakes_in_tensor_op(workspace)

    result = kata("check", "02", "--seed", "5")

    assert result.exit_code == 1, result.output
    for mistake in (known.ELEMENTWISE_FOR_MATMUL, tensor_op_mistakes.GLOBAL_MAX):
        assert result.output.count(mistake.fix) == 1, result.output  # explained once, at its first case
        assert result.output.count(mistake.title) == 1, result.output
    folds = [line for line in result.output.splitlines() if re.match(r"  ✗ \d+ more cases?, same cause as ", line)]
    assert len(folds) == 2, result.output
    assert "explained above" not in result.output and "causes to fix" not in result.output


@pytest.mark.slow
def test_check_verbose_lists_every_case_and_recaps_the_causes(workspace):
    _two_mistakes_in_tensor_op(workspace)

    result = kata("check", "02", "--seed", "5", "--verbose")

    assert result.exit_code == 1, result.output
    for mistake in (known.ELEMENTWISE_FOR_MATMUL, tensor_op_mistakes.GLOBAL_MAX):
        assert result.output.count(mistake.fix) == 1, result.output
        assert f"[{mistake.code}]" in result.output and mistake.title in result.output
    assert "2 causes to fix:" in result.output and "also in:" in result.output
    assert "same cause as" in result.output and "more case" not in result.output
    counted = int(re.search(r"FAILED: \d+ of (\d+) cases passed", result.output).group(1))
    listed = [line for line in result.output.splitlines() if line.startswith(("  ✗ ", "  ✓ "))]
    assert len(listed) == counted, result.output


@pytest.mark.slow
def test_one_cause_over_every_case_reads_in_one_screen(workspace):
    # A tensor returned where a list is asked for, in every one of kata 02's cases: one cause.
    tensor_op = CATALOGUE.resolve("02")
    source = tensor_op.reference_path(workspace).read_text()
    tensor_op.stub_path(workspace).write_text(source.replace("return result.tolist()", "return result"))

    result = kata("check", "02")
    verbose = kata("check", "02", "-v", "--seed", re.search(r"Seed (\d+):", result.output).group(1))

    assert result.exit_code == 1 and verbose.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) <= 20, result.output
    counted = int(re.search(r"FAILED: 0 of (\d+) cases passed", result.output).group(1))
    assert len(verbose.output.splitlines()) > 20 and counted > 10, "many cases, and listed they fill more"
    fold = next(line for line in lines if "more cases" in line)
    assert fold.startswith(f"  ✗ {counted - 1} more cases, same cause as readme example"), result.output
    assert result.output.count(known.TENSOR_NOT_LIST.fix) == 1, "explained once, at the first case"
    assert "Stuck? `kata hint 02`" in result.output and "--seed" in result.output


@pytest.mark.slow
def test_check_reference_passes_and_exits_0(workspace):
    result = kata("check", "01", "--reference")

    assert result.exit_code == 0, result.output
    assert "(reference solution)" in result.output
    assert "PASSED" in result.output
    assert "create_tensor" not in load_progress(workspace).katas, "reference runs are not the learner's progress"


@pytest.mark.slow
def test_solving_the_current_kata_passes_records_it_and_opens_the_solution(workspace):
    _stub(workspace).write_text(KATA.reference_path(workspace).read_text())

    result = kata("check")  # no ids: the kata the learner is on

    assert result.exit_code == 0, result.output
    assert "Kata 01 create_tensor" in result.output
    assert "Next: kata 02 tensor_op" in result.output
    entry = load_progress(workspace).katas["create_tensor"]
    assert entry.status == "passed" and entry.attempts == 1
    assert entry.passed_hash == file_hash(_stub(workspace))
    assert kata("solution", "01").exit_code == 0
    assert "Next: kata 02" in kata("next").output


@pytest.mark.slow
def test_json_output_parses_and_a_seed_replays_the_same_hidden_cases(workspace):
    _stub(workspace).write_text(WRONG_ANSWER)

    first, second = (kata("check", "01", "--format", "json", "--seed", "4242") for _ in range(2))

    assert (first.exit_code, second.exit_code) == (1, 1), first.output
    runs = [json.loads(result.stdout) for result in (first, second)]
    assert runs[0]["seed"] == 4242 and runs[0]["all_passed"] is False
    (kata_result,) = runs[0]["katas"]
    assert kata_result["id"] == "01" and kata_result["status"] == "failed"
    cases = [[(case["name"], case["status"], case["details"]) for case in run["katas"][0]["cases"]] for run in runs]
    assert cases[0] == cases[1], "the same seed must replay the same cases"
    hidden = [details for name, _, details in cases[0] if name.startswith("hidden case")]
    assert hidden and all("call" in details for details in hidden), hidden


@pytest.mark.slow
def test_check_with_plot_saves_the_training_curves_as_a_png(workspace):
    pytest.importorskip("matplotlib")

    result = kata("check", "01", "09", "--reference", "--plot", "curves.png")

    assert result.exit_code == 0, result.output
    assert "Curves of 1 training kata(s) saved to curves.png." in result.output
    assert (workspace / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# Progress views for scripts and at a glance


def test_list_as_json_gives_each_katas_state(workspace):
    _mark_passed(workspace, "01")
    update_progress(workspace, lambda progress: setattr(progress.of("tensor_op"), "hints_revealed", 2))

    result = kata("list", "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["schema_version"], data["passed"], data["total"], data["next"]) == (1, 1, len(CATALOGUE), "02")
    first, second = data["katas"][:2]
    assert first["status"] == "passed" and first["done"] and first["passed_on_cpu"] and not first["passed_on_cuda"]
    assert first["file"] == "katas/01_create_tensor/create_tensor.py" and first["attempts"] == 1
    assert second["hints_revealed"] == 2 and second["hints_total"] == len(CATALOGUE.resolve("02").hints)


def test_list_as_json_says_when_a_passed_kata_changed(workspace):
    _mark_passed(workspace, "01")
    _stub(workspace).write_text(WRONG_ANSWER)

    first = json.loads(kata("list", "--format", "json").output)["katas"][0]

    assert first["changed_since_pass"] and not first["done"]


def test_dashboard_lists_every_kata_with_its_state(workspace):
    _mark_passed(workspace, "01")

    result = kata()

    assert "passed (CPU)" in next(line for line in result.output.splitlines() if "create_tensor" in line)
    assert all(k.name in result.output for k in CATALOGUE)


def test_each_command_is_found_in_the_module_of_its_audience():
    import importlib

    from checker.cli import COMMAND_MODULES

    for module, names in COMMAND_MODULES.items():
        commands = importlib.import_module(f"checker.cli.{module}").COMMANDS
        assert [command.name for command in commands] == list(names), module
    assert sorted(main.list_commands(None)) == sorted(n for names in COMMAND_MODULES.values() for n in names)


def test_kata_list_loads_neither_the_instructors_nor_the_maintainers_commands_nor_the_result_types(workspace):
    code = (
        "import sys\nfrom checker.cli import main\n"
        "try:\n    main.main(['--workspace', sys.argv[1], 'list'], prog_name='kata')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m in ('checker.cli.teach', 'checker.cli.maintain', "
        "'checker.core.results', 'checker.grading', 'checker.exports', 'torch', 'pytest')), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(workspace)], capture_output=True, text=True)

    assert "create_tensor" in done.stdout, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
