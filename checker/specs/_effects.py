"""What a wrong answer did to the right one: scaled, negated, shifted, transposed, reduced...

`describe_effect` compares a wrong answer with the expected one and, when the first is a
simple transform of the second, says which in the learner's terms ("every value is 2
times the expected one"). That names a mistake by its effect, whatever the spelling
that caused it. Runs in the judge, on plain numbers and nested lists only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

__all__ = ["describe_effect", "number_text"]

_REDUCTIONS: tuple[tuple[str, Callable[[torch.Tensor], torch.Tensor]], ...] = (
    ("sum", torch.sum),
    ("mean", torch.mean),
    ("largest", torch.max),
    ("smallest", torch.min),
)


def describe_effect(got: Any, expected: Any, tolerance: float) -> str | None:
    """A phrase saying how `got` follows from `expected`, or None when it is no simple transform."""
    g, e = _grid(got), _grid(expected)
    if g is None or e is None or e.numel() == 0:
        return None
    if g.shape == e.shape:
        checks = (_not_finite, _negated, _scaled, _shifted, _reordered)
    else:
        checks = (_one_number, _transposed, _not_reduced, _reshaped)
    for check in checks:
        phrase = check(g, e, tolerance)
        if phrase:
            return phrase
    return None


def number_text(value: float) -> str:
    """2.0 as '2', 0.333333 as '0.3333': a factor or offset as a person would write it."""
    if abs(value - round(value)) <= 1e-6 * max(1.0, abs(value)):
        return str(int(round(value)))
    return f"{value:.4g}"


def _grid(value: Any) -> torch.Tensor | None:
    """Plain numbers as a float64 tensor, or None when they are not a rectangular grid of numbers."""
    if not _numeric(value):
        return None
    try:
        return torch.tensor(value, dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError):
        return None


def _numeric(value: Any) -> bool:
    if type(value) is list:
        return all(_numeric(item) for item in value)
    return type(value) in (int, float)


def _close(a: torch.Tensor, b: torch.Tensor, tolerance: float) -> bool:
    return a.shape == b.shape and torch.allclose(a, b, rtol=tolerance, atol=tolerance, equal_nan=True)


def _several(e: torch.Tensor) -> bool:
    """At least two nonzero values: with fewer, any wrong number is 'scaled' or 'shifted'."""
    return int((e.abs() > 0).sum()) >= 2


def _nice(factor: float) -> bool:
    """A factor a mistake plausibly makes: a whole number or one over a whole number."""
    for candidate in (factor, 1 / factor if factor else 0.0):
        if 0 < abs(candidate) <= 1000 and abs(candidate - round(candidate)) <= 1e-6 * abs(candidate):
            return True
    return False


def _not_finite(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    bad = ~torch.isfinite(g) & torch.isfinite(e)
    if not bad.any():
        return None
    kind = "nan" if torch.isnan(g[bad]).any() else "infinite"
    return (
        f"{int(bad.sum())} of {g.numel()} values are {kind} where the expected ones are finite "
        "(something overflowed, or divided by zero)"
    )


def _negated(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if (e.abs() > tolerance).any() and _close(g, -e, tolerance):
        return "every value has the wrong sign: your result is the expected one negated"
    return None


def _scaled(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if not _finite(e) or not (e.abs() > tolerance).any():
        return None
    factor = float((g * e).sum() / (e * e).sum())
    if abs(factor) <= tolerance or abs(factor - 1) <= tolerance or not _close(g, factor * e, tolerance):
        return None
    if not (_several(e) or _nice(factor)):
        return None
    # One wording for one value or many, so that the cases this mistake breaks read as one cause.
    return f"every value is {number_text(factor)} times the expected one (right up to a constant factor)"


def _shifted(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if e.numel() < 2 or not _finite(e):
        return None
    offset = float((g - e).flatten()[0])
    if abs(offset) <= tolerance or not _close(g, e + offset, tolerance):
        return None
    direction = "more" if offset > 0 else "less"
    return f"every value is {number_text(abs(offset))} {direction} than the expected one (off by a constant)"


def _reordered(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if e.numel() < 2 or not _close(g.flatten().sort().values, e.flatten().sort().values, tolerance):
        return None
    if e.dim() == 2 and _close(g, e.T.reshape(e.shape), tolerance):
        return (
            "the right numbers in the right shape, but in their original reading order: "
            "a reshape keeps that order, a transpose swaps rows and columns"
        )
    return "the right numbers, in the wrong order"


def _one_number(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if g.dim() != 0:
        return None
    for name, reduce in _REDUCTIONS:
        if _close(g, reduce(e), tolerance):
            return f"your one number is the {name} of the expected values: the result was reduced to one number"
    return f"one number where a result of shape {tuple(e.shape)} was expected"


def _transposed(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if e.dim() == 2 and _close(g, e.T, tolerance):
        return "your result is the expected one transposed (rows and columns swapped)"
    return None


def _reshaped(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if g.numel() == e.numel() and g.numel() > 1 and _close(g.flatten(), e.flatten(), tolerance):
        return f"the right numbers in the right order, but in shape {tuple(g.shape)} instead of {tuple(e.shape)}"
    return None


def _not_reduced(g: torch.Tensor, e: torch.Tensor, tolerance: float) -> str | None:
    if g.dim() != e.dim() + 1:
        return None
    for dim in range(g.dim()):
        if g.shape[dim] == 1 and _close(g.squeeze(dim), e, tolerance):
            return f"an extra axis of size 1 at position {dim} (from keepdim=True, or a squeeze left out)"
        for name, reduce in (("summed", torch.sum), ("averaged", torch.mean)):
            if _close(reduce(g, dim=dim), e, tolerance):
                return (
                    f"your result {name} over axis {dim} would be right: it was not reduced over that axis "
                    f"(shape {tuple(g.shape)} instead of {tuple(e.shape)})"
                )
    return None


def _finite(t: torch.Tensor) -> bool:
    return bool(torch.isfinite(t).all())
