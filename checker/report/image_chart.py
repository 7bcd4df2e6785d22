"""`kata check --plot FILE.png`: the training katas' curves saved as an image.

matplotlib is an optional extra (`pip install -e ".[plot]"`); nothing else in the checker
imports it, and `require_plotting` says how to get it before any check starts.
"""

from __future__ import annotations

from pathlib import Path

from checker.errors import KataUsageError
from checker.report.terminal_chart import log_scale
from checker.results import CaseResult, KataResult, RunResult

__all__ = ["MISSING", "require_plotting", "save_curves", "write_curves"]

MISSING = ("--plot needs matplotlib, which is not installed: run `pip install matplotlib` "
           "(or `pip install -e \".[plot]\"` in your clone), or leave out --plot.")
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


def write_curves(run: RunResult, path: Path) -> int:
    """Draw each training kata's loss curve (and kata 11's fit) into `path`; return how many katas."""
    drawn = [result for result in run.katas if result.loss_case is not None]
    if not drawn:
        return 0
    import matplotlib

    matplotlib.use("Agg")  # files only: no window, no display needed
    from matplotlib import pyplot

    columns = 2 if any(result.fit_case for result in drawn) else 1
    figure, axes = pyplot.subplots(len(drawn), columns, figsize=(6 * columns, 2.6 * len(drawn)), squeeze=False)
    try:
        for row, result in enumerate(drawn):
            _draw_losses(axes[row][0], result)
            if columns == 2:
                _draw_fit(axes[row][1], result.fit_case)
        figure.tight_layout()
        figure.savefig(path, format="png")  # PNG whatever the file's extension says
    finally:
        pyplot.close(figure)
    return len(drawn)


def _draw_losses(axis, result: KataResult) -> None:
    losses = result.loss_case.losses
    axis.plot(range(len(losses)), losses)
    if log_scale(losses):
        axis.set_yscale("log")
    axis.set_title(f"Kata {result.id} {result.name}: loss per step")
    axis.set_xlabel("step")


def _draw_fit(axis, case: CaseResult | None) -> None:
    if case is None:
        axis.axis("off")  # a training kata without a fit, beside kata 11's
        return
    xs, targets, fitted = zip(*case.fit)
    axis.plot(xs, targets, label="sin(x)")
    axis.plot(xs, fitted, "o", markersize=3, label="your model")
    axis.legend()
    axis.set_title("Your trained model against sin(x)")
    axis.set_xlabel("x")
