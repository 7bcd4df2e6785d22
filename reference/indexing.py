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
    # float32 so that whole-number input still comes back as Python floats after .tolist().
    t = torch.tensor(matrix, dtype=torch.float32)
    # One slice per dimension, rows first: t[rows, columns]. A slice start:stop keeps start
    # and stops just before stop, so the stop is the start plus the length, never the
    # length alone (t[top:height] would start at top but end at row height - 1).
    block = t[top : top + height, left : left + width]
    # .tolist() turns the (height, width) tensor into nested Python floats.
    return block.tolist()


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
    t = torch.tensor(matrix, dtype=torch.float32)
    # A list of whole numbers as the index picks whole rows ("fancy" indexing): entry i of
    # the result is row rows[i], in the order given and as often as it is listed. It makes a
    # new tensor of shape (len(rows), M); t[:, rows] would pick columns instead.
    picked = t[rows]
    return picked.tolist()


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
    # torch.tensor copies the numbers out of the list, so changing t below leaves the
    # caller's matrix alone. (Had we been handed a tensor, we would t.clone() it first.)
    t = torch.tensor(matrix, dtype=torch.float32)
    # A comparison with a number gives a bool tensor of the same shape as t: True where the
    # entry is negative. (0 is left as it is, so `< 0` and `<= 0` would both do.)
    negative = t < 0
    # Assigning through a mask writes 0 into every True place and keeps the shape. Reading
    # t[negative] (or t[t >= 0]) would instead give a flat 1-D tensor of the chosen values.
    t[negative] = 0.0
    return t.tolist()


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
    t = torch.tensor(values, dtype=torch.float32)  # shape (n,)
    # unsqueeze(1) inserts a dimension of size 1 at position 1, after the n values: (n, 1),
    # one row per value. unsqueeze(0) would put it in front instead: (1, n), a single row.
    column = t.unsqueeze(1)
    return column.tolist()


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
    ta = torch.tensor(a, dtype=torch.float32)
    tb = torch.tensor(b, dtype=torch.float32)
    if how == "rows":
        # torch.cat takes a list of tensors and lays them end to end along a dimension they
        # already have. Dimension 0 counts rows, so b's rows follow a's: (N + K, M).
        joined = torch.cat([ta, tb], dim=0)
    elif how == "columns":
        # Along dimension 1 each row of a is continued by the same row of b: (N, M + K).
        joined = torch.cat([ta, tb], dim=1)
    elif how == "stack":
        # torch.stack first gives every tensor a new dimension of size 1 at `dim`, then
        # concatenates along it: two (N, M) matrices become one (2, N, M) tensor. torch.cat
        # along dim 0 would give (2N, M), the rows of both in one matrix.
        joined = torch.stack([ta, tb], dim=0)
    else:
        raise ValueError(f"unknown how {how!r}: expected 'rows', 'columns' or 'stack'")
    return joined.tolist()
