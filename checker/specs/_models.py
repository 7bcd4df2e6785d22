"""What a learner's model is made of, read from its weights and its outputs.

A model reaches the judge as a state dict (plain tensors by name, from the harness). An
`nn.Linear(in_features, out_features)` keeps a weight of shape (out_features, in_features),
so the layers' sizes, and a pair of sizes given the wrong way round, can be read from it
whatever the learner named the layers. What the model gave for some inputs, set beside
what trusted layers with the same weights give, shows what its forward pass added.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import torch

__all__ = ["clipped_at_zero", "linear_sizes", "swapped_linear"]

Sizes = tuple[int, int]  # (in_features, out_features), as nn.Linear takes them


def linear_sizes(state: dict) -> dict[str, Sizes]:
    """Each layer with a 2-D `weight` in `state`, by the name that owns it (registration order)."""
    sizes = {}
    for name, tensor in state.items():
        owner, _, part = name.rpartition(".")
        if part == "weight" and tensor.dim() == 2:
            out_features, in_features = tensor.shape
            sizes[owner] = (int(in_features), int(out_features))
    return sizes


def swapped_linear(state: dict, wanted: list[Sizes]) -> str | None:
    """A sentence naming the layer built with its sizes swapped, or None when no layer is.

    `wanted` lists the layers the kata asks for, in the order a forward pass uses them. A
    model with the right sizes in another registration order has nothing swapped. Otherwise
    a layer whose sizes, reversed, are the ones asked for in its place (or missing anywhere)
    is the one.
    """
    found = linear_sizes(state)
    if len(found) != len(wanted) or Counter(found.values()) == Counter(wanted):
        return None
    for (owner, have), want in zip(found.items(), wanted):
        if have != want and have[::-1] == want:
            return _sentence(owner, have)
    missing = Counter(wanted) - Counter(found.values())
    for owner, have in found.items():
        if have not in wanted and have[::-1] in missing:
            return _sentence(owner, have)
    return None


def _sentence(owner: str, have: Sizes) -> str:
    layer = f"`{owner}`" if owner else "your layer"
    return (
        f"{layer} is nn.Linear({have[0]}, {have[1]}) where nn.Linear({have[1]}, {have[0]}) is needed: "
        f"it takes {have[0]} features in and gives {have[1]} out, the wrong way round"
    )


def clipped_at_zero(got: torch.Tensor, outputs: Iterable[torch.Tensor], atol: float) -> torch.Tensor | None:
    """The first of `outputs` that `got` is with its negatives cut to 0 (a ReLU after the output layer), or None.

    `outputs` are what trusted layers with the learner's weights give for the same inputs
    (the right forward pass, and any other it may have been built from). An output with no
    negative value is no evidence: cutting them changes nothing.
    """
    for output in outputs:
        if got.shape == output.shape and bool((output < 0).any()):
            if torch.allclose(got, output.clamp(min=0), atol=atol):
                return output
    return None
