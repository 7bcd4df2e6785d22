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
    # TODO: wrap the array's memory in a tensor (no copy)
    raise NotImplementedError("Kata 15: replace this line with your code (see katas/15_numpy_bridge/README.md)")


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
    # TODO: copy the array into a new float32 tensor
    raise NotImplementedError("Kata 15: replace this line with your code (see katas/15_numpy_bridge/README.md)")


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
    # TODO: detach, move to the CPU, then convert
    raise NotImplementedError("Kata 15: replace this line with your code (see katas/15_numpy_bridge/README.md)")


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
    # TODO: convert the input to float32, run the layer without autograd, return a NumPy array
    raise NotImplementedError("Kata 15: replace this line with your code (see katas/15_numpy_bridge/README.md)")


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
    # TODO: with NumPy only: Z = X @ W + b, dL/dZ, then grad_W and grad_b
    raise NotImplementedError("Kata 15: replace this line with your code (see katas/15_numpy_bridge/README.md)")
