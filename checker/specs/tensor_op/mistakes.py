"""Kata 02 tensor_op: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

PYTHON_MAX = mistake(
    "python_max",
    "Python's built-in `max` cannot compare tensors position by position.",
    "Use `torch.maximum(a, b)` for the element-wise maximum.",
    "Boolean value of Tensor with more than one value is ambiguous",
)

GLOBAL_MAX = mistake(
    "global_max",
    "`torch.max(a)` reduced everything to one number.",
    "The element-wise maximum of two tensors is `torch.maximum(a, b)`.",
)

XOR_FOR_POWER = mistake(
    "xor_for_power",
    "`^` is bitwise XOR in Python, not a power.",
    "Raise to a power with `a ** b` or `torch.pow(a, b)`.",
    "bitwise_xor",
)
