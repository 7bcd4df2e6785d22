"""Kata 08 manual_backprop: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

LIST_NOT_TUPLE = mistake(
    "list_not_tuple",
    "You returned a list `[grad_W, grad_b]`; the task asks for a tuple.",
    "Return the two with a comma: `return grad_W.tolist(), grad_b.tolist()` makes a tuple.",
)

MSE_DIVIDED_BY_ROWS = mistake(
    "mse_divided_by_rows",
    "Your MSE gradient divides by N, the number of rows, so it is K times too big.",
    "`.mean()` averages all N * K entries: `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)

MSE_NOT_AVERAGED = mistake(
    "mse_not_averaged",
    "Your MSE gradient is N * K times too big: the division of the mean is missing.",
    "The loss is a mean over all N * K entries: `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)

MSE_MISSING_TWO = mistake(
    "mse_missing_two",
    "Your gradients are half the size they should be: the 2 from the derivative of a square is missing.",
    "The derivative of (y - t)**2 is 2 * (y - t): `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)

MSE_SIGN_FLIPPED = mistake(
    "mse_sign_flipped",
    "Your gradients have the wrong sign: you differentiated with respect to Y instead of Y_hat.",
    "Take `Y_hat - Y`, not `Y - Y_hat`: `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)

BIAS_GRAD_WRONG_SUM = mistake(
    "bias_grad_wrong_sum",
    "grad_b must be dL/dY_hat added up down its rows, one total per column; yours was reduced another way "
    "(across the rows, over everything at once, or as a mean).",
    "b[k] is added to all N rows of column k, so each row contributes: `grad_b = grad_Y.sum(dim=0)`, shape (K,).",
)

X_NOT_TRANSPOSED = mistake(
    "x_not_transposed",
    "The shapes of a matrix product did not line up (with square inputs it runs but gives wrong numbers): "
    "the weight gradient needs X transposed.",
    "Let the shapes guide you: `grad_W = X.T @ grad_Y` is (D, N) @ (N, K), which gives (D, K) like W.",
    "cannot be multiplied",
)

GRAD_W_TRANSPOSED = mistake(
    "grad_w_transposed",
    "grad_W came out transposed: (K, D) instead of W's shape (D, K).",
    "Put X first: `grad_W = X.T @ grad_Y`.",
)
