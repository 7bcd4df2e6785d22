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
    # The lists may hold Python ints, which torch.tensor would store as int64 and .tolist()
    # would give back as ints. Asking for float32 makes every result a float.
    a = torch.tensor(x, dtype=torch.float32)
    b = torch.tensor(y, dtype=torch.float32)
    if op == "add":
        # Arithmetic operators on tensors work position by position: a[i][j] meets b[i][j].
        result = a + b
    elif op == "multiply":
        # `*` is element-wise too. It is not the matrix product, and on square inputs it
        # gives a result of the right shape with different numbers, so the mix-up is silent.
        result = a * b
    elif op == "matmul":
        # `@` (torch.matmul) takes row i of a and column j of b, multiplies them entry by
        # entry and adds up: result[i][j] = sum over k of a[i][k] * b[k][j]. That is why the
        # inner sizes must agree, (n, k) @ (k, m), and why the result is (n, m).
        result = a @ b
    elif op == "power":
        # `**` is power. `^` would be Python's bitwise XOR, which float tensors refuse.
        result = a**b
    elif op == "max":
        # torch.maximum compares a and b position by position and keeps the larger one.
        # Python's built-in max(a, b) asks whether the whole of b > a, which has no single
        # answer for more than one element; torch.max(a) would reduce a to one number.
        result = torch.maximum(a, b)
    else:
        raise ValueError(f"unknown op {op!r}: expected add, multiply, matmul, power or max")
    # Hand back plain Python data: nested lists of floats, not a tensor.
    return result.tolist()
