"""The wire between judge and worker: length-prefixed JSON with exact, tagged types.

Only plain data crosses: Python primitives, lists, tuples, dicts, `torch.device`s (by
name) and tensors (as `torch.save` bytes that the judge reads back with
`weights_only=True`). Anything else becomes a `ForeignObject` description, so no learner object, custom `__eq__`
or tensor subclass ever reaches the judge. Neither side unpickles the other's data.
"""

from __future__ import annotations

import base64
import io
import json
import os
import select
import struct
import time
from dataclasses import dataclass
from typing import Any

from checker.core.limits import MAX_MESSAGE_BYTES, MAX_MESSAGE_DEPTH
from checker.runner.judge.describe import describe_foreign

__all__ = [
    "ForeignObject",
    "ProtocolError",
    "TensorValue",
    "decode",
    "encode",
    "read_message",
    "sync_mark",
    "write_message",
]

_HEADER = struct.Struct(">I")


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message."""


@dataclass(frozen=True)
class TensorValue:
    """A tensor that came back from the learner's code, with what it looked like there."""

    tensor: Any  # exactly torch.Tensor, on the CPU, detached
    device: str
    requires_grad: bool
    grad_fn: str | None
    kind: str  # "Tensor" or "Parameter": the class it had in the worker

    def __repr__(self) -> str:
        return f"tensor({self.tensor.tolist()!r}, dtype={self.tensor.dtype}, device={self.device!r})"


@dataclass(frozen=True)
class ForeignObject:
    """Any value the wire does not carry: its type's full name and how a person would describe it."""

    type_name: str  # e.g. "numpy.ndarray"
    text: str  # e.g. "a NumPy array of shape (2,), float64: [1.0, 2.0]" (see describe.py)

    def __repr__(self) -> str:
        return self.text


# -- encoding (used on both sides) ------------------------------------------------------


def encode(value: Any, _depth: int = 0) -> Any:
    """Turn a value into JSON-ready data, keeping exact types; subclasses become foreign."""
    if _depth > MAX_MESSAGE_DEPTH:
        return {"object": "nested too deeply", "repr": "a value nested too deeply to show"}
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [encode(item, _depth + 1) for item in value]
    if kind is tuple:
        return {"tuple": [encode(item, _depth + 1) for item in value]}
    if kind is dict:
        return {"dict": [[encode(k, _depth + 1), encode(v, _depth + 1)] for k, v in value.items()]}
    if _is_plain_tensor(value):
        return _encode_tensor(value)
    if _is_device(value):
        return {"torch_device": str(value)}
    return {"object": f"{kind.__module__}.{kind.__qualname__}", "repr": describe_foreign(value)}


def _is_plain_tensor(value: Any) -> bool:
    torch = _torch_if_loaded()
    if torch is None:
        return False
    return type(value) in (torch.Tensor, torch.nn.Parameter)


def _is_device(value: Any) -> bool:
    torch = _torch_if_loaded()
    return torch is not None and type(value) is torch.device


def _encode_tensor(value: Any) -> dict:
    torch = _torch_if_loaded()
    buffer = io.BytesIO()
    # detach() turns a Parameter into a plain Tensor; clone() drops any shared storage.
    torch.save(value.detach().cpu().clone(), buffer)
    return {
        "tensor": base64.b64encode(buffer.getvalue()).decode("ascii"),
        "device": str(value.device),
        "requires_grad": bool(value.requires_grad),
        "grad_fn": type(value.grad_fn).__name__ if value.grad_fn is not None else None,
        "kind": type(value).__name__,
    }


def _torch_if_loaded():
    import sys

    return sys.modules.get("torch")


# -- decoding (judge side) --------------------------------------------------------------


def decode(data: Any) -> Any:
    """Rebuild exact Python values from `encode`'s output."""
    kind = type(data)
    if data is None or kind in (bool, int, float, str):
        return data
    if kind is list:
        return [decode(item) for item in data]
    if kind is dict and len(data) == 1 and "tuple" in data:
        return tuple(decode(item) for item in data["tuple"])
    if kind is dict and len(data) == 1 and "dict" in data:
        return {_hashable(decode(k)): decode(v) for k, v in data["dict"]}
    if kind is dict and "tensor" in data:
        return _decode_tensor(data)
    if kind is dict and len(data) == 1 and "torch_device" in data:
        import torch

        return torch.device(str(data["torch_device"]))  # rebuilt from its name: no foreign object
    if kind is dict and "object" in data:
        return ForeignObject(str(data["object"]), str(data.get("repr", "")))
    raise ProtocolError(f"unexpected value on the wire: {type(data).__name__}")


def _hashable(key: Any) -> Any:
    return key if isinstance(key, (str, int, float, bool, tuple, type(None))) else repr(key)


def _decode_tensor(data: dict) -> TensorValue:
    import torch

    raw = base64.b64decode(data["tensor"])
    tensor = torch.load(io.BytesIO(raw), weights_only=True, map_location="cpu")
    if type(tensor) is not torch.Tensor:
        raise ProtocolError("a tensor message held something other than a tensor")
    return TensorValue(
        tensor=tensor,
        device=str(data.get("device", "cpu")),
        requires_grad=bool(data.get("requires_grad", False)),
        grad_fn=data.get("grad_fn"),
        kind=str(data.get("kind", "Tensor")),
    )


def sync_mark(token: str) -> bytes:
    """What a portable worker writes on its output pipe before each reply: all printed so far is before it.

    Control characters around a per-worker random token: no ordinary print makes it, and a
    learner who forges it only cuts their own output short in the report.
    """
    return f"\x1e\x1fkata-sync:{token}\x1f\x1e".encode("ascii")


# -- framing ----------------------------------------------------------------------------


def write_message(fd: int, message: dict) -> None:
    """Send one JSON message; NaN and infinity survive because both ends are Python."""
    body = json.dumps(message).encode("utf-8")
    payload = _HEADER.pack(len(body)) + body
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_message(fd: int, deadline: float | None = None) -> dict | None:
    """Read one message; None at end of file; TimeoutError once `deadline` passes."""
    header = _read_exact(fd, _HEADER.size, deadline)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {size} bytes is over the {MAX_MESSAGE_BYTES}-byte limit")
    body = _read_exact(fd, size, deadline)
    if body is None:
        return None
    try:
        message = json.loads(body)
    except ValueError as error:
        raise ProtocolError(f"message is not JSON: {error}") from None
    if type(message) is not dict:
        raise ProtocolError("message is not a JSON object")
    return message


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
