"""Kata 02 tensor_op: element-wise add, multiply, power and max, and the matrix product."""

import pytest
import torch

from checker.specs.api import expect_floats, known, known_errors, random_floats
from checker.specs.tensor_op import mistakes as own

pytestmark = known_errors(own.PYTHON_MAX, known.ELEMENTWISE_FOR_MATMUL, own.XOR_FOR_POWER)

EXAMPLES = [
    ([1.5, 2, -3], [0.5, 1, 3], "add"),
    ([[1, 2], [3, 4]], [[5, 6], [7, 8]], "multiply"),
    ([[1, 2], [3, 4]], [[5, 6], [7, 8]], "matmul"),
    ([[1, 2, 3], [4, 5, 6]], [[1, 0], [0, 1], [1, 1]], "matmul"),
    ([2, 3, 4], [3, 2, 0.5], "power"),
    ([1, 5, 3], [4, 2, 6], "max"),
]
OPERATIONS = {
    "add": lambda a, b: a + b,
    "multiply": lambda a, b: a * b,
    "matmul": lambda a, b: a @ b,
    "power": lambda a, b: a**b,
    "max": torch.maximum,
}


def _tensor(values: list) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32)


def _check(kata, x: list, y: list, op: str) -> None:
    a, b = _tensor(x), _tensor(y)
    suspects = []
    if op == "matmul" and a.shape == b.shape:
        suspects.append((known.ELEMENTWISE_FOR_MATMUL, (a * b).tolist()))
    if op == "max":
        suspects.append((own.GLOBAL_MAX, torch.max(a).item()))
        suspects.append((own.GLOBAL_MAX, torch.max(b).item()))
        # Python's max on whole lists (or one-element tensors) hands back one input unchanged.
        suspects += [(own.PYTHON_MAX, a.tolist()), (own.PYTHON_MAX, b.tolist())]
    expect_floats(kata.call("tensor_op", x, y, op), OPERATIONS[op](a, b).tolist(), tolerance=1e-4, suspects=suspects)


def _matrix(rng, rows: int, columns: int) -> list[list[float]]:
    return [random_floats(rng, columns, -3, 3, digits=1) for _ in range(rows)]


@pytest.mark.parametrize("x, y, op", EXAMPLES, ids=[f"{op}-{i}" for i, (_, _, op) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, x, y, op):
    _check(kata, x, y, op)


@pytest.mark.parametrize("op", ["add", "multiply", "max"])
def test_element_wise_on_a_matrix(kata, rng, op):
    rows, columns = rng.randint(2, 4), rng.randint(2, 4)
    _check(kata, _matrix(rng, rows, columns), _matrix(rng, rows, columns), op)


def test_matmul_multiplies_rows_by_columns(kata, rng):
    n, k, m = rng.choice([(2, 3, 4), (3, 2, 4), (4, 3, 2)])
    _check(kata, _matrix(rng, n, k), _matrix(rng, k, m), "matmul")


def test_matmul_of_square_matrices_is_not_element_wise(kata, rng):
    size = rng.randint(2, 4)
    _check(kata, _matrix(rng, size, size), _matrix(rng, size, size), "matmul")


def test_power_raises_each_base_to_its_exponent(kata, rng):
    count = rng.randint(3, 6)
    bases = random_floats(rng, count, 0.5, 3.0, digits=1)
    exponents = [float(rng.randint(-2, 3)) for _ in range(count)]
    _check(kata, bases, exponents, "power")


def test_max_compares_position_by_position(kata, rng):
    count = rng.randint(4, 7)
    _check(kata, random_floats(rng, count), random_floats(rng, count), "max")


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    op = rng.choice(sorted(OPERATIONS))
    if op == "matmul":
        n, k, m = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4)
        _check(kata, _matrix(rng, n, k), _matrix(rng, k, m), op)
    elif op == "power":
        _check(kata, random_floats(rng, 4, 0.5, 2.0), [float(rng.randint(0, 3)) for _ in range(4)], op)
    else:
        _check(kata, random_floats(rng, 5), random_floats(rng, 5), op)
