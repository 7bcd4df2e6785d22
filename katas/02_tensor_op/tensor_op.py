"""Kata 02: combine two tensors with an element-wise operation or with the matrix product."""

import torch


def tensor_op(x: list, y: list, op: str) -> list:
    """Apply `op` to x and y and return the result as nested Python lists of floats.

    Args:
        x: nested list of numbers (ints or floats).
        y: nested list of numbers (ints or floats).
        op: which operation to apply:
            "add"       x + y, position by position (x and y have the same shape)
            "multiply"  x times y, position by position (same shape)
            "matmul"    the matrix product: x is 2-D (n, k), y is 2-D (k, m), result (n, m)
            "power"     x to the power y, position by position (same shape)
            "max"       the larger of x and y at each position (same shape)

    Returns:
        A nested list of Python floats: the shape of x, or (n, m) for "matmul".

    Examples:
        >>> tensor_op([[1, 2], [3, 4]], [[5, 6], [7, 8]], "multiply")
        [[5.0, 12.0], [21.0, 32.0]]
        >>> tensor_op([[1, 2], [3, 4]], [[5, 6], [7, 8]], "matmul")
        [[19.0, 22.0], [43.0, 50.0]]
    """
    # TODO: turn x and y into float tensors, apply the operation `op` names, return a list.
    raise NotImplementedError("Kata 02: replace this line with your code (see katas/02_tensor_op/README.md)")
