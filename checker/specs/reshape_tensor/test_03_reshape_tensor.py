"""Kata 03 reshape_tensor: flatten, squeeze every size-1 dimension, transpose a matrix."""

import pytest
import torch

from checker.specs.api import expect_floats, known, known_errors
from checker.specs.reshape_tensor import mistakes as own

pytestmark = known_errors(known.VIEW_AFTER_TRANSPOSE)

EXAMPLES = [
    ([[1, 2, 3], [4, 5, 6]], "flatten"),
    ([[[1, 2]], [[3, 4]]], "flatten"),
    ([[[1], [2], [3]]], "squeeze"),
    ([[1, 2], [3, 4]], "squeeze"),
    ([[1, 2, 3], [4, 5, 6]], "transpose"),
    ([[7, 8]], "transpose"),
]


def _numbered(shape: tuple[int, ...], start: int) -> list:
    """Distinct values, so a wrong order of the numbers always shows."""
    return torch.arange(start, start + torch.Size(shape).numel(), dtype=torch.float32).reshape(shape).tolist()


def _check(kata, x: list, op: str) -> None:
    t = torch.tensor(x, dtype=torch.float32)
    suspects = []
    if op == "transpose":
        expected = t.T
        suspects.append((own.RESHAPE_FOR_TRANSPOSE, t.reshape(t.shape[1], t.shape[0]).tolist()))
    elif op == "squeeze":
        expected = torch.squeeze(t)
        for dim in range(t.dim()):
            if t.shape[dim] == 1:
                suspects.append((own.SQUEEZE_ONE_DIM, t.squeeze(dim).tolist()))
    else:
        expected = torch.flatten(t)
    expect_floats(kata.call("reshape_tensor", x, op), expected.tolist(), suspects=suspects)


@pytest.mark.parametrize("x, op", EXAMPLES, ids=[f"{op}-{i}" for i, (_, op) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, x, op):
    _check(kata, x, op)


def test_flatten_keeps_the_reading_order(kata, rng):
    shape = (rng.randint(2, 3), rng.randint(2, 3), rng.randint(1, 3))
    _check(kata, _numbered(shape, rng.randint(0, 50)), "flatten")


@pytest.mark.parametrize("shape", [(1, 4, 1), (2, 1, 3, 1), (1, 1, 5)], ids=["1x4x1", "2x1x3x1", "1x1x5"])
def test_squeeze_drops_every_size_one_dimension(kata, rng, shape):
    _check(kata, _numbered(shape, rng.randint(0, 50)), "squeeze")


@pytest.mark.parametrize("case", range(2))
def test_transpose_swaps_rows_and_columns(kata, rng, case):
    rows = rng.randint(2, 4)
    columns = rng.choice([c for c in range(2, 6) if c != rows])  # non-square: reshape cannot pass
    _check(kata, _numbered((rows, columns), rng.randint(0, 50)), "transpose")


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    op = rng.choice(["flatten", "squeeze", "transpose"])
    if op == "transpose":
        shape = (rng.randint(1, 4), rng.randint(1, 4))
    elif op == "squeeze":
        shape = tuple(rng.choice([1, rng.randint(2, 4)]) for _ in range(3)) + (rng.randint(2, 3),)
    else:
        shape = tuple(rng.randint(1, 3) for _ in range(rng.randint(2, 3)))
    _check(kata, _numbered(shape, rng.randint(-20, 20)), op)
