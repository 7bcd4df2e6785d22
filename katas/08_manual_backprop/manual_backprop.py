"""Kata 08: compute the gradients of a linear layer's loss by hand, with matrix operations and no autograd."""

import torch


def sum_loss_grads(X: list, W: list, b: list) -> tuple[list, list]:
    """Gradients of L = sum(X @ W + b) with respect to W and b, without autograd.

    Args:
        X: inputs, N rows of D numbers (shape (N, D)).
        W: weights, D rows of K numbers (shape (D, K)).
        b: bias, K numbers (shape (K,)).

    Returns:
        (grad_W, grad_b): grad_W is a list of D rows of K Python floats (the shape of W),
        grad_b a list of K Python floats (the shape of b).

    Example:
        >>> sum_loss_grads([[1, 2], [3, 4]], [[1, 0], [0, 1]], [0, 0])
        ([[4.0, 4.0], [6.0, 6.0]], [2.0, 2.0])
    """
    # TODO: dL/dY_hat is all ones; grad_W = X.T @ dL/dY_hat; grad_b = dL/dY_hat summed over the rows
    raise NotImplementedError("Kata 08: replace this line with your code (see katas/08_manual_backprop/README.md)")


def mse_loss_grads(X: list, W: list, b: list, Y: list) -> tuple[list, list]:
    """Gradients of L = mean((X @ W + b - Y) ** 2) with respect to W and b, without autograd.

    The mean runs over all N * K elements of the (N, K) prediction.

    Args:
        X: inputs, shape (N, D).
        W: weights, shape (D, K).
        b: bias, shape (K,).
        Y: targets, shape (N, K).

    Returns:
        (grad_W, grad_b) as nested lists of Python floats, shaped like W and like b.

    Example:
        >>> mse_loss_grads([[1.0], [2.0], [3.0]], [[2.0]], [1.0], [[2.0], [5.0], [7.0]])
        ([[0.6666666865348816]], [0.6666666865348816])
    """
    # TODO: forward pass, then dL/dY_hat = 2 * (Y_hat - Y) / (N * K), then the same two lines as above
    raise NotImplementedError("Kata 08: replace this line with your code (see katas/08_manual_backprop/README.md)")
