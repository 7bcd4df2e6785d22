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
    # Ask at run time instead of assuming: the same file then runs on a GPU server, a Mac and
    # a CPU-only laptop. Checking CUDA first prefers an NVIDIA GPU when there is one.
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


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
    # Module.to() moves the parameters in place (and returns the same module), so the caller's
    # model ends up on `device` too. Do it before building the optimizer, so the optimizer is
    # handed the parameters where they will live.
    model.to(device)
    # Tensor.to() is different: it returns a *new* tensor and leaves the original alone, so the
    # result must be assigned. Every tensor in one operation must sit on the same device.
    X, y = X.to(device), y.to(device)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        optimizer.step()
        # .item() copies the single number back to the host as a Python float: the list holds
        # no device tensors (and, on a GPU, this is where Python waits for the step to finish).
        losses.append(loss.item())
    return losses
