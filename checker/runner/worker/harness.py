"""Trusted drivers that run in the worker around the learner's models and training loops.

A plain `call` hands the learner's function plain data. The training katas need more:
a model built from a known seed, its weights before and after, and a record of what the
loop did (zero_grad, backward, step, the scaler's calls, the dtype each layer ran in,
train or eval mode, grad recording on or off). These drivers gather exactly that and
return plain data; the judge decides what it means.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from checker.core.limits import MAX_RECORDED_CALLS as _MAX_SEQUENCE
from checker.runner.worker.layer_recipes import build_layers, parameter_count

__all__ = ["DRIVERS", "MissingName", "faked_availability", "inject_inf", "learner_function"]


def describe_model(module, recipe: dict, seed: int, inputs=None) -> dict:
    """Build a model from `recipe` and report its structure, weights and (optionally) an output."""
    model = _build(module, recipe, seed)
    report = _structure(model)
    if inputs is not None and report["is_module"]:
        report["output"] = model(inputs)
    return report


def with_model(
    module, function: str, recipe: dict | None, seed: int, args: list, kwargs: dict, inf_at: int | None = None
) -> dict:
    """Call the learner's `function(model, *args, **kwargs)` and record what it did.

    With `recipe` None the function gets no model (a loop that trains its own tensors).
    `inf_at` makes the gradient of the model's first parameter infinite on that
    backward pass (counting from 0), to see a GradScaler skip the step.
    """
    import torch

    target = learner_function(module, function)
    model = _build(module, recipe, seed) if recipe is not None else None
    report: dict[str, Any] = {}
    if model is not None:
        report["initial"] = _state(model)
        if inf_at is not None:
            inject_inf(model, inf_at)
    with _Recorder() as recorder:
        torch.manual_seed(seed)
        value = target(model, *args, **kwargs) if model is not None else target(*args, **kwargs)
    report["value"] = value
    report["events"] = recorder.counts
    report["sequence"] = recorder.sequence
    report["tail"] = recorder.tail
    report["forwards"] = recorder.forwards
    if model is not None:
        report["final"] = _state(model)
        report["devices"] = sorted({str(p.device) for p in model.parameters()})
    return report


def source(module, function: str) -> dict:
    """The text of one of the learner's functions, for rules a run cannot show."""
    import inspect

    target = learner_function(module, function)
    try:
        return {"value": inspect.getsource(target)}
    except (OSError, TypeError):
        return {"value": ""}


DRIVERS: dict[str, Callable[..., dict]] = {
    "describe_model": describe_model,
    "with_model": with_model,
    "source": source,
}


# -- building models --------------------------------------------------------------------


def _build(module, recipe: dict, seed: int):
    import torch

    torch.manual_seed(seed)
    if "learner" in recipe:
        model = learner_function(module, recipe["learner"])(*recipe.get("args", []), **recipe.get("kwargs", {}))
    else:
        model = build_layers(recipe["layers"])
    if "state" in recipe and isinstance(model, torch.nn.Module):
        model.load_state_dict(recipe["state"])
    return model


def learner_function(module, name: str):
    """The learner's function or class `name`; MissingName (reported as "no such function") if absent."""
    target = getattr(module, name, None)
    if not callable(target):
        raise MissingName(name)
    return target


class MissingName(Exception):
    """The learner's file lacks a function or class the kata asks for."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _structure(model) -> dict:
    from torch import nn

    if not isinstance(model, nn.Module):
        return {"is_module": False, "type": type(model).__qualname__}
    children = {name: type(child).__qualname__ for name, child in model.named_modules() if name}
    return {
        "is_module": True,
        "type": type(model).__qualname__,
        "parameter_count": parameter_count(model),
        "children": children,
        "direct_children": {name: type(child).__qualname__ for name, child in model.named_children()},
        # By isinstance, in registration order: a spec finds its layers by structure, not by name.
        "linears": [name for name, child in model.named_modules() if isinstance(child, nn.Linear)],
        "state": _state(model),
    }


def _state(model) -> dict:
    return {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}


def inject_inf(model, at: int) -> None:
    """Make the first parameter's gradient infinite on backward pass number `at` (from 0)."""
    import torch

    first = next(iter(model.parameters()))
    seen = {"count": 0}

    def hook(grad):
        index = seen["count"]
        seen["count"] += 1
        return torch.full_like(grad, float("inf")) if index == at else grad

    first.register_hook(hook)


