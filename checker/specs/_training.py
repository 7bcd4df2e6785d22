"""What the training specs (katas 09-14) share: trusted loops, trajectories and diagnoses.

The learner's loop runs in the worker through `kata.train` (the `with_model` driver of
runner/worker/harness.py), which reports the losses, the weights before and after, and the calls
the loop made. Here, in the judge, the same
starting weights go into a trusted copy of the model and a trusted loop; the first steps
of both must agree. When they do not, two things say why, in the learner's terms:

* the recorded calls (`diagnose_loop`): no zero_grad, zero_grad between backward and step,
  step before backward, two steps per pass, an optimizer built on every step, a forward pass
  after the last update (the loss recorded after the update);
* the trajectory itself (`trajectory_effect`): the trusted losses one step later, a constant
  factor on the first loss, no change from step to step, NaN or inf after an update.

The calls name the cause when they show one; the trajectory says what it did.
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
from checker.specs._effects import number_text
from checker.specs._helpers import show

__all__ = [
    "TRAJECTORY_STEPS",
    "TRAJECTORY_TOLERANCE",
    "diagnose_loop",
    "expect_finite",
    "expect_losses",
    "layers_from",
    "state_of",
    "trajectory_effect",
    "trusted_losses",
    "with_value",
]

TRAJECTORY_STEPS = 5  # how many leading losses must match the trusted run
TRAJECTORY_TOLERANCE = 1e-4  # relative: float32 sums in another thread order stay well inside

Diagnosis = Callable[[dict], Mistake | None]
_UPDATES = ("optimizer.step", "scaler.step")
_LARGEST_FACTOR = 1000  # a sum over more values than this is no kata's; a larger ratio is no simple factor
_FACTOR_TOLERANCE = 1e-5  # float32 sum against mean: ~1e-6 apart; looser would find whole numbers by chance


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
    diagnosed = diagnose(answer.value) if diagnose else None
    suspected = next((suspect for suspect, run in suspects if _agree(losses[:first], run[:first])), None)
    effect = trajectory_effect(losses, trusted)
    if effect is not None:  # the calls name the cause best, then a suspect's run; the effect says what it did
        fail(effect[1], diagnosed or suspected or effect[0])
    step = next(i for i in range(first) if not _agree(losses[i : i + 1], trusted[i : i + 1]))
    follows = ", and they follow, step for step, a loop with the mistake below" if suspected and not diagnosed else ""
    fail(
        f"Your losses leave the trusted run at step {step}: you recorded {losses[step]!r}, a correct loop "
        f"from the same starting weights records {trusted[step]!r}{follows}.",
        diagnosed or suspected,
    )


def trajectory_effect(losses: Sequence[float], trusted: Sequence[float]) -> tuple[Mistake, str] | None:
    """What a wrong list of losses did to the trusted one, and the mistake that does it, or None.

    Tried strongest evidence first: the whole head one step late, then the first loss (before
    any update, so it depends only on the loss function) a constant factor off, then a NaN or
    inf after an update anywhere in the list, then a loss that never moves.
    """
    first = min(TRAJECTORY_STEPS, len(trusted), len(losses))
    if first == 0:
        return None
    got, want = list(losses[:first]), list(trusted[:first])
    late = min(first, len(trusted) - 1)  # how many losses can be compared with the trusted ones a step later
    if late >= 2 and _agree(got[:late], trusted[1 : late + 1]) and not _agree(got[:1], want[:1]):
        return known.LOSS_AFTER_UPDATE, (
            f"Your losses are a correct loop's one step late: your step 0 records {_text(got[0])}, the loss a "
            f"correct loop reaches only after its first update (its step 1), and so on; the loss of the "
            f"starting weights, {_text(want[0])}, is missing."
        )
    factor = _whole_ratio(got[0], want[0])
    if factor is not None:
        times = number_text(factor)
        if _agree(got, [factor * w for w in want]):
            return known.LOSS_SCALED, (
                f"Every loss you recorded is {times} times a correct loop's ({_text(got[0])} against {_text(want[0])} at "
                f"step 0): the training is right, but the number you record is scaled."
            )
        return known.LOSS_SCALED, (
            f"Your first loss, before any update, is {times} times a correct loop's ({_text(got[0])} against "
            f"{_text(want[0])}): the loss itself is scaled, so its gradients and every step were {times} times "
            f"as large too."
        )
    bad = next((i for i, loss in enumerate(losses) if not math.isfinite(loss)), None)
    if bad is not None and bad >= 1 and all(math.isfinite(w) for w in trusted[: bad + 1]):
        return known.LOSS_EXPLODED, (
            f"Your loss became {losses[bad]!r} at step {bad}, right after an update (the step before it "
            f"recorded {_text(losses[bad - 1])}): the weights blew up. A correct loop starts at {_text(want[0])} "
            f"and its losses stay finite."
        )
    steady = first >= 3 and all(math.isfinite(g) for g in got)
    if steady and all(_agree([g], got[:1]) for g in got[1:]) and not all(_agree([w], want[:1]) for w in want):
        return known.UPDATE_HAD_NO_EFFECT, (
            f"Your loss stays at {_text(got[0])} from step 0 to step {first - 1}: the updates did not change the "
            f"weights. A correct loop goes from {_text(want[0])} to {_text(want[-1])} in the same steps."
        )
    return None


def diagnose_loop(report: dict) -> Mistake | None:
    """Name the usual training-loop mistake from the calls the loop made, if one shows.

    Counts and order come from the harness's recorder: a call made by another recorded call
    (the optimizer.step inside scaler.step) is not counted, so every event is the loop's own.
    """
    events = report.get("events", {})
    sequence = report.get("sequence", [])
    own_steps, scaler_steps = events.get("optimizer.step", 0), events.get("scaler.step", 0)
    backwards = events.get("backward", 0)
    if (scaler_steps and own_steps) or (backwards and own_steps >= 2 * backwards):
        return known.DOUBLE_STEP
    steps = scaler_steps or own_steps
    built = events.get("optimizer.init", 0)
    if built > 1 and built >= steps:
        return known.OPTIMIZER_IN_LOOP
    # One zeroing per step (or per step after the first, when .grad starts empty) is needed;
    # fewer, e.g. one call before the loop, lets gradients pile up.
    if steps > 1 and events.get("zero_grad", 0) < steps - 1:
        return known.MISSING_ZERO_GRAD
    first_step = _index(sequence, _UPDATES)
    first_backward = _index(sequence, ("backward",))
    if first_step is not None and (first_backward is None or first_step < first_backward):
        return known.STEP_BEFORE_BACKWARD
    if built and backwards and steps == 0:
        return known.UPDATE_HAD_NO_EFFECT  # an optimizer and gradients, and never a step
    if _zeroed_before_update(sequence):
        return known.ZERO_GRAD_BEFORE_STEP
    if _forward_after_last_update(report.get("tail", [])) and events.get("forward", 0) >= 2 * steps > 0:
        return known.LOSS_AFTER_UPDATE
    return None


def _zeroed_before_update(sequence: list[str]) -> bool:
    """A zero_grad after a backward and before the update that should have used its gradients."""
    state = ""
    for event in sequence:
        if event == "backward":
            state = "backward"
        elif event == "zero_grad" and state == "backward":
            state = "zeroed"
        elif event in _UPDATES:
            if state == "zeroed":
                return True
            state = ""
        elif event == "forward":
            state = ""
    return False


def _forward_after_last_update(tail: list[str]) -> bool:
    """The loop's last calls: the model ran again after the final update, with no backward after it."""
    updates = [i for i, event in enumerate(tail) if event in _UPDATES]
    after = tail[updates[-1] + 1 :] if updates else []
    return "forward" in after and "backward" not in after


