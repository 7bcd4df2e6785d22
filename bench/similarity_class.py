"""Made-up classes for the similarity check: students who worked apart, and pairs planted to be found.

    from bench.similarity_class import make_class
    made = make_class(60, seed=1)     # made.students, made.common_code, made.planted

Each honest student writes each of seven katas in one of four ways: leaves the stub, writes
the reference with small changes (renamed variables, no comments, an operand moved), types in
the tutorial's code (katas 01-05, from seed 000 when ../shared/seeds is there), or, most often,
writes it their own way. Their own way is one of three or four spellings written here per
kata, each with several alternatives at every step (`«a|b|c»`), their own names (`‹name›`),
statements that do not depend on each other in their own order (lines marked `#~`), the
small habits that differ from person to person at every line (`2` or `2.0`, `a -= b` or
`a = a - b`, a name for the result, a print to see what happens: `_Habits`), and comments of
their own. Their wrong answers on the hidden cases: mostly none; the kata's common mistake for
some (the same text for everyone who makes it, and at least COMMON_MISTAKE_AT_LEAST make it);
now and then a wrong answer of their own. A stub gives no wrong answers: a case not started has
no answer to compare, and a caller should leave such cases out too.

Planted, to be flagged: (a) a copy of a whole submission, with the names changed, comments
added and the layout redone (ast.unparse), so that the copier also inherits every wrong
answer; the student copied from writes every kata their own way, since a copy of the
reference leaves nothing to find. (b) Two students who share one unusual wrong piece of code
(two such bugs are written here, in katas 04 and 09), and so the same rare wrong answers.
"""

from __future__ import annotations

import ast
import keyword
import random
import re
from dataclasses import dataclass
from pathlib import Path

from checker.grading.fingerprints import python_blocks
from checker.grading.similarity import StudentWork

__all__ = ["KATAS", "GeneratedClass", "common_code", "make_class"]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
KATAS = {
    "01": "create_tensor",
    "02": "tensor_op",
    "04": "compute_gradient",
    "05": "activation",
    "06": "broadcasting",
    "09": "linear_regression_scratch",
    "11": "mlp_sin",
}
# The function each kata's tutorial code defines (seed 000 covers katas 01-05).
TUTORIAL_FUNCTIONS = {"01": "create_tensor", "02": "tensor_op", "04": "compute_gradient", "05": "activation"}
CASES = ("first", "second", "third", "fourth")  # hidden cases per kata
STUB_SHARE, REFERENCE_SHARE, TUTORIAL_SHARE = 0.08, 0.22, 0.12  # the rest write their own
COMMON_MISTAKE_SHARE = 0.15  # of the students who wrote a kata, those who make its common mistake
COMMON_MISTAKE_AT_LEAST = 6  # a common mistake is made by at least this many (else it would be a rare one)
OWN_WRONG_SHARE = 0.05  # those who get one case wrong their own way
COPIES_PER_STUDENTS = 30  # one planted copy (a) per this many students
BUGS_PER_STUDENTS = 60  # one planted pair with the same unusual bug (b) per this many

NAMES = (
    "a b c d t u v w z out res result value values arr data tmp buf acc item items thing stuff "
    "current total running mat vec grid field table seq row col base part piece cell node temp "
    "store saved kept first second third left right src dst inp inner outer here there main aux"
).split()
WORDS = (
    "check debug shape value now got here step input output first after before test result sizes "
    "grad loss tensor weights bias epoch round pass try new old left done start end mine see look"
).split()
COMMENTS = (
    "make it a float tensor",
    "this is the important part",
    "TODO tidy up",
    "forward pass",
    "see the README",
    "careful with the shape here",
    "autograd does the rest",
    "as in the lecture",
    "checked this by hand",
    "keep it simple",
    "not sure about this line",
    "returns plain lists",
    "the loop",
    "update step",
)

