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
    X = torch.tensor(X, dtype=torch.float32)
    W = torch.tensor(W, dtype=torch.float32)
    # Plain tensors, no requires_grad: every derivative below is written out by us.
    # L adds up every entry of Y_hat (shape (N, K)), so nudging any one entry by e moves L by e:
    # dL/dY_hat is a matrix of ones. Its shape comes from X's rows and W's columns.
    grad_Y = torch.ones(X.shape[0], W.shape[1])
    # Chain rule through Y_hat = X @ W + b. Entry W[d, k] touches Y_hat[n, k] through X[n, d]
    # for every row n, so dL/dW[d, k] = sum_n X[n, d] * grad_Y[n, k]: that is X.T @ grad_Y, (D, K).
    grad_W = X.T @ grad_Y
    # b[k] is added to every row of column k (broadcasting), so its gradient sums column k.
    grad_b = grad_Y.sum(dim=0)
    return grad_W.tolist(), grad_b.tolist()


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
    X = torch.tensor(X, dtype=torch.float32)
    W = torch.tensor(W, dtype=torch.float32)
    b = torch.tensor(b, dtype=torch.float32)
    Y = torch.tensor(Y, dtype=torch.float32)
    # This loss depends on the prediction's values, so run the forward pass first.
    Y_hat = X @ W + b
    # L = (1 / (N*K)) * sum((Y_hat - Y) ** 2). Each squared term has derivative 2 * (Y_hat - Y),
    # and the mean divides by the number of terms: all N * K of them, not just the N rows.
    grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()
    # From here on it is the same chain rule as sum_loss_grads: only dL/dY_hat changed.
    grad_W = X.T @ grad_Y
    grad_b = grad_Y.sum(dim=0)
    return grad_W.tolist(), grad_b.tolist()
