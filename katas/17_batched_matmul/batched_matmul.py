"""Kata 17: many matrix products at once, with torch.bmm, @ over a batch, and torch.einsum."""

import torch


def batch_products(A: list, B: list) -> list:
    """Multiply two stacks of matrices pair by pair: A[i] times B[i], for every i.

    Args:
        A: b matrices of shape (n, k), as a nested list of shape (b, n, k); ints or floats.
        B: b matrices of shape (k, m), as a nested list of shape (b, k, m); same b, same k.

    Returns:
        A nested list of Python floats, shape (b, n, m): entry [i] is the matrix product
        A[i] @ B[i].

    Example:
        >>> batch_products([[[1, 2, 3]], [[1, 0, -1]]], [[[1, 0], [0, 1], [1, 1]], [[2, 3], [4, 5], [6, 7]]])
        [[[4.0, 5.0]], [[-4.0, -4.0]]]
    """
    # TODO: make float tensors of A and B, multiply them pair by pair with torch.bmm (or @), return a list
    raise NotImplementedError("Kata 17: replace this line with your code (see katas/17_batched_matmul/README.md)")


def shared_weights(X: list, W: list) -> list:
    """Multiply every matrix of a batch by the same matrix W.

    Args:
        X: b matrices of shape (n, k), as a nested list of shape (b, n, k); ints or floats.
        W: one matrix of shape (k, m), as a nested list.

    Returns:
        A nested list of Python floats, shape (b, n, m): entry [i] is X[i] @ W.

    Example:
        >>> shared_weights([[[1, 2]], [[3, 4]], [[5, 6]]], [[1, 0, 1], [0, 1, 1]])
        [[[1.0, 2.0, 3.0]], [[3.0, 4.0, 7.0]], [[5.0, 6.0, 11.0]]]
    """
    # TODO: make float tensors, multiply the batch by W with @ (it broadcasts W over the batch), return a list
    raise NotImplementedError("Kata 17: replace this line with your code (see katas/17_batched_matmul/README.md)")


def einsum_matmul(A: list, B: list) -> list:
    """The matrix product of A and B, written as an einsum equation.

    Args:
        A: a matrix of shape (n, k), as a nested list; ints or floats.
        B: a matrix of shape (k, m), as a nested list.

    Returns:
        A nested list of Python floats, shape (n, m): the same numbers as A @ B, computed with
        torch.einsum.

    Example:
        >>> einsum_matmul([[1, 2, 3], [4, 5, 6]], [[1, 0], [0, 1], [1, 1]])
        [[4.0, 5.0], [10.0, 11.0]]
    """
    # TODO: make float tensors, write the product as torch.einsum("...", a, b), return a list
    raise NotImplementedError("Kata 17: replace this line with your code (see katas/17_batched_matmul/README.md)")


def einsum_batched(A: list, B: list) -> list:
    """Two stacks of matrices multiplied pair by pair, written as an einsum equation.

    Args:
        A: b matrices of shape (n, k), as a nested list of shape (b, n, k); ints or floats.
        B: b matrices of shape (k, m), as a nested list of shape (b, k, m); same b, same k.

    Returns:
        A nested list of Python floats, shape (b, n, m): the same numbers as torch.bmm, computed
        with torch.einsum.

    Example:
        >>> einsum_batched([[[1, 2]], [[0, 1]]], [[[3], [4]], [[5], [6]]])
        [[[11.0]], [[6.0]]]
    """
    # TODO: the same as einsum_matmul with a batch letter in every part of the equation
    raise NotImplementedError("Kata 17: replace this line with your code (see katas/17_batched_matmul/README.md)")
