"""Check a kata from a notebook cell: `from checker.notebook import check; check(compute_gradient)`.

The plain-function way in, for front ends where magics misbehave (the `%kata` magic is in
notebook_magic.py). `check` writes the source of the functions and classes it is given, with
the imports and constants of the cells they need (notebook_source.py), into the kata's file
in the notebook workspace (home.py: `$KATA_HOME`, by default ~/.local/share/torch-katas),
then checks that file exactly as `kata check` does, through `checking.check_katas`: in a
worker, with time limits and hidden cases. A clone's own kata files are never touched.

In Jupyter or Colab the report is HTML (report/check/html.py) and a training kata's charts are
image outputs; anywhere else it is the terminal's text. Importing this module imports
neither IPython nor torch.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

from checker.checking import CheckOutcome, CheckPrinter, check_katas
from checker.core.catalogue import Kata, load_catalogue
from checker.core.errors import KataUsageError
from checker.core.packaged import packaged_course_root
from checker.core.reset import original_stub
from checker.notebook.home import home_workspace
from checker.notebook.source import find_kata, kata_module_text

__all__ = ["check", "in_notebook", "notebook_printer", "show_message"]

MODULE_DOCSTRING = "Kata {id} {name}, as written in a notebook and checked by check()."
NOT_RECOVERED = (
    "These names your code uses are not plain constants, imports or functions defined in a cell, so they "
    "were left out of the checked file: {names}. Define them inside your function if it needs them."
)


def in_notebook() -> bool:
    """Whether we run in a Jupyter kernel (Jupyter, Colab, VS Code), where outputs can be HTML."""
    ipython_module = sys.modules.get("IPython")  # never imported here: a kernel has imported it already
    if ipython_module is None:
        return False
    shell = ipython_module.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def show_message(message: str, *, problem: bool = False) -> None:
    """A plain message under the cell (or on stdout / stderr outside a notebook)."""
    stream = sys.stderr if problem and not in_notebook() else sys.stdout
    print(message, file=stream)


def notebook_printer(
    workspace: Path, *, total: int, label: str | None = None, command: str = "%kata", reference: bool = False
) -> CheckPrinter:
    """HTML in a notebook (one output redrawn as cases finish, an image per training kata), text elsewhere."""
    if in_notebook():
        from IPython.display import HTML, SVG, Image, display

        from checker.report.check.html import HtmlPrinter

        handle = display(HTML(""), display_id=True)

        def image(mime: str, data: str | bytes) -> None:
            display(Image(data=data, format="png") if mime == "image/png" else SVG(data=data))

        return HtmlPrinter(
            lambda html: handle.update(HTML(html)), image, workspace, reference=reference, label=label, command=command
        )
    from checker.report.check.live import LivePrinter
    from checker.report.style import Style, wants_colour

    return LivePrinter(print, Style(wants_colour()), workspace, reference, total=total)


def check(*functions_or_id: Any, seed: int | None = None) -> CheckOutcome | None:
    """Check your functions (and classes) against their kata: `check(compute_gradient)`.

    The kata is found from the names given (`check(flatten_images, train_classifier,
    accuracy)` for a kata with several entry points), or named first: `check("04",
    compute_gradient)`; an entry point not given is looked up among the cell's globals,
    so `check("12")` works once the cells define them. `seed` replays the hidden cases of
    an earlier check. In a notebook the report is the cell's output and nothing is returned
    (so no repr follows it); elsewhere the report is printed as text and the outcome
    returned. None also when nothing could be checked: the message says why.
    """
    caller = inspect.currentframe()
    namespace: dict[str, Any] = dict(caller.f_back.f_globals) if caller and caller.f_back else {}
    try:
        workspace = home_workspace()
        catalogue = load_catalogue(workspace)
        kata, objects = find_kata(catalogue, functions_or_id)
        source = kata_module_text(kata, objects, namespace, _starting_stub(kata))
    except KataUsageError as error:
        show_message(str(error), problem=True)
        return None
    kata.stub_path(workspace).write_text(
        source.text(MODULE_DOCSTRING.format(id=kata.id, name=kata.name)), encoding="utf-8"
    )
    if source.skipped:
        show_message(NOT_RECOVERED.format(names=", ".join(source.skipped)))
    given = ", ".join([f'"{kata.id}"', *kata.entry_points])
    printer = notebook_printer(workspace, total=1, label="your notebook")
    retry = f"check({given})" if in_notebook() else f"kata --workspace {workspace} check {kata.id}"
    outcome = check_katas(workspace, catalogue, [kata], printer=printer, retry=retry, seed=seed)
    return None if in_notebook() else outcome


def _starting_stub(kata: Kata) -> str:
    """The kata's stub as the course ships it (its imports go into the checked file), or "" if none is found."""
    try:
        return original_stub(packaged_course_root(), kata)
    except KataUsageError:
        return ""
