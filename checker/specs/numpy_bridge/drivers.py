"""Kata 15 numpy_bridge: trusted drivers, run in the worker around the learner's code.

NumPy arrays do not cross the wire to the judge (only plain data and tensors do), so
these drivers build the arrays in the worker, call the learner's function, and send
back a description of what came back (kind, dtype, shape, values) together with what
only the worker can see: whether the result shares memory with the array it was made
from, and whether a layer handed to the learner was changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.runner.worker.harness import learner_function

__all__ = ["DRIVERS", "describe"]


def describe(value: Any) -> dict:
    """A NumPy array or tensor as plain data; anything else by its type name."""
    import numpy as np
    import torch

    if isinstance(value, torch.Tensor):
        return {
            "kind": "tensor",
            "dtype": str(value.dtype).removeprefix("torch."),
            "shape": list(value.shape),
            "values": value.detach().cpu().double().tolist(),
            "requires_grad": value.requires_grad,
            "device": value.device.type,
        }
    if isinstance(value, np.ndarray):
        numeric = value.dtype.kind in "biuf"
        return {
            "kind": "ndarray",
            "dtype": str(value.dtype),
            "shape": list(value.shape),
            "values": value.astype(np.float64).tolist() if numeric else [],
        }
    return {"kind": type(value).__name__}


def from_array(module, function: str, values: list, dtype: str) -> dict:
    """Call `function(array)` on a fresh array, then change the array and see if the result follows."""
    import numpy as np
    import torch

    array = np.array(values, dtype=dtype)
    result = learner_function(module, function)(array)
    report = {"result": describe(result)}
    if isinstance(result, torch.Tensor) and result.numel() and result.device.type == "cpu":
        before = result.detach().clone()
        array += 1  # in place: a tensor that shares the buffer sees it
        report["follows_array"] = not torch.equal(result.detach(), before)
    return report


def to_numpy(module, values: list, requires_grad: bool, device: str) -> dict:
    """Call `to_numpy(t)` on a float32 tensor that may track gradients or live on a GPU."""
    import torch

    leaf = torch.tensor(values, dtype=torch.float32, requires_grad=requires_grad)
    # A tensor computed from a leaf, as a model's output would be: it has a grad_fn too.
    t = (leaf * 1.0).to(device) if requires_grad else leaf.to(device)
    return {"result": describe(learner_function(module, "to_numpy")(t))}


def predict(module, in_features: int, out_features: int, seed: int, values: list) -> dict:
    """Call `predict(layer, array)` with a seeded float32 layer and float64 inputs."""
    import numpy as np
    import torch

    torch.manual_seed(seed)
    layer = torch.nn.Linear(in_features, out_features)
    state = {name: tensor.detach().clone() for name, tensor in layer.state_dict().items()}
    result = learner_function(module, "predict")(layer, np.array(values, dtype=np.float64))
    changed = any(
        tensor.dtype != state[name].dtype or not torch.equal(tensor.detach().float(), state[name])
        for name, tensor in layer.state_dict().items()
    )
    return {"result": describe(result), "state": state, "layer_changed": changed}


def tanh_layer_grads(module, X: list, W: list, b: list) -> dict:
    """Call `tanh_layer_grads` on float64 arrays and describe the pair it returns."""
    import numpy as np

    arrays = [np.array(part, dtype=np.float64) for part in (X, W, b)]
    result = learner_function(module, "tanh_layer_grads")(*arrays)
    if isinstance(result, (tuple, list)):
        return {"kind": type(result).__name__, "parts": [describe(part) for part in result]}
    return {"kind": describe(result)["kind"], "parts": []}


DRIVERS: dict[str, Callable[..., dict]] = {
    "from_array": from_array,
    "to_numpy": to_numpy,
    "predict": predict,
    "tanh_layer_grads": tanh_layer_grads,
}