# Own spellings, per kata. «a|b» is one of the alternatives, ‹n› a name the student picks,
# a line ending in #~ may change places with its marked neighbours.
SPELLINGS: dict[str, list[str]] = {
    "01": [
        """import torch


def create_tensor(method, shape, value=0.0):
    if method == "zeros":
        ‹t› = torch.zeros(«shape|*shape|size=shape»«|, dtype=torch.float32»)
    elif method == "ones":
        ‹t› = torch.ones(«shape|*shape|size=shape»«|, dtype=torch.float32»)
    else:
        ‹t› = torch.full(shape, «float(value)|value», dtype=torch.float32)
    return ‹t›.tolist()
""",
        """import torch


def create_tensor(method, shape, value=0.0):
    ‹makers› = {
        "zeros": «lambda: torch.zeros(shape)|lambda: torch.zeros(shape, dtype=torch.float32)», #~
        "ones": «lambda: torch.ones(shape)|lambda: torch.ones(shape, dtype=torch.float32)», #~
        "full": lambda: torch.full(shape, «float(value)|value», dtype=torch.float32), #~
    }
    if method not in ‹makers›:
        raise ValueError(«f"unknown method: {method}"|"bad method " + method|f"method must be zeros, ones or full, not {method!r}"»)
    return ‹makers›[method]().tolist()
""",
        """import torch


def create_tensor(method, shape, value=0.0):
    «‹fill› = {"zeros": 0.0, "ones": 1.0}.get(method, value)|‹fill› = 0.0 if method == "zeros" else 1.0 if method == "ones" else value»
    ‹t› = torch.full(«shape|tuple(shape)|list(shape)», float(‹fill›)«|, dtype=torch.float32»)
    return ‹t›.tolist()
""",
        """import torch


def create_tensor(method, shape, value=0.0):
    if method == "zeros":
        return torch.zeros(«shape|*shape»).tolist()
    if method == "ones":
        return torch.ones(«shape|*shape»).tolist()
    «return torch.full(shape, float(value)).tolist()|‹t› = torch.empty(shape)\n    ‹t›.fill_(value)\n    return ‹t›.tolist()|return (torch.ones(shape) * value).tolist()»
""",
    ],
    "02": [
        """import torch


def tensor_op(x, y, op):
    ‹a› = «torch.tensor(x, dtype=torch.float32)|torch.tensor(x).float()|torch.as_tensor(x, dtype=torch.float)» #~
    ‹b› = «torch.tensor(y, dtype=torch.float32)|torch.tensor(y).float()|torch.as_tensor(y, dtype=torch.float)» #~
    if op == "add":
        ‹r› = «‹a› + ‹b›|torch.add(‹a›, ‹b›)|‹b› + ‹a›»
    elif op == "multiply":
        ‹r› = «‹a› * ‹b›|torch.mul(‹a›, ‹b›)|‹a›.mul(‹b›)»
    elif op == "matmul":
        ‹r› = «‹a› @ ‹b›|torch.matmul(‹a›, ‹b›)|torch.mm(‹a›, ‹b›)»
    elif op == "power":
        ‹r› = «‹a› ** ‹b›|torch.pow(‹a›, ‹b›)»
    elif op == "max":
        ‹r› = «torch.maximum(‹a›, ‹b›)|torch.max(‹a›, ‹b›)|torch.where(‹a› > ‹b›, ‹a›, ‹b›)»
    else:
        raise ValueError(«op|f"unknown op {op}"|"unsupported operation"»)
    return ‹r›.tolist()
""",
        """import operator

import torch


def tensor_op(x, y, op):
    ‹ops› = {
        "add": «operator.add|torch.add|lambda ‹p›, ‹q›: ‹p› + ‹q›», #~
        "multiply": «operator.mul|torch.mul», #~
        "matmul": «operator.matmul|torch.matmul», #~
        "power": «operator.pow|torch.pow», #~
        "max": torch.maximum, #~
    }
    ‹a›, ‹b› = «torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)|(torch.tensor(‹v›, dtype=torch.float32) for ‹v› in (x, y))»
    return ‹ops›[op](‹a›, ‹b›).tolist()
""",
        """import torch


def tensor_op(x, y, op):
    ‹a› = torch.«tensor|as_tensor»(x, dtype=torch.float«32|») #~
    ‹b› = torch.«tensor|as_tensor»(y, dtype=torch.float«32|») #~
    match op:
        case "add":
            ‹r› = ‹a› + ‹b›
        case "multiply":
            ‹r› = ‹a› * ‹b›
        case "matmul":
            ‹r› = ‹a› @ ‹b›
        case "power":
            ‹r› = «‹a› ** ‹b›|‹a›.pow(‹b›)»
        case "max":
            ‹r› = «torch.maximum(‹a›, ‹b›)|‹a›.maximum(‹b›)»
        case _:
            raise ValueError(«op|f"unknown op {op}"»)
    return ‹r›.tolist()
""",
    ],
    "04": [
        """import torch


def compute_gradient(values):
    ‹x› = torch.tensor(values, «dtype=torch.float32, requires_grad=True|requires_grad=True, dtype=torch.float»)
    ‹y› = «‹x› ** 3 + 2 * ‹x›|‹x›.pow(3) + 2 * ‹x›|‹x› * ‹x› * ‹x› + ‹x› * 2»
    «‹y›.sum().backward()|‹y›.backward(torch.ones_like(‹y›))|‹s› = ‹y›.sum()\n    ‹s›.backward()»
    return ‹x›.grad.tolist()
""",
        """import torch


def compute_gradient(values):
    ‹x› = «torch.tensor(values).float()|torch.tensor(values, dtype=torch.float32)|torch.as_tensor(values, dtype=torch.float32)»
    ‹x›.requires_grad_(«|True»)
    «‹total› = torch.sum(‹x› ** 3 + 2 * ‹x›)|‹total› = (‹x› ** 3).sum() + (2 * ‹x›).sum()»
    ‹total›.backward()
    «return ‹x›.grad.tolist()|‹g› = ‹x›.grad\n    return ‹g›.tolist()|return [float(‹v›) for ‹v› in ‹x›.grad]»
""",
        """import torch


def compute_gradient(values):
    ‹x› = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    ‹f› = «lambda ‹t›: ‹t› ** 3 + 2 * ‹t›|lambda ‹t›: ‹t› * (‹t› * ‹t› + 2)»
    (‹g›,) = torch.autograd.grad(‹f›(‹x›).sum(), «‹x›|[‹x›]»)
    return ‹g›«|.detach()».tolist()
""",
    ],
    "05": [
        """import torch


def activation(x, method):
    ‹t› = «torch.tensor(x, dtype=torch.float32)|torch.tensor(x).float()|torch.as_tensor(x, dtype=torch.float32)»
    if method == "relu":
        ‹out› = «torch.relu(‹t›)|torch.clamp(‹t›, min=0)|‹t›.clamp(min=0.0)|torch.maximum(‹t›, torch.zeros_like(‹t›))»
    elif method == "sigmoid":
        ‹out› = «torch.sigmoid(‹t›)|1 / (1 + torch.exp(-‹t›))|‹t›.sigmoid()»
    elif method == "tanh":
        ‹out› = «torch.tanh(‹t›)|‹t›.tanh()»
    elif method == "leaky_relu":
        ‹out› = «torch.where(‹t› > 0, ‹t›, 0.01 * ‹t›)|torch.nn.functional.leaky_relu(‹t›, 0.01)|torch.maximum(‹t›, 0.01 * ‹t›)»
    else:
        raise ValueError(«method|f"unknown activation {method}"|"unknown method"»)
    return ‹out›.tolist()
""",
        """import torch
import torch.nn.functional as ‹F›


def activation(x, method):
    ‹table› = {
        "relu": ‹F›.relu, #~
        "sigmoid": torch.sigmoid, #~
        "tanh": torch.tanh, #~
        "leaky_relu": «‹F›.leaky_relu|lambda ‹v›: ‹F›.leaky_relu(‹v›, negative_slope=0.01)», #~
    }
    «if method not in ‹table›:\n        raise ValueError(method)\n    |»return ‹table›[method](torch.tensor(x, dtype=torch.float32)).tolist()
""",
        """import torch


def activation(x, method):
    ‹t› = torch.tensor(x, dtype=torch.float«32|»)
    if method == "relu":
        return (‹t› * (‹t› > 0)«|.float()»).tolist()
    if method == "sigmoid":
        return «(1.0 / (1.0 + torch.exp(-‹t›))).tolist()|torch.sigmoid(‹t›).tolist()»
    if method == "tanh":
        return «torch.tanh(‹t›).tolist()|((torch.exp(2 * ‹t›) - 1) / (torch.exp(2 * ‹t›) + 1)).tolist()»
    return torch.where(‹t› «>|>=» 0, ‹t›, ‹t› * 0.01).tolist()
""",
    ],
    "06": [
        """import torch


def center_columns(matrix):
    ‹m› = torch.tensor(matrix, dtype=torch.float32)
    «‹mean› = ‹m›.mean(dim=0, keepdim=True)|‹mean› = ‹m›.mean(0)|‹mean› = torch.mean(‹m›, dim=0)|‹mean› = ‹m›.sum(dim=0) / ‹m›.shape[0]»
    return (‹m› - ‹mean›).tolist()


def select_greater(x, threshold):
    ‹t› = torch.tensor(x, dtype=torch.float32)
    return «‹t›[‹t› > threshold].tolist()|torch.masked_select(‹t›, ‹t› > threshold).tolist()|‹t›.flatten()[‹t›.flatten() > threshold].tolist()»
""",
        """import torch


def select_greater(x, threshold):
    ‹flat› = «torch.tensor(x, dtype=torch.float32).flatten()|torch.tensor(x, dtype=torch.float32).reshape(-1)|torch.tensor(x).float().view(-1)»
    ‹keep› = ‹flat› > threshold
    return ‹flat›[‹keep›].tolist()


def center_columns(matrix):
    ‹m› = «torch.tensor(matrix).float()|torch.as_tensor(matrix, dtype=torch.float32)»
    ‹m› = ‹m› - ‹m›.mean(«dim=0|0|axis=0», keepdim=True)
    return ‹m›.tolist()
""",
        """import torch


def center_columns(matrix):
    ‹m› = torch.tensor(matrix, dtype=torch.float32)
    ‹n› = «‹m›.shape[0]|len(matrix)|‹m›.size(0)»
    ‹means› = ‹m›.sum(0«|, keepdim=True») / ‹n›
    return (‹m› - ‹means›).tolist()


def select_greater(x, threshold):
    ‹t› = torch.tensor(x, dtype=torch.float32)
    ‹mask› = «‹t› > threshold|torch.gt(‹t›, threshold)|‹t›.gt(threshold)»
    return «‹t›[‹mask›].tolist()|‹t›.masked_select(‹mask›).tolist()»
""",
    ],
    "09": [
        """import torch


def fit_line(X, y, lr=0.1, epochs=100):
    ‹w› = «torch.tensor(0.0, requires_grad=True)|torch.zeros((), requires_grad=True)|torch.zeros(1, requires_grad=True)» #~
    ‹b› = «torch.tensor(0.0, requires_grad=True)|torch.zeros((), requires_grad=True)|torch.zeros(1, requires_grad=True)» #~
    ‹losses› = []
    for ‹i› in range(epochs):
        ‹pred› = «‹w› * X + ‹b›|X * ‹w› + ‹b›|‹b› + ‹w› * X»
        ‹loss› = «((‹pred› - y) ** 2).mean()|torch.mean((‹pred› - y) ** 2)|((y - ‹pred›) ** 2).mean()|torch.nn.functional.mse_loss(‹pred›, y)»
        ‹losses›.append(«‹loss›.item()|float(‹loss›)»)
        ‹loss›.backward()
        with torch.no_grad():
            ‹w› -= lr * ‹w›.grad #~
            ‹b› -= lr * ‹b›.grad #~
        «‹w›.grad.zero_()\n        ‹b›.grad.zero_()|‹w›.grad = None\n        ‹b›.grad = None»
    return «‹w›.item(), ‹b›.item(), ‹losses›|float(‹w›), float(‹b›), ‹losses›»
""",
        """import torch


def fit_line(X, y, lr=0.1, epochs=100):
    ‹params› = «torch.zeros(2, requires_grad=True)|torch.tensor([0.0, 0.0], requires_grad=True)»
    ‹history› = []
    for ‹i› in range(epochs):
        if ‹params›.grad is not None:
            ‹params›.grad.zero_()
        ‹out› = «‹params›[0] * X + ‹params›[1]|X * ‹params›[0] + ‹params›[1]»
        ‹err› = ‹out› - y
        ‹loss› = «(‹err› ** 2).mean()|(‹err› * ‹err›).mean()|‹err›.pow(2).mean()»
        ‹history›.append(‹loss›.item())
        ‹loss›.backward()
        «‹params›.data -= lr * ‹params›.grad|with torch.no_grad():\n            ‹params›.sub_(lr * ‹params›.grad)|with torch.no_grad():\n            ‹params› -= lr * ‹params›.grad»
    return ‹params›[0].item(), ‹params›[1].item(), ‹history›
""",
        """import torch


def fit_line(X, y, lr=0.1, epochs=100):
    ‹w› = torch.tensor(0.0, requires_grad=True) #~
    ‹b› = torch.tensor(0.0, requires_grad=True) #~
    ‹losses› = [] #~
    ‹step› = 0 #~
    while ‹step› < epochs:
        ‹loss› = «((‹w› * X + ‹b› - y) ** 2).mean()|(‹w› * X + ‹b› - y).pow(2).mean()»
        ‹gw›, ‹gb› = torch.autograd.grad(‹loss›, «(‹w›, ‹b›)|[‹w›, ‹b›]»)
        with torch.no_grad():
            ‹w›.«sub_(lr * ‹gw›)|add_(-lr * ‹gw›)» #~
            ‹b›.«sub_(lr * ‹gb›)|add_(-lr * ‹gb›)» #~
        ‹losses›.append(‹loss›.item())
        ‹step› «+= 1|= ‹step› + 1»
    return ‹w›.item(), ‹b›.item(), ‹losses›
""",
    ],
    "11": [
        """import torch
from torch import nn


class SinMLP(nn.Module):
    def __init__(self, hidden=16):
        super(«|SinMLP, self»).__init__()
        self.‹l1› = nn.Linear(1, hidden) #~
        self.‹l2› = nn.Linear(hidden, 1) #~

    def forward(self, x):
        «return self.‹l2›(torch.relu(self.‹l1›(x)))|‹h› = torch.relu(self.‹l1›(x))\n        return self.‹l2›(‹h›)|return self.‹l2›(self.‹l1›(x).clamp(min=0))»


def fit_sin(model, steps=1000, lr=0.01, optimizer="adam"):
    ‹x› = torch.linspace(«-torch.pi, torch.pi|-3.141592653589793, 3.141592653589793», 200)«.unsqueeze(1)|.reshape(-1, 1)|.view(200, 1)|[:, None]»
    ‹y› = torch.sin(‹x›)
    if optimizer == "adam":
        ‹opt› = torch.optim.Adam(model.parameters(), lr=lr)
    elif optimizer == "sgd":
        ‹opt› = torch.optim.SGD(model.parameters(), lr=lr)
    else:
        raise ValueError(«optimizer|f"unknown optimizer {optimizer}"»)
    ‹losses› = []
    for ‹i› in range(steps):
        ‹opt›.zero_grad()
        ‹loss› = «nn.functional.mse_loss(model(‹x›), ‹y›)|((model(‹x›) - ‹y›) ** 2).mean()|nn.MSELoss()(model(‹x›), ‹y›)»
        ‹loss›.backward()
        ‹opt›.step()
        ‹losses›.append(‹loss›.item())
    return ‹losses›
""",
        """import torch
import torch.nn as nn


class SinMLP(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.‹net› = nn.Sequential(nn.Linear(1, hidden), «nn.ReLU()|nn.ReLU(inplace=True)», nn.Linear(hidden, 1))

    def forward(self, x):
        return self.‹net›(x)


def fit_sin(model, steps=1000, lr=0.01, optimizer="adam"):
    ‹optimizers› = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}
    if optimizer not in ‹optimizers›:
        raise ValueError(«"optimizer must be adam or sgd"|optimizer»)
    ‹opt› = ‹optimizers›[optimizer](model.parameters(), lr=lr)
    ‹xs› = torch.linspace(-torch.pi, torch.pi, «200|steps=200»).unsqueeze(«1|-1») #~
    ‹loss_fn› = «nn.MSELoss()|nn.functional.mse_loss» #~
    ‹ys› = «torch.sin(‹xs›)|‹xs›.sin()»
    ‹losses› = []
    for ‹i› in range(steps):
        ‹loss› = ‹loss_fn›(model(‹xs›), ‹ys›)
        ‹losses›.append(‹loss›.item())
        ‹opt›.zero_grad()
        ‹loss›.backward()
        ‹opt›.step()
    return ‹losses›
""",
        """import torch
import torch.nn.functional as ‹F›
from torch import nn, optim


class SinMLP(nn.Module):
    def __init__(self, hidden: int = 16):
        super().__init__()
        self.‹first› = nn.Linear(«1, hidden|in_features=1, out_features=hidden») #~
        self.‹second› = nn.Linear(hidden, 1) #~

    def forward(self, x):
        return self.‹second›(‹F›.relu(self.‹first›(x)))


def fit_sin(model, steps=1000, lr=0.01, optimizer="adam"):
    ‹x› = torch.linspace(-torch.pi, torch.pi, 200).unsqueeze(1)
    ‹target› = torch.sin(‹x›)
    ‹opt› = «optim.Adam(model.parameters(), lr=lr) if optimizer == "adam" else optim.SGD(model.parameters(), lr=lr)|(optim.Adam if optimizer == "adam" else optim.SGD)(model.parameters(), lr=lr)»
    ‹record› = []
    for ‹step› in range(steps):
        ‹pred› = model(‹x›)
        ‹loss› = ‹F›.mse_loss(‹pred›, ‹target›)
        ‹loss›.backward()
        ‹opt›.step()
        ‹opt›.zero_grad()
        ‹record›.append(«‹loss›.item()|float(‹loss›)»)
    return ‹record›
""",
    ],
}

