"""Kata 08 manual_backprop: a linear layer's gradients by hand, checked against the judge's own autograd."""

from dataclasses import replace

import pytest
import torch

from checker.specs.api import (
    WrongAnswer,
    expect_floats,
    expect_true,
    known,
    known_errors,
    random_floats,
    shape_of,
)
from checker.specs.manual_backprop import mistakes as own

pytestmark = known_errors(own.X_NOT_TRANSPOSED, known.ELEMENTWISE_FOR_MATMUL, known.INTEGER_TENSOR)
TOLERANCE = 1e-4  # float32 matrix products, summed in another order than autograd's

EXAMPLES = [
    ("sum_loss_grads", ([[1, 2], [3, 4]], [[1, 0], [0, 1]], [0, 0])),
    ("sum_loss_grads", ([[1.0, -1.0, 2.0]], [[0.5], [1.0], [-1.0]], [0.0])),
    ("sum_loss_grads", ([[1, 2], [3, 4], [5, 6]], [[1, -1, 0], [2, 0, 1]], [0.5, 0, -1])),
    ("mse_loss_grads", ([[1, 2], [3, 4]], [[1, 0], [0, 1]], [0, 0], [[1, 2], [3, 4]])),
    ("mse_loss_grads", ([[1, 2], [3, 4]], [[1, 0], [0, 1]], [0, 0], [[0, 0], [0, 0]])),
    ("mse_loss_grads", ([[1.0], [2.0], [3.0]], [[2.0]], [1.0], [[2.0], [5.0], [7.0]])),
]


def _floats(values: list) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32)


