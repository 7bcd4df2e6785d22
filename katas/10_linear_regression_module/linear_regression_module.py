"""Kata 10: wrap linear regression in an nn.Module and train it with nn.MSELoss and torch.optim.SGD."""

import torch
from torch import nn


class LinearRegressionModel(nn.Module):
    """A linear model y = x @ W.T + b held in one nn.Linear layer.

    Args:
        in_features: how many numbers describe one sample (the last dim of the input).
        out_features: how many numbers the model predicts per sample.

    Attributes (the name is yours to choose):
        linear: the nn.Linear(in_features, out_features) layer that owns the weight and bias.

    Example:
        >>> model = LinearRegressionModel(1, 1)
        >>> model(torch.zeros(5, 1)).shape
        torch.Size([5, 1])
    """

    def __init__(self, in_features: int = 1, out_features: int = 1) -> None:
        super().__init__()
        # TODO: store one nn.Linear(in_features, out_features) as self.linear
        raise NotImplementedError(
            "Kata 10: replace this line with your code (see katas/10_linear_regression_module/README.md)"
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map x of shape (N, in_features) to predictions of shape (N, out_features)."""
        # TODO: pass x through self.linear and return the result
        raise NotImplementedError(
            "Kata 10: replace this line with your code (see katas/10_linear_regression_module/README.md)"
        )


def train_model(model: nn.Module, X: torch.Tensor, y: torch.Tensor, lr: float = 0.1, epochs: int = 100) -> list:
    """Train model on (X, y) by full-batch SGD on the mean squared error.

    Args:
        model: the module to train, in place (e.g. a LinearRegressionModel).
        X: inputs, a float32 tensor of shape (N, in_features).
        y: targets, a float32 tensor of shape (N, out_features), the shape model(X) has.
        lr: the SGD learning rate.
        epochs: how many update steps to take, each on the whole of X.

    Returns:
        A list of `epochs` Python floats: losses[i] is the MSE at step i, before its update.

    Example:
        >>> torch.manual_seed(0)
        >>> X = torch.linspace(-2, 2, 100).unsqueeze(1)
        >>> losses = train_model(LinearRegressionModel(), X, 2 * X + 1)
        >>> losses[-1] < 1e-6
        True
    """
    # TODO: nn.MSELoss and torch.optim.SGD; per epoch: forward, loss, zero_grad, backward, step
    raise NotImplementedError(
        "Kata 10: replace this line with your code (see katas/10_linear_regression_module/README.md)"
    )
