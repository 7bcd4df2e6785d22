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
    # float(value): only floating-point tensors may require gradients, and value may be an int.
    x = torch.tensor(float(value), requires_grad=True)
    for _ in range(times):
        # A fresh x**2 each time builds a fresh graph. Calling backward() twice on one result
        # fails, because autograd frees a graph's saved values after walking it once.
        (x**2).backward()
        # No x.grad.zero_() here: backward() *adds* into x.grad, and seeing that sum is the lesson.
    # .item() turns the 0-d gradient tensor into a Python float.
    return x.grad.item()


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
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    y = x**2
    # y has many elements, so backward() cannot assume "d(y)/d(y) = 1" as it does for a scalar.
    # The tensor we pass says how much each y[i] counts: autograd computes the gradient of
    # sum(weights * y), i.e. weights[i] * 2 * x[i]. All-ones weights would match y.sum().backward().
    y.backward(torch.tensor(weights, dtype=torch.float32))
    return x.grad.tolist()


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
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    # x.detach() shares x's numbers but is cut out of the graph, so autograd treats it as a
    # constant c: d(sum(x * c))/dx = c, which equals x. Only the left-hand factor gets a gradient.
    loss = (x * x.detach()).sum()
    # .sum() first: backward() without arguments needs a single-number (scalar) output.
    loss.backward()
    return x.grad.tolist()