def expect_finite(answer: Answer, losses: list[float]) -> None:
    """Fail when a loss is NaN or infinite: the loop blew up."""
    bad = next((i for i, loss in enumerate(losses) if not math.isfinite(loss)), None)
    if bad is not None:
        raise WrongAnswer(
            f"The loss became {losses[bad]!r} at step {bad}: training blew up.",
            mistake=known.LOSS_EXPLODED if bad >= 1 else None,  # at step 0 no update has run yet
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


def _whole_ratio(got: float, want: float) -> float | None:
    """got / want when it is a whole number or one over a whole number (and not 1), else None."""
    if not (math.isfinite(got) and math.isfinite(want)) or want <= 0 or got <= 0:
        return None
    ratio = got / want
    bigger = ratio if ratio >= 1 else 1 / ratio  # 2 for a loss doubled, 2 for one halved
    whole = round(bigger)
    if whole < 2 or whole > _LARGEST_FACTOR or not math.isclose(bigger, whole, rel_tol=_FACTOR_TOLERANCE):
        return None
    return float(whole) if ratio >= 1 else 1 / whole


def _text(loss: float) -> str:
    return f"{loss:.6g}"


def _index(sequence: list[str], events: tuple[str, ...]) -> int | None:
    return next((i for i, event in enumerate(sequence) if event in events), None)


def _head(losses: Any) -> Any:
    return losses[:8] + ["..."] if type(losses) is list and len(losses) > 8 else losses
