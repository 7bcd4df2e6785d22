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
    # Each of the three functions takes the shape as a list and allocates every entry at once.
    # dtype=torch.float32 is spelled out because torch.full guesses the dtype from `value`:
    # a fill value of 3 would make an int64 tensor, and .tolist() would then give [3, 3]
    # instead of [3.0, 3.0]. (zeros and ones default to float32 already; saying so costs nothing.)
    if method == "zeros":
        t = torch.zeros(shape, dtype=torch.float32)
    elif method == "ones":
        t = torch.ones(shape, dtype=torch.float32)
    elif method == "full":
        t = torch.full(shape, value, dtype=torch.float32)
    else:
        raise ValueError(f"unknown method {method!r}: expected 'zeros', 'ones' or 'full'")
    # The caller wants plain Python data, not a tensor: .tolist() copies the numbers out into
    # lists nested once per dimension, each entry a Python float. Without `return` the
    # function would hand back None.
    return t.tolist()
