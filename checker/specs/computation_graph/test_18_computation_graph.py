"""Kata 18 computation_graph: grad_fn, leaves, retain_grad, retain_graph and in-place changes."""

import ast
import textwrap

import pytest
import torch

from checker.specs.api import (
    WrongAnswer,
    expect_backward_ran,
    expect_floats,
    expect_true,
    kind_of,
    known,
    known_errors,
    random_floats,
    show,
)
from checker.specs.computation_graph import mistakes as own

pytestmark = known_errors(
    known.INTEGER_REQUIRES_GRAD,
    own.GRAPH_FREED,
    own.INPLACE_ON_SAVED,
    own.INPLACE_ON_LEAF,
    own.REQUIRES_GRAD_ON_COMPUTED,
    own.X_NOT_TRACKED,
    own.BACKWARD_NEEDS_SCALAR,
    own.RETAIN_GRAD_MISSING,
)

EXAMPLES = [
    ("graph_facts", [1.0, 2.0, 3.0]),
    ("graph_facts", [-0.5]),
    ("graph_facts", [2, -1, 4]),
    ("intermediate_grad", [1.0, -2.0, 0.5]),
    ("intermediate_grad", [3]),
    ("intermediate_grad", [0.0, 1.5]),
    ("backward_twice", [1.0, -2.0, 0.5]),
    ("backward_twice", [3]),
    ("backward_twice", [0.25, -1.0]),
    ("safe_double", [0.0]),
    ("safe_double", [2.0, -2.0]),
    ("safe_double", [1, -1, 0]),
]

TENSORS = ("x", "z", "y")
FACTS = ("grad_fn", "is_leaf")
# What torch warns when code reads .grad of a tensor an operation made (checked on torch 2.13).
NOT_A_LEAF_WARNING = "not a leaf Tensor is being accessed"
# z.sum(0) and z.sum(dim=0) record the same sum through another overload: both are right.
SUM_NAMES = frozenset({"SumBackward0", "SumBackward1"})


def _leaf(values: list) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32, requires_grad=True)


def _expect_autograd_ran(answer, passes: int = 1) -> None:
    expect_backward_ran(
        answer,
        passes,
        never=("The numbers are right, but `backward()` never ran.", own.GRAPH_GRADIENT_BY_HAND),
        too_few=(
            "The numbers are right, but `backward()` ran {calls} time(s), not {passes}.",
            own.SINGLE_BACKWARD_PASS,
        ),
    )


# -- graph_facts ------------------------------------------------------------------------------


def _name(t: torch.Tensor) -> str | None:
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def _expected_facts(values: list) -> dict:
    x = _leaf(values)
    z = x * 2
    y = z.sum()
    return {name: {"grad_fn": _name(t), "is_leaf": t.is_leaf} for name, t in zip(TENSORS, (x, z, y))}


def _is_grad_fn_object(value) -> bool:
    """A grad_fn itself (it arrives described, as it cannot cross), or its printout with an address."""
    if type(value) is str:
        return "Backward" in value and " object at " in value
    return "Backward" in getattr(value, "type_name", "")


def _same_facts(got: dict, expected: dict) -> bool:
    for name in TENSORS:
        grad_fn = got[name]["grad_fn"]
        if name == "y" and grad_fn in SUM_NAMES:
            grad_fn = expected["y"]["grad_fn"]
        if grad_fn != expected[name]["grad_fn"] or got[name]["is_leaf"] is not expected[name]["is_leaf"]:
            return False
    return True


