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
        # Two attributes (any names), each registered as a sub-module when assigned, so that
        # model.parameters() yields all four tensors: 16 + 16 weights/biases in fc1, 16 + 1 in fc2.
        self.fc1 = nn.Linear(1, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map x of shape (N, 1) to predictions of shape (N, 1)."""
        # The ReLU is what makes this more than a line: fc2(fc1(x)) alone is again one linear
        # map. Each hidden unit contributes a hinge, and hinges add up to a bendy curve.
        # torch.relu has no parameters, so it needs no attribute (an nn.ReLU() one works too).
        return self.fc2(torch.relu(self.fc1(x)))


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
    # Inputs must be (N, 1): nn.Linear(1, hidden) reads features from the last dimension,
    # and a (200,) vector would be taken as one sample with 200 features.
    x = torch.linspace(-torch.pi, torch.pi, 200).unsqueeze(1)
    y = torch.sin(x)
    if optimizer == "adam":
        # Adam adapts each parameter's step size from its recent gradients: fast on this task.
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    elif optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr)
    else:
        raise ValueError(f'optimizer must be "adam" or "sgd", not {optimizer!r}')
    loss_fn = nn.MSELoss()
    losses = []
    for _ in range(steps):
        opt.zero_grad()  # clear the gradients the previous step left behind
        y_hat = model(x)  # forward: builds the graph
        loss = loss_fn(y_hat, y)  # one number; y_hat and y are both (200, 1)
        loss.backward()  # fills .grad of fc1 and fc2's weights and biases
        opt.step()  # moves each parameter using its .grad
        losses.append(loss.item())
    return losses
