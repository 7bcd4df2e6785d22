"""Kata 14 amp_loop: float16 autocast around the forward pass, a GradScaler around the update."""

import pytest
import torch
from torch import nn

from checker.specs.amp_loop import mistakes as own
from checker.specs.api import (
    cuda_amp_calls,
    diagnose_loop,
    expect_losses,
    expect_true,
    inject_inf,
    known,
    known_errors,
    layers_from,
    needs_cuda,
    note_from_source,
    state_of,
    trusted_losses,
    with_value,
)

pytestmark = known_errors(
    own.UNSCALED_BACKWARD,
    own.OPTIMIZER_STEP_NOT_SCALER,
    own.NO_SCALER_UPDATE,
    known.HARD_CODED_CUDA,
    known.ZERO_GRAD_BEFORE_STEP,
)

LAYERS = [["linear", 4, 32], ["relu"], ["linear", 32, 1]]


def _data(seed: int, scale: float):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(256, 4, generator=generator)
    return X, scale * X.sum(dim=1, keepdim=True)


def _trusted(initial: dict, X, y, device: str, lr: float, steps: int, inf_at: int | None) -> list[float]:
    model = layers_from(LAYERS, initial).to(device)
    if inf_at is not None:
        inject_inf(model, inf_at)
    return trusted_losses(
        model,
        X.to(device),
        y.to(device),
        nn.MSELoss(),
        torch.optim.SGD(model.parameters(), lr=lr),
        steps,
        scaler=torch.amp.GradScaler(device),
        autocast_device=device,
    )


def _diagnose(report: dict, kata):
    """What the recorded calls say about the mixed-precision protocol, first problem first."""
    events, forwards = report["events"], report["forwards"]
    if forwards.get("linear.float16", 0) == 0:
        return _no_autocast(kata)
    if events.get("scaler.scale", 0) == 0:
        return own.UNSCALED_BACKWARD
    if events.get("scaler.step", 0) == 0:
        return own.OPTIMIZER_STEP_NOT_SCALER
    if events.get("scaler.update", 0) == 0:
        return own.NO_SCALER_UPDATE
    return diagnose_loop(report)  # then what any training loop can get wrong


def _made_for_cuda(kata) -> bool:
    """The learner's autocast or GradScaler is made for CUDA outright: on a CPU device it does nothing."""
    answer = kata.source("train_amp", call="the source of train_amp")
    return bool(cuda_amp_calls(answer.value.get("value", "") if type(answer.value) is dict else ""))


def _no_autocast(kata):
    """Why the forward pass ran in float32: an autocast made for CUDA, or none at all."""
    return known.HARD_CODED_CUDA if _made_for_cuda(kata) else own.NO_AUTOCAST


def _diagnose_losses(report: dict, kata):
    """Why the losses went wrong: the calls first, else a scaler made for CUDA (a pass-through here)."""
    return _diagnose(report, kata) or (known.HARD_CODED_CUDA if _made_for_cuda(kata) else None)


def _train(kata, rng, device: str, *, scale: float = 1.0, lr: float = 0.01, steps: int = 12, inf_at=None):
    X, y = _data(rng.randint(0, 999), scale)
    call = f'train_amp(model, X, y, torch.device("{device}"), lr={lr}, steps={steps})'
    if inf_at is not None:
        call += f"  with an overflowing gradient at step {inf_at}"
    answer = kata.train(
        "train_amp",
        model={"layers": LAYERS},
        seed=rng.randint(0, 999),
        args=[X, y, torch.device(device)],
        kwargs={"lr": lr, "steps": steps},
        inf_at=inf_at,
        call=call,
    )
    kata.chart_losses(answer.value["value"])
    trusted = _trusted(state_of(answer.value), X, y, device, lr, steps, inf_at)
    expect_losses(answer, answer.value["value"], steps, trusted, diagnose=lambda report: _diagnose_losses(report, kata))
    return answer


def _expect_protocol(kata, answer, steps: int) -> None:
    mistake = _diagnose(answer.value, kata)
    expect_true(
        mistake is None,
        with_value(answer, answer.value["events"]),
        "The mixed-precision protocol is incomplete: per step autocast, scale, backward, step, update.",
        mistake,
    )
    state = state_of(answer.value, "final")
    dtypes = sorted({str(value.dtype) for value in state.values()})
    expect_true(
        dtypes == ["torch.float32"],
        with_value(answer, dtypes),
        "The parameters must stay float32 (no model.half()): autocast makes the float16 copies.",
    )


def test_starting_overflows_are_skipped(kata, rng):
    # A loss near 3 times the scaler's starting scale of 65536 overflows float16 twice.
    answer = _train(kata, rng, "cpu", steps=8)
    _expect_protocol(kata, answer, 8)
    note_from_source(kata, "train_amp", moves=True, optimizer=True)  # data left behind breaks on a GPU


def test_forward_pass_runs_in_float16(kata, rng):
    answer = _train(kata, rng, "cpu", scale=0.01, steps=4)
    forwards = answer.value["forwards"]
    in_float16 = forwards.get("linear.float16", 0) > 0 and forwards.get("linear.float32", 0) == 0
    expect_true(
        in_float16,
        with_value(answer, forwards),
        "The Linear layers must run in float16 inside torch.autocast.",
        None if in_float16 else _no_autocast(kata),
    )


def test_overflowing_step_is_skipped(kata, rng):
    answer = _train(kata, rng, "cpu", scale=0.01, steps=6, inf_at=2)
    losses = answer.value["value"]
    expect_true(
        losses[3] == losses[2],
        with_value(answer, losses[:5]),
        "An infinite gradient at step 2 must make the scaler skip that update.",
        own.OPTIMIZER_STEP_NOT_SCALER,
    )


@pytest.mark.parametrize("case", range(2))
def test_hidden_runs(kata, rng, case):
    answer = _train(kata, rng, "cpu", scale=round(rng.uniform(0.05, 1.0), 2), lr=round(rng.uniform(0.005, 0.05), 3))
    _expect_protocol(kata, answer, 12)


@needs_cuda
def test_amp_on_cuda(kata, rng):
    answer = _train(kata, rng, "cuda", scale=0.5, steps=12)
    _expect_protocol(kata, answer, 12)
