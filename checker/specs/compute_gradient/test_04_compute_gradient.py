"""Kata 04 compute_gradient: d/dx of sum(x**3 + 2x), computed by autograd."""

import pytest
import torch

from checker.specs.api import expect_floats, expect_true, known, known_errors, random_floats
from checker.specs.compute_gradient import mistakes as own

pytestmark = known_errors(known.INTEGER_REQUIRES_GRAD, own.BACKWARD_NON_SCALAR)

EXAMPLES = [[1, 2, 3], [0], [-1, 0.5], [-2.0, 10]]


def _check(kata, values: list) -> None:
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    (x**3 + 2 * x).sum().backward()
    plain = x.detach()
    suspects = [(known.RETURNED_FUNCTION_VALUE, (plain**3 + 2 * plain).tolist())]
    if len(values) > 1:  # with one value the mean is the sum
        suspects.append((own.MEAN_FOR_SUM, (x.grad / len(values)).tolist()))
    answer = kata.call("compute_gradient", values)
    expect_floats(answer, x.grad.tolist(), suspects=suspects)
    expect_true(
        answer.probes.get("autograd_calls", 0) > 0,
        answer,
        "The gradient is right, but `.backward()` never ran.",
        own.DERIVATIVE_BY_HAND,
    )


@pytest.mark.parametrize("values", EXAMPLES, ids=[str(v) for v in EXAMPLES])
def test_readme_example(kata, values):
    _check(kata, values)


@pytest.mark.parametrize("case", range(3))
def test_hidden_floats(kata, rng, case):
    _check(kata, random_floats(rng, rng.randint(1, 6)))


def test_integer_inputs_still_give_float_gradients(kata, rng):
    _check(kata, [rng.randint(-5, 5) for _ in range(4)])


def test_same_answer_when_called_twice(kata, rng):
    values = random_floats(rng, 3)
    _check(kata, values)
    _check(kata, values)  # a gradient kept between calls would now be doubled
