"""Kata 05 activation: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

SIGMOID_PRECEDENCE = mistake(
    "sigmoid_precedence",
    "Operator precedence: `1 / 1 + torch.exp(-t)` is `1 + exp(-t)`, not a sigmoid.",
    "Put the whole denominator in brackets: `1 / (1 + torch.exp(-t))`, or use `torch.sigmoid(t)`.",
)

SIGMOID_SIGN = mistake(
    "sigmoid_sign",
    "Sign error in the sigmoid: `1 / (1 + torch.exp(t))` is sigmoid(-t), which falls where a sigmoid rises "
    "(near 1 for negative inputs, near 0 for positive ones).",
    "The exponent takes minus t: `1 / (1 + torch.exp(-t))`, or use `torch.sigmoid(t)`.",
)

LEAKY_SLOPE = mistake(
    "leaky_slope",
    "Leaky ReLU: the negative values are scaled by the wrong slope (or the positive ones were changed).",
    "Keep positives as they are and multiply negatives by 0.01: `torch.where(t > 0, t, 0.01 * t)`.",
)

RELU_FOR_LEAKY = mistake(
    "relu_for_leaky",
    "That is a plain ReLU: Leaky ReLU lets a little of the negatives through.",
    "Multiply negative values by 0.01 instead of setting them to zero.",
)

UNSTABLE_FORMULA = mistake(
    "unstable_formula",
    "Your formula overflowed to NaN for large inputs.",
    "Use `torch.sigmoid` / `torch.tanh`, or a form that never divides infinity by infinity.",
)
