"""Kata 03: keep a tensor's numbers but change its shape: flatten, squeeze or transpose."""

import torch


def reshape_tensor(x: list, op: str) -> list:
    """Rearrange x as `op` says and return the result as nested Python lists of floats.

    Args:
        x: nested list of numbers (ints or floats).
        op: which rearrangement to apply:
            "flatten"    any shape -> 1-D, numbers read row by row (row-major order)
            "squeeze"    drop every dimension of size 1, e.g. (1, 3, 1) -> (3,);
                         x always has at least one dimension larger than 1
            "transpose"  x is 2-D with shape (n, m); swap rows and columns -> (m, n)

    Returns:
        A nested list of Python floats holding the same numbers in the new shape.

    Examples:
        >>> reshape_tensor([[1, 2, 3], [4, 5, 6]], "transpose")
        [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
        >>> reshape_tensor([[[1], [2], [3]]], "squeeze")
        [1.0, 2.0, 3.0]
    """
    # TODO: make a float tensor, apply the shape change `op` names, return a list.
    raise NotImplementedError("Kata 03: replace this line with your code (see katas/03_reshape_tensor/README.md)")