def _trusted(X: torch.Tensor, W: list, b: list, Y: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
    """What autograd gives for W and b: the answer the learner must reproduce by hand."""
    W, b = _floats(W).requires_grad_(), _floats(b).requires_grad_()
    Y_hat = X @ W + b
    loss = Y_hat.sum() if Y is None else ((Y_hat - Y) ** 2).mean()
    loss.backward()
    return W.grad, b.grad


def _wrong_loss_gradients(Y_hat: torch.Tensor, Y: torch.Tensor | None) -> list:
    """dL/dY_hat as the classic slips in the MSE derivative compute it."""
    if Y is None:
        return []
    diff, rows, count = Y_hat - Y, Y_hat.shape[0], Y_hat.numel()
    return [
        (own.MSE_DIVIDED_BY_ROWS, 2 * diff / rows),
        (own.MSE_NOT_AVERAGED, 2 * diff),
        (own.MSE_MISSING_TWO, diff / count),
        (own.MSE_SIGN_FLIPPED, -2 * diff / count),
    ]


def _suspects(X: torch.Tensor, W: list, b: list, Y: torch.Tensor | None) -> tuple[list, list]:
    Y_hat = X @ _floats(W) + _floats(b)
    grad_Y = torch.ones_like(Y_hat) if Y is None else 2 * (Y_hat - Y) / Y_hat.numel()
    for_W = [(mistake, (X.T @ wrong).tolist()) for mistake, wrong in _wrong_loss_gradients(Y_hat, Y)]
    for_b = [(mistake, wrong.sum(dim=0).tolist()) for mistake, wrong in _wrong_loss_gradients(Y_hat, Y)]
    for_W.append((own.GRAD_W_TRANSPOSED, (grad_Y.T @ X).tolist()))
    # These two only run at all for some shapes (N == D, say); elsewhere the error names them.
    for_W += _if_it_runs(own.X_NOT_TRANSPOSED, lambda: X @ grad_Y)
    for_W += _if_it_runs(known.ELEMENTWISE_FOR_MATMUL, lambda: X.T * grad_Y)
    for_b += [
        (known.BIAS_GRAD_NOT_SUMMED, grad_Y.tolist()),
        (own.BIAS_GRAD_WRONG_SUM, grad_Y.sum(dim=1).tolist()),
        (own.BIAS_GRAD_WRONG_SUM, grad_Y.sum().item()),
        (own.BIAS_GRAD_WRONG_SUM, grad_Y.mean(dim=0).tolist()),
    ]
    return for_W, for_b


def _if_it_runs(mistake, compute) -> list:
    try:
        return [(mistake, compute().tolist())]
    except RuntimeError:
        return []


def _check(kata, function: str, X: list, W: list, b: list, Y: list | None = None) -> None:
    X_t, Y_t = _floats(X), None if Y is None else _floats(Y)
    grad_W, grad_b = _trusted(X_t, W, b, Y_t)
    suspects_W, suspects_b = _suspects(X_t, W, b, Y_t)
    answer = kata.call(function, X, W, b, *([] if Y is None else [Y]))
    expect_true(
        answer.probes.get("autograd_calls", 0) == 0,
        answer,
        "Your code called autograd (`backward()` or `torch.autograd`); here the gradients are yours to derive.",
        known.AUTOGRAD_USED,
    )
    expect_true(not answer.changed_args, answer, "Your function changed its input.", known.INPUT_MODIFIED)
    value = answer.value
    expect_true(value is not None, answer, "Your function returned None.", known.MISSING_RETURN)
    is_pair_list = type(value) is list and len(value) == 2 and [len(shape_of(part)) for part in value] == [2, 1]
    expect_true(not is_pair_list, answer, "You returned a list; the task asks for a tuple.", own.LIST_NOT_TUPLE)
    is_pair = type(value) is tuple and len(value) == 2
    expect_true(is_pair, answer, "Return a tuple of two things: (grad_W, grad_b).")
    _expect_part(answer, 0, "grad_W (the first item)", grad_W.tolist(), suspects_W)
    _expect_part(answer, 1, "grad_b (the second item)", grad_b.tolist(), suspects_b)


def _expect_part(answer, index: int, name: str, expected: list, suspects: list) -> None:
    try:
        expect_floats(replace(answer, value=answer.value[index]), expected, tolerance=TOLERANCE, suspects=suspects)
    except WrongAnswer as wrong:
        raise WrongAnswer(f"In {name}: {wrong.message}", mistake=wrong.mistake, details=wrong.details) from None


def _problem(rng, rows: int, inputs: int, outputs: int, mse: bool, whole: bool = False) -> tuple[list, ...]:
    def matrix(n: int, m: int) -> list:
        return [[rng.randint(-4, 4) for _ in range(m)] if whole else random_floats(rng, m, -3, 3, 1) for _ in range(n)]

    X, W, b = matrix(rows, inputs), matrix(inputs, outputs), matrix(1, outputs)[0]
    return (X, W, b, matrix(rows, outputs)) if mse else (X, W, b)


def _distinct_sizes(rng) -> tuple[int, int, int]:
    """N, D, K all different: X is not square, and rows cannot be mistaken for columns."""
    outputs = rng.randint(2, 4)  # K > 1, or dividing by N would equal dividing by N * K
    rows, inputs = rng.sample([n for n in range(1, 6) if n != outputs], 2)
    return rows, inputs, outputs


@pytest.mark.parametrize("function, args", EXAMPLES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, function, args):
    _check(kata, function, *args)


@pytest.mark.parametrize("case", range(2))
def test_sum_loss_on_distinct_sizes(kata, rng, case):
    _check(kata, "sum_loss_grads", *_problem(rng, *_distinct_sizes(rng), mse=False))


@pytest.mark.parametrize("case", range(2))
def test_mse_loss_averages_over_every_entry(kata, rng, case):
    _check(kata, "mse_loss_grads", *_problem(rng, *_distinct_sizes(rng), mse=True))


@pytest.mark.parametrize("function", ["sum_loss_grads", "mse_loss_grads"])
def test_square_shapes_still_need_x_transposed(kata, rng, function):
    size = rng.randint(2, 4)  # here X @ grad_Y runs without an error, so the values must show it
    _check(kata, function, *_problem(rng, size, size, size, mse=function == "mse_loss_grads"))


@pytest.mark.parametrize("function", ["sum_loss_grads", "mse_loss_grads"])
def test_whole_number_inputs(kata, rng, function):
    _check(kata, function, *_problem(rng, *_distinct_sizes(rng), mse=function == "mse_loss_grads", whole=True))


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    function = rng.choice(["sum_loss_grads", "mse_loss_grads"])
    sizes = (rng.randint(1, 5), rng.randint(1, 4), rng.randint(1, 4))
    _check(kata, function, *_problem(rng, *sizes, mse=function == "mse_loss_grads"))
