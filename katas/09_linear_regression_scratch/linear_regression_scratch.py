"""Kata 09: fit a straight line with plain tensors, autograd and a hand-written gradient-descent update."""

import torch


def fit_line(X: torch.Tensor, y: torch.Tensor, lr: float = 0.1, epochs: int = 100) -> tuple[float, float, list]:
    """Learn w and b so that w * X + b fits y, by full-batch gradient descent on the MSE.

    Args:
        X: inputs, a float32 tensor of shape (N, 1).
        y: targets, a float32 tensor of shape (N, 1).
        lr: the learning rate (step size) of every update.
        epochs: how many passes of forward, loss, backward, update, zero to run.

    Returns:
        (w, b, losses): the learned w and b as Python floats, and a list of `epochs` Python
        floats where losses[i] is the mean squared error of epoch i, measured before that
        epoch's update. w and b both start at 0.0, so losses[0] is (y ** 2).mean().

    Example:
        >>> X = torch.linspace(-2, 2, 50).unsqueeze(1)
        >>> w, b, losses = fit_line(X, 2 * X + 1, lr=0.1, epochs=100)
        >>> round(w, 3), round(b, 3), round(losses[0], 3)
        (2.0, 1.0, 6.551)
    """
    # TODO: w, b = 0.0 with requires_grad; per epoch: predict, loss, record, backward, no_grad update, zero
    raise NotImplementedError(
        "Kata 09: replace this line with your code (see katas/09_linear_regression_scratch/README.md)"
    )
