"""Kata 07: three autograd rules: gradients accumulate, vector outputs need weights, detach cuts the graph."""

import torch


def accumulated_grad(value: float, times: int) -> float:
    """Run backward on x**2 `times` times without zeroing, and report what x.grad holds.

    Args:
        value: the number x starts as (a Python int or float).
        times: how many separate backward passes to run (times >= 1).

    Returns:
        x.grad as a Python float after the last pass. Each pass adds d(x**2)/dx = 2 * value
        to what is already stored, so the result is 2 * value * times.

    Example:
        >>> accumulated_grad(3.0, 4)
        24.0
    """
    # TODO: make a float scalar tensor that requires grad; in a loop, build x**2 afresh and call backward
    raise NotImplementedError("Kata 07: replace this line with your code (see katas/07_autograd_rules/README.md)")


def vector_grad(values: list, weights: list) -> list:
    """Backpropagate a non-scalar y = x**2 with an explicit weight for each element.

    Args:
        values: the elements of x, a list of numbers (1-D, or nested for 2-D).
        weights: a list of numbers with the same shape as values, passed to y.backward().

    Returns:
        x.grad as a list of Python floats, same shape as values: weights[i] * 2 * values[i].

    Example:
        >>> vector_grad([1.0, 2.0, 3.0], [0.5, 0.0, -1.0])
        [1.0, 0.0, -6.0]
    """
    # TODO: x with requires_grad, y = x ** 2, y.backward(<weights as a float tensor>), return x.grad as a list
    raise NotImplementedError("Kata 07: replace this line with your code (see katas/07_autograd_rules/README.md)")


def frozen_grad(values: list) -> list:
    """Return the gradient of sum(x * x.detach()) with respect to x.

    Args:
        values: the elements of x, a list of numbers (1-D, or nested for 2-D).

    Returns:
        x.grad as a list of Python floats, same shape as values. The detached copy counts as
        a constant, so the gradient is x itself (not 2 * x, which you would get for x * x).

    Example:
        >>> frozen_grad([-0.5, 4.0])
        [-0.5, 4.0]
    """
    # TODO: x with requires_grad; multiply x by x.detach(), sum, backward, return x.grad as a list
    raise NotImplementedError("Kata 07: replace this line with your code (see katas/07_autograd_rules/README.md)")
