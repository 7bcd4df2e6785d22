"""Counters the worker keeps about what the learner's code did (did autograd run?).

The judge reads them back with every reply; a spec uses them to tell "computed by
autograd" from "typed the derivative by hand".
"""

from __future__ import annotations

import functools

__all__ = ["install", "reset", "snapshot"]

_counts: dict[str, int] = {"autograd_calls": 0}


def install() -> None:
    """Wrap torch.autograd's entry points; `Tensor.backward` goes through `backward`."""
    import torch.autograd

    for name in ("backward", "grad"):
        original = getattr(torch.autograd, name)
        setattr(torch.autograd, name, _counting(original))


def _counting(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        _counts["autograd_calls"] += 1
        return function(*args, **kwargs)

    return wrapper


def reset() -> None:
    for key in _counts:
        _counts[key] = 0


def snapshot() -> dict[str, int]:
    return dict(_counts)
