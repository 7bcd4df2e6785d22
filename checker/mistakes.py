"""The beginner mistakes the specs recognise, each with the fix to show the learner.

A spec names a mistake in two ways: a wrong answer that equals what the mistake
would compute (see specs/_helpers.py), or an exception whose message holds one
of the mistake's `phrases`. Codes are stable: tests and reports refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.results import MistakeRef

__all__ = ["MISTAKES", "Mistake", "match_error"]


@dataclass(frozen=True)
class Mistake:
    code: str
    title: str
    fix: str
    phrases: tuple[str, ...] = ()

    def ref(self) -> MistakeRef:
        return MistakeRef(self.code, self.title, self.fix)


def _m(code: str, title: str, fix: str, *phrases: str) -> Mistake:
    return Mistake(code, title, fix, phrases)


MISSING_RETURN = _m(
    "missing_return",
    "Your function returned None: did you forget `return`?",
    "End the function with `return result.tolist()` (a function without `return` gives back None).",
)
TENSOR_NOT_LIST = _m(
    "tensor_not_list",
    "You returned a tensor where a Python list was asked for.",
    "Call `.tolist()` on the tensor before returning it.",
)
LIST_OF_TENSORS = _m(
    "list_of_tensors",
    "Your list holds tensors instead of Python numbers.",
    "Call `.tolist()` on the whole tensor instead of building a list of its elements.",
)
INTEGERS_NOT_FLOATS = _m(
    "integers_not_floats",
    "Your list holds integers where floats were expected.",
    "Make the tensor a float tensor: `dtype=torch.float32`, or a float fill value like 3.0.",
)
INPUT_MODIFIED = _m(
    "input_modified",
    "Your function changed the input it was given.",
    "Work on a new tensor (`torch.tensor(x)` copies) and leave the caller's data as it was.",
)
ELEMENTWISE_FOR_MATMUL = _m(
    "elementwise_for_matmul",
    "You multiplied element by element (`*`) where a matrix product was asked for.",
    "Use `a @ b` (or `torch.matmul(a, b)`): rows of `a` times columns of `b`.",
    "must match the size of tensor b",
)
PYTHON_MAX = _m(
    "python_max",
    "Python's built-in `max` cannot compare tensors position by position.",
    "Use `torch.maximum(a, b)` for the element-wise maximum.",
    "Boolean value of Tensor with more than one value is ambiguous",
)
GLOBAL_MAX = _m(
    "global_max",
    "`torch.max(a)` reduced everything to one number.",
    "The element-wise maximum of two tensors is `torch.maximum(a, b)`.",
)
XOR_FOR_POWER = _m(
    "xor_for_power",
    "`^` is bitwise XOR in Python, not a power.",
    "Raise to a power with `a ** b` or `torch.pow(a, b)`.",
    "bitwise_xor",
)
RESHAPE_FOR_TRANSPOSE = _m(
    "reshape_for_transpose",
    "You reshaped where a transpose was asked for: the shape is right, the order of the numbers is not.",
    "Use `t.T` (or `t.transpose(0, 1)`): reshape keeps the reading order, transpose swaps rows and columns.",
)
SQUEEZE_ONE_DIM = _m(
    "squeeze_one_dim",
    "Your squeeze dropped only one of the size-1 dimensions.",
    "Call `torch.squeeze(t)` with no dim to drop every size-1 dimension.",
)
VIEW_AFTER_TRANSPOSE = _m(
    "view_after_transpose",
    "`.view` cannot read a transposed (non-contiguous) tensor.",
    "Use `.reshape(...)`, or `.contiguous().view(...)`.",
    "view size is not compatible with input tensor's size and stride",
)
INTEGER_REQUIRES_GRAD = _m(
    "integer_requires_grad",
    "An integer tensor cannot require gradients.",
    "Make it a float tensor: `torch.tensor(values, dtype=torch.float32, requires_grad=True)`.",
    "Only Tensors of floating point and complex dtype can require gradients",
)
BACKWARD_NON_SCALAR = _m(
    "backward_non_scalar",
    "`backward()` was called on a tensor with more than one value.",
    "Reduce to a single number first: `(x**3 + 2*x).sum().backward()`.",
    "grad can be implicitly created only for scalar outputs",
)
DERIVATIVE_BY_HAND = _m(
    "derivative_by_hand",
    "The gradient is right, but autograd never ran: it was computed by hand.",
    "This kata is about autograd: make x with `requires_grad=True`, call `.backward()` on a scalar, return `x.grad`.",
)
RETURNED_FUNCTION_VALUE = _m(
    "returned_function_value",
    "You returned the function's value, not its gradient.",
    "After `backward()`, the gradient is in `x.grad`: return `x.grad.tolist()`.",
)
GRAD_IS_NONE = _m(
    "grad_is_none",
    "`x.grad` was None: the tensor you differentiated is not the leaf you created.",
    "Create the tensor with `requires_grad=True` directly and read `.grad` from that same tensor.",
    "'NoneType' object has no attribute 'tolist'",
)
SIGMOID_PRECEDENCE = _m(
    "sigmoid_precedence",
    "Operator precedence: `1 / 1 + torch.exp(-t)` is `1 + exp(-t)`, not a sigmoid.",
    "Put the whole denominator in brackets: `1 / (1 + torch.exp(-t))`, or use `torch.sigmoid(t)`.",
)
LEAKY_SLOPE = _m(
    "leaky_slope",
    "Leaky ReLU: the negative values are scaled by the wrong slope (or the positive ones were changed).",
    "Keep positives as they are and multiply negatives by 0.01: `torch.where(t > 0, t, 0.01 * t)`.",
)
RELU_FOR_LEAKY = _m(
    "relu_for_leaky",
    "That is a plain ReLU: Leaky ReLU lets a little of the negatives through.",
    "Multiply negative values by 0.01 instead of setting them to zero.",
)
UNSTABLE_FORMULA = _m(
    "unstable_formula",
    "Your formula overflowed to NaN for large inputs.",
    "Use `torch.sigmoid` / `torch.tanh`, or a form that never divides infinity by infinity.",
)

MISTAKES: dict[str, Mistake] = {
    mistake.code: mistake for mistake in list(globals().values()) if isinstance(mistake, Mistake)
}


def match_error(message: str, candidates: tuple[Mistake, ...] | list[Mistake]) -> Mistake | None:
    """The first candidate whose phrase appears in an exception message."""
    for mistake in candidates:
        if any(phrase in message for phrase in mistake.phrases):
            return mistake
    return None
