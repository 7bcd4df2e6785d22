"""Advice read from the learner's source: code that passes here but would break elsewhere.

Some mistakes cannot show on the machine that checks: a bare `X.to(device)` moves nothing,
which only a GPU run would reveal, a plain SGD rebuilt every step trains like one built once,
and an update through `.data` hides itself from autograd. `note_from_source` reads one of the
learner's functions (through the worker, `kata.source`), finds these with Python's `ast` and
attaches a note: advice on a passing case that never changes a verdict or a score (a mistake
this machine cannot show is noted under its own code, mistakes.NOTED_MISTAKES). Runs in the
judge; the learner's code is only read, never run.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import replace

from checker.core import mistakes as known
from checker.runner.judge.session import Answer, KataSession
from checker.runner.judge.verdicts import note

__all__ = [
    "cuda_amp_calls",
    "data_updates",
    "dropped_moves",
    "model_moved_alone",
    "note_from_source",
    "optimizers_in_loops",
]

_MOVES = frozenset({"to", "cuda", "cpu"})  # methods that return a moved copy of a tensor
_AMP = frozenset({"autocast", "GradScaler"})  # mixed precision's two objects, each made for one device type
_DEVICE_KEYWORDS = ("device_type", "device")


def note_from_source(
    kata: KataSession, function: str, *, moves: bool = False, data: bool = False, optimizer: bool = False
) -> Answer:
    """Read the learner's `function` and note what passes here but is wrong elsewhere.

    `moves`: a dropped `.to(...)`, or the model moved and the data never; `data`: `.data`
    updates; `optimizer`: an optimizer built inside a loop. Returns the source answer (value
    {"value": text}), so a spec can apply its own rules to it.
    """
    answer = kata.source(function, call=f"the source of {function}")
    text = answer.value.get("value", "") if type(answer.value) is dict else ""
    checks = [
        (moves, dropped_moves, known.DROPPED_MOVE, "call"),
        (moves, model_moved_alone, known.DATA_NEVER_MOVED, "call"),
    ]
    checks += [
        (data, data_updates, known.DATA_UPDATE, "target"),
        (optimizer, optimizers_in_loops, known.OPTIMIZER_REBUILT, "call"),
    ]
    for wanted, find, advice, field in checks:
        found = find(text) if wanted else []
        if found:
            note(replace(advice, title=advice.title.format(**{field: found[0]})))
    return answer


def dropped_moves(source: str) -> list[str]:
    """Each statement that is only `tensor.to(...)` (or `.cuda()`, `.cpu()`): its moved copy is thrown away.

    A module's `.to()` moves it in place, so the function's first parameter (the model, in
    the katas), parameters annotated as a Module and names built from `nn.<Layer>(...)` are
    not counted.
    """
    tree = _parse(source)
    if tree is None:
        return []
    modules = _module_names(tree)
    found = []
    for node in _in_order(tree):
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
            continue
        func = node.value.func
        if isinstance(func, ast.Attribute) and func.attr in _MOVES and _root_name(func.value) not in modules:
            found.append(ast.unparse(node.value))
    return found


def model_moved_alone(source: str) -> list[str]:
    """The model's moves (`model.to(device)`) when nothing else is moved or made on a device.

    Empty when any tensor is moved (`.to`, `.cuda`, `.cpu` on anything but a module) or made
    with a `device=` keyword, or when the model is not moved at all.
    """
    tree = _parse(source)
    if tree is None:
        return []
    modules = _module_names(tree)
    model_moves = []
    for node in _calls_in_order(tree):
        func = node.func
        if any(keyword.arg == "device" for keyword in node.keywords) and not _is_move(func):
            return []  # a tensor made on the device
        if not _is_move(func):
            continue
        if _root_name(func.value) not in modules:
            return []
        model_moves.append(ast.unparse(node))
    return model_moves


def optimizers_in_loops(source: str) -> list[str]:
    """Each optimizer built inside a `for` or `while` loop: `torch.optim.SGD(...)`, `optim.Adam(...)`, `SGD(...)`.

    An optimizer is a call of a class that torch.optim exports (its schedulers are not).
    """
    tree = _parse(source)
    if tree is None:
        return []
    classes = _optimizer_classes()
    found = []
    for loop in (node for node in ast.walk(tree) if isinstance(node, (ast.For, ast.AsyncFor, ast.While))):
        for statement in loop.body:
            for node in ast.walk(statement):
                path = _dotted(node.func) if isinstance(node, ast.Call) else None
                if path and path[-1] in classes and "lr_scheduler" not in path:
                    found.append(node)
    unique = {id(node): node for node in found}.values()  # a loop inside a loop sees its calls twice
    return [ast.unparse(node) for node in sorted(unique, key=lambda node: (node.lineno, node.col_offset))]


def data_updates(source: str) -> list[str]:
    """Each statement that changes a tensor through `.data`: assigned, augmented or changed in place.

    `.grad.data` is a gradient, not a parameter, and is not counted.
    """
    tree = _parse(source)
    if tree is None:
        return []
    found = []
    for node in _in_order(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_through_data(target) for target in targets):
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr.endswith("_") and _is_data(func.value):
                found.append(ast.unparse(node.value))
    return found


def cuda_amp_calls(source: str) -> list[str]:
    """Each autocast or GradScaler made for CUDA outright: told "cuda", or torch.cuda.amp's own.

    Such a one does nothing for a CPU device (autocast and the scaler are then disabled), so
    code that runs on the CPU trains in float32 without any error.
    """
    tree = _parse(source)
    if tree is None:
        return []
    found = []
    for node in _calls_in_order(tree):
        path = _dotted(node.func)
        if path is None or path[-1] not in _AMP:
            continue
        given = [node.args[0]] if node.args else []
        given += [keyword.value for keyword in node.keywords if keyword.arg in _DEVICE_KEYWORDS]
        if "cuda" in path[:-1] or any(_names_cuda(value) for value in given):
            found.append(ast.unparse(node))
    return found


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return None


def _in_order(tree: ast.Module) -> list[ast.stmt]:
    """Every statement, in reading order (ast.walk goes breadth first)."""
    statements = [node for node in ast.walk(tree) if isinstance(node, ast.stmt)]
    return sorted(statements, key=lambda node: (node.lineno, node.col_offset))


def _optimizer_classes() -> frozenset[str]:
    import torch.optim

    exported = (getattr(torch.optim, name) for name in dir(torch.optim))
    return frozenset(
        value.__name__
        for value in exported
        if isinstance(value, type) and issubclass(value, torch.optim.Optimizer) and value is not torch.optim.Optimizer
    )


def _is_move(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and func.attr in _MOVES


def _calls_in_order(tree: ast.Module) -> list[ast.Call]:
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    return sorted(calls, key=lambda node: (node.lineno, node.col_offset))


def _dotted(node: ast.expr) -> list[str] | None:
    """`torch.amp.GradScaler` as ["torch", "amp", "GradScaler"]; None for anything but names and attributes."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def _names_cuda(node: ast.expr) -> bool:
    """The string "cuda" (or "cuda:0"...) written out."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.split(":")[0] == "cuda"


def _module_names(tree: ast.Module) -> set[str]:
    """Names that hold a module, whose `.to()` moves it in place."""
    names = {"self"}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = [*node.args.posonlyargs, *node.args.args]
            if params and params[0].arg != "self":
                names.add(params[0].arg)
            names |= {p.arg for p in params if p.annotation is not None and "Module" in ast.unparse(p.annotation)}
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _builds_layer(node.value):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


def _builds_layer(call: ast.Call) -> bool:
    """`nn.Linear(...)`, `torch.nn.Sequential(...)`: a call of something in torch.nn."""
    text = ast.unparse(call.func)
    return text.startswith(("nn.", "torch.nn."))


def _root_name(node: ast.expr) -> str | None:
    """The name a chain such as `X.float().to` starts from (None for anything else)."""
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_data(node: ast.expr) -> bool:
    """`<tensor>.data`, but not `<tensor>.grad.data`."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "data"
        and not (isinstance(node.value, ast.Attribute) and node.value.attr == "grad")
    )


def _through_data(target: ast.expr) -> bool:
    """An assignment target that writes through `.data`: `w.data`, `w.data[...]`."""
    if isinstance(target, ast.Subscript):
        target = target.value
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(_through_data(item) for item in target.elts)
    return _is_data(target)
