"""`kata check --plot FILE.png`: the training katas' curves saved as an image.

matplotlib is an optional extra (`pip install -e ".[plot]"`); nothing else in the checker
imports it, and `require_plotting` says how to get it before any check starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from checker.core.errors import KataUsageError
from checker.core.results import Chart, KataResult, RunResult
from checker.report.charts.choose import charts_to_draw
from checker.report.charts.terminal import log_scale

__all__ = ["MISSING", "can_plot", "kata_png", "require_plotting", "save_curves", "write_curves"]

MISSING = (
    "--plot needs matplotlib, which is not installed: run `pip install matplotlib` "
    '(or `pip install -e ".[plot]"` in your clone), or leave out --plot.'
)
NO_FOLDER = "--plot {path}: the folder {folder} does not exist; create it or name a file in an existing folder."
SAVED = "Curves of {count} training kata(s) saved to {path}."
NOT_SAVED = "The curves could not be saved to {path} ({reason}); your results above still stand."


def require_plotting(path: Path) -> None:
    """Refuse --plot up front (before minutes of training katas) if the PNG could not be written."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise KataUsageError(MISSING) from None
    folder = path.parent
    if not folder.is_dir():
        raise KataUsageError(NO_FOLDER.format(path=path, folder=folder))


def save_curves(run: RunResult, path: Path) -> tuple[str, list[str]]:
    """Write the PNG; return what to say ("" when no training kata was checked) and any warnings."""
    try:
        drawn = write_curves(run, path)
    except OSError as error:
        return "", [NOT_SAVED.format(path=path, reason=error.strerror or error)]
    return (SAVED.format(count=drawn, path=path) if drawn else ""), []


def write_curves(run: RunResult, path: Path | BinaryIO) -> int:
    """Draw each training kata's charts (its loss curve, then a fit if its spec declared one); return how many katas."""
    drawn = [(result, dict((chart.kind, chart) for _, chart in charts_to_draw(result))) for result in run.katas]
    drawn = [(result, charts) for result, charts in drawn if charts]
    if not drawn:
        return 0
    import matplotlib

    matplotlib.use("Agg")  # files only: no window, no display needed
    from matplotlib import pyplot

    columns = 2 if any(Chart.FIT in charts for _, charts in drawn) else 1
    figure, axes = pyplot.subplots(len(drawn), columns, figsize=(6 * columns, 2.6 * len(drawn)), squeeze=False)
    try:
        for row, (result, charts) in enumerate(drawn):
            _draw_losses(axes[row][0], result, charts[Chart.LOSSES])
            if columns == 2:
                _draw_fit(axes[row][1], charts.get(Chart.FIT))
        figure.tight_layout()
        figure.savefig(path, format="png")  # PNG whatever the file's extension says
    finally:
        pyplot.close(figure)
    return len(drawn)


def can_plot() -> bool:
    """Whether matplotlib is there to draw PNGs (a notebook falls back on report/charts/svg.py)."""
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def kata_png(result: KataResult) -> bytes:
    """One kata's charts as PNG bytes, as `--plot` draws them; b"" for a kata that drew none. Needs matplotlib."""
    import io

    buffer = io.BytesIO()
    run = RunResult(seed=0, reference=False, cuda_available=False, torch_version="", katas=[result])
    return buffer.getvalue() if write_curves(run, buffer) else b""


def _draw_losses(axis, result: KataResult, chart: Chart) -> None:
    steps, losses = chart.column(0), chart.column(1)
    axis.plot(steps, losses)
    if log_scale(losses):
        axis.set_yscale("log")
    axis.set_title(f"Kata {result.id} {result.name}: {chart.title.lower()}")
    axis.set_xlabel(chart.labels[0])


def _draw_fit(axis, chart: Chart | None) -> None:
    if chart is None:
        axis.axis("off")  # a training kata without a fit, beside one that has one
        return
    axis.plot(chart.column(0), chart.column(1), label=chart.labels[1])
    axis.plot(chart.column(0), chart.column(2), "o", markersize=3, label=chart.labels[2])
    axis.legend()
    axis.set_title(chart.title)
    axis.set_xlabel(chart.labels[0])