@contextlib.contextmanager
def faked_availability(torch, cuda: bool, mps: bool):
    saved = (torch.cuda.is_available, torch.backends.mps.is_available)
    torch.cuda.is_available = lambda: cuda
    torch.backends.mps.is_available = lambda: mps
    try:
        yield
    finally:
        torch.cuda.is_available, torch.backends.mps.is_available = saved


# -- recording what a training loop did -------------------------------------------------


class _Recorder:
    """Counts and orders the calls that make up a training step while it is active.

    Events: "forward" (a model called from the loop, not its inner layers), "backward",
    "zero_grad", "optimizer.step", "optimizer.init" (an optimizer built), and the scaler's
    "scaler.scale", "scaler.step", "scaler.update", "scaler.unscale_". A call made by another
    recorded call is not the loop's own (scaler.step runs unscale_ and optimizer.step itself),
    so it is not counted. `sequence` holds the first events in order, `tail` the last few.
    """

    TAIL = 8

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.sequence: list[str] = []
        self.tail: list[str] = []
        self.forwards: dict[str, int] = {}
        self._undo: list[Callable[[], None]] = []
        self._inside = 0  # how many recorded calls are running: events inside them are theirs
        self._forward_depth = 0  # modules running: only the outermost one is the loop's call

    def note(self, event: str) -> None:
        if self._inside:
            return
        self.counts[event] = self.counts.get(event, 0) + 1
        if len(self.sequence) < _MAX_SEQUENCE:
            self.sequence.append(event)
        self.tail = [*self.tail[1 - self.TAIL :], event]

    def __enter__(self) -> _Recorder:
        import torch
        from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook
        from torch.optim.optimizer import register_optimizer_step_pre_hook

        self._wrap(torch.Tensor, "backward", "backward")
        self._wrap(torch.optim.Optimizer, "zero_grad", "zero_grad")
        self._wrap(torch.nn.Module, "zero_grad", "zero_grad")  # model.zero_grad() clears the same grads
        self._wrap(torch.optim.Optimizer, "__init__", "optimizer.init")  # every optimizer class ends here
        for method, event in (
            ("scale", "scaler.scale"),
            ("step", "scaler.step"),
            ("update", "scaler.update"),
            ("unscale_", "scaler.unscale_"),
        ):
            self._wrap(torch.amp.GradScaler, method, event)
        step_hook = register_optimizer_step_pre_hook(lambda optimizer, args, kwargs: self.note("optimizer.step"))
        enter_hook = register_module_forward_pre_hook(self._on_enter)
        # always_call: a forward that raises still leaves, so the depth stays right.
        forward_hook = register_module_forward_hook(self._on_forward, always_call=True)
        self._undo += [step_hook.remove, enter_hook.remove, forward_hook.remove]
        return self

    def __exit__(self, *exc_info) -> None:
        for undo in reversed(self._undo):
            undo()

    def _wrap(self, owner, name: str, event: str) -> None:
        original = owner.__dict__[name]

        def wrapper(*args, **kwargs):
            self.note(event)
            self._inside += 1
            try:
                return original(*args, **kwargs)
            finally:
                self._inside -= 1

        setattr(owner, name, wrapper)
        self._undo.append(lambda: setattr(owner, name, original))

    def _on_enter(self, module, inputs) -> None:
        if self._forward_depth == 0:
            self.note("forward")
        self._forward_depth += 1

    def _on_forward(self, module, inputs, output) -> None:
        import torch

        self._forward_depth = max(0, self._forward_depth - 1)
        self._count_forward("module")
        if isinstance(module, torch.nn.Linear) and isinstance(output, torch.Tensor):
            self._count_forward(f"linear.{str(output.dtype).removeprefix('torch.')}")
            self._count_forward("linear.train_mode" if module.training else "linear.eval_mode")
            self._count_forward("linear.grad_on" if torch.is_grad_enabled() else "linear.grad_off")

    def _count_forward(self, key: str) -> None:
        self.forwards[key] = self.forwards.get(key, 0) + 1
