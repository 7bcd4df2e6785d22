"""The one comparison the specs share: check an answer's type, shape and values.

A failure says the call, what came back, what was expected and the tolerance. When
the wrong answer is what a known mistake computes (a "suspect"), it names it.
Right numbers held as Python ints pass with a note (see verdicts.note).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from checker.core import mistakes as known
from checker.core.limits import MAX_SHOWN_TEXT as _MAX_SHOWN
from checker.core.mistakes import Mistake
from checker.runner.judge.describe import array_text
from checker.runner.judge.session import Answer
from checker.runner.judge.verdicts import WrongAnswer, note
from checker.runner.protocol import ForeignObject, TensorValue
from checker.specs._effects import describe_effect

__all__ = ["TOLERANCE", "expect_floats", "expect_true", "kind_of", "leaves", "random_floats", "shape_of", "show"]

TOLERANCE = 1e-5
# Lazy iterators: a value that holds nothing until something loops over it.
_LAZY_TYPES = frozenset(
    {
        "builtins.generator",
        "builtins.map",
        "builtins.filter",
        "builtins.zip",
        "builtins.enumerate",
        "builtins.reversed",
        "builtins.list_iterator",
        "builtins.range",
    }
)

Suspects = Sequence[tuple[Mistake, Any]]


def expect_floats(answer: Answer, expected: Any, *, tolerance: float = TOLERANCE, suspects: Suspects = ()) -> None:
    """Pass when `answer.value` is a float or nested list of floats close to `expected`."""
    got = answer.value
    details = {"call": answer.call, "got": show(got), "expected": show(expected), "tolerance": f"{tolerance:g}"}

    def fail(message: str, mistake: Mistake | None = None) -> None:
        raise WrongAnswer(message, mistake=mistake, details=details)

    if answer.changed_args:
        fail(f"Your function changed its input (argument {answer.changed_args[0] + 1}).", known.INPUT_MODIFIED)
    foreign = _foreign_type(got, expected)
    if foreign is not None:
        fail(*foreign)
    leaves_found = list(leaves(got))
    if any(isinstance(leaf, TensorValue) for leaf in leaves_found):
        fail("Your list holds tensors, not Python floats.", known.LIST_OF_TENSORS)
    if any(_is_numpy(leaf) for leaf in leaves_found):
        fail("Your list holds NumPy numbers, not Python floats.", known.NUMPY_NOT_LIST)
    odd = next((leaf for leaf in leaves_found if type(leaf) not in (float, int)), None)
    if odd is not None:
        fail(f"Expected only Python floats, but found {show(odd)}.")
    if _close(got, expected, tolerance):
        if any(type(leaf) is int for leaf in leaves_found):
            note(known.INTEGER_RESULT)  # equal values, so right here; an int tensor breaks elsewhere
        return
    for mistake, would_give in suspects:
        if _close(got, would_give, tolerance):
            fail("Wrong values: exactly what the mistake below computes.", mistake)
    effect = describe_effect(got, expected, tolerance)
    if type(got) in (int, float) and type(expected) is list:
        fail(
            f"Got one number, expected {kind_of(expected)} of shape {shape_of(expected)}"
            f"{f': {effect}' if effect else ''}.",
            known.NUMBER_NOT_LIST,
        )
    if shape_of(got) != shape_of(expected):
        fail(
            f"Expected a {type(expected).__name__} of shape {shape_of(expected)}, got a {type(got).__name__} "
            f"of shape {shape_of(got)}{f': {effect}' if effect else ''}."
        )
    fail(f"Wrong values: {effect or _first_difference(got, expected, tolerance)}.")


def expect_true(condition: bool, answer: Answer, message: str, mistake: Mistake | None = None) -> None:
    """Fail with `message` (and the call) unless `condition` holds."""
    if not condition:
        raise WrongAnswer(message, mistake=mistake, details={"call": answer.call, "got": show(answer.value)})


def expect_backward_ran(
    answer: Answer, passes: int, *, never: tuple[str, Mistake], too_few: tuple[str, Mistake]
) -> None:
    """Autograd ran during the call, at least `passes` times (the worker counts `backward()` calls).

    `never` and `too_few` are each a message and the mistake it names; `too_few`'s message may
    use {calls} and {passes}.
    """
    calls = answer.probes.get("autograd_calls", 0)
    expect_true(calls > 0, answer, never[0], never[1])
    expect_true(calls >= passes, answer, too_few[0].format(calls=calls, passes=passes), too_few[1])


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
        return (
            type(got) is list
            and len(got) == len(expected)
            and all(_close(g, e, tolerance) for g, e in zip(got, expected))
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


def _foreign_type(got: Any, expected: Any) -> tuple[str, Mistake | None] | None:
    """A message (and mistake) when `got` is not plain numbers at all: None, a tensor, NumPy, a tuple..."""
    asked = f"a list of shape {shape_of(expected)}" if type(expected) is list else kind_of(expected)
    got_kind = kind_of(got)  # the type and shape; the values are in the report's "got" line
    if got is None:
        return "Your function returned None.", known.MISSING_RETURN
    if isinstance(got, TensorValue):
        mistake = known.TENSOR_NOT_LIST if type(expected) is list else known.TENSOR_NOT_FLOAT
        return f"Got {got_kind}, expected {asked}.", mistake
    if _is_numpy(got):
        return f"Got {got_kind}, expected {asked}.", known.NUMPY_NOT_LIST
    if isinstance(got, ForeignObject) and got.type_name in _LAZY_TYPES:
        return f"Got {got_kind}, expected {asked}.", known.GENERATOR_NOT_LIST
    if type(got) is tuple and type(expected) is list:
        return f"Got {got_kind}, expected {asked}.", known.TUPLE_NOT_LIST
    if type(got) not in (int, float, list):
        return f"Got {got_kind}, expected {asked}.", None
    return None


def _is_numpy(value: Any) -> bool:
    return isinstance(value, ForeignObject) and value.type_name.startswith("numpy.")


def kind_of(value: Any) -> str:
    """What a value is, in a few words: 'None', 'a float', 'a list of 3 floats', 'a tuple of 2 lists'."""
    if value is None:
        return "None"
    if isinstance(value, TensorValue):
        return f"a tensor of shape {tuple(value.tensor.shape)}"
    if isinstance(value, ForeignObject):
        return value.text.split(":")[0]
    if type(value) in (list, tuple, dict, set):
        nouns = {_noun(item) for item in (value.values() if type(value) is dict else value)}
        noun = nouns.pop() if len(nouns) == 1 else "item"
        count = len(value)
        return f"a {type(value).__name__} of {count} {noun}{'s' if count != 1 else ''}"
    return f"{'an' if _noun(value)[0] in 'aeiou' else 'a'} {_noun(value)}"


def _noun(value: Any) -> str:
    if isinstance(value, TensorValue):
        return "tensor"
    if isinstance(value, ForeignObject):
        return "NumPy number" if _is_numpy(value) else value.type_name.rsplit(".", 1)[-1]
    return {str: "string", type(None): "None"}.get(type(value), type(value).__name__)


def show(value: Any) -> str:
    """A value as a person would describe it, short enough for a report line, never with an address."""
    text = _words(value, top=True)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 4] + " ..."


def _words(value: Any, top: bool = False) -> str:
    if isinstance(value, TensorValue):
        return _tensor_words(value) if top else _tensor_inline(value)
    if isinstance(value, ForeignObject):
        return value.text
    if type(value) is list:
        return "[" + ", ".join(_words(item) for item in value) + "]"
    if type(value) is tuple:
        return "(" + ", ".join(_words(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    if type(value) is dict:
        return "{" + ", ".join(f"{_words(k)}: {_words(v)}" for k, v in value.items()) + "}"
    if value is None or type(value) in (bool, int, float, str):
        return repr(value)
    return kind_of(value)  # a judge-side object (a torch.device...): its kind, never a raw repr


def _tensor_words(value: TensorValue) -> str:
    tensor = value.tensor
    flat = tensor.reshape(-1)
    values = tensor.tolist() if flat.numel() <= 6 else flat[:6].tolist()
    text = array_text("tensor", tuple(tensor.shape), str(tensor.dtype).removeprefix("torch."), values, flat.numel())
    extras = [f"on {value.device}"] if value.device != "cpu" else []
    extras += ["requires_grad"] if value.requires_grad else []
    return text + (f" ({', '.join(extras)})" if extras else "")


def _tensor_inline(value: TensorValue) -> str:
    tensor = value.tensor
    if tensor.dim() == 0:
        return f"tensor({tensor.item()!r})"
    return f"tensor of shape {tuple(tensor.shape)}"
