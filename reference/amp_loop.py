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
    # Same device rules as kata 13: the module moves in place, tensors must be reassigned.
    model.to(device)
    X, y = X.to(device), y.to(device)
    loss_fn = nn.MSELoss()
    # The parameters stay float32 (the "master" copy): small updates would be lost in float16.
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    # float16 has a narrow range: gradients smaller than about 6e-8 round to zero. The scaler
    # multiplies the loss by a large factor (65536 to start) before backward, so the gradients
    # stay representable, then divides them back before the update. device.type picks the
    # right implementation for "cpu" or "cuda"; a hard-coded "cuda" scaler is disabled (a mere
    # pass-through, with a warning) on a machine without CUDA.
    scaler = torch.amp.GradScaler(device.type)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        # Autocast runs each op in the dtype that suits it: matrix products in float16, while
        # precision-sensitive ones such as the MSE reduction stay in float32. Only the forward
        # pass and the loss go inside; backward runs outside and follows the same dtypes.
        with torch.autocast(device.type, dtype=torch.float16):
            y_hat = model(X)
            loss = loss_fn(y_hat, y)
        # Backward from the *scaled* loss: every gradient comes out multiplied by the scale.
        scaler.scale(loss).backward()
        # scaler.step unscales the gradients (divides by the scale) and checks them for inf or
        # NaN. If they are finite it calls optimizer.step(); if not, it skips this update, so an
        # overflow never reaches the weights. A bare optimizer.step() would apply the
        # 65536-times-too-large gradients.
        scaler.step(optimizer)
        # update() adapts the scale for the next step: halve it after an overflow, grow it after
        # a long run of clean steps. It must come after step(), once per iteration.
        scaler.update()
        losses.append(loss.item())
    return losses
