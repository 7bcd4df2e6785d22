"""Words for a value the wire does not carry: "a NumPy array of shape (2, 2), float64: [...]".

Runs where the value lives (the worker, for the learner's return values), so the judge
only ever receives the words. A description names the type and, for array-likes, the
shape, dtype and a few numbers; it never holds a memory address (`object at 0x...`),
which tells a learner nothing.
"""

from __future__ import annotations

import re
import sys
import types
from typing import Any

from checker.core.limits import MAX_DESCRIBED_NUMBERS, MAX_DESCRIBED_TEXT

__all__ = ["array_text", "describe_foreign", "numbers_text"]

_ADDRESS = re.compile(r" (object )?at 0x[0-9a-fA-F]+")
_PLAIN = (bool, int, float, str, type(None))
_ARRAY_MODULES = ("numpy", "torch", "jax", "cupy", "pandas")


def describe_foreign(value: Any) -> str:
    """A short description a person would give of `value` ("a generator", "a set of 3 items: {1, 2, 3}")."""
    try:
        text = _describe(value)
    except Exception:  # noqa: BLE001 - a hostile object still gets its type named
        text = f"{_article(_type_label(type(value)))} object"
    text = _ADDRESS.sub("", text)
    return text if len(text) <= MAX_DESCRIBED_TEXT else text[: MAX_DESCRIBED_TEXT - 4] + " ..."


def array_text(kind: str, shape: tuple[int, ...], dtype: str, values: list[Any], total: int) -> str:
    """'a NumPy array of shape (2, 2), float64: [[1.0, 2.0], [3.0, 4.0]]' (first values only when big)."""
    return f"{_article(kind)} of shape {shape}, {dtype}: {numbers_text(values, total)}"


def numbers_text(values: Any, total: int) -> str:
    """`values` in full when they are all there is, else the first few followed by '...'."""
    if total <= MAX_DESCRIBED_NUMBERS:
        return repr(values)
    shown = ", ".join(repr(v) for v in values[:MAX_DESCRIBED_NUMBERS])
    return f"[{shown}, ... ({total} values)]"


def _describe(value: Any) -> str:
    kind = type(value)
    if _is_array_like(value):
        return _array(value)
    if isinstance(value, types.GeneratorType):
        return "a generator (from `yield` or a `(... for ...)` expression)"
    if isinstance(value, (map, filter, zip, enumerate, reversed, range)) or kind.__name__.endswith("iterator"):
        return f"{_article(kind.__name__)} object (not a list)"
    if isinstance(value, types.LambdaType) and value.__name__ == "<lambda>":
        return "a lambda function"
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return f"the function `{getattr(value, '__qualname__', value.__name__)}` (not its result: call it)"
    if isinstance(value, types.ModuleType):
        return f"the module `{value.__name__}`"
    if isinstance(value, type):
        return f"the class `{value.__qualname__}`"
    if isinstance(value, (set, frozenset)) and kind in (set, frozenset):
        return _collection(kind.__name__, value)
    if isinstance(value, (list, tuple, dict)):
        base = next(b for b in (list, tuple, dict) if isinstance(value, b))
        return f"{_article(_type_label(kind))} (a {base.__name__} subclass) of {_count(len(value), 'item')}"
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return f"{_article(_type_label(kind))} (a {type(value).__mro__[1].__name__} subclass): {value!r}"
    return f"{_article(_type_label(kind))} object"


def _is_array_like(value: Any) -> bool:
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        return True  # a tensor subclass: the exact torch.Tensor crosses the wire as itself
    module = type(value).__module__.split(".")[0]
    return module in _ARRAY_MODULES and hasattr(value, "shape") and hasattr(value, "dtype")


def _array(value: Any) -> str:
    kind = type(value)
    torch = sys.modules.get("torch")
    if kind.__module__.split(".")[0] == "numpy":
        label = "NumPy"
    elif torch is not None and isinstance(value, torch.Tensor):
        label = f"tensor subclass {kind.__qualname__}"
    else:
        label = _type_label(kind)
    shape = tuple(int(size) for size in value.shape)
    dtype = str(value.dtype).removeprefix("torch.")
    if not shape:
        return f"{_article(label)} {dtype} number: {value.item()!r}"
    noun = "array" if label == "NumPy" else ""
    total = 1
    for size in shape:
        total *= size
    flat = value.reshape(-1)[:MAX_DESCRIBED_NUMBERS].tolist()
    values = value.tolist() if total <= MAX_DESCRIBED_NUMBERS else flat
    return array_text(f"{label} {noun}".strip(), shape, dtype, values, total)


def _collection(name: str, value: Any) -> str:
    items = list(value)
    count = f"{name} of {_count(len(items), 'item')}"
    if all(type(item) in _PLAIN for item in items) and len(items) <= MAX_DESCRIBED_NUMBERS:
        return f"a {count}: {value!r}"
    return f"a {count}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _type_label(kind: type) -> str:
    module, name = kind.__module__, kind.__qualname__.rsplit("<locals>.", 1)[-1]
    if module in ("builtins", "__main__", "kata_solution") or module in sys.stdlib_module_names:
        return name
    if module.startswith("torch.nn."):
        return f"nn.{name}"  # as the learner wrote it: nn.Linear, not torch.nn.modules.linear.Linear
    return f"{module}.{name}"


def _article(noun: str) -> str:
    spoken_vowel = noun[:1].lower() in "aeiou" or noun.startswith("nn.")  # "an nn.Linear": said "en-en"
    return f"an {noun}" if spoken_vowel else f"a {noun}"
