"""Kata 04: let autograd find the slope of sum(x**3 + 2*x) at each of the given points."""

import torch


def compute_gradient(values: list) -> list:
    """Return d/dx of sum(x**3 + 2*x) at each value, computed by PyTorch's autograd.

    Args:
        values: flat list of N numbers (Python ints or floats), N >= 1.

    Returns:
        A flat list of N Python floats: entry i is the derivative with respect to
        x[i], taken at x = values.

    Examples:
        >>> compute_gradient([1, 2, 3])
        [5.0, 14.0, 29.0]
        >>> compute_gradient([0, -0.5])
        [2.0, 2.75]
    """
    # requires_grad=True tells autograd to record every operation that uses x, so that it
    # can later run them backwards. Only floating-point tensors can carry gradients, and
    # `values` may hold Python ints (torch.tensor would make those int64 and refuse), so the
    # dtype is set to float32 in the same call. That also keeps x a "leaf": a conversion
    # made after requires_grad (say .double()) returns a new, non-leaf tensor whose .grad
    # stays None after backward().
    # x is built fresh on every call: .grad adds up over backward() calls, so a tensor kept
    # between calls would report a doubled slope the second time.
    x = torch.tensor(values, dtype=torch.float32, requires_grad=True)
    # backward() with no argument must start from a single number (a 0-d tensor), so the
    # N values of x**3 + 2*x are added up first. The sum costs us nothing: x[i] appears only
    # in term i, so d(total)/dx[i] is exactly the slope of x**3 + 2*x at x[i], 3*x[i]**2 + 2.
    total = (x**3 + 2 * x).sum()
    # Walk the recorded graph backwards and store d(total)/dx in x.grad (same shape as x).
    total.backward()
    # x.grad is a float32 tensor; .tolist() hands it back as Python floats.
    return x.grad.tolist()
