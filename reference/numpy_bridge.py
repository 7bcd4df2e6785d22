"""Kata 15: cross between NumPy arrays and tensors, and check a NumPy gradient against autograd."""

import numpy as np
import torch
from torch import nn


def shared_tensor(array: np.ndarray) -> torch.Tensor:
    """A tensor that uses the same memory as `array`: a change to one shows in the other.

    Args:
        array: a NumPy array of any shape and numeric dtype.

    Returns:
        A tensor with the array's shape and dtype (float64 stays float64) sharing its memory.

    Example:
        >>> a = np.array([1.0, 2.0])
        >>> t = shared_tensor(a)
        >>> a[0] = 10.0
        >>> t
        tensor([10.,  2.], dtype=torch.float64)
    """
    # from_numpy wraps the array's buffer instead of copying it, so both names point at the
    # same numbers. That is also why it keeps the dtype: converting would need a new buffer.
    return torch.from_numpy(array)


def copied_tensor(array: np.ndarray) -> torch.Tensor:
    """An independent float32 copy of `array`: later changes to the array do not reach it.

    Args:
        array: a NumPy array of any shape and numeric dtype.

    Returns:
        A float32 tensor with the array's shape and values, owning its memory.

    Example:
        >>> a = np.array([1.0, 2.0])
        >>> t = copied_tensor(a)
        >>> a[0] = 10.0
        >>> t
        tensor([1., 2.])
    """
    # torch.tensor always copies. float32 is what layers hold; NumPy's default is float64.
    return torch.tensor(array, dtype=torch.float32)


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """The numbers of `t` as a NumPy array, whatever the tensor's device or grad tracking.

    Args:
        t: a tensor; it may require grad and may live on a GPU.

    Returns:
        A NumPy array with t's shape, dtype and values.

    Example:
        >>> to_numpy(torch.tensor([1.5, 2.0], requires_grad=True))
        array([1.5, 2. ], dtype=float32)
    """
    # .numpy() refuses a tensor that autograd tracks (the array could not record operations)
    # and a tensor on a GPU (NumPy only knows host memory): detach first, then move to the CPU.
    return t.detach().cpu().numpy()


def predict(layer: nn.Linear, array: np.ndarray) -> np.ndarray:
    """Run a float32 `nn.Linear` on float64 NumPy data and hand back NumPy numbers.

    Args:
        layer: an nn.Linear(in_features, out_features) with float32 weights; leave it unchanged.
        array: a float64 NumPy array of shape (N, in_features).

    Returns:
        A NumPy array of shape (N, out_features): the layer's output for each row.

    Example:
        >>> layer = nn.Linear(2, 1)
        >>> predict(layer, np.array([[1.0, 2.0]])).shape
        (1, 1)
    """
    # The layer's weights are float32 and a matrix product needs one dtype on both sides, so
    # the float64 input is converted (a copy) rather than the layer (which belongs to the caller).
    inputs = torch.from_numpy(array).float()
    # No gradients are wanted for a prediction; no_grad also makes the output free of autograd,
    # so .numpy() may read it.
    with torch.no_grad():
        outputs = layer(inputs)
    return outputs.numpy()


def tanh_layer_grads(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of L = sum(tanh(X @ W + b)) with respect to W and b, with NumPy only.

    Args:
        X: a float64 array of shape (N, D).
        W: a float64 array of shape (D, K).
        b: a float64 array of shape (K,).

    Returns:
        (grad_W, grad_b): NumPy arrays of shapes (D, K) and (K,).

    Example:
        >>> grad_W, grad_b = tanh_layer_grads(np.ones((1, 1)), np.zeros((1, 1)), np.zeros(1))
        >>> grad_W, grad_b
        (array([[1.]]), array([1.]))
    """
    Z = X @ W + b
    # d tanh(z)/dz = 1 - tanh(z)**2, and d sum/d tanh is 1 everywhere: that is dL/dZ.
    grad_Z = 1.0 - np.tanh(Z) ** 2
    # Z = X @ W: each W[d, k] meets X[:, d] in column k, so the products add up over the rows.
    grad_W = X.T @ grad_Z
    # b is added to every row, so its gradient adds up each column of dL/dZ.
    grad_b = grad_Z.sum(axis=0)
    return grad_W, grad_b
