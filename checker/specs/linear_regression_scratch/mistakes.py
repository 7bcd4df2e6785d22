"""Kata 09 linear_regression_scratch: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

NN_IN_SCRATCH = mistake(
    "nn_in_scratch",
    "This kata is linear regression by hand, but your loop used `torch.nn` or `torch.optim`.",
    "Make w and b yourself with `torch.tensor(0.0, requires_grad=True)`, write the MSE as "
    "`((y_hat - y) ** 2).mean()` and update under `torch.no_grad()`.",
)

UPDATE_WITHOUT_NO_GRAD = mistake(
    "update_without_no_grad",
    "The parameters were updated in place while autograd was still recording.",
    "Wrap the update in `with torch.no_grad():` and keep it in place: `w -= lr * w.grad`.",
    "a leaf Variable that requires grad is being used in an in-place operation",
)

OUT_OF_PLACE_UPDATE = mistake(
    "out_of_place_update",
    "`w = w - lr * w.grad` makes a new tensor, so on the next step `w.grad` is None.",
    "Update in place under `torch.no_grad()`: `w -= lr * w.grad`.",
    "unsupported operand type(s) for *: 'float' and 'NoneType'",
    "unsupported operand type(s) for *: 'NoneType'",
    "'NoneType' object has no attribute 'zero_'",
)
