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
    # Scalar (0-d) parameters that autograd tracks. They are leaves we created ourselves,
    # so backward() stores their gradients in w.grad and b.grad. Float, because only
    # floating-point tensors can carry gradients (and be nudged by tiny amounts).
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    losses = []
    for _ in range(epochs):
        # 1. Forward: the 0-d w and b broadcast over the (N, 1) inputs.
        y_hat = w * X + b
        # 2. Loss: mean squared error, one number, so backward() needs no argument.
        loss = ((y_hat - y) ** 2).mean()
        # Record it now: this is the loss of the parameters *before* this epoch's update.
        # .item() gives a Python float and lets the graph behind `loss` be freed.
        losses.append(loss.item())
        # 3. Backward: fills w.grad and b.grad with dloss/dw and dloss/db.
        loss.backward()
        # 4. Update. no_grad() because the update is bookkeeping, not part of the model: with
        # recording on, an in-place change to a leaf that requires grad is an error. In-place
        # (-=) keeps w and b the same leaf tensors; `w = w - ...` would make a new, non-leaf
        # tensor whose .grad stays None on the next epoch.
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        # 5. Zero: backward() adds into .grad, so without this each epoch would also apply
        # every earlier epoch's gradient.
        w.grad.zero_()
        b.grad.zero_()
    return w.item(), b.item(), losses
