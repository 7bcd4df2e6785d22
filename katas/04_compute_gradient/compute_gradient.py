"""Kata 04: let autograd find the slope of sum(x**3 + 2*x) at each of the given points."""

import torch


def compute_gradient(values: list) -> list:
    """Return d/dx of sum(x**3 + 2*x) at each value, computed by PyTorch's autograd.

    Args:
        values: flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        A flat list of N Python floats: entry i is the derivative with respect to
        x[i], taken at x = values.

    Examples:
        >>> compute_gradient([1, 2, 3])
        [5.0, 14.0, 29.0]
        >>> compute_gradient([0, -0.5])
        [2.0, 2.75]
    """
    # TODO: make a float tensor that requires grad, add up x**3 + 2*x, call backward, read x.grad.
    raise NotImplementedError("Kata 04: replace this line with your code (see katas/04_compute_gradient/README.md)")