def _check_facts(kata, values: list):
    expected = _expected_facts(values)
    answer = kata.call("graph_facts", values)
    got = answer.value
    details = {"call": answer.call, "got": show(got), "expected": show(expected)}

    def fail(message: str, mistake=None) -> None:
        raise WrongAnswer(message, mistake=mistake, details=details)

    if got is None:
        fail("Your function returned None.", known.MISSING_RETURN)
    if _is_grad_fn_object(got):
        fail("You returned a grad_fn object, not the dict of facts.", own.GRAD_FN_NOT_NAME)
    if type(got) is not dict:
        fail(f"Got {kind_of(got)}, expected a dict with the keys 'x', 'z' and 'y'.")
    if set(got) != set(TENSORS):
        fail(f"The dict's keys are {', '.join(map(show, got)) or 'none'}; expected exactly 'x', 'z' and 'y'.")
    for name in TENSORS:
        entry = got[name]
        if type(entry) is not dict or set(entry) != set(FACTS):
            fail(f"The entry for {name!r} is {show(entry)}; expected a dict with the keys 'grad_fn' and 'is_leaf'.")
    for name in TENSORS:
        grad_fn, is_leaf = got[name]["grad_fn"], got[name]["is_leaf"]
        if _is_grad_fn_object(grad_fn):
            fail(f"{name}'s grad_fn is the object itself, not its name.", own.GRAD_FN_NOT_NAME)
        if grad_fn is not None and type(grad_fn) is not str:
            fail(f"{name}'s grad_fn should be a name (a string) or None, got {kind_of(grad_fn)}.")
        if type(is_leaf) is not bool:
            fail(f"{name}'s is_leaf should be True or False, got {kind_of(is_leaf)}.")
    if _same_facts(got, expected):
        return answer
    x, z, y = (got[name] for name in TENSORS)
    untracked = (None, "NoneType")
    if z["grad_fn"] in untracked and y["grad_fn"] in untracked:
        fail("Neither z nor y has a grad_fn: no operation was recorded.", own.X_NOT_TRACKED)
    if x["grad_fn"] not in untracked and not x["is_leaf"]:
        fail(f"x has a grad_fn ({show(x['grad_fn'])}) and is not a leaf.", own.X_NOT_LEAF)
    if x["grad_fn"] == "NoneType":
        fail("x's grad_fn should be None, not 'NoneType'.", own.LEAF_GRAD_FN_NAMED)
    if all(got[name]["is_leaf"] for name in TENSORS):
        fail("z and y came back as leaves, but operations made them.", own.IS_LEAF_FROM_REQUIRES_GRAD)
    for name in TENSORS:
        for fact in FACTS:
            if got[name][fact] != expected[name][fact] and not (name == "y" and got[name][fact] in SUM_NAMES):
                fail(f"{name}'s {fact} is {show(got[name][fact])}, expected {show(expected[name][fact])}.")
    fail("Wrong facts.")  # not reached: some fact differs


def _typed_in_names(text: str) -> list[str]:
    """The string constants in `text` that look like grad_fn names (a docstring does not count)."""
    try:
        tree = ast.parse(textwrap.dedent(text))
    except SyntaxError:
        return []
    statements = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and type(node.value) is str
        and "Backward" in node.value
        and id(node) not in statements
    ]


# -- the gradient functions -------------------------------------------------------------------


def _check_intermediate(kata, values: list) -> None:
    x = _leaf(values)
    z = x**2
    z.retain_grad()
    (z**2).sum().backward()
    answer = kata.call("intermediate_grad", values)
    read_none = any(NOT_A_LEAF_WARNING in warning for warning in answer.warnings)
    if answer.value is None and read_none:
        raise WrongAnswer(
            "You returned z.grad, and it was None: torch warned that the .grad of a non-leaf tensor was read.",
            mistake=own.RETAIN_GRAD_MISSING,
            details={"call": answer.call, "got": "None", "expected": show(z.grad.tolist())},
        )
    try:
        expect_floats(answer, z.grad.tolist(), suspects=[(own.LEAF_GRAD_FOR_INTERMEDIATE, x.grad.tolist())])
    except WrongAnswer as wrong:
        # Whatever came back in its place, a wrong answer after torch warned that a non-leaf's
        # .grad was read (and so found None) is z.grad read without retain_grad.
        if wrong.mistake is not None or not read_none:
            raise
        message = f"{wrong.message} Torch warned that the .grad of a non-leaf tensor was read: it was None."
        raise WrongAnswer(message, mistake=own.RETAIN_GRAD_MISSING, details=wrong.details) from None
    _expect_autograd_ran(answer)


