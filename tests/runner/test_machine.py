"""runner/machine.py: the facts `kata doctor` shows, found without the command line."""

from __future__ import annotations

import torch

from checker.core.catalogue import load_catalogue
from checker.runner import cuda_cases, cuda_skips, probe_devices, runner_setup
from checker.runner.process import capabilities


def test_devices_are_torchs_own_answers():
    devices = probe_devices()

    assert devices.torch_version == torch.__version__
    assert devices.cuda == torch.cuda.is_available()


def test_the_setup_names_the_chosen_backend_and_why(monkeypatch):
    monkeypatch.delenv(capabilities.BACKEND_VARIABLE, raising=False)
    plain = runner_setup()
    assert plain.backend == capabilities.backend() and plain.note == ""
    assert [limit.name for limit in plain.limits] == [limit.name for limit in capabilities.enforced_limits()]

    monkeypatch.setenv(capabilities.BACKEND_VARIABLE, "portable")
    asked = runner_setup()
    assert (asked.backend, asked.note) == ("portable", f"chosen by {capabilities.BACKEND_VARIABLE}=portable")


def test_cuda_skips_lists_only_katas_with_cuda_cases(repo_root):
    catalogue = load_catalogue(repo_root)

    skips = cuda_skips(catalogue)

    assert skips == [(kata, cuda_cases(kata)) for kata in catalogue if cuda_cases(kata)]
    assert all(cases for _, cases in skips)
