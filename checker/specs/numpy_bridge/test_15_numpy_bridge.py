"""Kata 15 numpy_bridge: share or copy a NumPy array, convert a tensor back, check a NumPy gradient.

NumPy arrays stay in the worker: the drivers in checker/runner/bridge.py make them, call
the learner, and describe what came back (kind, dtype, shape, values, shared memory).
"""

from dataclasses import replace

import pytest
import torch

from checker.specs.api import (
    Answer,
    expect_floats,
    expect_true,
    known,
    known_errors,
    needs_cuda,
    random_floats,
    state_of,
)
from checker.specs.numpy_bridge import mistakes as own

pytestmark = known_errors(
    known.NUMPY_OF_TRACKED_TENSOR,
    own.NUMPY_OF_GPU_TENSOR,
    own.FLOAT64_INTO_FLOAT32_LAYER,
    own.ARRAY_INTO_LAYER,
)
TOLERANCE = 1e-5

_KIND_WORDS = {"tensor": "a tensor", "ndarray": "a NumPy array"}


def _described(answer: Answer, description: dict) -> Answer:
    """The answer as the learner's value: its numbers, so the shared helpers can compare them."""
    return replace(answer, value=description.get("values"))


def _expect_kind(answer: Answer, description: dict, kind: str, mistake=None) -> None:
    got = description["kind"]
    expect_true(
        got == kind,
        replace(answer, value=_KIND_WORDS.get(got, f"a {got}")),
        f"Expected {_KIND_WORDS[kind]}, got {_KIND_WORDS.get(got, 'a ' + got)}.",
        mistake,
    )


def _expect_array(answer: Answer, description: dict) -> None:
    """A NumPy array; a tensor in its place is the named mistake of forgetting `.numpy()`."""
    _expect_kind(answer, description, "ndarray", own.TENSOR_NOT_ARRAY if description["kind"] == "tensor" else None)


def _matrix(rng, rows: int, columns: int) -> list[list[float]]:
    return [random_floats(rng, columns, -3, 3) for _ in range(rows)]


# -- shared_tensor and copied_tensor ----------------------------------------------------


def _check_shared(kata, values: list, dtype: str) -> None:
    answer = kata.exercise(
        "numpy_bridge.from_array",
        "shared_tensor",
        values,
        dtype,
        call=f"shared_tensor(np.array({values!r}, dtype=np.{dtype}))",
    )
    result = answer.value["result"]
    _expect_kind(answer, result, "tensor")
    expect_true(
        result["dtype"] == dtype,
        _described(answer, result),
        f"The tensor is {result['dtype']}, but a tensor sharing a {dtype} array's memory is {dtype} too.",
        own.COPY_NOT_SHARED,
    )
    expect_floats(_described(answer, result), torch.tensor(values, dtype=torch.float64).tolist())
    expect_true(
        answer.value.get("follows_array", False),
        _described(answer, result),
        "After the array changed, the tensor still held the old numbers.",
        own.COPY_NOT_SHARED,
    )


def _check_copied(kata, values: list, dtype: str) -> None:
    answer = kata.exercise(
        "numpy_bridge.from_array",
        "copied_tensor",
        values,
        dtype,
        call=f"copied_tensor(np.array({values!r}, dtype=np.{dtype}))",
    )
    result = answer.value["result"]
    _expect_kind(answer, result, "tensor")
    expect_true(
        result["dtype"] == "float32",
        _described(answer, result),
        f"The tensor is {result['dtype']}; the copy must be float32.",
        own.FLOAT64_KEPT,
    )
    expect_floats(_described(answer, result), torch.tensor(values, dtype=torch.float32).double().tolist())
    expect_true(
        not answer.value.get("follows_array", True),
        _described(answer, result),
        "After the array changed, the tensor changed with it.",
        own.SHARED_NOT_COPIED,
    )


