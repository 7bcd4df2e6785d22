"""Kata 18: read the graph autograd records: grad_fn, leaves, retain_grad, retain_graph, in-place changes."""

import torch


def graph_facts(values: list) -> dict:
    """Build x -> z = x * 2 -> y = z.sum() and report what each tensor knows about the graph.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        A dict with one entry per tensor, "x", "z" and "y", each a dict of two facts:
        "grad_fn", the name of the operation that made the tensor (a string such as
        "MulBackward0"), or None for a tensor nothing made; and "is_leaf", a bool.

    Example:
        >>> graph_facts([1.0, 2.0, 3.0])["z"]
        {'grad_fn': 'MulBackward0', 'is_leaf': False}
    """
    # dtype=float32 in the same call: `values` may hold ints, and only floating-point tensors
    # can require gradients. Setting requires_grad here keeps x a leaf; a conversion after it
    # (say .double()) would make a new tensor that some operation produced.
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    # From here on autograd records: each result remembers the operation that made it.
    z = x * 2
    y = z.sum()

    def facts(t: torch.Tensor) -> dict:
        # grad_fn is an object (its printout carries a memory address); the name of its class
        # is the stable part. x was made by us, not by an operation, so its grad_fn is None
        # and there is no class name to take: type(None).__name__ would be 'NoneType'.
        name = None if t.grad_fn is None else type(t.grad_fn).__name__
        # A leaf is where the graph starts: a tensor we created, not one an operation produced.
        # y, where the graph ends and backward() starts, is its root, not a leaf.
        return {"grad_fn": name, "is_leaf": t.is_leaf}

    return {"x": facts(x), "z": facts(z), "y": facts(y)}


def intermediate_grad(values: list) -> list:
    """Return dy/dz for z = x**2 and y = sum(z**2): the gradient that reaches the tensor in the middle.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        z.grad after y.backward(), as a flat list of N Python floats: 2 * z = 2 * x**2.

    Example:
        >>> intermediate_grad([1.0, -2.0, 0.5])
        [2.0, 8.0, 0.5]
    """
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    z = x**2
    # z was made by an operation, so it is not a leaf, and autograd fills .grad only for leaves:
    # gradients of intermediate tensors are passed along and then dropped. retain_grad() asks
    # autograd to keep z's; it must come before backward(), which is when z.grad is filled.
    z.retain_grad()
    y = (z**2).sum()
    y.backward()
    # z.grad is dy/dz = 2 * z. (x.grad, the leaf's gradient, is the whole chain: 2 * z * 2x = 4 * x**3.)
    return z.grad.tolist()


def backward_twice(values: list) -> list:
    """Run backward twice through one graph of y = sum(x**2) and return what x.grad holds.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        x.grad after both passes, as a flat list of N Python floats. Each pass adds
        dy/dx = 2 * x, so the result is 4 * x.

    Example:
        >>> backward_twice([1.0, -2.0, 0.5])
        [4.0, -8.0, 2.0]
    """
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    y = (x**2).sum()
    # backward() normally frees the values the graph saved for it (here x, to compute 2 * x),
    # so a second walk would find them gone. retain_graph=True keeps them for the next pass.
    y.backward(retain_graph=True)
    # The last walk may free the graph: nothing walks it again. It *adds* 2 * x to x.grad.
    y.backward()
    return x.grad.tolist()


def safe_double(values: list) -> list:
    """Return the gradient of sum(2 * sigmoid(x)), doubling sigmoid's output without breaking backward.

    Args:
        values: the elements of x, a flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        x.grad as a flat list of N Python floats: 2 * s * (1 - s), where s = sigmoid(x).

    Example:
        >>> safe_double([0.0])
        [0.5]
    """
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    s = torch.sigmoid(x)
    # sigmoid's gradient is s * (1 - s), so autograd saved s itself for the backward pass.
    # s.mul_(2) or s *= 2 would overwrite those saved numbers, and backward() would refuse
    # ("modified by an inplace operation"). s * 2 makes a new tensor and leaves s as it was.
    doubled = s * 2
    doubled.sum().backward()
    return x.grad.tolist()
