"""Kata 04 compute_gradient: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

BACKWARD_NON_SCALAR = mistake(
    "backward_non_scalar",
    "`backward()` was called on a tensor with more than one value.",
    "Reduce to a single number first: `(x**3 + 2*x).sum().backward()`.",
    "grad can be implicitly created only for scalar outputs",
)

DERIVATIVE_BY_HAND = mistake(
    "derivative_by_hand",
    "The gradient is right, but autograd never ran: it was computed by hand.",
    "This kata is about autograd: make x with `requires_grad=True`, call `.backward()` on a scalar, return `x.grad`.",
)

MEAN_FOR_SUM = mistake(
    "mean_for_sum",
    "You reduced with `.mean()` where the sum was asked for: every slope came out divided by the number of values.",
    "Add the values up before `backward()`: `(x**3 + 2*x).sum().backward()` gives each x its own slope 3x² + 2.",
)
