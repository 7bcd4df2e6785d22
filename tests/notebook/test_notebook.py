"""The notebook path: exported notebooks run headless on a real kernel (nbclient + ipykernel).

Each kernel test executes a notebook as Jupyter or Colab would, with the checker installed
here and `KATA_HOME` in a temporary folder, and reads the outputs the cells produced: the
HTML report, the text of `%kata` commands, the chart images. The rest tests the parts
without a kernel: source recovery, the notebook workspace, the export, the lazy imports.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

from checker.core.catalogue import load_catalogue
from checker.core.errors import KataUsageError
from checker.exports.notebooks import INDEX_NOTEBOOK, export_notebooks, install_cell
from checker.notebook.home import HOME_VARIABLE, home_folder, home_workspace
from checker.notebook.source import find_kata, kata_module_text

ROOT = Path(__file__).resolve().parents[2]
REFERENCE_04 = (ROOT / "reference" / "compute_gradient.py").read_text(encoding="utf-8")


# -- helpers -----------------------------------------------------------------------------


def _export(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    export_notebooks(ROOT, folder, repository="example/torch-katas", ref="v0")
    return folder


def _execute(notebook, cwd: Path):
    """Run every cell on a real ipykernel (this environment's python), as Jupyter would."""
    client = nbclient.NotebookClient(
        notebook, timeout=240, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return notebook


def _outputs(cell) -> tuple[str, list[str]]:
    """A cell's outputs: all its text and HTML joined, and the MIME types it showed."""
    texts, kinds = [], []
    for output in cell.outputs:
        if output.output_type == "stream":
            texts.append(output.text)
        data = output.get("data", {})
        kinds += list(data)
        texts += [data.get("text/html", ""), output.get("evalue", "")]
    return "\n".join(texts), kinds


def _cell(notebook, name: str):
    return next(cell for cell in notebook.cells if cell.get("id") == name)


@pytest.fixture
def kata_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "kata-home"
    monkeypatch.setenv(HOME_VARIABLE, str(home))  # the kernel inherits it
    return home


# -- exported notebooks on a real kernel -------------------------------------------------


@pytest.mark.slow
def test_the_untouched_kata_04_notebook_says_not_started(tmp_path, kata_home):
    notebook = _execute(nbformat.read(_export(tmp_path) / "04_compute_gradient.ipynb", as_version=4), tmp_path)
    install, _ = _outputs(_cell(notebook, "install"))
    report, kinds = _outputs(_cell(notebook, "check"))
    assert "error" not in install.lower()
    assert "text/html" in kinds
    assert "NOT STARTED" in report and "not started" in report
    assert "Traceback" not in report


@pytest.mark.slow
def test_the_kata_04_notebook_with_a_correct_cell_passes_and_records_progress(tmp_path, kata_home):
    notebook = nbformat.read(_export(tmp_path) / "04_compute_gradient.ipynb", as_version=4)
    _cell(notebook, "solution").source = REFERENCE_04
    notebook.cells.append(nbformat.v4.new_code_cell("%kata list", id="list"))
    _execute(notebook, tmp_path)
    report, _ = _outputs(_cell(notebook, "check"))
    assert "PASSED" in report and "9 of 9 cases" in report, report
    assert "Next: kata 01" in report  # the first kata not passed yet
    listing, _ = _outputs(_cell(notebook, "list"))
    assert "04  compute_gradient" in listing and "passed (CPU)" in listing, listing
    assert str(kata_home.resolve() / ".kata-progress.json") in listing


@pytest.mark.slow
def test_the_kata_04_notebook_with_a_known_mistake_names_it(tmp_path, kata_home):
    notebook = nbformat.read(_export(tmp_path) / "04_compute_gradient.ipynb", as_version=4)
    _cell(notebook, "solution").source = REFERENCE_04.replace("return x.grad.tolist()", "return x.grad")
    _execute(notebook, tmp_path)
    report, _ = _outputs(_cell(notebook, "check"))
    assert "FAILED" in report
    assert "You returned a tensor where a Python list was asked for." in report  # the mistake
    assert "tolist()" in report and "<details" in report  # its fix, and the details folded away


@pytest.mark.slow
def test_kata_magic_in_a_workspace_checks_its_files(tmp_path, kata_home):
    workspace = tmp_path / "clone"
    (workspace / "katas" / "04_compute_gradient").mkdir(parents=True)
    (workspace / "katas" / "catalogue.yaml").write_text((ROOT / "katas" / "catalogue.yaml").read_text())
    (workspace / "katas" / "04_compute_gradient" / "compute_gradient.py").write_text(REFERENCE_04)
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("%load_ext checker", id="load"),
            nbformat.v4.new_code_cell("%kata check 04", id="check"),
            nbformat.v4.new_code_cell("%kata list", id="list"),
            nbformat.v4.new_code_cell("%kata hint 05", id="hint"),
            nbformat.v4.new_code_cell("%kata next", id="next"),
            nbformat.v4.new_code_cell("%kata check 99", id="unknown"),
        ]
    )
    _execute(notebook, workspace / "katas")  # a folder inside the clone: found by walking up
    report, kinds = _outputs(_cell(notebook, "check"))
    assert "text/html" in kinds and "PASSED" in report and "9 of 9 cases" in report, report
    assert "%kata check 04 --seed" in report
    listing, _ = _outputs(_cell(notebook, "list"))
    assert "passed (CPU)" in listing and str(workspace / ".kata-progress.json") in listing
    assert "Hints for kata 05" in _outputs(_cell(notebook, "hint"))[0]
    assert "Next: kata 01" in _outputs(_cell(notebook, "next"))[0]
    assert "99" in _outputs(_cell(notebook, "unknown"))[0]
    assert (workspace / ".kata-progress.json").is_file() and not kata_home.exists()


