"""The wire keeps exact types, carries tensors by value and frames messages by length."""

from __future__ import annotations

import base64
import io
import json
import math
import os
import pickle
import struct
import threading
import time

import pytest
import torch

from checker.core.limits import MAX_MESSAGE_BYTES
from checker.runner.protocol import (
    ForeignObject,
    ProtocolError,
    TensorValue,
    decode,
    encode,
    read_message,
    write_message,
)


class _Pipe:
    """Both ends of an os.pipe, closed once each."""

    def __init__(self) -> None:
        self.read_fd, self.write_fd = os.pipe()

    def close_writer(self) -> None:
        os.close(self.write_fd)
        self.write_fd = None

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            if fd is not None:
                os.close(fd)


@pytest.fixture
def pipe():
    channel = _Pipe()
    yield channel
    channel.close()


def _typed(value):
    """The value with every type spelled out, so 1, 1.0 and True, or lists and tuples, differ."""
    if type(value) in (list, tuple):
        return type(value).__name__, [_typed(item) for item in value]
    if type(value) is dict:
        return "dict", [(_typed(key), _typed(item)) for key, item in value.items()]
    return type(value).__name__, value


def _across(pipe: _Pipe, value):
    """Encode, send, receive and decode, as judge and worker do."""
    write_message(pipe.write_fd, {"value": encode(value)})
    return decode(read_message(pipe.read_fd)["value"])


# -- exact types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        1,
        1.0,
        True,
        False,
        None,
        "text ünïcode",
        10**30,
        -0.0,
        [],
        (),
        {},
        [1, 1.0, True, None, "1"],
        [[1, [2.0, [False, []]]]],
        (1, 2.0, (True,)),
        [(1, 2), [3, 4]],
        {"a": 1, 2: 2.0, 3.5: "float key", (1, 2): [3], None: True},
        {"tuple": 1, "dict": [2], "tensor": "3", "object": 4},
        {"outer": {"inner": ([1], {"deepest": (2.0,)})}},
    ],
    ids=repr,
)
def test_plain_values_round_trip_with_exact_types(pipe, value):
    assert _typed(_across(pipe, value)) == _typed(value)


def test_nan_and_infinities_survive(pipe):
    nan, inf, minus_inf = _across(pipe, [math.nan, math.inf, -math.inf])

    assert math.isnan(nan)
    assert inf == math.inf and minus_inf == -math.inf


@pytest.mark.parametrize(
    "dtype",
    [
        torch.float32,
        torch.float64,
        torch.float16,
        torch.bfloat16,
        torch.int64,
        torch.int16,
        torch.uint8,
        torch.bool,
        torch.complex64,
    ],
    ids=str,
)
def test_tensor_round_trips_with_its_dtype(pipe, dtype):
    sent = torch.tensor([[0, 1, 2], [3, 4, 5]]).to(dtype)

    value = _across(pipe, sent)

    assert isinstance(value, TensorValue)
    assert type(value.tensor) is torch.Tensor
    assert value.tensor.dtype is dtype
    assert torch.equal(value.tensor, sent)


@pytest.mark.parametrize("sent", [torch.tensor(2.5), torch.zeros(0, 3)], ids=["scalar", "empty"])
def test_tensor_round_trips_with_its_shape(pipe, sent):
    value = _across(pipe, sent)

    assert value.tensor.shape == sent.shape and torch.equal(value.tensor, sent)


def test_tensor_records_grad_and_class(pipe):
    leaf = torch.tensor([1.0, 2.0], requires_grad=True)
    product, parameter = _across(pipe, [leaf * 2, torch.nn.Parameter(torch.ones(1))])

    assert (product.requires_grad, product.grad_fn, product.kind) == (True, "MulBackward0", "Tensor")
    assert not product.tensor.requires_grad, "the judge gets a detached tensor"
    assert (parameter.requires_grad, parameter.grad_fn, parameter.kind) == (True, None, "Parameter")
    assert type(parameter.tensor) is torch.Tensor


def test_tensor_view_carries_only_its_own_elements(pipe):
    big = torch.arange(1000, dtype=torch.float32).reshape(10, 100)

    value = _across(pipe, big[3, :2])

    assert value.tensor.tolist() == [300.0, 301.0]
    assert value.tensor.untyped_storage().nbytes() == 2 * 4


def test_tensors_inside_containers_cross(pipe):
    value = _across(pipe, {"weights": [torch.ones(2)], "bias": (torch.zeros(1),)})

    assert isinstance(value["weights"][0], TensorValue)
    assert isinstance(value["bias"], tuple) and isinstance(value["bias"][0], TensorValue)


class _Hostile:
    def __repr__(self):
        raise RuntimeError("never called")

    def __eq__(self, other):
        return True


