"""The tutorial's own code passes: seed 000's five functions, typed in as written, pass katas 01-05.

The functions are quoted from the tutorial (`../shared/seeds/000_*.txt`) exactly as a reader
would type them in; a spec that fails one of them rejects a different way of writing, not
a mistake.
"""

from __future__ import annotations

import pytest

from checker.core.catalogue import load_catalogue
from checker.core.results import Status
from checker.runner.judge.run import run_check
from tests.conftest import ROOT

CATALOGUE = load_catalogue(ROOT)

SEED_000 = {
    "create_tensor": """import torch

def create_tensor(method, shape, value=0.0):
    if method == "zeros":
        t = torch.zeros(shape)
    elif method == "ones":
        t = torch.ones(shape)
    else:                       # "full"
        t = torch.full(shape, value)
    return t.tolist()
""",
    "tensor_op": """import torch

def tensor_op(x, y, op):
    a = torch.tensor(x, dtype=torch.float32)
    b = torch.tensor(y, dtype=torch.float32)
    if op == "add":
        result = a + b
    elif op == "multiply":
        result = a * b
    elif op == "matmul":
        result = a @ b
    elif op == "power":
        result = a ** b
    else:                       # "max"
        result = torch.maximum(a, b)
    return result.tolist()
""",
    "reshape_tensor": """import torch

def reshape_tensor(x, op):
    t = torch.tensor(x, dtype=torch.float32)
    if op == "flatten":
        result = torch.flatten(t)
    elif op == "squeeze":
        result = torch.squeeze(t)
    else:                       # "transpose"
        result = t.T
    return result.tolist()
""",
    "compute_gradient": """import torch

def compute_gradient(values):
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    y = (x**3 + 2*x).sum()      # collapse to a single number
    y.backward()                # walk backward, fill in the slopes
    return x.grad.tolist()
""",
    "activation": """import torch

def activation(x, method):
    t = torch.tensor(x, dtype=torch.float32)
    if method == "relu":
        result = torch.clamp(t, min=0)
    elif method == "sigmoid":
        result = 1 / (1 + torch.exp(-t))
    elif method == "tanh":
        result = torch.tanh(t)
    else:                       # "leaky_relu"
        result = torch.where(t > 0, t, 0.01 * t)
    return result.tolist()
""",
}


# The one fragile line among them: `torch.full(shape, value)` with a whole-number value gives ints.
EXPECTED_NOTES = {"create_tensor": {"integer_result"}}


@pytest.mark.parametrize("name", sorted(SEED_000))
def test_seed_000_function_passes_its_kata(make_workspace, name):
    kata = CATALOGUE.resolve(name)
    workspace = make_workspace(git=False)
    kata.stub_path(workspace).write_text(SEED_000[name])

    result = run_check(workspace, [kata], seed=7).katas[0]

    failures = [(c.name, c.status.value, c.message, c.details) for c in result.cases if c.status is not Status.PASSED]
    assert result.status is Status.PASSED and not failures, failures
    assert {note.code for case in result.cases for note in case.notes} == EXPECTED_NOTES.get(name, set())
