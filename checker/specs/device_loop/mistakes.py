"""Kata 13 device_loop: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

TENSOR_NOT_MOVED = mistake(
    "tensor_not_moved",
    "`X.to(device)` returns a moved copy; the original stays where it was.",
    "Assign the result: `X, y = X.to(device), y.to(device)`.",
    "Expected all tensors to be on the same device",
)
