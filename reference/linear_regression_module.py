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
        # nn.Module.__init__ sets up the registries for parameters and sub-modules; assigning
        # a layer to self before it has run raises "cannot assign module before
        # Module.__init__() call".
        super().__init__()
        # Assigning an nn.Module to an attribute registers it: model.parameters() now yields
        # linear.weight (out, in) and linear.bias (out,), both with requires_grad=True.
        self.linear = nn.Linear(in_features, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map x of shape (N, in_features) to predictions of shape (N, out_features)."""
        # Call the layer, not layer.forward: calling goes through nn.Module's hooks.
        return self.linear(x)


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
    # MSELoss averages over every element, exactly the ((y_hat - y) ** 2).mean() of kata 09.
    loss_fn = nn.MSELoss()
    # The optimizer keeps references to the model's own parameter tensors, so step() changes
    # this model in place. It does `p -= lr * p.grad` under no_grad for us.
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(epochs):
        y_hat = model(X)
        loss = loss_fn(y_hat, y)
        # Clear last step's gradients first: backward() adds into .grad, it never overwrites.
        optimizer.zero_grad()
        # Fill every parameter's .grad; step() has nothing to apply until this has run.
        loss.backward()
        optimizer.step()
        # loss was computed before step(), so this is the loss that step's update started from.
        losses.append(loss.item())
    return losses
