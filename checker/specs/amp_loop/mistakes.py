"""Kata 14 amp_loop: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

NO_AUTOCAST = mistake(
    "no_autocast",
    "The forward pass ran in float32: it was not inside `torch.autocast`.",
    "Put the forward pass and the loss in `with torch.autocast(device.type, dtype=torch.float16):`.",
)

UNSCALED_BACKWARD = mistake(
    "unscaled_backward",
    "`loss.backward()` ran on the unscaled loss, so the scaler divides gradients it never multiplied.",
    "Call `scaler.scale(loss).backward()`.",
    "did not use scaler.scale(loss or outputs)",
)

OPTIMIZER_STEP_NOT_SCALER = mistake(
    "optimizer_step_not_scaler",
    "`optimizer.step()` was called directly, so scaled gradients were applied and inf steps were not skipped.",
    "Let the scaler do it: `scaler.step(optimizer)`.",
    "No inf checks were recorded prior to update",
)

NO_SCALER_UPDATE = mistake(
    "no_scaler_update",
    "`scaler.update()` never ran, so the loss scale never adapts (it stays put after an overflow).",
    "Call `scaler.update()` once per step, after `scaler.step(optimizer)`.",
    "has already been called since the last update()",
)
