"""Kata 13 device_loop: pick the best device, then train wherever you are told, never naming CUDA."""

import ast
import re
import textwrap

import pytest
import torch
from torch import nn

from checker.specs.api import (
    diagnose_loop,
    expect_losses,
    expect_true,
    known,
    known_errors,
    layers_from,
    needs_cuda,
    note_from_source,
    state_of,
    trusted_losses,
    with_value,
)

pytestmark = known_errors(known.HARD_CODED_CUDA, known.TENSOR_NOT_MOVED)

_NAMES_CUDA = re.compile(r"""\.cuda\s*\(|["']cuda(:\d+)?["']""")  # only when the source does not parse
_CUDA_STRING = re.compile(r"cuda(:\d+)?")


def _names_cuda(source: str) -> str | None:
    """Where the function's code names CUDA (`.cuda()` or a "cuda" string), or None.

    Read from the syntax tree, so a comment or docstring that mentions "cuda" is no offence.
    """
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        match = _NAMES_CUDA.search(source)
        return match.group(0) if match else None
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cuda":
            return ".cuda("
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and _CUDA_STRING.fullmatch(node.value)
        ):
            return repr(node.value)
    return None


@pytest.mark.parametrize(
    "cuda, mps, expected",
    [(True, False, "cuda"), (False, True, "mps"), (False, False, "cpu"), (True, True, "cuda")],
    ids=["cuda-only", "mps-only", "neither", "both"],
)
def test_pick_device(kata, cuda, mps, expected):
    answer = kata.exercise(
        "device_loop.pick_device",
        cuda=cuda,
        mps=mps,
        call=f"pick_device()  with CUDA {'available' if cuda else 'missing'} and "
        f"MPS {'available' if mps else 'missing'}",
    )
    got = answer.value["value"]
    shown = with_value(answer, got)
    expect_true(
        type(got) is torch.device,
        shown,
        f"Return a torch.device, e.g. torch.device({expected!r}), not {type(got).__name__}.",
    )
    expect_true(got.type == expected, shown, f"Expected the {expected!r} device here, got {got.type!r}.")


def _data(seed: int):
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(128, 3, generator=generator)
    return X, X @ torch.tensor([[1.5], [-2.0], [0.5]]) + 0.3


def _train(kata, rng, device: str, steps: int):
    X, y = _data(rng.randint(0, 999))
    layers = [["linear", 3, 1]]
    answer = kata.train(
        "train_on_device",
        model={"layers": layers},
        seed=rng.randint(0, 999),
        args=[X, y, torch.device(device)],
        kwargs={"lr": 0.1, "steps": steps},
        call=f'train_on_device(nn.Linear(3, 1), X, y, torch.device("{device}"), steps={steps})',
    )
    kata.chart_losses(answer.value["value"])
    model = layers_from(layers, state_of(answer.value))
    trusted = trusted_losses(model, X, y, nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1), steps)
    expect_losses(answer, answer.value["value"], steps, trusted, diagnose=diagnose_loop)
    devices = answer.value["devices"]
    expect_true(
        all(torch.device(name).type == device for name in devices),
        with_value(answer, devices),
        f"After training, the model's parameters must be on {device!r}, not {', '.join(devices)}.",
    )
    return answer


def test_trains_on_the_cpu(kata, rng):
    answer = _train(kata, rng, "cpu", 100)
    last = answer.value["value"][-1]
    expect_true(
        last < 1e-6, with_value(answer, last), f"After 100 steps the loss should be below 1e-6, not {last:.3g}."
    )


def test_never_names_cuda(kata, rng):
    _train(kata, rng, "cpu", 2)  # the rule is about a working function, not the stub
    answer = note_from_source(kata, "train_on_device", moves=True, optimizer=True)  # data left behind breaks on a GPU
    named = _names_cuda(answer.value["value"])
    expect_true(
        named is None,
        with_value(answer, named),
        f"train_on_device names CUDA itself ({named}); it must use only "
        "the `device` argument, or it fails on every machine without an NVIDIA GPU.",
        known.HARD_CODED_CUDA,
    )


@needs_cuda
def test_trains_on_cuda(kata, rng):
    _train(kata, rng, "cuda", 30)
