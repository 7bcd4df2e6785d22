"""What the training specs (katas 09-14) share: trusted loops, trajectories and diagnoses.

The learner's loop runs in the worker through `kata.train` (the `with_model` driver of
runner/worker/harness.py), which reports the losses, the weights before and after, and the calls
the loop made. Here, in the judge, the same
starting weights go into a trusted copy of the model and a trusted loop; the first steps
of both must agree. When they do not, the recorded calls usually say why (no zero_grad,
step before backward, no scaler), and the report names that mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from checker.core import mistakes as known
from checker.core.mistakes import Mistake
from checker.runner.judge.session import Answer
from checker.runner.judge.verdicts import WrongAnswer
from checker.runner.protocol import TensorValue
from checker.runner.worker.layer_recipes import build_layers
from checker.specs._helpers import show

__all__ = [
    "TRAJECTORY_STEPS",
    "TRAJECTORY_TOLERANCE",
    "diagnose_loop",
    "expect_finite",
    "expect_losses",
    "layers_from",
    "state_of",
    "trusted_losses",
    "with_value",
]

TRAJECTORY_STEPS = 5  # how many leading losses must match the trusted run
TRAJECTORY_TOLERANCE = 1e-4  # relative: float32 sums in another thread order stay well inside

Diagnosis = Callable[[dict], Mistake | None]


def state_of(report: dict, key: str = "initial") -> dict:
    """Plain tensors from a harness report's state dict."""
    return {name: value.tensor for name, value in report[key].items()}


def layers_from(layers: list, state: dict):
    """The trusted nn.Sequential for `layers`, loaded with `state` (keys may be renamed in order)."""
    model = build_layers(layers)
    own_keys = list(model.state_dict())
    if list(state) != own_keys:
        state = dict(zip(own_keys, state.values()))
    model.load_state_dict(state)
    return model


def trusted_losses(
    model, inputs, targets, loss_fn, optimizer, steps: int, *, scaler=None, autocast_device: str | None = None
) -> list[float]:
    """The reference loop: zero_grad, forward, loss, backward, step; loss.item() per step."""
    import torch

    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        if autocast_device is not None:
            with torch.autocast(autocast_device, dtype=torch.float16):
                loss = loss_fn(model(inputs), targets)
        else:
            loss = loss_fn(model(inputs), targets)
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
        else:
            loss.backward()
            optimizer.step()
        losses.append(loss.item())
    return losses


def expect_losses(
    answer: Answer,
    losses: Any,
    expected_count: int,
    trusted: Sequence[float],
    *,
    diagnose: Diagnosis | None = None,
    suspects: Sequence[tuple[Mistake, Sequence[float]]] = (),
) -> None:
    """The learner's losses: a list of `expected_count` floats whose first steps match `trusted`."""
    first = min(TRAJECTORY_STEPS, len(trusted))
    details = {
        "call": answer.call,
        "got": show(_head(losses)),
        "expected": show(list(trusted[:first])),
        "tolerance": f"{TRAJECTORY_TOLERANCE:g} (relative)",
    }

    def fail(message: str, mistake: Mistake | None = None) -> None:
        raise WrongAnswer(message, mistake=mistake, details=details)

    if losses is None:
        fail("Your function returned None instead of the list of losses.", known.MISSING_RETURN)
    if isinstance(losses, TensorValue):
        fail("The losses came back as one tensor, not a list of Python floats.", known.LOSS_TENSORS)
    if type(losses) is not list:
        fail(f"Expected a list of losses, got {type(losses).__name__}.")
    if any(isinstance(loss, TensorValue) for loss in losses):
        fail("The list of losses holds tensors.", known.LOSS_TENSORS)
    odd = next((loss for loss in losses if type(loss) is not float), None)
    if odd is not None:
        fail(f"Every loss must be a Python float; found {show(odd)}.")
    if len(losses) != expected_count:
        fail(f"Expected {expected_count} losses (one per step), got {len(losses)}.")
    if _agree(losses[:first], trusted[:first]):
        return
    mistake = diagnose(answer.value) if diagnose else None
    for suspect, trajectory in suspects:
        if mistake is None and _agree(losses[:first], trajectory[:first]):
            mistake = suspect
    step = next(i for i in range(first) if not _agree(losses[i : i + 1], trusted[i : i + 1]))
    fail(
        f"Your losses leave the trusted run at step {step}: you recorded {losses[step]!r}, a correct loop "
        f"from the same starting weights records {trusted[step]!r}.",
        mistake,
    )


def diagnose_loop(report: dict) -> Mistake | None:
    """Name the usual training-loop mistake from the calls the loop made, if one shows."""
    events = report.get("events", {})
    sequence = report.get("sequence", [])
    # scaler.step(optimizer) runs optimizer.step itself (or skips it): count the loop's own steps once.
    steps = events.get("scaler.step", 0) or events.get("optimizer.step", 0)
    # One zeroing per step (or per step after the first, when .grad starts empty) is needed;
    # fewer, e.g. one call before the loop, lets gradients pile up.
    if steps > 1 and events.get("zero_grad", 0) < steps - 1:
        return known.MISSING_ZERO_GRAD
    first_step = _index(sequence, ("optimizer.step", "scaler.step"))
    first_backward = _index(sequence, ("backward",))
    if first_step is not None and (first_backward is None or first_step < first_backward):
        return known.STEP_BEFORE_BACKWARD
    return None


def expect_finite(answer: Answer, losses: list[float]) -> None:
    """Fail when a loss is NaN or infinite: the loop blew up."""
    bad = next((i for i, loss in enumerate(losses) if not math.isfinite(loss)), None)
    if bad is not None:
        raise WrongAnswer(
            f"The loss became {losses[bad]!r} at step {bad}: training blew up.",
            details={"call": answer.call, "got": show(_head(losses))},
        )


def with_value(answer: Answer, value: Any) -> Answer:
    """The same call with `value` as what it gave: a failure then shows the part that is wrong."""
    return replace(answer, value=value)


def _agree(got: Sequence[float], want: Sequence[float]) -> bool:
    return len(got) == len(want) and all(
        math.isclose(g, w, rel_tol=TRAJECTORY_TOLERANCE, abs_tol=1e-7) or (math.isnan(g) and math.isnan(w))
        for g, w in zip(got, want)
    )


def _index(sequence: list[str], events: tuple[str, ...]) -> int | None:
    return next((i for i, event in enumerate(sequence) if event in events), None)


def _head(losses: Any) -> Any:
    return losses[:8] + ["..."] if type(losses) is list and len(losses) > 8 else losses
