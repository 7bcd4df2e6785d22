"""Kata 13 device_loop: the worker-side driver that fakes which GPUs exist."""

from __future__ import annotations

from checker.runner.worker.harness import faked_availability, learner_function

__all__ = ["DRIVERS"]


def pick_device(module, cuda: bool, mps: bool) -> dict:
    """Call the learner's `pick_device()` with CUDA and MPS availability faked as given."""
    import torch

    target = learner_function(module, "pick_device")
    with faked_availability(torch, cuda, mps):
        return {"value": target()}


DRIVERS = {"pick_device": pick_device}
