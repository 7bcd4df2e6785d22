"""Kata 13: pick the best available device and train a model there, without naming the device in the code."""

import torch
from torch import nn


def pick_device() -> torch.device:
    """Return the fastest device this machine offers.

    Returns:
        torch.device("cuda") if torch.cuda.is_available(), else torch.device("mps") if
        torch.backends.mps.is_available() (Apple silicon), else torch.device("cpu").

    Example:
        >>> pick_device()  # on a laptop without a GPU
        device(type='cpu')
    """
    # TODO: try torch.cuda.is_available(), then torch.backends.mps.is_available(), else the CPU
    raise NotImplementedError("Kata 13: replace this line with your code (see katas/13_device_loop/README.md)")


def train_on_device(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    device: torch.device,
    lr: float = 0.1,
    steps: int = 100,
) -> list:
    """Move model and data to device, then train by full-batch SGD on the mean squared error.

    Args:
        model: the module to train in place, mapping X's rows to y's rows; it may start on the CPU.
        X: inputs, a float32 tensor of shape (N, in_features), possibly on another device.
        y: targets, a float32 tensor of shape (N, out_features), possibly on another device.
        device: where to train, e.g. torch.device("cpu") or the result of pick_device().
        lr: the SGD learning rate.
        steps: how many update steps to take.

    Returns:
        A list of `steps` Python floats (plain numbers, on no device): the loss at each step,
        before its update. Afterwards the model's parameters live on `device`.

    Example:
        >>> model = nn.Linear(3, 1)
        >>> losses = train_on_device(model, torch.randn(64, 3), torch.randn(64, 1), pick_device())
        >>> type(losses[0]), next(model.parameters()).device.type == pick_device().type
        (<class 'float'>, True)
    """
    # TODO: move the model, then X and y (assign the results!), to device; then MSE + SGD, five-line loop
    raise NotImplementedError("Kata 13: replace this line with your code (see katas/13_device_loop/README.md)")
