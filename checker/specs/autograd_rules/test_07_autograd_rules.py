"""Kata 07 autograd_rules: gradients accumulate, vector outputs need weights, detach cuts the graph."""

import pytest
import torch

from checker.specs.api import (
    TensorValue,
    expect_backward_ran,
    expect_floats,
    expect_true,
    known,
    known_errors,
    random_floats,
)
from checker.specs.autograd_rules import mistakes as own

pytestmark = known_errors(
    known.INTEGER_REQUIRES_GRAD,
    own.BACKWARD_TWICE,
    own.BACKWARD_WITHOUT_WEIGHTS,
    own.NOTHING_REQUIRES_GRAD,
)

EXAMPLES = [
    ("accumulated_grad", (3.0, 1)),
    ("accumulated_grad", (3.0, 4)),
    ("accumulated_grad", (-1.5, 2)),
    ("vector_grad", ([1.0, 2.0, 3.0], [1.0, 1.0, 1.0])),
    ("vector_grad", ([1.0, 2.0, 3.0], [0.5, 0.0, -1.0])),
    ("vector_grad", ([[1, -2], [0.5, 3]], [[1, 1], [2, 0.1]])),
    ("frozen_grad", ([1.0, 2.0, 3.0],)),
    ("frozen_grad", ([-0.5, 4],)),
    ("frozen_grad", ([[2, -3], [0, 1.5]],)),
]


def _leaf(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32, requires_grad=True)


def _expect_autograd_ran(answer, passes: int = 1) -> None:
    expect_backward_ran(
        answer,
        passes,
        never=("The answer is right, but `backward()` never ran.", own.FORMULA_NOT_AUTOGRAD),
        too_few=(
            "The answer is right, but `backward()` ran {calls} time(s), not once per pass ({passes}).",
            own.TOO_FEW_BACKWARD_PASSES,
        ),
    )


def _check_accumulated(kata, value, times: int) -> None:
    x = _leaf(float(value))
    for _ in range(times):
        (x**2).backward()
    once = _leaf(float(value))
    (once**2).backward()
    answer = kata.call("accumulated_grad", value, times)
    is_tensor = isinstance(answer.value, TensorValue)
    expect_true(not is_tensor, answer, "You returned a tensor, not a Python float.", known.TENSOR_NOT_FLOAT)
    expect_floats(answer, x.grad.item(), suspects=[(own.GRAD_ZEROED, once.grad.item())])
    _expect_autograd_ran(answer, passes=times)


def _check_vector(kata, values: list, weights: list) -> None:
    x = _leaf(values)
    w = torch.tensor(weights, dtype=torch.float32)
    (x**2).backward(w)
    unweighted = _leaf(values)
    (unweighted**2).sum().backward()
    plain = x.detach()
    suspects = [
        (own.WEIGHTS_IGNORED, unweighted.grad.tolist()),
        (known.RETURNED_FUNCTION_VALUE, (plain**2).tolist()),
        (known.RETURNED_FUNCTION_VALUE, (w * plain**2).tolist()),
    ]
    answer = kata.call("vector_grad", values, weights)
    expect_floats(answer, x.grad.tolist(), suspects=suspects)
    _expect_autograd_ran(answer)


def _check_frozen(kata, values: list) -> None:
    x = _leaf(values)
    (x * x.detach()).sum().backward()
    tracked_twice = _leaf(values)
    (tracked_twice * tracked_twice).sum().backward()
    suspects = [
        (own.NOT_DETACHED, tracked_twice.grad.tolist()),
        (known.RETURNED_FUNCTION_VALUE, (x.detach() ** 2).tolist()),
    ]
    answer = kata.call("frozen_grad", values)
    expect_floats(answer, x.grad.tolist(), suspects=suspects)
    _expect_autograd_ran(answer)


CHECKS = {"accumulated_grad": _check_accumulated, "vector_grad": _check_vector, "frozen_grad": _check_frozen}


def _value(rng) -> float:
    return rng.choice([-1, 1]) * round(rng.uniform(0.5, 5), 2)  # never 0, where every pass adds nothing


def _grid(rng, shape: tuple[int, ...], low: float = -4, high: float = 4) -> list:
    count = shape[0] * (shape[1] if len(shape) > 1 else 1)
    return torch.tensor(random_floats(rng, count, low, high)).reshape(shape).tolist()


@pytest.mark.parametrize("function, args", EXAMPLES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, function, args):
    CHECKS[function](kata, *args)


@pytest.mark.parametrize("case", range(2))
def test_accumulated_grad_adds_every_pass(kata, rng, case):
    _check_accumulated(kata, _value(rng), rng.randint(2, 7))


def test_accumulated_grad_of_a_whole_number(kata, rng):
    _check_accumulated(kata, rng.choice([-3, -2, 2, 3, 4]), rng.randint(2, 5))


@pytest.mark.parametrize("case", range(2))
def test_vector_grad_weights_each_element(kata, rng, case):
    count = rng.randint(3, 6)
    weights = random_floats(rng, count, -2, 2, digits=1)
    weights[rng.randrange(count)] = 0.0
    _check_vector(kata, random_floats(rng, count), weights)


def test_vector_grad_on_a_matrix(kata, rng):
    shape = (rng.randint(2, 3), rng.randint(2, 4))
    _check_vector(kata, _grid(rng, shape), _grid(rng, shape, -2, 2))


def test_vector_grad_of_whole_numbers(kata, rng):
    count = rng.randint(3, 5)
    _check_vector(kata, [rng.randint(-5, 5) for _ in range(count)], [rng.randint(-3, 3) for _ in range(count)])


@pytest.mark.parametrize("case", range(2))
def test_frozen_grad_treats_the_detached_copy_as_a_constant(kata, rng, case):
    shape = rng.choice([(rng.randint(2, 6),), (rng.randint(2, 3), rng.randint(2, 3))])
    _check_frozen(kata, _grid(rng, shape))


def test_frozen_grad_of_whole_numbers(kata, rng):
    _check_frozen(kata, [rng.randint(-6, 6) for _ in range(rng.randint(2, 5))])


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    function = rng.choice(sorted(CHECKS))
    if function == "accumulated_grad":
        _check_accumulated(kata, _value(rng), rng.randint(1, 6))
    elif function == "vector_grad":
        count = rng.randint(1, 6)
        _check_vector(kata, random_floats(rng, count), random_floats(rng, count, -3, 3))
    else:
        _check_frozen(kata, random_floats(rng, rng.randint(1, 6)))