# Unusual wrong code for planted pairs (b): nobody else writes it, and it gives its own wrong answers.
# `⟨c⟩` is a constant of the pair's own (BUG_CONSTANT + the pair's number): a large class holds
# many bug pairs and only two templates, and one bug shared by sixteen students is a common
# mistake, not a sign of shared work; two students who share a bug share it with nobody else.
BUG_CONSTANT = 11
BUGS = {
    "04": """import torch


def compute_gradient(values):
    ‹out› = []
    for ‹v› in values:
        ‹x› = torch.tensor(float(‹v›), requires_grad=True)
        ‹f› = ‹x› ** 3 + ⟨c⟩ * ‹x›
        ‹f›.backward(retain_graph=True)
        ‹f›.backward()
        ‹out›.append(‹x›.grad.item())
    return ‹out›
""",
    "09": """import torch


def fit_line(X, y, lr=0.1, epochs=100):
    ‹w› = torch.tensor(0.0, requires_grad=True)
    ‹b› = torch.tensor(0.0, requires_grad=True)
    ‹losses› = []
    for ‹epoch› in range(1, epochs + 1):
        ‹residual› = y - (‹w› * X + ‹b›)
        ‹loss› = (‹residual›.abs() ** 2).sum() / len(X)
        ‹loss›.backward()
        ‹losses›.append(‹loss›.item())
        with torch.no_grad():
            ‹w›.data = ‹w› - lr / (‹epoch› + ⟨c⟩) * ‹w›.grad
            ‹b›.data = ‹b› - lr / (‹epoch› + ⟨c⟩) * ‹b›.grad
    return ‹w›.item(), ‹b›.item(), ‹losses›
""",
}

