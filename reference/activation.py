"""Kata 05: bend numbers with an activation function: relu, sigmoid, tanh or leaky_relu."""

import torch


def activation(x: list, method: str) -> list:
    """Apply the activation `method` to every number in x and return nested Python floats.

    Args:
        x: nested list of numbers (ints or floats), any shape.
        method: which function to apply to each number v:
            "relu"        max(0, v): negatives become 0, the rest stay as they are
            "sigmoid"     1 / (1 + e**(-v)): squashes any v into the range 0 to 1
            "tanh"        the hyperbolic tangent: squashes any v into the range -1 to 1
            "leaky_relu"  v when v > 0, otherwise 0.01 * v

    Returns:
        A nested list of Python floats with the same shape as x.

    Examples:
        >>> activation([-2, 0, 3], "relu")
        [0.0, 0.0, 3.0]
        >>> activation([-100, 0, 5], "leaky_relu")
        [-1.0, 0.0, 5.0]
    """
    # float32: exp and tanh need a floating-point tensor, and the caller wants floats back.
    # Everything below builds a new tensor, so the caller's data is never touched.
    t = torch.tensor(x, dtype=torch.float32)
    if method == "relu":
        # clamp(min=0) raises every negative to 0 and leaves the rest alone: max(0, v) for
        # each element (torch.relu does the same). Python's own max(0, t) would not work:
        # it asks whether the whole tensor is > 0, which has no single answer.
        result = torch.clamp(t, min=0.0)
    elif method == "sigmoid":
        # The brackets matter: the whole of 1 + exp(-t) is the denominator. Without them,
        # 1 / 1 + torch.exp(-t) is (1 / 1) + exp(-t), which is 2.0 at t = 0.
        # This form is also safe for large |t|: exp(-t) may overflow to inf, and 1 / inf is
        # 0.0. The form exp(t) / (1 + exp(t)) would be inf / inf = nan for large t.
        # torch.sigmoid(t) gives the same values.
        result = 1 / (1 + torch.exp(-t))
    elif method == "tanh":
        # torch.tanh is built in and stays finite for any input (it tends to -1 and 1).
        result = torch.tanh(t)
    elif method == "leaky_relu":
        # torch.where picks per element: where t > 0 keep t, elsewhere take 0.01 * t. The
        # small slope keeps negative inputs alive instead of flattening them to 0 like relu.
        # Positives must not be scaled, and the slope is 0.01, not 0.1.
        result = torch.where(t > 0, t, 0.01 * t)
    else:
        raise ValueError(f"unknown method {method!r}: expected relu, sigmoid, tanh or leaky_relu")
    return result.tolist()
