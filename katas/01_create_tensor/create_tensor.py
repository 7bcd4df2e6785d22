"""Kata 01: build a tensor of zeros, ones or one repeated value, and return it as a Python list."""

import torch


def create_tensor(method: str, shape: list[int], value: float = 0.0) -> list:
    """Create a tensor of the given shape and return its numbers as nested Python lists.

    Args:
        method: "zeros", "ones" or "full".
        shape: the size of each dimension, e.g. [3] for a row of 3 or [2, 3] for 2 rows of 3.
        value: the number every entry gets when method is "full" (a float);
            "zeros" and "ones" ignore it.

    Returns:
        A list nested once per dimension of `shape`, holding Python floats.

    Examples:
        >>> create_tensor("zeros", [2, 3])
        [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
        >>> create_tensor("full", [2, 2], 2.5)
        [[2.5, 2.5], [2.5, 2.5]]
    """
    # TODO: pick the torch function that matches `method`, then return the tensor as a list.
    raise NotImplementedError("Kata 01: replace this line with your code (see katas/01_create_tensor/README.md)")