class _MyList(list):
    pass


class _MyInt(int):
    pass


class _MyTensor(torch.Tensor):
    pass


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        ({1, 2}, "builtins.set"),
        (_MyList([1]), f"{__name__}._MyList"),
        (_MyInt(3), f"{__name__}._MyInt"),
        (torch.zeros(2).as_subclass(_MyTensor), f"{__name__}._MyTensor"),
        (_Hostile(), f"{__name__}._Hostile"),
        (range(3), "builtins.range"),
    ],
    ids=["set", "list-subclass", "int-subclass", "tensor-subclass", "hostile", "range"],
)
def test_anything_else_becomes_a_foreign_object(pipe, value, type_name):
    foreign = _across(pipe, value)

    assert isinstance(foreign, ForeignObject)
    assert foreign.type_name == type_name
    assert foreign.text, "a short description for the learner"


def test_nesting_beyond_the_depth_limit_is_cut_off(pipe):
    value = 1
    for _ in range(40):
        value = [value]

    received = _across(pipe, value)

    depth = 0
    while type(received) is list:
        received, depth = received[0], depth + 1
    assert isinstance(received, ForeignObject) and depth < 40


# -- decoding what does not belong on the wire -----------------------------------------


@pytest.mark.parametrize("data", [{"unknown": 1}, {1, 2}, b"bytes"], ids=["unknown-tag", "set", "bytes"])
def test_decode_rejects_unknown_data(data):
    with pytest.raises(ProtocolError):
        decode(data)


def _tensor_message(payload: object) -> dict:
    buffer = io.BytesIO()
    torch.save(payload, buffer)
    return {"tensor": base64.b64encode(buffer.getvalue()).decode("ascii")}


def test_decode_rejects_a_tensor_message_holding_something_else():
    with pytest.raises(ProtocolError):
        decode(_tensor_message({"weights": torch.ones(1)}))


class _RunsCode:
    def __reduce__(self):
        return print, ("unpickled and ran",)


def test_decode_never_runs_code_from_a_tensor_message(capsys):
    message = {"tensor": base64.b64encode(pickle.dumps(_RunsCode(), protocol=2)).decode("ascii")}

    with pytest.raises((ProtocolError, pickle.UnpicklingError)):
        decode(message)

    assert "unpickled and ran" not in capsys.readouterr().out


# -- framing ----------------------------------------------------------------------------


def test_message_is_a_big_endian_length_then_utf8_json(pipe):
    write_message(pipe.write_fd, {"text": "ü"})
    pipe.close_writer()

    raw = os.read(pipe.read_fd, 1024)

    assert raw[:4] == struct.pack(">I", len(raw) - 4)
    assert json.loads(raw[4:].decode("utf-8")) == {"text": "ü"}


def test_messages_are_read_one_at_a_time_then_none_at_end(pipe):
    for number in range(3):
        write_message(pipe.write_fd, {"n": number})
    pipe.close_writer()

    received = [read_message(pipe.read_fd) for _ in range(4)]

    assert received == [{"n": 0}, {"n": 1}, {"n": 2}, None]


def test_message_larger_than_the_pipe_arrives_whole(pipe):
    message = {"data": "x" * (4 * 1024 * 1024)}
    writer = threading.Thread(target=write_message, args=(pipe.write_fd, message))
    writer.start()
    try:
        received = read_message(pipe.read_fd)
    finally:
        writer.join()

    assert received == message


def test_end_of_file_inside_a_message_is_none(pipe):
    os.write(pipe.write_fd, struct.pack(">I", 100) + b'{"partial":')
    pipe.close_writer()

    assert read_message(pipe.read_fd) is None


@pytest.mark.parametrize(
    "raw",
    [
        struct.pack(">I", MAX_MESSAGE_BYTES + 1),
        struct.pack(">I", 8) + b"not json",
        struct.pack(">I", 9) + b"[1, 2, 3]",
        struct.pack(">I", 2) + b"\xff\xfe",
    ],
    ids=["too-large", "not-json", "not-an-object", "not-utf8"],
)
def test_malformed_message_is_a_protocol_error(pipe, raw):
    os.write(pipe.write_fd, raw)

    with pytest.raises(ProtocolError):
        read_message(pipe.read_fd, deadline=time.monotonic() + 5)


@pytest.mark.parametrize("sent", [b"", struct.pack(">I", 10) + b"{}"], ids=["nothing", "half-a-message"])
def test_silence_past_the_deadline_is_a_timeout(pipe, sent):
    if sent:
        os.write(pipe.write_fd, sent)

    with pytest.raises(TimeoutError):
        read_message(pipe.read_fd, deadline=time.monotonic() + 0.05)
