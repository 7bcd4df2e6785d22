"""Kata 18 computation_graph: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py).

Phrases were checked against torch 2.13's own messages. The spec's `known_errors` tries
them in the order it lists them, before the mistakes every kata knows.
"""

from checker.core.mistakes import Mistake

# -- graph_facts: what grad_fn and is_leaf say ---------------------------------------------

GRAD_FN_NOT_NAME = Mistake(
    "grad_fn_not_name",
    "You gave the grad_fn object itself (or its printout, with a memory address in it), not its name.",
    "Take the name of its class: `type(t.grad_fn).__name__` (or `t.grad_fn.name()`) gives 'MulBackward0'.",
)
LEAF_GRAD_FN_NAMED = Mistake(
    "leaf_grad_fn_named",
    "x's grad_fn came back as 'NoneType': x was made by you, not by an operation, so its grad_fn is None, "
    "and `type(None).__name__` is the name of None's class.",
    "Report None for a tensor without a grad_fn: `None if t.grad_fn is None else type(t.grad_fn).__name__`.",
)
IS_LEAF_FROM_REQUIRES_GRAD = Mistake(
    "is_leaf_from_requires_grad",
    "Every tensor came back as a leaf: that is `requires_grad`, which z and y inherit from x, not `is_leaf`.",
    "Read `t.is_leaf`: only x, the tensor you created, is a leaf; z and y were made by operations.",
)
X_NOT_LEAF = Mistake(
    "x_not_leaf",
    "x is not a leaf: an operation (such as `.double()`, `.to(...)` or `* 1.0`) ran after `requires_grad=True`, "
    "so the x you kept is that operation's result.",
    "Make x in one call, already as floats: `torch.tensor(values, dtype=torch.float32, requires_grad=True)`.",
)
X_NOT_TRACKED = Mistake(
    "x_not_tracked",
    "x does not require grad, so autograd recorded nothing: no grad_fn anywhere, and nothing for `backward()` to walk.",
    "Create x with `requires_grad=True`: `torch.tensor(values, dtype=torch.float32, requires_grad=True)`.",
    ("does not require grad and does not have a grad_fn",),
)
GRAD_FN_TYPED_IN = Mistake(
    "grad_fn_typed_in",
    "The names are right, but they were typed into your code, not read from the tensors.",
    "Read each name from the graph: `type(z.grad_fn).__name__` for z, and the same for x and y.",
)

# -- intermediate_grad: gradients of tensors in the middle ---------------------------------

RETAIN_GRAD_MISSING = Mistake(
    "retain_grad_missing",
    "A `.grad` you read was None: autograd fills `.grad` only for leaves (tensors you created with "
    "requires_grad=True) and drops the gradients of computed tensors such as z, unless asked to keep them.",
    "Call `z.retain_grad()` before `y.backward()`, then return `z.grad.tolist()`. "
    "For x.grad, read it from the x you created, not from a tensor computed from it.",
    ("'NoneType' object has no attribute 'tolist'",),
)
REQUIRES_GRAD_ON_COMPUTED = Mistake(
    "requires_grad_on_computed",
    "`requires_grad` can only be switched on a leaf. z is computed from x, so it already requires grad; "
    "what it lacks is a kept gradient.",
    "Ask autograd to keep z's gradient: `z.retain_grad()` before `y.backward()`.",
    ("you can only change requires_grad flags of leaf variables",),
)
LEAF_GRAD_FOR_INTERMEDIATE = Mistake(
    "leaf_grad_for_intermediate",
    "That is x.grad, dy/dx = 4 * x**3: the gradient that reached the leaf, not the one that reached z.",
    "Keep z's own gradient with `z.retain_grad()` before `y.backward()`, and return `z.grad.tolist()` (2 * z).",
)
GRAPH_GRADIENT_BY_HAND = Mistake(
    "graph_gradient_by_hand",
    "The numbers are right, but autograd never ran: the gradient was worked out by hand.",
    "This kata is about the graph autograd records: build everything from x with `requires_grad=True`, "
    "call `backward()`, and return the `.grad` it filled (z.grad in intermediate_grad, x.grad elsewhere).",
)

# -- backward_twice: a graph is freed after one walk -----------------------------------------

GRAPH_FREED = Mistake(
    "graph_freed",
    "The second `backward()` found the graph freed: the first walk dropped the values it had saved.",
    "Keep them on the first call, `y.backward(retain_graph=True)`, then call `y.backward()` again.",
    ("Trying to backward through the graph a second time",),
)
ONE_PASS_IN_GRAD = Mistake(
    "one_pass_in_grad",
    "x.grad holds one pass, 2 * x, not two: `backward()` ran once, or x.grad was zeroed (or x made again) "
    "between the two passes.",
    "Keep the same x and never zero its gradient: the second `backward()` adds 2 * x to the first, giving 4 * x.",
)
SINGLE_BACKWARD_PASS = Mistake(
    "single_backward_pass",
    "The numbers are right, but `backward()` ran only once: 4 * x came from one walk (of 2 * y, say), "
    "not from two walks adding up in x.grad.",
    "Call `y.backward(retain_graph=True)` and then `y.backward()`: each adds 2 * x to x.grad.",
)

BACKWARD_NEEDS_SCALAR = Mistake(
    "backward_needs_scalar",
    "`backward()` with no argument was called on a tensor with more than one value.",
    "Add up first and walk back from that one number: `y = (x ** 2).sum()`, then `y.backward()` "
    "(in safe_double, `(s * 2).sum().backward()`).",
    ("grad can be implicitly created only for scalar outputs",),
)

# -- safe_double: in-place changes of what autograd saved --------------------------------------

INPLACE_ON_SAVED = Mistake(
    "inplace_on_saved",
    "sigmoid's output was changed in place (`s.mul_(2)`, `s *= 2`, or written over with `out=s`), but autograd "
    "needs it as it was: sigmoid's gradient is s * (1 - s), so torch refused to work on the overwritten numbers.",
    "Double out of place: `doubled = s * 2` makes a new tensor and leaves s as autograd saved it "
    "(torch refuses `out=` whenever autograd records).",
    # torch 2.13: an in-place change found by backward(); `out=` refused when the operation runs.
    ("modified by an inplace operation", "functions with out=... arguments don't support automatic differentiation"),
)
INPLACE_ON_LEAF = Mistake(
    "inplace_on_leaf",
    "x itself was changed in place (`x.sigmoid_()`, `x *= 2`): autograd does not let you overwrite a leaf "
    "that requires grad while it records.",
    "Leave x alone and make new tensors from it: `s = torch.sigmoid(x)`, then `s * 2`.",
    ("a leaf Variable that requires grad is being used in an in-place operation",),
)
INPLACE_HIDDEN = Mistake(
    "inplace_hidden",
    "The doubling was hidden from autograd (done through `.data`), so backward() never recorded it: you got "
    "sigmoid's gradient without the factor 2, or 2s(1 - 2s) with s = sigmoid(x) where it read the overwritten s. "
    "Either way a silently wrong gradient.",
    "Never change saved tensors behind autograd's back; double out of place: `doubled = s * 2`.",
)
