"""Advice read from the learner's source: code that passes here but would break elsewhere.

Some mistakes cannot show on the machine that checks: a bare `X.to(device)` moves nothing,
which only a GPU run would reveal, and an update through `.data` hides itself from autograd.
`note_from_source` reads one of the learner's functions (through the worker, `kata.source`),
finds these with Python's `ast` and attaches a note: advice on a passing case that never
changes a verdict or a score. Runs in the judge; the learner's code is only read, never run.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import replace

from checker.core import mistakes as known
from checker.runner.judge.session import Answer, KataSession
from checker.runner.judge.verdicts import note

__all__ = ["cuda_amp_calls", "data_updates", "dropped_moves", "note_from_source"]

_MOVES = frozenset({"to", "cuda", "cpu"})  # methods that return a moved copy of a tensor
_AMP = frozenset({"autocast", "GradScaler"})  # mixed precision's two objects, each made for one device type
_DEVICE_KEYWORDS = ("device_type", "device")


def note_from_source(kata: KataSession, function: str, *, moves: bool = False, data: bool = False) -> Answer:
    """Read the learner's `function`; note a dropped `.to(...)` (`moves`) and `.data` updates (`data`).

    Returns the source answer (value {"value": text}), so a spec can apply its own rules to it.
    """
    answer = kata.source(function, call=f"the source of {function}")
    text = answer.value.get("value", "") if type(answer.value) is dict else ""
    found = dropped_moves(text) if moves else []
    if found:
        note(replace(known.DROPPED_TO_DEVICE, title=known.DROPPED_TO_DEVICE.title.format(call=found[0])))
    found = data_updates(text) if data else []
    if found:
        note(replace(known.DATA_UPDATE, title=known.DATA_UPDATE.title.format(target=found[0])))
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
