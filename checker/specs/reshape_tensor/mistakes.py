"""Kata 03 reshape_tensor: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

RESHAPE_FOR_TRANSPOSE = mistake(
    "reshape_for_transpose",
    "You reshaped where a transpose was asked for: the shape is right, the order of the numbers is not.",
    "Use `t.T` (or `t.transpose(0, 1)`): reshape keeps the reading order, transpose swaps rows and columns.",
)

SQUEEZE_ONE_DIM = mistake(
    "squeeze_one_dim",
    "Your squeeze dropped only one of the size-1 dimensions.",
    "Call `torch.squeeze(t)` with no dim to drop every size-1 dimension.",
)
