"""Kata 16: take a matrix apart with slices, row lists and masks, and put tensors together with cat and stack."""

import torch


def sub_matrix(matrix: list, top: int, left: int, height: int, width: int) -> list:
    """Cut out the block of `height` rows and `width` columns whose top-left entry is matrix[top][left].

    Args:
        matrix: N rows of M numbers each (ints or floats).
        top, left: the row and the column where the block starts (counting from 0).
        height, width: how many rows and how many columns the block has (at least 1 each);
            the block always fits: top + height <= N and left + width <= M.

    Returns:
        A list of `height` rows of `width` Python floats.

    Example:
        >>> sub_matrix([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], 1, 2, 2, 2)
        [[6.0, 7.0], [10.0, 11.0]]
    """
    # TODO: make a float tensor and take one slice per dimension: rows first, then columns.
    raise NotImplementedError("Kata 16: replace this line with your code (see katas/16_indexing/README.md)")


def pick_rows(matrix: list, rows: list) -> list:
    """Return the rows of matrix whose numbers are listed in `rows`, in that order.

    Args:
        matrix: N rows of M numbers each (ints or floats).
        rows: row numbers between 0 and N - 1 (at least one); they may come in any order
            and the same row may be asked for more than once.

    Returns:
        A list of len(rows) rows of M Python floats: entry i is matrix[rows[i]].

    Example:
        >>> pick_rows([[1, 2], [3, 4], [5, 6]], [2, 0, 2])
        [[5.0, 6.0], [1.0, 2.0], [5.0, 6.0]]
    """
    # TODO: make a float tensor and index it with the list of row numbers.
    raise NotImplementedError("Kata 16: replace this line with your code (see katas/16_indexing/README.md)")


def clip_negatives(matrix: list) -> list:
    """Return a copy of matrix with every negative entry replaced by 0.

    Args:
        matrix: N rows of M numbers each (ints or floats).

    Returns:
        A list of N rows of M Python floats: the entries that are 0 or more stay as they
        are, the negative ones become 0.0. The caller's list is left unchanged.

    Example:
        >>> clip_negatives([[1, -2], [-3, 4]])
        [[1.0, 0.0], [0.0, 4.0]]
    """
    # TODO: make a float tensor, build a boolean mask of the negative entries, assign 0 through it.
    raise NotImplementedError("Kata 16: replace this line with your code (see katas/16_indexing/README.md)")


def as_column(values: list) -> list:
    """Turn a flat list of n numbers into a column: n rows of one number each.

    Args:
        values: a flat list of n numbers (n >= 1), ints or floats.

    Returns:
        A list of n rows, each a list holding one Python float: shape (n, 1).

    Example:
        >>> as_column([1, 2, 3])
        [[1.0], [2.0], [3.0]]
    """
    # TODO: make a float tensor of shape (n,) and add a dimension of size 1 after the first.
    raise NotImplementedError("Kata 16: replace this line with your code (see katas/16_indexing/README.md)")


def join(a: list, b: list, how: str) -> list:
    """Put two matrices together as `how` says.

    Args:
        a: N rows of M numbers each (ints or floats).
        b: another matrix, whose shape fits `how`.
        how: one of
            "rows"     b's rows go below a's; a and b have the same number of columns;
                       (N, M) and (K, M) give (N + K, M)
            "columns"  b's columns go to the right of a's; a and b have the same number of
                       rows; (N, M) and (N, K) give (N, M + K)
            "stack"    a and b have the same shape (N, M) and become the two layers of a
                       new first dimension: shape (2, N, M), result[0] is a, result[1] is b

    Returns:
        A nested list of Python floats of the shape given above.

    Examples:
        >>> join([[1, 2]], [[3, 4]], "rows")
        [[1.0, 2.0], [3.0, 4.0]]
        >>> join([[1, 2]], [[3, 4]], "stack")
        [[[1.0, 2.0]], [[3.0, 4.0]]]
    """
    # TODO: make float tensors, then torch.cat along the right dimension, or torch.stack.
    raise NotImplementedError("Kata 16: replace this line with your code (see katas/16_indexing/README.md)")
