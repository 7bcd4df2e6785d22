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
    # TODO: make a float tensor, apply the function `method` names, return a list.
    raise NotImplementedError("Kata 05: replace this line with your code (see katas/05_activation/README.md)")
