"""Kata 15 numpy_bridge: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

COPY_NOT_SHARED = mistake(
    "copy_not_shared",
    "Your tensor is a copy: when the array changed afterwards, the tensor kept the old numbers.",
    "`torch.from_numpy(array)` (or `torch.as_tensor(array)`) wraps the array's own memory; "
    "`torch.tensor(array)` always copies.",
)

SHARED_NOT_COPIED = mistake(
    "shared_not_copied",
    'Your "copy" shares memory with the array: when the array changed afterwards, the tensor changed too.',
    "`torch.tensor(array, dtype=torch.float32)` makes a new tensor of its own; `torch.from_numpy` only wraps the array.",
)

FLOAT64_KEPT = mistake(
    "float64_kept",
    "The tensor kept NumPy's float64: layers hold float32, so it would not mix with them.",
    "Ask for the dtype while copying: `torch.tensor(array, dtype=torch.float32)` (or `.float()`).",
)

NUMPY_OF_GPU_TENSOR = mistake(
    "numpy_of_gpu_tensor",
    "`.numpy()` cannot read a tensor that lives on a GPU: NumPy only knows the computer's main memory.",
    "Move it first: `t.detach().cpu().numpy()`.",
    "can't convert cuda",
    "Use Tensor.cpu() to copy the tensor to host memory first",
)

FLOAT64_INTO_FLOAT32_LAYER = mistake(
    "float64_into_float32_layer",
    "float64 NumPy data met a float32 layer: a matrix product needs the same dtype on both sides.",
    "Convert the input, not the layer: `layer(torch.from_numpy(array).float())`.",
    "mat1 and mat2 must have the same dtype",
    "expected m1 and m2 to have the same dtype",
    "expected scalar type Float but found Double",
)

ARRAY_INTO_LAYER = mistake(
    "array_into_layer",
    "A NumPy array went straight into the layer: torch layers take tensors.",
    "Make a tensor first: `layer(torch.from_numpy(array).float())`.",
    "must be Tensor, not numpy.ndarray",
)

TENSOR_NOT_ARRAY = mistake(
    "tensor_not_array",
    "You returned a tensor where a NumPy array was asked for.",
    "Finish with `.detach().cpu().numpy()`.",
)

LAYER_CHANGED = mistake(
    "layer_changed",
    "The layer you were given was changed (its weights or their dtype), e.g. by `layer.double()`.",
    "Leave the caller's layer alone and convert the data instead: `torch.from_numpy(array).float()`.",
)

TANH_DERIVATIVE_MISSING = mistake(
    "tanh_derivative_missing",
    "The gradients miss tanh's own derivative: they are those of sum(X @ W + b).",
    "Multiply by d tanh(z)/dz first: `grad_Z = 1 - np.tanh(Z) ** 2`, then `X.T @ grad_Z` and `grad_Z.sum(axis=0)`.",
)

TANH_DERIVATIVE_WRONG = mistake(
    "tanh_derivative_wrong",
    "The derivative of tanh is wrong: d tanh(z)/dz is 1 - tanh(z)**2 (not 1 - z**2, 1 - tanh(z), or tanh(z) itself).",
    "Use `grad_Z = 1 - np.tanh(Z) ** 2`.",
)