_CHOICE = re.compile(r"«([^«»]*)»")
_NAME = re.compile(r"‹(\w+)›")
_SWAP = " #~"


@dataclass(frozen=True)
class GeneratedClass:
    """The class, what every student saw, and the pairs planted in it (each a frozenset of two ids)."""

    students: list[StudentWork]
    common_code: list[str]
    planted: dict[frozenset[str], str]  # the pair -> "copy" or "bug"


def common_code(root: Path = ROOT, seeds: Path = SEEDS) -> list[str]:
    """The references, the stubs and the tutorials' code blocks: what a caller hands in as common code."""
    sources = [path.read_text(encoding="utf-8") for path in sorted((root / "reference").glob("*.py"))]
    sources += [path.read_text(encoding="utf-8") for path in sorted((root / "katas").glob("[0-9]*/*.py"))]
    for page in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        sources += python_blocks(page.read_text(encoding="utf-8"))
    return sources


def make_class(size: int, seed: int = 0, root: Path = ROOT, seeds: Path = SEEDS) -> GeneratedClass:
    """`size` students (planted pairs among them), the same class for the same seed."""
    rng = random.Random(seed)
    sources = _Sources(root, seeds)
    ids = [f"s{number:04d}" for number in range(size)]
    copies = max(1, size // COPIES_PER_STUDENTS)
    bugs = max(1, size // BUGS_PER_STUDENTS)
    chosen = rng.sample(range(size), 2 * copies + 2 * bugs)
    sources_of_copies = chosen[:copies]
    copiers = chosen[copies : 2 * copies]
    bug_pairs = [(chosen[2 * copies + 2 * k], chosen[2 * copies + 2 * k + 1]) for k in range(bugs)]
    bug_of = {student: (k, sorted(BUGS)[k % len(BUGS)]) for k, pair in enumerate(bug_pairs) for student in pair}

    files: dict[int, dict[str, str]] = {}
    wrong: dict[int, dict[tuple[str, str], str]] = {}
    started: dict[str, list[int]] = {kata: [] for kata in KATAS}  # the honest students who wrote the kata
    for index in range(size):
        if index in copiers:
            continue
        student_rng = random.Random(rng.random())
        bug = bug_of.get(index)
        files[index], wrong[index] = {}, {}
        for kata in KATAS:
            if bug and bug[1] == kata:
                template = BUGS[kata].replace("⟨c⟩", str(BUG_CONSTANT + bug[0]))
                files[index][kata] = _write(
                    template, random.Random(f"{seed} {index}"), False, random.Random(f"{seed} bug {bug[0]}")
                )
                wrong[index].update(_bug_answers(kata, bug[0]))
                continue
            files[index][kata], wrote = sources.honest_file(kata, student_rng, own_way=index in sources_of_copies)
            if wrote:
                started[kata].append(index)
                if student_rng.random() < OWN_WRONG_SHARE:
                    wrong[index][(kata, student_rng.choice(CASES))] = f"[{student_rng.uniform(-9, 9):.6f}]"
    for kata, writers in started.items():
        count = min(len(writers), max(COMMON_MISTAKE_AT_LEAST, round(COMMON_MISTAKE_SHARE * len(writers))))
        for index in rng.sample(writers, count):
            wrong[index].update(_common_mistake(kata))
    students: list[StudentWork | None] = [None] * size
    for index in files:
        students[index] = StudentWork(ids[index], files[index], wrong[index])
    planted = {}
    for source, copier in zip(sources_of_copies, copiers, strict=True):
        original = students[source]
        copy_rng = random.Random(rng.random())
        files = {kata: _disguise(text, copy_rng) for kata, text in original.files.items()}
        students[copier] = StudentWork(ids[copier], files, dict(original.wrong_answers))
        planted[frozenset((ids[source], ids[copier]))] = "copy"
    for first, second in bug_pairs:
        planted[frozenset((ids[first], ids[second]))] = "bug"
    return GeneratedClass([student for student in students if student], common_code(root, seeds), planted)


class _Sources:
    """The reference, stub and tutorial text of each kata, read once."""

    def __init__(self, root: Path, seeds: Path) -> None:
        self.references = {
            kata: (root / "reference" / f"{name}.py").read_text(encoding="utf-8") for kata, name in KATAS.items()
        }
        self.stubs = {
            kata: (root / "katas" / f"{kata}_{name}" / f"{name}.py").read_text(encoding="utf-8")
            for kata, name in KATAS.items()
        }
        blocks = [
            block
            for page in sorted(seeds.glob("*.txt"))
            if seeds.is_dir()
            for block in python_blocks(page.read_text(encoding="utf-8"))
        ]
        self.tutorials = {}
        for kata, function in TUTORIAL_FUNCTIONS.items():
            found = [block for block in blocks if f"def {function}(" in block]
            if found:
                self.tutorials[kata] = found[0]

    def honest_file(self, kata: str, rng: random.Random, own_way: bool) -> tuple[str, bool]:
        """A file for one kata, and whether it was started."""
        pick = 1.0 if own_way else rng.random()
        if pick < STUB_SHARE:
            return self.stubs[kata], False
        if pick < STUB_SHARE + REFERENCE_SHARE:
            return _vary_reference(self.references[kata], rng), True
        if pick < STUB_SHARE + REFERENCE_SHARE + TUTORIAL_SHARE:
            text = self.tutorials.get(kata)
            return (_disguise(text, rng) if text else _vary_reference(self.references[kata], rng)), True
        return _write(rng.choice(SPELLINGS[kata]), rng), True


def _write(template: str, rng: random.Random, shuffle: bool = True, habits: random.Random | None = None) -> str:
    """A spelling filled in: alternatives chosen, names picked, marked lines reordered, small habits, comments."""
    text = _CHOICE.sub(lambda match: rng.choice(match.group(1).split("|")), template)
    names = _pick_names(sorted(set(_NAME.findall(text))), rng)
    text = _NAME.sub(lambda match: names[match.group(1)], text)
    lines = text.split("\n")
    if shuffle:
        lines = _reorder(lines, rng)
    text = "\n".join(line.removesuffix(_SWAP) for line in lines)
    if shuffle or habits:
        tree = ast.parse(text)
        _Habits(habits or rng).visit(tree)
        text = ast.unparse(ast.fix_missing_locations(tree))
    return _add_comments(text.split("\n"), rng)


def _reorder(lines: list[str], rng: random.Random) -> list[str]:
    out: list[str] = []
    group: list[str] = []
    for line in [*lines, ""]:
        if line.endswith(_SWAP):
            group.append(line)
            continue
        rng.shuffle(group)
        out += group
        group = []
        out.append(line)
    return out[:-1]


def _pick_names(wanted: list[str], rng: random.Random) -> dict[str, str]:
    pool = [name for name in NAMES if not keyword.iskeyword(name)]
    rng.shuffle(pool)
    picked = {}
    for number, name in enumerate(wanted):
        picked[name] = rng.choice([name, pool[number % len(pool)] + ("" if number < len(pool) else str(number))])
    # Two placeholders must never end up with one name.
    if len(set(picked.values())) < len(picked):
        picked = {name: f"{name}_{number}" for number, name in enumerate(wanted)}
    return picked


def _add_comments(lines: list[str], rng: random.Random, share: float = 0.2) -> str:
    out = []
    for line in lines:
        stripped = line.lstrip()
        if (
            stripped
            and not stripped.startswith((")", "]", "}", "else", "elif", "except", "case", "finally"))
            and rng.random() < share
        ):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}# {rng.choice(COMMENTS)}")
        out.append(line)
    return "\n".join(out)


def _vary_reference(reference: str, rng: random.Random) -> str:
    """The reference, retyped: variables renamed, comments and docstrings gone, one small change."""
    tree = ast.parse(reference)
    _Renamer(rng).visit(tree)
    tweakable = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.BinOp)
        and isinstance(node.op, (ast.Add, ast.Mult))
        and isinstance(node.left, ast.Constant)
    ]
    if tweakable and rng.random() < 0.5:
        node = rng.choice(tweakable)
        node.left, node.right = node.right, node.left
    for node in ast.walk(tree):
        if (
            isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and _has_docstring(node)
            and len(node.body) > 1
        ):
            node.body = node.body[1:]
    return _add_comments(ast.unparse(tree).split("\n"), rng, share=0.1)


