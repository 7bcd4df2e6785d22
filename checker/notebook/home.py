"""The notebook's own workspace: a per-user folder for learners without a clone (Colab, a lone notebook).

It is an ordinary workspace (`katas/catalogue.yaml`, one file per kata, `.kata-progress.json`),
made from the course the installed checker carries, so every command works on it as on a
clone. The notebook's `check(...)` writes the code of your cells into its kata files, so
your progress is kept there between sessions. Where it lives: `$KATA_HOME` if set, else the
usual per-user data folder (`$XDG_DATA_HOME/torch-katas`, by default
`~/.local/share/torch-katas`; `~/Library/Application Support/torch-katas` on macOS,
`%APPDATA%\\torch-katas` on Windows).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from checker.core.files import atomic_write_text
from checker.core.packaged import packaged_catalogue, packaged_course_root
from checker.core.reset import original_stub
from checker.core.workspace import CATALOGUE_RELPATH

__all__ = ["HOME_VARIABLE", "home_folder", "home_workspace"]

HOME_VARIABLE = "KATA_HOME"
_APP = "torch-katas"


def home_folder(environ: dict[str, str] | None = None) -> Path:
    """Where the notebook workspace lives (not created here)."""
    environ = dict(os.environ) if environ is None else environ
    if environ.get(HOME_VARIABLE):
        return Path(environ[HOME_VARIABLE]).expanduser()
    if sys.platform == "win32" and environ.get("APPDATA"):
        return Path(environ["APPDATA"]) / _APP
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / _APP
    data = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data).expanduser() / _APP


def home_workspace(environ: dict[str, str] | None = None) -> Path:
    """The notebook workspace, made or brought up to date from the installed course.

    The catalogue and the kata READMEs are refreshed every time (a newer checker may bring
    new katas); a kata file is written from its starting stub only when missing, so the
    code your notebook checked last stays.
    """
    root = home_folder(environ).resolve()
    course = packaged_course_root()
    catalogue = packaged_catalogue()
    (root / CATALOGUE_RELPATH).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(root / CATALOGUE_RELPATH, (course / CATALOGUE_RELPATH).read_text(encoding="utf-8"))
    for kata in catalogue:
        stub, readme = kata.stub_path(root), kata.readme_path(root)
        stub.parent.mkdir(parents=True, exist_ok=True)
        if kata.readme_path(course).is_file():
            shutil.copyfile(kata.readme_path(course), readme)
        if not stub.exists():
            stub.write_text(original_stub(course, kata), encoding="utf-8")
    return root
