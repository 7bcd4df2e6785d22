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
    # TODO: make a float tensor, take the column means, subtract them by broadcasting, return a list
    raise NotImplementedError("Kata 06: replace this line with your code (see katas/06_broadcasting/README.md)")


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
    # TODO: build a float tensor, compare it with threshold to get a mask, index with the mask
    raise NotImplementedError("Kata 06: replace this line with your code (see katas/06_broadcasting/README.md)")
