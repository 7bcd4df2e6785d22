"""Small trusted networks that both sides can build from a plain-data recipe.

A training spec hands the learner's loop one of these (or the learner's own class),
built in the worker from a seed. The judge rebuilds the same layers, loads the
initial weights the worker reported, and trains its own copy to get the trusted
trajectory. Recipes are JSON-ready lists such as [["linear", 784, 32], ["relu"],
["dropout", 0.2], ["linear", 32, 10]].
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_layers", "parameter_count"]


def build_layers(layers: list[list[Any]]):
    """An nn.Sequential made of the named layers, in order."""
    from torch import nn

    makers = {
        "linear": lambda in_features, out_features: nn.Linear(int(in_features), int(out_features)),
        "relu": lambda: nn.ReLU(),
        "dropout": lambda p: nn.Dropout(float(p)),
    }
    modules = []
    for kind, *arguments in layers:
        if kind not in makers:
            raise ValueError(f"unknown layer {kind!r} in a model recipe")
        modules.append(makers[kind](*arguments))
    return nn.Sequential(*modules)


def parameter_count(model) -> int:
    return sum(parameter.numel() for parameter in model.parameters())
