"""Kata 05 activation: relu, sigmoid, tanh and leaky_relu (slope 0.01), element-wise."""

import math

import pytest
import torch
import torch.nn.functional as F

from checker.specs.activation import mistakes as own
from checker.specs.api import expect_floats, expect_true, random_floats

EXAMPLES = [
    ([-3, -0.5, 0, 0.5, 4], "relu"),
    ([[1, -1], [-2, 2]], "relu"),
    ([-1, 0, 1], "sigmoid"),
    ([-1000, 1000], "sigmoid"),
    ([-1, 0, 1], "tanh"),
    ([-100, -1, 0, 3], "leaky_relu"),
]
TRUSTED = {
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "leaky_relu": lambda t: F.leaky_relu(t, negative_slope=0.01),
}


def _suspects(method: str, t: torch.Tensor, got) -> list:
    if method == "sigmoid":
        return [(own.SIGMOID_PRECEDENCE, (1 + torch.exp(-t)).tolist()), (own.SIGMOID_SIGN, torch.sigmoid(-t).tolist())]
    if method == "leaky_relu":
        suspects = [(own.RELU_FOR_LEAKY, torch.relu(t).tolist())]
        slopes = _slopes(t, got)
        if slopes is not None and slopes[0] != slopes[1]:
            positive, negative = slopes  # a kink with other slopes: some slope is wrong, whichever side
            suspects.append((own.LEAKY_SLOPE, torch.where(t > 0, positive * t, negative * t).tolist()))
        return suspects
    return []


def _slopes(t: torch.Tensor, got) -> tuple[float, float] | None:
    """The slopes of the answer on the positive and on the negative inputs, where each side has one.

    None unless the answer is a grid of t's shape that is a constant times t on each side.
    """
    if not _is_float_grid(got) or torch.tensor(got).shape != t.shape:
        return None
    g = torch.tensor(got, dtype=torch.float64)
    x = t.to(torch.float64)
    slopes = []
    for side in (x > 0, x < 0):
        if not side.any():
            return None
        slope = float((g[side] / x[side]).mean())
        if not torch.allclose(g[side], slope * x[side], rtol=1e-4, atol=1e-6):
            return None
        slopes.append(round(slope, 6))
    return slopes[0], slopes[1]


def _check(kata, x: list, method: str) -> None:
    t = torch.tensor(x, dtype=torch.float32)
    answer = kata.call("activation", x, method)
    leaves = torch.tensor(answer.value).flatten().tolist() if _is_float_grid(answer.value) else []
    expect_true(
        not any(math.isnan(v) for v in leaves),
        answer,
        "Your result contains nan.",
        own.UNSTABLE_FORMULA,
    )
    expect_floats(answer, TRUSTED[method](t).tolist(), suspects=_suspects(method, t, answer.value))


def _is_float_grid(value) -> bool:
    try:
        return torch.tensor(value, dtype=torch.float64).is_floating_point()
    except (TypeError, ValueError, RuntimeError):
        return False


@pytest.mark.parametrize("x, method", EXAMPLES, ids=[f"{m}-{i}" for i, (_, m) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, x, method):
    _check(kata, x, method)


@pytest.mark.parametrize("method", sorted(TRUSTED))
def test_negatives_zero_and_positives(kata, rng, method):
    x = sorted(random_floats(rng, 3, -4, -0.1) + [0.0] + random_floats(rng, 3, 0.1, 4))
    _check(kata, x, method)


@pytest.mark.parametrize("method", ["sigmoid", "tanh"])
def test_large_inputs_do_not_overflow(kata, method):
    _check(kata, [-1000.0, -100.0, -20.0, 20.0, 100.0, 1000.0], method)


@pytest.mark.parametrize("case", range(3))
def test_hidden_case(kata, rng, case):
    method = rng.choice(sorted(TRUSTED))
    rows = rng.randint(1, 3)
    _check(kata, [random_floats(rng, 3, -6, 6) for _ in range(rows)], method)
