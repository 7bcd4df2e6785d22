"""Kata 09 linear_regression_scratch: the five-step loop by hand, without torch.nn or torch.optim."""

import pytest
import torch

from checker.specs.api import (
    CaseProblem,
    WrongAnswer,
    expect_finite,
    expect_losses,
    expect_true,
    known,
    known_errors,
    note_from_source,
    with_value,
)
from checker.specs.linear_regression_scratch import mistakes as own

pytestmark = known_errors(own.UPDATE_WITHOUT_NO_GRAD, own.OUT_OF_PLACE_UPDATE, known.INTEGER_REQUIRES_GRAD)


def _trusted(X, y, lr: float, epochs: int, cleared: str = "wb") -> tuple[float, float, list[float]]:
    """The reference loop; `cleared` names the parameters whose gradients it zeroes each epoch."""
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    losses = []
    for _ in range(epochs):
        loss = ((w * X + b - y) ** 2).mean()
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        for name, parameter in (("w", w), ("b", b)):
            if name in cleared:
                parameter.grad.zero_()
    return w.item(), b.item(), losses


def _fit(kata, X, y, lr: float, epochs: int):
    call = f"fit_line(X, y, lr={lr}, epochs={epochs})  with X, y of shape {tuple(X.shape)}"
    try:
        answer = kata.train("fit_line", model=None, seed=0, args=[X, y], kwargs={"lr": lr, "epochs": epochs}, call=call)
    except CaseProblem as problem:
        first_update = problem.probes.get("autograd_calls", 0) == 1
        if problem.mistake is own.OUT_OF_PLACE_UPDATE and first_update and _none_in_update(problem):
            # `lr * w.grad` met None at the very first update, right after the first backward: no
            # update had replaced w yet, so something cleared the gradients in between.
            problem.mistake = known.ZERO_GRAD_BEFORE_STEP
        raise
    result = answer.value["value"]
    if type(result) is tuple and len(result) == 3:
        kata.chart_losses(result[2])  # (w, b, losses): drawn even when the checks below fail
    if result is None:
        raise WrongAnswer("Your function returned None.", mistake=known.MISSING_RETURN, details={"call": call})
    shape_ok = type(result) is tuple and len(result) == 3
    expect_true(shape_ok, with_value(answer, result), "Return a tuple of three things: (w, b, losses).")
    w, b, losses = result
    expect_true(
        type(w) is float and type(b) is float,
        with_value(answer, result),
        "w and b must be Python floats: return `w.item()` and `b.item()`.",
    )
    return answer, w, b, losses


def _none_in_update(problem: CaseProblem) -> bool:
    """The error is arithmetic on a None gradient (the update's), not a None gradient's `.zero_()`."""
    return problem.details.get("got", "").startswith("TypeError") and "NoneType" in problem.details["got"]


def _check_trajectory(kata, X, y, lr: float, epochs: int):
    answer, w, b, losses = _fit(kata, X, y, lr, epochs)
    trusted = _trusted(X, y, lr, epochs)
    # Gradients that pile up: neither cleared, or only one of the two (each in turn).
    piled_up = [(known.MISSING_ZERO_GRAD, _trusted(X, y, lr, epochs, cleared)[2]) for cleared in ("", "w", "b")]
    expect_losses(answer, losses, epochs, trusted[2], suspects=piled_up)
    return answer, w, b, losses


def _line(rng, count: int, noise: float):
    generator = torch.Generator().manual_seed(rng.randint(0, 2**31))
    X = torch.rand(count, 1, generator=generator) * 4 - 2
    w_true, b_true = round(rng.uniform(-3, 3), 2), round(rng.uniform(-2, 2), 2)
    y = w_true * X + b_true + noise * torch.randn(count, 1, generator=generator)
    return X, y


def test_readme_example(kata):
    X = torch.linspace(-2, 2, 50).unsqueeze(1)
    answer, w, b, losses = _check_trajectory(kata, X, 2 * X + 1, 0.1, 100)
    expect_true(
        abs(w - 2.0) < 1e-3 and abs(b - 1.0) < 1e-3,
        with_value(answer, (w, b)),
        f"After 100 epochs w and b should be about 2 and 1; you returned w={w:.4f}, b={b:.4f}.",
    )


@pytest.mark.parametrize("case", range(2))
def test_hidden_line_first_epochs(kata, rng, case):
    X, y = _line(rng, rng.randint(20, 80), noise=0.1)
    _check_trajectory(kata, X, y, round(rng.uniform(0.05, 0.2), 3), 12)


def test_hidden_line_final_fit(kata, rng):
    X, y = _line(rng, 64, noise=0.05)
    answer, w, b, losses = _check_trajectory(kata, X, y, 0.1, 150)
    expect_finite(answer, losses)
    w_best, b_best, _ = _trusted(X, y, 0.1, 150)
    expect_true(
        abs(w - w_best) < 1e-3 and abs(b - b_best) < 1e-3,
        with_value(answer, (w, b)),
        f"The final fit is off: you returned w={w:.4f}, b={b:.4f}; a correct loop ends at "
        f"w={w_best:.4f}, b={b_best:.4f}.",
    )


def test_no_torch_nn_or_optim(kata, rng):
    X, y = _line(rng, 30, noise=0.1)
    answer, *_ = _check_trajectory(kata, X, y, 0.1, 5)  # the rule counts only for a working loop
    events = answer.value["events"]
    used = answer.value["forwards"].get("module", 0) + events.get("optimizer.step", 0) + events.get("zero_grad", 0)
    expect_true(used == 0, answer, "Your loop used torch.nn modules or a torch.optim optimizer.", own.NN_IN_SCRATCH)


def test_autograd_computes_the_gradients(kata, rng):
    X, y = _line(rng, 30, noise=0.1)
    answer, *_ = _check_trajectory(kata, X, y, 0.1, 4)
    # `loss.backward()` is the usual way; `torch.autograd.grad(loss, [w, b])` is autograd too (the probe counts both).
    passes = max(answer.value["events"].get("backward", 0), answer.probes.get("autograd_calls", 0))
    expect_true(
        passes >= 4, answer, "Call `loss.backward()` every epoch: autograd computes the gradients in this kata."
    )
    note_from_source(kata, "fit_line", data=True)  # advice on a loop that works
