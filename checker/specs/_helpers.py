"""The one comparison the specs share: check an answer's type, shape and values.

A failure says the call, what came back, what was expected and the tolerance. When
the wrong answer is what a known mistake computes (a "suspect"), it names it.
Right numbers held as Python ints pass with a note (see verdicts.note).
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Sequence

from checker import mistakes as known
from checker.mistakes import Mistake
from checker.runner.protocol import ForeignObject, TensorValue
from checker.runner.session import Answer
from checker.runner.verdicts import WrongAnswer, note

__all__ = ["TOLERANCE", "expect_floats", "expect_true", "leaves", "random_floats", "shape_of", "show"]

TOLERANCE = 1e-5
_MAX_SHOWN = 240

Suspects = Sequence[tuple[Mistake, Any]]


def expect_floats(answer: Answer, expected: Any, *, tolerance: float = TOLERANCE, suspects: Suspects = ()) -> None:
    """Pass when `answer.value` is a float or nested list of floats close to `expected`."""
    got = answer.value
    details = {"call": answer.call, "got": show(got), "expected": show(expected), "tolerance": f"{tolerance:g}"}

    def fail(message: str, mistake: Mistake | None = None) -> None:
        raise WrongAnswer(message, mistake=mistake, details=details)

    if answer.changed_args:
        fail(f"Your function changed its input (argument {answer.changed_args[0] + 1}).", known.INPUT_MODIFIED)
    if got is None:
        fail("Your function returned None.", known.MISSING_RETURN)
    if isinstance(got, TensorValue):
        fail(f"Got a tensor of shape {tuple(got.tensor.shape)}, expected a {_kind(expected)}.", known.TENSOR_NOT_LIST)
    leaves_found = list(leaves(got))
    if any(isinstance(leaf, TensorValue) for leaf in leaves_found):
        fail("Your list holds tensors, not Python floats.", known.LIST_OF_TENSORS)
    odd = next((leaf for leaf in leaves_found if type(leaf) not in (float, int)), None)
    if odd is not None:
        fail(f"Expected only Python floats, but found {_type_name(odd)} {show(odd)}.")
    if _close(got, expected, tolerance):
        if any(type(leaf) is int for leaf in leaves_found):
            note(known.INTEGER_RESULT)  # equal values, so right here; an int tensor breaks elsewhere
        return
    for mistake, would_give in suspects:
        if _close(got, would_give, tolerance):
            fail("Wrong answer.", mistake)
    if shape_of(got) != shape_of(expected):
        fail(f"Expected a {_kind(expected)} of shape {shape_of(expected)}, got a {_kind(got)} of shape {shape_of(got)}.")
    fail(f"Wrong values: {_first_difference(got, expected, tolerance)}.")


def expect_true(condition: bool, answer: Answer, message: str, mistake: Mistake | None = None) -> None:
    """Fail with `message` (and the call) unless `condition` holds."""
    if not condition:
        raise WrongAnswer(message, mistake=mistake, details={"call": answer.call, "got": show(answer.value)})


def random_floats(rng, count: int, low: float = -5.0, high: float = 5.0, digits: int = 2) -> list[float]:
    """Short, readable random numbers for hidden cases (two decimals by default)."""
    return [round(rng.uniform(low, high), digits) for _ in range(count)]


def shape_of(value: Any) -> tuple[int, ...]:
    """The shape a nested list would have as a tensor (ragged lists use the first row)."""
    if type(value) is list:
        return (len(value), *(shape_of(value[0]) if value else ()))
    return ()


def leaves(value: Any) -> Iterable[Any]:
    """The numbers (or anything else) at the bottom of a nested list, in reading order."""
    if type(value) is list:
        for item in value:
            yield from leaves(item)
    else:
        yield value


def _close(got: Any, expected: Any, tolerance: float) -> bool:
    if type(expected) is list:
        return type(got) is list and len(got) == len(expected) and all(
            _close(g, e, tolerance) for g, e in zip(got, expected)
        )
    if type(got) not in (int, float) or type(expected) not in (int, float):
        return False
    if math.isnan(expected):
        return math.isnan(got)
    return math.isclose(got, expected, rel_tol=tolerance, abs_tol=tolerance)


def _first_difference(got: Any, expected: Any, tolerance: float, where: str = "") -> str:
    if type(expected) is list and type(got) is list:
        for index, (g, e) in enumerate(zip(got, expected)):
            if not _close(g, e, tolerance):
                return _first_difference(g, e, tolerance, f"{where}[{index}]")
        return f"the lengths differ at {where or 'the top level'}"
    return f"at {where or 'the result'} got {got!r}, expected {expected!r}"


def _kind(value: Any) -> str:
    return "list" if type(value) is list else _type_name(value)


def _type_name(value: Any) -> str:
    if isinstance(value, ForeignObject):
        return value.type_name
    if isinstance(value, TensorValue):
        return "tensor"
    return type(value).__name__


def show(value: Any) -> str:
    """A repr short enough for a report line."""
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 4] + " ..."