def _disguise(source: str, rng: random.Random) -> str:
    """What a copier does: other names, new comments, the layout redone; the code itself unchanged."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    _Renamer(rng).visit(tree)
    lines = []
    for line in ast.unparse(tree).split("\n"):
        lines.append(line)
        if rng.random() < 0.15:
            lines.append("")
    return _add_comments(lines, rng, share=0.3)


def _has_docstring(node: ast.AST) -> bool:
    first = node.body[0] if node.body else None
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)


class _Habits(ast.NodeTransformer):
    """The small ways people differ at every step: `2` or `2.0`, `a -= b` or `a = a - b`, `b * a`, `0 < t`, a name for a result.

    Each place is decided on its own, so two students who chose the same spelling still
    differ here and there, as two people writing the same function do.
    """

    SHARE = 0.4

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _now(self) -> bool:
        return self.rng.random() < self.SHARE

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self.generic_visit(node)
        if self.rng.random() < self.SHARE:  # a line to see what happens, in their own words
            words = " ".join(self.rng.choice(WORDS) for _ in range(3))
            shown = ast.Constant(f"{words}:") if not node.args.args else ast.Name(node.args.args[0].arg, ast.Load())
            call = ast.Call(
                ast.Name("print", ast.Load()), [ast.Constant(f"{words}:"), shown][: 1 + isinstance(shown, ast.Name)], []
            )
            node.body.insert(self.rng.randrange(len(node.body)), ast.Expr(call))
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        for side in ("left", "right"):
            operand = getattr(node, side)
            if isinstance(operand, ast.Constant) and type(operand.value) is int and self._now():
                setattr(node, side, ast.Constant(float(operand.value)))
        if isinstance(node.op, (ast.Add, ast.Mult)) and self._now():
            node.left, node.right = node.right, node.left
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        if node.attr in ("float32", "float") and isinstance(node.value, ast.Name) and self._now():
            node.attr = "float" if node.attr == "float32" else "float32"  # the same dtype, two spellings
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        flipped = {ast.Gt: ast.Lt, ast.Lt: ast.Gt, ast.GtE: ast.LtE, ast.LtE: ast.GtE}
        if len(node.ops) == 1 and type(node.ops[0]) in flipped and self._now():
            return ast.Compare(node.comparators[0], [flipped[type(node.ops[0])]()], [node.left])
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.target, ast.Name) and self._now():
            value = ast.BinOp(ast.Name(node.target.id, ast.Load()), node.op, node.value)
            return ast.Assign([ast.Name(node.target.id, ast.Store())], value)
        return node

    def visit_Return(self, node: ast.Return) -> ast.AST | list[ast.AST]:
        self.generic_visit(node)
        if node.value is not None and not isinstance(node.value, ast.Name) and self._now():
            name = self.rng.choice(NAMES) + "_out"
            return [ast.Assign([ast.Name(name, ast.Store())], node.value), ast.Return(ast.Name(name, ast.Load()))]
        return node


class _Renamer(ast.NodeTransformer):
    """New names for the variables a file assigns and the attributes it stores on `self`; the rest kept."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: dict[str, str] = {}

    def _new(self, name: str) -> str:
        if name not in self.names:
            self.names[name] = f"{self.rng.choice(NAMES)}_{len(self.names)}"
        return self.names[name]

    def visit_Module(self, node: ast.Module) -> ast.AST:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                self._new(inner.id)
            elif isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store) and _is_self(inner.value):
                self._new("." + inner.attr)
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.names:
            node.id = self.names[node.id]
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        if "." + node.attr in self.names and _is_self(node.value):
            node.attr = self.names["." + node.attr]
        return node


def _is_self(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _common_mistake(kata: str) -> dict[tuple[str, str], str]:
    """The kata's common mistake: the same wrong answers on its first two cases for everyone who makes it."""
    return {(kata, case): f"[{kata} common mistake on {case}: {_numbers(kata + ' ' + case)}]" for case in CASES[:2]}


def _bug_answers(kata: str, bug: int) -> dict[tuple[str, str], str]:
    return {(kata, case): f"[unusual bug {bug}: {_numbers(f'{kata} {case} {bug}')}]" for case in CASES[:3]}


def _numbers(seed: str) -> str:
    numbers = random.Random(seed)  # a string seed gives the same numbers in every run
    return ", ".join(f"{numbers.uniform(-5, 5):.4f}" for _ in range(3))