def _check_twice(kata, values: list) -> None:
    x = _leaf(values)
    y = (x**2).sum()
    y.backward(retain_graph=True)
    y.backward()
    answer = kata.call("backward_twice", values)
    expect_floats(answer, x.grad.tolist(), suspects=[(own.ONE_PASS_IN_GRAD, (2 * x.detach()).tolist())])
    _expect_autograd_ran(answer, passes=2)


def _check_safe_double(kata, values: list) -> None:
    x = _leaf(values)
    (torch.sigmoid(x) * 2).sum().backward()
    s = torch.sigmoid(x.detach())
    suspects = [
        (known.RETURNED_FUNCTION_VALUE, (2 * s).tolist()),
        (own.INPLACE_HIDDEN, (2 * s * (1 - 2 * s)).tolist()),  # sigmoid's backward fed the doubled s
        (own.INPLACE_HIDDEN, (s * (1 - s)).tolist()),  # backward never saw the doubling (s.data = ...)
    ]
    answer = kata.call("safe_double", values)
    expect_floats(answer, x.grad.tolist(), suspects=suspects)
    _expect_autograd_ran(answer)


CHECKS = {
    "graph_facts": _check_facts,
    "intermediate_grad": _check_intermediate,
    "backward_twice": _check_twice,
    "safe_double": _check_safe_double,
}


def _values(rng, low: float = -3.0, high: float = 3.0) -> list[float]:
    return random_floats(rng, rng.randint(1, 6), low, high)


@pytest.mark.parametrize("function, values", EXAMPLES, ids=[f"{f}-{i}" for i, (f, _) in enumerate(EXAMPLES, 1)])
def test_readme_example(kata, function, values):
    CHECKS[function](kata, values)


@pytest.mark.parametrize("case", range(2))
def test_graph_facts_names_each_tensor(kata, rng, case):
    _check_facts(kata, _values(rng))


def test_graph_facts_reads_the_names_from_the_tensors(kata, rng):
    answer = _check_facts(kata, _values(rng))
    text = kata.source("graph_facts", call="the code of graph_facts").value.get("value", "")
    typed = _typed_in_names(text)
    expect_true(
        not typed,
        answer,
        f"graph_facts spells out {', '.join(map(show, typed))}, where it should read each name from a grad_fn.",
        own.GRAD_FN_TYPED_IN,
    )


@pytest.mark.parametrize("case", range(2))
def test_intermediate_grad_keeps_the_gradient_of_z(kata, rng, case):
    _check_intermediate(kata, _values(rng))


def test_intermediate_grad_of_whole_numbers(kata, rng):
    _check_intermediate(kata, [rng.randint(-4, 4) for _ in range(rng.randint(2, 5))])


@pytest.mark.parametrize("case", range(2))
def test_backward_twice_adds_both_passes(kata, rng, case):
    _check_twice(kata, _values(rng, -5, 5))


def test_backward_twice_of_whole_numbers(kata, rng):
    _check_twice(kata, [rng.randint(-5, 5) for _ in range(rng.randint(2, 5))])


def test_backward_twice_starts_afresh_on_every_call(kata, rng):
    values = _values(rng, -5, 5)
    _check_twice(kata, values)
    _check_twice(kata, values)  # a gradient kept from the last call would now count four passes


@pytest.mark.parametrize("case", range(2))
def test_safe_double_leaves_the_saved_output_alone(kata, rng, case):
    _check_safe_double(kata, _values(rng, -4, 4))


def test_safe_double_of_whole_numbers(kata, rng):
    _check_safe_double(kata, [rng.randint(-3, 3) for _ in range(rng.randint(2, 5))])
