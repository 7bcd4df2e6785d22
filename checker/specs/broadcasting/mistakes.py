"""Kata 06 broadcasting: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

MEAN_OVER_ROWS = mistake(
    "mean_over_rows",
    "You averaged across each row (`mean(dim=1)`), so the means subtracted are the rows' means, not the columns'.",
    "Average down the rows instead: `t - t.mean(dim=0, keepdim=True)` gives one mean per column, shape (1, D).",
    "must match the size of tensor b",
)

GRAND_MEAN = mistake(
    "grand_mean",
    "You subtracted one mean of the whole matrix (`t.mean()`), not one mean per column.",
    "Say which axis to average: `t.mean(dim=0, keepdim=True)` gives one mean per column.",
)

GREATER_OR_EQUAL = mistake(
    "greater_or_equal",
    "You kept the values equal to the threshold too: that is `>=`, and the task says strictly greater.",
    "Compare with `>`: `t[t > threshold]`.",
)

RETURNED_MASK = mistake(
    "returned_mask",
    "You returned the True/False mask itself, not the values it selects.",
    "Use the mask as an index: `t[t > threshold].tolist()` keeps only the values where it is True.",
)

MASK_MULTIPLIED = mistake(
    "mask_multiplied",
    "Multiplying by the mask kept every position and put 0 where the mask is False.",
    "Index with the mask instead: `t[t > threshold]` keeps only the selected values, as one flat list.",
)