@pytest.mark.slow
def test_check_with_functions_helpers_and_constants_defined_in_cells(tmp_path, kata_home):
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("from checker.notebook import check\nimport torch as T\nPOWER = 3", id="setup"),
            nbformat.v4.new_code_cell("def total(x):\n    return (x ** POWER + 2 * x).sum()", id="helper"),
            nbformat.v4.new_code_cell(
                "def compute_gradient(values):\n"
                "    x = T.tensor(values, dtype=T.float32, requires_grad=True)\n"
                "    total(x).backward()\n"
                "    return x.grad.tolist()",
                id="solution",
            ),
            nbformat.v4.new_code_cell("check(compute_gradient)", id="check"),
            nbformat.v4.new_code_cell('check("12")', id="missing"),
            nbformat.v4.new_code_cell("check(lambda values: values)", id="lambda"),
        ]
    )
    _execute(notebook, tmp_path)
    report, _ = _outputs(_cell(notebook, "check"))
    assert "PASSED" in report, report
    checked = (kata_home / "katas" / "04_compute_gradient" / "compute_gradient.py").read_text()
    assert "import torch as T" in checked and "POWER = 3" in checked and "def total(x):" in checked
    missing, _ = _outputs(_cell(notebook, "missing"))
    assert "flatten_images, train_classifier, accuracy" in missing  # what kata 12 needs
    assert "Define them in a cell" in missing
    assert "No kata has an entry point named <lambda>" in _outputs(_cell(notebook, "lambda"))[0]


@pytest.mark.slow
def test_a_training_kata_chart_appears_as_an_image_output(tmp_path, kata_home):
    notebook = nbformat.read(_export(tmp_path) / "09_linear_regression_scratch.ipynb", as_version=4)
    _cell(notebook, "solution").source = (ROOT / "reference" / "linear_regression_scratch.py").read_text()
    _execute(notebook, tmp_path)
    report, kinds = _outputs(_cell(notebook, "check"))
    assert "PASSED" in report, report
    images = [kind for kind in kinds if kind in ("image/png", "image/svg+xml")]
    assert images, kinds
    output = next(out for out in _cell(notebook, "check").outputs if images[0] in out.get("data", {}))
    if images[0] == "image/svg+xml":
        svg = output.data["image/svg+xml"]
        assert "<polyline" in svg and "loss per step" in svg.lower() and "Kata 09" in svg


# -- without a kernel --------------------------------------------------------------------

POWER = 3


def _total(x):
    return (x**POWER + 2 * x).sum()


def compute_gradient(values):
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)  # noqa: F821 (torch: from the stub)
    _total(x).backward()
    return x.grad.tolist()


def test_source_recovery_takes_helpers_constants_and_the_stub_imports():
    catalogue = load_catalogue(ROOT)
    kata, objects = find_kata(catalogue, (compute_gradient,))
    assert kata.name == "compute_gradient"
    source = kata_module_text(kata, objects, globals(), "import torch\n\ndef compute_gradient(values): ...")
    text = source.text("doc")
    assert text.index("def _total(x):") < text.index("def compute_gradient(values):")  # what it uses first
    assert "POWER = 3" in text and "import torch" in text
    compile(text, "kata", "exec")


