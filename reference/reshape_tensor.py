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
    # float32 so that integer inputs come back as floats after .tolist().
    t = torch.tensor(x, dtype=torch.float32)
    if op == "flatten":
        # torch.flatten lays the numbers out in one row in the order they are stored, which
        # is row-major: all of row 0, then all of row 1, and so on, whatever the rank.
        result = torch.flatten(t)
    elif op == "squeeze":
        # With no dim argument torch.squeeze removes EVERY dimension of size 1. Naming one,
        # as in t.squeeze(0), removes only that one: (1, 3, 1) would become (3, 1), not (3,).
        # (If every dimension were 1 the result would be 0-d and .tolist() a bare float;
        # the task promises at least one larger dimension, so the result stays a list.)
        result = torch.squeeze(t)
    elif op == "transpose":
        # .T swaps the two axes, so entry [i][j] moves to [j][i]. reshape(m, n) would give the
        # same shape but keep the numbers in their old reading order: for [[1, 2, 3], [4, 5, 6]]
        # it gives [[1, 2], [3, 4], [5, 6]] instead of [[1, 4], [2, 5], [3, 6]].
        result = t.T
    else:
        raise ValueError(f"unknown op {op!r}: expected 'flatten', 'squeeze' or 'transpose'")
    # .tolist() reads the numbers in the tensor's logical order, so the transposed view
    # needs no .contiguous() first.
    return result.tolist()
