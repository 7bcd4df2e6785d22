"""checker/report/png.py: `kata check --plot FILE.png`, and its clear refusal without matplotlib."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import KataUsageError
from checker.report.png import MISSING, require_matplotlib, write_curves
from checker.results import CaseResult, KataResult, RunResult, Status


def _run_with_curves() -> RunResult:
    run = RunResult(seed=1, reference=True, cuda_available=False, torch_version="x", started=0.0)
    sin = KataResult(11, "mlp_sin", "A small MLP", 20)
    sin.cases.append(CaseResult("learns sin", Status.PASSED, losses=(0.5, 0.05, 0.001),
                                fit=((-1.0, -0.84, -0.8), (0.0, 0.0, 0.02), (1.0, 0.84, 0.8))))
    plain = KataResult(1, "create_tensor", "Create tensors", 10)
    plain.cases.append(CaseResult("readme example", Status.PASSED))
    run.katas += [sin, plain]
    return run


def test_without_matplotlib_plot_is_refused_before_any_check(monkeypatch, make_workspace):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(KataUsageError, match="pip install matplotlib"):
        require_matplotlib()
    workspace = make_workspace(git=False)
    result = CliRunner().invoke(main, ["--workspace", str(workspace), "check", "01", "--plot", "curves.png"])
    assert result.exit_code == 2
    assert "pip install matplotlib" in result.output
    assert "Kata 01" not in result.output  # refused before checking anything


def test_curves_are_written_as_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    target = tmp_path / "curves.png"
    assert write_curves(_run_with_curves(), target) == 1  # only the training kata has a curve
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_is_written_without_training_katas(tmp_path):
    run = _run_with_curves()
    run.katas = run.katas[1:]
    assert write_curves(run, tmp_path / "curves.png") == 0
    assert not (tmp_path / "curves.png").exists()


def test_message_names_the_extra():
    assert '".[plot]"' in MISSING
