"""What this machine offers a check: torch and its devices, the worker backend, the limits that hold.

`kata doctor` shows it; this module only finds it out, so the command line has nothing to
probe itself. Each fact is looked up when asked (torch is imported only by `probe_devices`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from checker.core.catalogue import Kata
from checker.runner.judge.spec_marks import cuda_cases
from checker.runner.process import capabilities
from checker.runner.process.capabilities import Limit

__all__ = ["Devices", "RunnerSetup", "cuda_skips", "probe_devices", "runner_setup"]


@dataclass(frozen=True)
class Devices:
    """The torch this checker imports and the accelerators it sees."""

    torch_version: str
    cuda_name: str  # the first CUDA device's name, "" without CUDA
    mps: bool

    @property
    def cuda(self) -> bool:
        return bool(self.cuda_name)


@dataclass(frozen=True)
class RunnerSetup:
    """Which backend runs the workers here, why, and how each limit holds on this platform."""

    backend: str
    note: str  # why this backend when KATA_BACKEND asked for it, or asked in vain; "" otherwise
    limits: list[Limit]


def probe_devices() -> Devices:
    """Import torch and ask it for devices; ImportError when torch cannot be imported."""
    import torch

    cuda = torch.cuda.is_available()
    mps = bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())
    return Devices(torch.__version__, torch.cuda.get_device_name(0) if cuda else "", mps)


def runner_setup() -> RunnerSetup:
    found = capabilities.detect()
    chosen = capabilities.backend(found)
    asked = os.environ.get(capabilities.BACKEND_VARIABLE, "").strip().lower()
    note = ""
    if asked == chosen:
        note = f"chosen by {capabilities.BACKEND_VARIABLE}={asked}"
    elif asked == "fork":
        note = f"{capabilities.BACKEND_VARIABLE}=fork, but the fork path cannot run here"
    return RunnerSetup(chosen, note, capabilities.enforced_limits(found))


def cuda_skips(katas: Iterable[Kata]) -> list[tuple[Kata, tuple[str, ...]]]:
    """The katas with cases that need CUDA, and those cases (skipped on a machine without it)."""
    found = [(kata, cuda_cases(kata)) for kata in katas]
    return [(kata, cases) for kata, cases in found if cases]
