"""Kata 18: read the graph autograd records: grad_fn, leaves, retain_grad, retain_graph, in-place changes."""

import torch


def graph_facts(values: list) -> dict:
    """Build x -> z = x * 2 -> y = z.sum() and report what each tensor knows about the graph.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        A dict with one entry per tensor, "x", "z" and "y", each a dict of two facts:
        "grad_fn", the name of the operation that made the tensor (a string such as
        "MulBackward0"), or None for a tensor nothing made; and "is_leaf", a bool.

    Example:
        >>> graph_facts([1.0, 2.0, 3.0])["z"]
        {'grad_fn': 'MulBackward0', 'is_leaf': False}
    """
    # TODO: x with requires_grad, z = x * 2, y = z.sum(); read each tensor's grad_fn (its class name) and is_leaf
    raise NotImplementedError("Kata 18: replace this line with your code (see katas/18_computation_graph/README.md)")


def intermediate_grad(values: list) -> list:
    """Return dy/dz for z = x**2 and y = sum(z**2): the gradient that reaches the tensor in the middle.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        z.grad after y.backward(), as a flat list of N Python floats: 2 * z = 2 * x**2.

    Example:
        >>> intermediate_grad([1.0, -2.0, 0.5])
        [2.0, 8.0, 0.5]
    """
    # TODO: z = x ** 2; ask autograd to keep z's gradient before y = (z ** 2).sum() is walked backwards
    raise NotImplementedError("Kata 18: replace this line with your code (see katas/18_computation_graph/README.md)")


def backward_twice(values: list) -> list:
    """Run backward twice through one graph of y = sum(x**2) and return what x.grad holds.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        x.grad after both passes, as a flat list of N Python floats. Each pass adds
        dy/dx = 2 * x, so the result is 4 * x.

    Example:
        >>> backward_twice([1.0, -2.0, 0.5])
        [4.0, -8.0, 2.0]
    """
    # TODO: build y = (x ** 2).sum() once, call y.backward() twice (the first must keep the graph)
    raise NotImplementedError("Kata 18: replace this line with your code (see katas/18_computation_graph/README.md)")


def safe_double(values: list) -> list:
    """Return the gradient of sum(2 * sigmoid(x)), doubling sigmoid's output without breaking backward.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        x.grad as a flat list of N Python floats: 2 * s * (1 - s), where s = sigmoid(x).

    Example:
        >>> safe_double([0.0])
        [0.5]
    """
    # TODO: s = torch.sigmoid(x), double s without changing it in place, sum, backward, return x.grad
    raise NotImplementedError("Kata 18: replace this line with your code (see katas/18_computation_graph/README.md)")
