"""The workspace is found by walking up from where `kata` runs, or named with --workspace."""

from __future__ import annotations

import pytest

from checker.core.errors import KataUsageError
from checker.core.workspace import find_workspace


def test_found_from_the_workspace_root(make_workspace):
    workspace = make_workspace(git=False)

    assert find_workspace(start=workspace) == workspace.resolve()


def test_found_by_walking_up_from_a_kata_folder(make_workspace):
    workspace = make_workspace(git=False)
    deep = workspace / "katas" / "01_create_tensor"

    assert find_workspace(start=deep) == workspace.resolve()


def test_found_from_the_current_directory_by_default(make_workspace, monkeypatch):
    workspace = make_workspace(git=False)
    monkeypatch.chdir(workspace / "reference")

    assert find_workspace() == workspace.resolve()


def test_explicit_path_overrides_where_we_are(make_workspace, tmp_path):
    workspace = make_workspace(git=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    assert find_workspace(start=elsewhere, explicit=workspace) == workspace.resolve()


def test_explicit_path_is_not_searched_upwards(make_workspace):
    workspace = make_workspace(git=False)

    with pytest.raises(KataUsageError, match="is not a torch-katas workspace"):
        find_workspace(explicit=workspace / "katas")


def test_no_workspace_says_what_to_do(tmp_path):
    with pytest.raises(KataUsageError) as raised:
        find_workspace(start=tmp_path)

    message = str(raised.value)
    assert "No torch-katas workspace found" in message, message
    assert "--workspace" in message, "the error should say how to name a workspace"
