"""checker/report/charts/image.py: `--plot FILE.png`, and its clear refusal without matplotlib."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest
from result_support import kata_result

from checker.core.errors import KataUsageError
from checker.core.results import CaseResult, Chart, RunResult, Status
from checker.report.charts.image import MISSING, NOT_SAVED, require_plotting, save_curves, write_curves

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _run_with_curves() -> RunResult:
    run = RunResult(seed=1, reference=True, cuda_available=False, torch_version="x", started=0.0)
    sin = kata_result(11, "mlp_sin", "A small MLP", 20)
    fit = Chart.fit(((-1.0, -0.84, -0.8), (0.0, 0.0, 0.02), (1.0, 0.84, 0.8)), target_label="sin(x)")
    sin.cases.append(CaseResult("learns sin", Status.PASSED, charts=(Chart.losses((0.5, 0.05, 0.001)), fit)))
    line = kata_result(9, "linear_regression_scratch", "A line", 10)
    line.cases.append(
        CaseResult("learns the line", Status.FAILED, charts=(Chart.losses((2.0, float("nan"), float("inf"))),))
    )
    plain = kata_result(1, "create_tensor", "Create tensors", 10)
    plain.cases.append(CaseResult("readme example", Status.PASSED))
    run.katas += [line, sin, plain]
    return run


def test_without_matplotlib_plotting_is_refused_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(KataUsageError) as refused:
        require_plotting(tmp_path / "curves.png")
    assert str(refused.value) == MISSING
    assert "pip install matplotlib" in MISSING and '".[plot]"' in MISSING


def test_a_plot_file_in_a_missing_folder_is_refused_up_front(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", types.ModuleType("matplotlib"))  # installed or not
    with pytest.raises(KataUsageError, match="does not exist"):
        require_plotting(tmp_path / "no-such-folder" / "curves.png")
    require_plotting(tmp_path / "curves.png")  # an existing folder is fine


def test_importing_the_checker_does_not_import_matplotlib():
    probe = (
        "import sys, checker.cli, checker.report.charts.image, checker.cli.watch; print('matplotlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_curves_of_the_training_katas_are_written_as_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "curves.txt"  # PNG whatever the extension says

    assert write_curves(_run_with_curves(), target) == 2  # katas 09 and 11; kata 01 has no curve
    assert target.read_bytes()[:8] == PNG_MAGIC


def test_nothing_is_written_without_training_katas(tmp_path):
    run = _run_with_curves()
    run.katas = run.katas[2:]

    assert save_curves(run, tmp_path / "curves.png") == ("", [])
    assert not (tmp_path / "curves.png").exists()


def test_a_file_that_cannot_be_written_is_a_warning_not_a_crash(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "gone" / "curves.png"  # its folder vanished during the check

    saved, warnings = save_curves(_run_with_curves(), target)

    assert saved == ""
    assert warnings == [NOT_SAVED.format(path=target, reason="No such file or directory")]


def test_saving_says_how_many_katas_were_drawn_and_where(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "curves.png"

    assert save_curves(_run_with_curves(), target) == (f"Curves of 2 training kata(s) saved to {target}.", [])
