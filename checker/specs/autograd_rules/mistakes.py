"""Kata 07 autograd_rules: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

FORMULA_NOT_AUTOGRAD = mistake(
    "formula_not_autograd",
    "The number is right, but autograd never ran: the gradient was written out as a formula.",
    "This kata is about what `backward()` does: make x with `requires_grad=True`, call `backward()`, "
    "and return what `x.grad` holds.",
)

TOO_FEW_BACKWARD_PASSES = mistake(
    "too_few_backward_passes",
    "`backward()` ran fewer times than `times`, so the answer did not come from gradients piling up in x.grad.",
    "Call `(x**2).backward()` inside a loop that runs `times` times, without zeroing x.grad in between.",
)

GRAD_ZEROED = mistake(
    "grad_zeroed",
    "Only one pass is left in x.grad: it was cleared (or x was made again) between the backward passes.",
    "Make x once, before the loop, and never zero x.grad: each `backward()` adds 2 * value to it, "
    "and that running total is the answer.",
)

BACKWARD_TWICE = mistake(
    "backward_twice",
    "`backward()` ran a second time through the same graph, which autograd frees after the first walk.",
    "Build `x**2` afresh inside the loop, so each `backward()` gets a graph of its own.",
    "Trying to backward through the graph a second time",
)

BACKWARD_WITHOUT_WEIGHTS = mistake(
    "backward_without_weights",
    "`backward()` with no argument was called on a tensor with more than one value.",
    "In vector_grad pass the weights: `y.backward(torch.tensor(weights, dtype=torch.float32))`. "
    "In frozen_grad add up first: `(x * x.detach()).sum().backward()`.",
    "grad can be implicitly created only for scalar outputs",
)

WEIGHTS_IGNORED = mistake(
    "weights_ignored",
    "The weights were ignored: this is the gradient of `y.sum()`, as if every weight were 1.",
    "Hand the weights to backward: `y.backward(torch.tensor(weights, dtype=torch.float32))`.",
)

NOT_DETACHED = mistake(
    "not_detached",
    "Both factors were tracked, so this is the gradient of sum(x * x), which is 2 * x.",
    "Detach exactly one factor: `(x * x.detach()).sum()`; the detached copy counts as a constant.",
)

NOTHING_REQUIRES_GRAD = mistake(
    "nothing_requires_grad",
    "Nothing in the expression you called `backward()` on is tracked: x lacks `requires_grad=True`, "
    "or every factor was detached.",
    "Create x with `requires_grad=True`, and in frozen_grad detach only one factor: `(x * x.detach()).sum()`.",
    "does not require grad and does not have a grad_fn",
)