@pytest.mark.parametrize(
    "values, dtype", [([1.0, 2.0], "float64"), ([[1, 2], [3, 4]], "int64")], ids=["floats", "integers"]
)
def test_shared_tensor_readme_example(kata, values, dtype):
    _check_shared(kata, values, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64"])
def test_shared_tensor_follows_the_array(kata, rng, dtype):
    values = _matrix(rng, rng.randint(1, 3), rng.randint(2, 4))
    if dtype == "int64":
        values = [[int(v) for v in row] for row in values]
    _check_shared(kata, values, dtype)


def test_copied_tensor_readme_example(kata):
    _check_copied(kata, [1.0, 2.0], "float64")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_copied_tensor_stays_as_it_was(kata, rng, dtype):
    # A float32 array is where `torch.from_numpy(array).float()` stops copying: .float() is a no-op.
    _check_copied(kata, _matrix(rng, rng.randint(1, 3), rng.randint(2, 4)), dtype)


# -- to_numpy -----------------------------------------------------------------------------


def _check_to_numpy(kata, values: list, requires_grad: bool, device: str = "cpu") -> None:
    tracked = ", requires_grad=True" if requires_grad else ""
    answer = kata.exercise(
        "numpy_bridge.to_numpy",
        values,
        requires_grad=requires_grad,
        device=device,
        call=f"to_numpy(torch.tensor({values!r}{tracked}, device={device!r}))",
    )
    result = answer.value["result"]
    _expect_array(answer, result)
    expect_true(
        result["dtype"] == "float32",
        _described(answer, result),
        f"The array is {result['dtype']}; a float32 tensor becomes a float32 array.",
    )
    expect_floats(_described(answer, result), torch.tensor(values, dtype=torch.float32).double().tolist())


def test_to_numpy_readme_example(kata):
    _check_to_numpy(kata, [1.5, 2.0], requires_grad=True)


@pytest.mark.parametrize("requires_grad", [False, True], ids=["plain", "tracked"])
def test_to_numpy_of_a_tensor(kata, rng, requires_grad):
    _check_to_numpy(kata, _matrix(rng, rng.randint(1, 3), rng.randint(1, 4)), requires_grad)


@needs_cuda
def test_to_numpy_from_a_cuda_tensor(kata, rng):
    _check_to_numpy(kata, random_floats(rng, 4), requires_grad=True, device="cuda")


# -- predict ------------------------------------------------------------------------------


def _check_predict(kata, rng, rows: int, in_features: int, out_features: int) -> None:
    values = _matrix(rng, rows, in_features)
    seed = rng.randint(0, 999)
    answer = kata.exercise(
        "numpy_bridge.predict",
        in_features,
        out_features,
        seed=seed,
        values=values,
        call=f"predict(nn.Linear({in_features}, {out_features}), <float64 array of shape ({rows}, {in_features})>)",
    )
    result = answer.value["result"]
    _expect_array(answer, result)
    expect_true(
        not answer.value["layer_changed"],
        _described(answer, result),
        "The layer's weights changed during predict.",
        own.LAYER_CHANGED,
    )
    layer = torch.nn.Linear(in_features, out_features)
    layer.load_state_dict(state_of(answer.value, "state"))
    with torch.no_grad():
        expected = layer(torch.tensor(values, dtype=torch.float64).float())
    expect_floats(_described(answer, result), expected.double().tolist(), tolerance=1e-4)


def test_predict_readme_example(kata, rng):
    _check_predict(kata, rng, 1, 2, 1)


@pytest.mark.parametrize("case", range(2))
def test_predict_on_a_batch(kata, rng, case):
    _check_predict(kata, rng, rng.randint(2, 6), rng.randint(1, 4), rng.randint(1, 3))


# -- tanh_layer_grads -----------------------------------------------------------------------


def _trusted_grads(X: list, W: list, b: list):
    """What autograd says, in float64 like the learner's NumPy."""
    X_t = torch.tensor(X, dtype=torch.float64)
    W_t = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    b_t = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    torch.tanh(X_t @ W_t + b_t).sum().backward()
    return X_t, W_t.grad, b_t.grad, (X_t @ W_t + b_t).detach()


def _wrong_tanh_derivatives(Z: torch.Tensor) -> list[torch.Tensor]:
    """d tanh(z)/dz = 1 - tanh(z)**2 as it goes wrong: the square on z, the square or the 1 - left out."""
    A = torch.tanh(Z)
    return [1 - Z**2, 1 - A, A, A**2]


def _check_grads(kata, X: list, W: list, b: list) -> None:
    answer = kata.exercise(
        "numpy_bridge.tanh_layer_grads",
        X,
        W,
        b,
        call=f"tanh_layer_grads(X, W, b)  with X {len(X)}x{len(W)}, W {len(W)}x{len(b)}, "
        f"b of {len(b)} (float64 arrays)",
    )
    parts = answer.value["parts"]
    expect_true(
        len(parts) == 2,
        replace(answer, value=f"a {answer.value['kind']} of {len(parts)} parts"),
        "Return the pair (grad_W, grad_b).",
    )
    expect_true(
        answer.probes.get("autograd_calls", 0) == 0,
        answer,
        "This function is NumPy only, but autograd ran.",
        known.AUTOGRAD_USED,
    )
    X_t, grad_W, grad_b, Z = _trusted_grads(X, W, b)
    # What a wrong d tanh(z)/dz gives in grad_Z's place, passed on to both gradients as the right one is.
    wrong_grad_Z = [(own.TANH_DERIVATIVE_MISSING, torch.ones_like(Z))]
    wrong_grad_Z += [(own.TANH_DERIVATIVE_WRONG, wrong) for wrong in _wrong_tanh_derivatives(Z)]
    suspects_W = [(mistake, (X_t.T @ grad_Z).tolist()) for mistake, grad_Z in wrong_grad_Z]
    suspects_b = [(mistake, grad_Z.sum(dim=0).tolist()) for mistake, grad_Z in wrong_grad_Z]
    suspects_b.append((known.BIAS_GRAD_NOT_SUMMED, (1 - torch.tanh(Z) ** 2).tolist()))
    for description, expected, suspects in ((parts[0], grad_W, suspects_W), (parts[1], grad_b, suspects_b)):
        _expect_array(answer, description)
        expect_floats(_described(answer, description), expected.tolist(), tolerance=1e-6, suspects=suspects)


def test_tanh_layer_grads_readme_example(kata):
    _check_grads(kata, [[1.0]], [[0.0]], [0.0])


@pytest.mark.parametrize("case", range(3))
def test_tanh_layer_grads_match_autograd(kata, rng, case):
    rows, features, outputs = rng.randint(2, 5), rng.randint(1, 4), rng.randint(1, 3)
    X = _matrix(rng, rows, features)
    W = [random_floats(rng, outputs, -1, 1) for _ in range(features)]
    _check_grads(kata, X, W, random_floats(rng, outputs, -1, 1))
