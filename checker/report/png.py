"""`kata check --plot FILE.png`: the training katas' curves saved as an image.

matplotlib is an optional extra (`pip install -e ".[plot]"`); nothing else in the checker
imports it, and `require_matplotlib` says how to get it before any check starts.
"""

from __future__ import annotations

import math
from pathlib import Path

from checker.errors import KataUsageError
from checker.results import KataResult, RunResult

__all__ = ["require_matplotlib", "write_curves"]

MISSING = ("--plot needs matplotlib, which is not installed: run `pip install matplotlib` "
           "(or `pip install -e \".[plot]\"` in your clone), or leave out --plot.")


def require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise KataUsageError(MISSING) from None


def write_curves(run: RunResult, path: Path) -> int:
    """Draw each training kata's loss curve (and kata 11's fit) into `path`; return how many katas."""
    drawn = [result for result in run.katas if _longest_losses(result)]
    if not drawn:
        return 0
    import matplotlib

    matplotlib.use("Agg")  # files only: no window, no display needed
    from matplotlib import pyplot

    fits = {result.name: next((case.fit for case in result.cases if case.fit), ()) for result in drawn}
    columns = 2 if any(fits.values()) else 1
    figure, axes = pyplot.subplots(len(drawn), columns, figsize=(6 * columns, 2.6 * len(drawn)), squeeze=False)
    for row, result in enumerate(drawn):
        losses = _longest_losses(result)
        loss_axis = axes[row][0]
        loss_axis.plot(range(len(losses)), losses)
        finite = [loss for loss in losses if math.isfinite(loss)]
        if finite and min(finite) > 0 and max(finite) / min(finite) > 100:
            loss_axis.set_yscale("log")
        loss_axis.set_title(f"Kata {result.number:02d} {result.name}: loss per step")
        loss_axis.set_xlabel("step")
        if columns == 2:
            fit_axis = axes[row][1]
            points = fits[result.name]
            if points:
                xs, targets, fitted = zip(*points)
                fit_axis.plot(xs, targets, label="sin(x)")
                fit_axis.plot(xs, fitted, label="your model")
                fit_axis.legend()
                fit_axis.set_title("Your trained model against sin(x)")
            else:
                fit_axis.axis("off")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)
    return len(drawn)


def _longest_losses(result: KataResult) -> tuple[float, ...]:
    return max((case.losses for case in result.cases), key=len, default=())
