"""Kata 06 broadcasting: subtract each column's mean, keep the values a boolean mask selects."""

import pytest
import torch

from checker.specs.api import expect_floats, expect_true, known, known_errors, leaves, random_floats
from checker.specs.broadcasting import mistakes as own

pytestmark = known_errors(own.MEAN_OVER_ROWS, known.INTEGER_TENSOR)

EXAMPLES = [
    ("center_columns", ([[1, 2], [3, 6]],)),
    ("center_columns", ([[1.0, 10.0, 4.0], [2.0, 20.0, 4.0], [6.0, 30.0, 4.0]],)),
    ("center_columns", ([[1], [2], [4]],)),
    ("select_greater", ([[1, 5], [7, 2]], 3)),
    ("select_greater", ([0.5, -2.0, 3.25, 0.5], 0.5)),
    ("select_greater", ([[1, 2], [3, 4]], 10)),
]


def _check_center(kata, matrix: list) -> None:
    t = torch.tensor(matrix, dtype=torch.float32)
    suspects = [
        (own.MEAN_OVER_ROWS, (t - t.mean(dim=1, keepdim=True)).tolist()),
        (own.GRAND_MEAN, (t - t.mean()).tolist()),
    ]
    if t.shape[0] == t.shape[1]:  # only here does `t - t.mean(dim=1)` broadcast without an error
        suspects.append((own.MEAN_OVER_ROWS, (t - t.mean(dim=1)).tolist()))
    expected = t - t.mean(dim=0, keepdim=True)
    expect_floats(kata.call("center_columns", matrix), expected.tolist(), suspects=suspects)


def _check_select(kata, x: list, threshold: float) -> None:
    t = torch.tensor(x, dtype=torch.float32)
    mask = t > threshold
    answer = kata.call("select_greater", x, threshold)
    expect_true(
        not any(type(leaf) is bool for leaf in leaves(answer.value)),
        answer,
        "Your list holds True/False values, not the numbers themselves.",
        own.RETURNED_MASK,
    )
    suspects = [
        (own.GREATER_OR_EQUAL, t[t >= threshold].tolist()),
        (own.MASK_MULTIPLIED, (t * mask).tolist()),
        (own.RETURNED_MASK, mask.float().tolist()),
    ]
    expect_floats(answer, t[mask].tolist(), suspects=suspects)


CHECKS = {"center_columns": _check_center, "select_greater": _check_select}


def _matrix(rng, rows: int, columns: int, low: float = -9, high: float = 9) -> list[list[float]]:
    return [random_floats(rng, columns, low, high, digits=1) for _ in range(rows)]


def _non_square(rng) -> tuple[int, int]:
    rows = rng.randint(2, 5)
    return rows, rng.choice([c for c in range(1, 6) if c != rows])


@pytest.mark.parametrize("function, args", EXAMPLES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, function, args):
    CHECKS[function](kata, *args)


@pytest.mark.parametrize("case", range(2))
def test_center_columns_of_a_non_square_matrix(kata, rng, case):
    _check_center(kata, _matrix(rng, *_non_square(rng)))


def test_center_columns_of_a_square_matrix(kata, rng):
    size = rng.randint(2, 4)  # a wrong axis runs without error here, so the values must show it
    _check_center(kata, _matrix(rng, size, size))


def test_center_columns_of_whole_numbers(kata, rng):
    rows, columns = _non_square(rng)
    _check_center(kata, [[rng.randint(-9, 9) for _ in range(columns)] for _ in range(rows)])


def test_select_greater_drops_values_equal_to_the_threshold(kata, rng):
    x = _matrix(rng, rng.randint(2, 3), rng.randint(3, 4))
    threshold = rng.choice([v for row in x for v in row][:-1])
    x[-1][-1] = threshold  # so at least two elements equal the threshold
    _check_select(kata, x, threshold)


def test_select_greater_keeps_row_major_order(kata, rng):
    shape = (rng.randint(2, 3), rng.randint(2, 3), rng.randint(2, 4))
    x = torch.tensor(random_floats(rng, shape[0] * shape[1] * shape[2], digits=1)).reshape(shape).tolist()
    _check_select(kata, x, round(rng.uniform(-2, 2), 1))


def test_select_greater_on_whole_numbers(kata, rng):
    x = [[rng.randint(-9, 9) for _ in range(4)] for _ in range(3)]
    _check_select(kata, x, rng.randint(-3, 3))


def test_select_greater_when_nothing_passes(kata, rng):
    x = random_floats(rng, rng.randint(3, 6))
    _check_select(kata, x, max(x) + rng.choice([0, 1, 2.5]))


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    if rng.random() < 0.5:
        _check_center(kata, _matrix(rng, rng.randint(1, 5), rng.randint(1, 5)))
    else:
        x = random_floats(rng, rng.randint(2, 8)) if rng.random() < 0.5 else _matrix(rng, 3, rng.randint(2, 4))
        _check_select(kata, x, round(rng.uniform(-4, 4), 1))
