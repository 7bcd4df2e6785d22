"""Kata 01 create_tensor: zeros, ones or a fill value, returned as nested Python lists."""

import pytest
import torch

from checker.specs.api import expect_floats

METHODS = ("zeros", "ones", "full")


def _trusted(method: str, shape: list[int], value: float) -> list:
    maker = {"zeros": lambda: torch.zeros(shape), "ones": lambda: torch.ones(shape)}
    tensor = maker[method]() if method in maker else torch.full(shape, value, dtype=torch.float32)
    return tensor.tolist()


@pytest.mark.parametrize(
    "method, shape, value",
    [("zeros", [2, 3], None), ("ones", [3], None), ("full", [2, 2], 2.5), ("full", [1, 3], -1.5)],
    ids=["zeros-2x3", "ones-3", "full-2x2-2.5", "full-1x3-minus-1.5"],
)
def test_readme_example(kata, method, shape, value):
    args = (method, shape) if value is None else (method, shape, value)
    expect_floats(kata.call("create_tensor", *args), _trusted(method, shape, value or 0.0))


def test_whole_number_fill_value(kata):
    # torch.full infers an integer dtype from an int fill value; the README warns about it.
    expect_floats(kata.call("create_tensor", "full", [2], 3), [3.0, 3.0])


@pytest.mark.parametrize("method", METHODS)
def test_three_dimensional_shape(kata, rng, method):
    shape = [rng.randint(1, 3), rng.randint(2, 4), rng.randint(1, 3)]
    value = round(rng.uniform(-9, 9), 2)
    expect_floats(kata.call("create_tensor", method, shape, value), _trusted(method, shape, value))


@pytest.mark.parametrize("case", range(4))
def test_hidden_case(kata, rng, case):
    method = rng.choice(METHODS)
    shape = [rng.randint(1, 4) for _ in range(rng.randint(1, 3))]
    value = round(rng.uniform(-100, 100), 3)
    expect_floats(kata.call("create_tensor", method, shape, value), _trusted(method, shape, value))
