"""Kata 11: build a two-layer ReLU network as an nn.Module and train it to draw sin(x) on [-pi, pi]."""

import torch
from torch import nn


class SinMLP(nn.Module):
    """A 1 -> hidden -> 1 multilayer perceptron with a ReLU between its two layers.

    Args:
        hidden: the number of hidden units.

    Attributes (name them as you like):
        an nn.Linear(1, hidden), the first layer;
        an nn.Linear(hidden, 1), the output layer.

    Example:
        >>> model = SinMLP(hidden=16)
        >>> sum(p.numel() for p in model.parameters())
        49
        >>> model(torch.zeros(200, 1)).shape
        torch.Size([200, 1])
    """

    def __init__(self, hidden: int = 16) -> None:
        super().__init__()
        # TODO: store nn.Linear(1, hidden) and nn.Linear(hidden, 1) as two attributes (e.g. self.fc1, self.fc2)
        raise NotImplementedError("Kata 11: replace this line with your code (see katas/11_mlp_sin/README.md)")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map x of shape (N, 1) to predictions of shape (N, 1)."""
        # TODO: the first layer, then a ReLU, then the second layer
        raise NotImplementedError("Kata 11: replace this line with your code (see katas/11_mlp_sin/README.md)")


def fit_sin(model: nn.Module, steps: int = 1000, lr: float = 0.01, optimizer: str = "adam") -> list:
    """Train model on 200 evenly spaced points of y = sin(x) for x in [-pi, pi].

    Full batch: every step uses all 200 points. Loss: mean squared error.

    Args:
        model: the module to train in place; it maps (N, 1) to (N, 1) (e.g. a SinMLP).
        steps: how many optimizer steps to take.
        lr: the learning rate.
        optimizer: "adam" for torch.optim.Adam or "sgd" for torch.optim.SGD.

    Returns:
        A list of `steps` Python floats: the loss at each step, before its update.

    Raises:
        ValueError: if optimizer is neither "adam" nor "sgd".

    Example:
        >>> torch.manual_seed(0)
        >>> losses = fit_sin(SinMLP(), steps=1000, lr=0.01)
        >>> losses[-1] < 0.005
        True
    """
    # TODO: x = linspace(-pi, pi, 200) as (200, 1), y = sin(x); pick the optimizer; run the five-line loop
    raise NotImplementedError("Kata 11: replace this line with your code (see katas/11_mlp_sin/README.md)")