def test_a_kata_named_by_id_takes_its_entry_points_from_the_namespace():
    catalogue = load_catalogue(ROOT)
    kata, objects = find_kata(catalogue, ("04",))
    assert (kata.name, objects) == ("compute_gradient", [])
    text = kata_module_text(kata, objects, globals(), "").text("doc")
    assert "def compute_gradient(values):" in text
    with pytest.raises(KataUsageError, match="needs fit_line; not found: fit_line"):
        kata_module_text(catalogue.resolve("09"), [], {}, "")
    with pytest.raises(KataUsageError, match="04 compute_gradient: compute_gradient"):
        find_kata(catalogue, (_total,))  # no kata's entry point: the table of entry points


def test_the_home_folder_follows_kata_home_then_xdg(tmp_path):
    assert home_folder({HOME_VARIABLE: str(tmp_path / "h")}) == tmp_path / "h"
    if sys.platform.startswith("linux"):
        assert home_folder({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "torch-katas"


def test_the_home_workspace_is_made_from_the_course_and_keeps_checked_code(tmp_path):
    environ = {HOME_VARIABLE: str(tmp_path / "home")}
    root = home_workspace(environ)
    catalogue = load_catalogue(root)
    stub = catalogue.resolve("04").stub_path(root)
    assert "raise NotImplementedError" in stub.read_text()
    stub.write_text("# checked from a notebook\n")
    assert home_workspace(environ) == root and stub.read_text() == "# checked from a notebook\n"


def test_exported_notebooks_are_valid_and_install_without_replacing_torch(tmp_path):
    folder = _export(tmp_path)
    catalogue = load_catalogue(ROOT)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [INDEX_NOTEBOOK, *(f"{kata.folder}.ipynb" for kata in catalogue)]
    )
    for path in folder.iterdir():
        nbformat.validate(nbformat.read(path, as_version=4))
    notebook = nbformat.read(folder / "12_classifier_batches.ipynb", as_version=4)
    assert _cell(notebook, "check").source == "check(flatten_images, train_classifier, accuracy)"
    install = _cell(notebook, "install").source
    assert "--no-deps" in install and "torch-katas @ git+https://github.com/example/torch-katas@v0" in install
    assert "'torch" not in install.replace("'torch-katas", "")  # never torch itself
    assert "04_compute_gradient.ipynb" in _cell(nbformat.read(folder / INDEX_NOTEBOOK, as_version=4), "katas").source
    with pytest.raises(KataUsageError, match="not empty"):
        export_notebooks(ROOT, folder, repository="example/torch-katas", ref="v0")


@pytest.mark.parametrize("repository, ref", [('me/tk"; rm -rf ~; "', "v0"), ("me/tk", "v0 && curl x")])
def test_the_pin_of_exported_notebooks_is_checked_like_the_other_exports(tmp_path, repository, ref):
    with pytest.raises(KataUsageError, match="--checker-re"):
        export_notebooks(ROOT, tmp_path / "notebooks", repository=repository, ref=ref)
    assert not (tmp_path / "notebooks").exists()


def test_the_install_cell_lists_every_dependency_but_torch():
    import re

    block = re.search(r"^dependencies = \[(.*?)\]", (ROOT / "pyproject.toml").read_text(), re.S | re.M).group(1)
    declared = re.findall(r'"([^"]+)"', block)
    cell = install_cell("me/torch-katas", "v0")
    installed = re.search(r"--quiet\", (.*)\], check=True\)\n%load_ext", cell).group(1)
    assert sorted(re.findall(r"'([^']+)'", installed)) == sorted(d for d in declared if not d.startswith("torch"))


def test_kata_list_imports_nothing_of_the_notebook():
    code = (
        "import sys, checker.cli; bad = [m for m in sys.modules if m.split('.')[0] in ('IPython', 'ipykernel', "
        "'nbformat') or m.startswith('checker.notebook') or m == 'checker.notebook.home']; print(bad)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_the_extension_loader_registers_the_magic_lazily():
    import checker

    registered = {}

    class Shell:
        def register_magic_function(self, function, magic_kind, magic_name):
            registered[magic_name] = (function, magic_kind)

    checker.load_ipython_extension(Shell())
    assert registered["kata"][1] == "line"
    assert json.dumps(sorted(registered)) == '["kata"]'
