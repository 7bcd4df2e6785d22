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
    # float32 for both: torch will not multiply an int64 tensor (whole-number input) with a float one.
    a = torch.tensor(A, dtype=torch.float32)
    b = torch.tensor(B, dtype=torch.float32)
    # bmm reads dimension 0 as the batch and does one (n, k) @ (k, m) product per index: the loop over
    # the pairs runs inside torch. Both sides must be 3-D with the same batch size; bmm never broadcasts.
    products = torch.bmm(a, b)
    # One .tolist() on the whole (b, n, m) tensor gives nested Python floats all the way down.
    return products.tolist()


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
    x = torch.tensor(X, dtype=torch.float32)
    w = torch.tensor(W, dtype=torch.float32)
    # @ (torch.matmul) multiplies the last two dimensions as matrices and broadcasts the ones before:
    # w has no batch dimension, so the same (k, m) matrix meets each of the b matrices of x, without a
    # copy of w per matrix. torch.bmm(x, w) would refuse, since it wants two 3-D stacks.
    return (x @ w).tolist()


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
    a = torch.tensor(A, dtype=torch.float32)
    b = torch.tensor(B, dtype=torch.float32)
    # One letter per dimension: i rows of a, j columns of a and rows of b, k columns of b. j appears in
    # both inputs and not after "->", so einsum multiplies along j and adds those products up; i and k
    # are kept, in that order, so the result is (n, m) like a @ b.
    return torch.einsum("ij,jk->ik", a, b).tolist()


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
    a = torch.tensor(A, dtype=torch.float32)
    b = torch.tensor(B, dtype=torch.float32)
    # The batch letter b is in both inputs and in the output: einsum walks the pairs side by side and
    # keeps one result per pair. Left out after "->", it would be summed over like j, adding the b
    # products into one matrix; given another letter on B, every A would meet every B.
    return torch.einsum("bij,bjk->bik", a, b).tolist()
