"""The runner's front door: run a learner's solutions, with the judge trusted and the worker isolated.

Everything outside the runner imports from here, never from its parts:

* `judge/`: the trusted side, in this process: pytest over the specs (`run.py`), the plugin
  that turns each case into a result, the session a spec talks to, verdicts and notes.
* `worker/`: the isolated side: the process that imports the learner's file and answers
  requests (`serve.py`), the trusted drivers run around the learner's code, and the warm
  zygote that forks workers with torch imported.
* `process/`: the process layer between them: starting, watching, limiting and ending
  workers, by fork on Linux and portably elsewhere (`capabilities.py` decides).
* `protocol.py`: the wire both sides speak.

The names below are loaded when first used, so importing this package (as every worker does,
on its way to `worker/serve.py`) costs nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

_FROM = {
    # a check: run the judge over some katas' specs, and the seed of its hidden cases
    "run_check": "checker.runner.judge.run",
    "new_seed": "checker.runner.judge.run",
    "SPECS_DIR": "checker.specs.homes",
    "cuda_cases": "checker.runner.judge.spec_marks",
    # workers ahead of time: start them, keep the judge's imports out of the collector, stop them
    "prestart": "checker.runner.process.warm",
    "freeze_imports": "checker.runner.process.warm",
    "shutdown": "checker.runner.process.warm",
    # sharing the cores when several judges run side by side (grade-class)
    "share_cores": "checker.runner.process.spawn",
    "worker_threads": "checker.runner.process.spawn",
    # what this platform offers: which backend runs workers and which limits hold
    "BACKEND_VARIABLE": "checker.runner.process.capabilities",
    "Limit": "checker.runner.process.capabilities",
    "backend": "checker.runner.process.capabilities",
    "detect": "checker.runner.process.capabilities",
    "enforced_limits": "checker.runner.process.capabilities",
    "fork_unsafe": "checker.runner.process.capabilities",
    # `kata doctor`'s facts: torch's devices, the backend and limits here, which cases need CUDA
    "probe_devices": "checker.runner.machine",
    "runner_setup": "checker.runner.machine",
    "cuda_skips": "checker.runner.machine",
}

__all__ = sorted(_FROM)


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Read from the part each time (never cached here): the part is the one place the name lives.
    return getattr(importlib.import_module(_FROM[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
