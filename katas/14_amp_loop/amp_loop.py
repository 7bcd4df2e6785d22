"""Kata 14: mixed precision: float16 autocast for the forward pass, a GradScaler for backward and step."""

import torch
from torch import nn


def train_amp(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    device: torch.device,
    lr: float = 0.01,
    steps: int = 50,
) -> list:
    """Train model on (X, y) by full-batch SGD on the MSE, with float16 autocast and loss scaling.

    Args:
        model: the module to train in place, with float32 parameters; it may start on the CPU.
        X: inputs, a float32 tensor of shape (N, in_features), possibly on another device.
        y: targets, a float32 tensor of shape (N, out_features), possibly on another device.
        device: where to train, e.g. torch.device("cpu") or torch.device("cuda"). Use
            device.type ("cpu", "cuda", ...) for autocast and the scaler, never a fixed string.
        lr: the SGD learning rate.
        steps: how many optimizer steps to attempt (the scaler may skip one whose gradients
            overflowed).

    Returns:
        A list of `steps` Python floats: the loss at each step, computed under autocast,
        before that step's update.

    Example:
        >>> torch.manual_seed(0)
        >>> model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 1))
        >>> X = torch.randn(256, 4)
        >>> losses = train_amp(model, X, X.sum(dim=1, keepdim=True), torch.device("cpu"), lr=0.05, steps=200)
        >>> losses[-1] < 0.1 * losses[0]
        True
    """
    # TODO: to(device); SGD; GradScaler(device.type); zero_grad, autocast(forward, loss), scale, step, update
    raise NotImplementedError("Kata 14: replace this line with your code (see katas/14_amp_loop/README.md)")
