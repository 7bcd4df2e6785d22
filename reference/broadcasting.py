"""Kata 06: centre every column of a matrix by broadcasting, and keep the values a boolean mask selects."""

import torch


def center_columns(matrix: list) -> list:
    """Subtract each column's mean from every entry of that column.

    Args:
        matrix: a list of N rows with D numbers each (N >= 1, D >= 1), ints or floats.

    Returns:
        A list of N rows of D Python floats (float32 precision): entry [i][j] minus the
        mean of column j. Every column of the result averages to 0.

    Example:
        >>> center_columns([[1, 2], [3, 6]])
        [[-1.0, -2.0], [1.0, 2.0]]
    """
    # float32 on purpose: mean() refuses integer tensors, and integer input lists are allowed.
    t = torch.tensor(matrix, dtype=torch.float32)
    # dim=0 averages down the rows, one mean per column. keepdim=True leaves the shape (1, D),
    # so broadcasting stretches that single row over all N rows: column j always meets mean j.
    # (Without keepdim the shape is (D,), which lines up with the last axis too; keepdim makes
    # the intent explicit and stays right if you ever average over dim=1 instead.)
    centred = t - t.mean(dim=0, keepdim=True)
    # .tolist() turns the tensor into nested Python floats, which is what the caller asked for.
    return centred.tolist()


def select_greater(x: list, threshold: float) -> list:
    """Return the elements of x that are strictly greater than threshold.

    Args:
        x: a nested list of numbers of any shape, e.g. 1-D [a, b, c] or 2-D [[a, b], [c, d]].
        threshold: a number; only elements > threshold are kept (equal ones are dropped).

    Returns:
        A flat list of Python floats in row-major order (the order you meet them reading the
        list left to right, top to bottom); [] when nothing is greater.

    Example:
        >>> select_greater([[1, 5], [7, 2]], 3)
        [5.0, 7.0]
    """
    t = torch.tensor(x, dtype=torch.float32)
    # Comparing a tensor with a plain number broadcasts the number to every element and gives
    # a bool tensor of the same shape: True where the element passes the test.
    mask = t > threshold
    # Indexing with a bool mask of the same shape keeps the True positions and flattens them
    # into a 1-D tensor, walking the elements in row-major order. It drops the rest rather than
    # zeroing them, which is what `t * mask` would do.
    return t[mask].tolist()
