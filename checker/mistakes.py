"""The beginner mistakes the specs recognise, each with the fix to show the learner.

A spec names a mistake in two ways: a wrong answer that equals what the mistake
would compute (see specs/_helpers.py), or an exception whose message holds one
of the mistake's `phrases`. Codes are stable: tests and reports refer to them.
The notes at the end are advice for code that passes but is fragile (see NOTES).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.results import MistakeRef

__all__ = ["EVERYWHERE", "MISTAKES", "NOTES", "WARNING_NOTES", "Mistake", "match_error"]


@dataclass(frozen=True)
class Mistake:
    code: str
    title: str
    fix: str
    phrases: tuple[str, ...] = ()

    def ref(self) -> MistakeRef:
        return MistakeRef(self.code, self.title, self.fix)


def _m(code: str, title: str, fix: str, *phrases: str) -> Mistake:
    return Mistake(code, title, fix, phrases)


MISSING_RETURN = _m(
    "missing_return",
    "Your function returned None: did you forget `return`?",
    "End the function with `return result.tolist()` (a function without `return` gives back None).",
)
TENSOR_NOT_LIST = _m(
    "tensor_not_list",
    "You returned a tensor where a Python list was asked for.",
    "Call `.tolist()` on the tensor before returning it.",
)
LIST_OF_TENSORS = _m(
    "list_of_tensors",
    "Your list holds tensors instead of Python numbers.",
    "Call `.tolist()` on the whole tensor instead of building a list of its elements.",
)
INPUT_MODIFIED = _m(
    "input_modified",
    "Your function changed the input it was given.",
    "Work on a new tensor (`torch.tensor(x)` copies) and leave the caller's data as it was.",
)
ELEMENTWISE_FOR_MATMUL = _m(
    "elementwise_for_matmul",
    "You multiplied element by element (`*`) where a matrix product was asked for.",
    "Use `a @ b` (or `torch.matmul(a, b)`): rows of `a` times columns of `b`.",
    "must match the size of tensor b",
)
PYTHON_MAX = _m(
    "python_max",
    "Python's built-in `max` cannot compare tensors position by position.",
    "Use `torch.maximum(a, b)` for the element-wise maximum.",
    "Boolean value of Tensor with more than one value is ambiguous",
)
GLOBAL_MAX = _m(
    "global_max",
    "`torch.max(a)` reduced everything to one number.",
    "The element-wise maximum of two tensors is `torch.maximum(a, b)`.",
)
XOR_FOR_POWER = _m(
    "xor_for_power",
    "`^` is bitwise XOR in Python, not a power.",
    "Raise to a power with `a ** b` or `torch.pow(a, b)`.",
    "bitwise_xor",
)
RESHAPE_FOR_TRANSPOSE = _m(
    "reshape_for_transpose",
    "You reshaped where a transpose was asked for: the shape is right, the order of the numbers is not.",
    "Use `t.T` (or `t.transpose(0, 1)`): reshape keeps the reading order, transpose swaps rows and columns.",
)
SQUEEZE_ONE_DIM = _m(
    "squeeze_one_dim",
    "Your squeeze dropped only one of the size-1 dimensions.",
    "Call `torch.squeeze(t)` with no dim to drop every size-1 dimension.",
)
VIEW_AFTER_TRANSPOSE = _m(
    "view_after_transpose",
    "`.view` cannot read a transposed (non-contiguous) tensor.",
    "Use `.reshape(...)`, or `.contiguous().view(...)`.",
    "view size is not compatible with input tensor's size and stride",
)
INTEGER_REQUIRES_GRAD = _m(
    "integer_requires_grad",
    "An integer tensor cannot require gradients.",
    "Make it a float tensor: `torch.tensor(values, dtype=torch.float32, requires_grad=True)`.",
    "Only Tensors of floating point and complex dtype can require gradients",
    "dtype can require gradients",  # also `x.requires_grad = True` and `x.requires_grad_()` later
)
BACKWARD_NON_SCALAR = _m(
    "backward_non_scalar",
    "`backward()` was called on a tensor with more than one value.",
    "Reduce to a single number first: `(x**3 + 2*x).sum().backward()`.",
    "grad can be implicitly created only for scalar outputs",
)
DERIVATIVE_BY_HAND = _m(
    "derivative_by_hand",
    "The gradient is right, but autograd never ran: it was computed by hand.",
    "This kata is about autograd: make x with `requires_grad=True`, call `.backward()` on a scalar, return `x.grad`.",
)
RETURNED_FUNCTION_VALUE = _m(
    "returned_function_value",
    "You returned the function's value, not its gradient.",
    "After `backward()`, the gradient is in `x.grad`: return `x.grad.tolist()`.",
)
GRAD_IS_NONE = _m(
    "grad_is_none",
    "`x.grad` was None: the tensor you differentiated is not the leaf you created.",
    "Create the tensor with `requires_grad=True` directly and read `.grad` from that same tensor.",
    "'NoneType' object has no attribute 'tolist'",
)
SIGMOID_PRECEDENCE = _m(
    "sigmoid_precedence",
    "Operator precedence: `1 / 1 + torch.exp(-t)` is `1 + exp(-t)`, not a sigmoid.",
    "Put the whole denominator in brackets: `1 / (1 + torch.exp(-t))`, or use `torch.sigmoid(t)`.",
)
LEAKY_SLOPE = _m(
    "leaky_slope",
    "Leaky ReLU: the negative values are scaled by the wrong slope (or the positive ones were changed).",
    "Keep positives as they are and multiply negatives by 0.01: `torch.where(t > 0, t, 0.01 * t)`.",
)
RELU_FOR_LEAKY = _m(
    "relu_for_leaky",
    "That is a plain ReLU: Leaky ReLU lets a little of the negatives through.",
    "Multiply negative values by 0.01 instead of setting them to zero.",
)
UNSTABLE_FORMULA = _m(
    "unstable_formula",
    "Your formula overflowed to NaN for large inputs.",
    "Use `torch.sigmoid` / `torch.tanh`, or a form that never divides infinity by infinity.",
)

# -- broadcasting and masks (kata 06) ---------------------------------------------------

MEAN_OVER_ROWS = _m(
    "mean_over_rows",
    "You averaged across each row (`mean(dim=1)`), so the means subtracted are the rows' means, not the columns'.",
    "Average down the rows instead: `t - t.mean(dim=0, keepdim=True)` gives one mean per column, shape (1, D).",
    "must match the size of tensor b",
)
GRAND_MEAN = _m(
    "grand_mean",
    "You subtracted one mean of the whole matrix (`t.mean()`), not one mean per column.",
    "Say which axis to average: `t.mean(dim=0, keepdim=True)` gives one mean per column.",
)
INTEGER_TENSOR = _m(
    "integer_tensor",
    "Whole numbers became an integer (int64) tensor, which cannot be averaged with `mean()` or multiplied "
    "with a float tensor by `@`.",
    "Build every tensor as floats: `torch.tensor(values, dtype=torch.float32)`.",
    "could not infer output dtype",
    "expected m1 and m2 to have the same dtype",
)
GREATER_OR_EQUAL = _m(
    "greater_or_equal",
    "You kept the values equal to the threshold too: that is `>=`, and the task says strictly greater.",
    "Compare with `>`: `t[t > threshold]`.",
)
RETURNED_MASK = _m(
    "returned_mask",
    "You returned the True/False mask itself, not the values it selects.",
    "Use the mask as an index: `t[t > threshold].tolist()` keeps only the values where it is True.",
)
MASK_MULTIPLIED = _m(
    "mask_multiplied",
    "Multiplying by the mask kept every position and put 0 where the mask is False.",
    "Index with the mask instead: `t[t > threshold]` keeps only the selected values, as one flat list.",
)

# -- autograd rules (kata 07) -----------------------------------------------------------

FORMULA_NOT_AUTOGRAD = _m(
    "formula_not_autograd",
    "The number is right, but autograd never ran: the gradient was written out as a formula.",
    "This kata is about what `backward()` does: make x with `requires_grad=True`, call `backward()`, "
    "and return what `x.grad` holds.",
)
TOO_FEW_BACKWARD_PASSES = _m(
    "too_few_backward_passes",
    "`backward()` ran fewer times than `times`, so the answer did not come from gradients piling up in x.grad.",
    "Call `(x**2).backward()` inside a loop that runs `times` times, without zeroing x.grad in between.",
)
TENSOR_NOT_FLOAT = _m(
    "tensor_not_float",
    "You returned a tensor where a Python float was asked for.",
    "Call `.item()` on a one-number tensor: `return x.grad.item()`.",
)
GRAD_ZEROED = _m(
    "grad_zeroed",
    "Only one pass is left in x.grad: it was cleared (or x was made again) between the backward passes.",
    "Make x once, before the loop, and never zero x.grad: each `backward()` adds 2 * value to it, "
    "and that running total is the answer.",
)
BACKWARD_TWICE = _m(
    "backward_twice",
    "`backward()` ran a second time through the same graph, which autograd frees after the first walk.",
    "Build `x**2` afresh inside the loop, so each `backward()` gets a graph of its own.",
    "Trying to backward through the graph a second time",
)
BACKWARD_WITHOUT_WEIGHTS = _m(
    "backward_without_weights",
    "`backward()` with no argument was called on a tensor with more than one value.",
    "In vector_grad pass the weights: `y.backward(torch.tensor(weights, dtype=torch.float32))`. "
    "In frozen_grad add up first: `(x * x.detach()).sum().backward()`.",
    "grad can be implicitly created only for scalar outputs",
)
WEIGHTS_IGNORED = _m(
    "weights_ignored",
    "The weights were ignored: this is the gradient of `y.sum()`, as if every weight were 1.",
    "Hand the weights to backward: `y.backward(torch.tensor(weights, dtype=torch.float32))`.",
)
NOT_DETACHED = _m(
    "not_detached",
    "Both factors were tracked, so this is the gradient of sum(x * x), which is 2 * x.",
    "Detach exactly one factor: `(x * x.detach()).sum()`; the detached copy counts as a constant.",
)
NOTHING_REQUIRES_GRAD = _m(
    "nothing_requires_grad",
    "Nothing in the expression you called `backward()` on is tracked: x lacks `requires_grad=True`, "
    "or every factor was detached.",
    "Create x with `requires_grad=True`, and in frozen_grad detach only one factor: `(x * x.detach()).sum()`.",
    "does not require grad and does not have a grad_fn",
)

# -- backpropagation by hand (kata 08) --------------------------------------------------

AUTOGRAD_USED = _m(
    "autograd_used",
    "This kata replaces autograd, but your code called `backward()` (or `torch.autograd`).",
    "Derive the gradients with tensor maths: first dL/dY_hat, then `X.T @ grad_Y` and `grad_Y.sum(dim=0)`. "
    "No `requires_grad`, no `backward()`.",
)
LIST_NOT_TUPLE = _m(
    "list_not_tuple",
    "You returned a list `[grad_W, grad_b]`; the task asks for a tuple.",
    "Return the two with a comma: `return grad_W.tolist(), grad_b.tolist()` makes a tuple.",
)
MSE_DIVIDED_BY_ROWS = _m(
    "mse_divided_by_rows",
    "Your MSE gradient divides by N, the number of rows, so it is K times too big.",
    "`.mean()` averages all N * K entries: `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)
MSE_NOT_AVERAGED = _m(
    "mse_not_averaged",
    "Your MSE gradient is N * K times too big: the division of the mean is missing.",
    "The loss is a mean over all N * K entries: `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)
MSE_MISSING_TWO = _m(
    "mse_missing_two",
    "Your gradients are half the size they should be: the 2 from the derivative of a square is missing.",
    "The derivative of (y - t)**2 is 2 * (y - t): `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)
MSE_SIGN_FLIPPED = _m(
    "mse_sign_flipped",
    "Your gradients have the wrong sign: you differentiated with respect to Y instead of Y_hat.",
    "Take `Y_hat - Y`, not `Y - Y_hat`: `grad_Y = 2 * (Y_hat - Y) / Y_hat.numel()`.",
)
BIAS_GRAD_NOT_SUMMED = _m(
    "bias_grad_not_summed",
    "grad_b has one row per example: the bias gradient was not added up over the N rows.",
    "b is added to every row, so its gradient sums them: `grad_b = grad_Y.sum(dim=0)`, shape (K,) like b.",
)
BIAS_GRAD_WRONG_SUM = _m(
    "bias_grad_wrong_sum",
    "grad_b must be dL/dY_hat added up down its rows, one total per column; yours was reduced another way "
    "(across the rows, over everything at once, or as a mean).",
    "b[k] is added to all N rows of column k, so each row contributes: `grad_b = grad_Y.sum(dim=0)`, shape (K,).",
)
X_NOT_TRANSPOSED = _m(
    "x_not_transposed",
    "The shapes of a matrix product did not line up (with square inputs it runs but gives wrong numbers): "
    "the weight gradient needs X transposed.",
    "Let the shapes guide you: `grad_W = X.T @ grad_Y` is (D, N) @ (N, K), which gives (D, K) like W.",
    "cannot be multiplied",
)
GRAD_W_TRANSPOSED = _m(
    "grad_w_transposed",
    "grad_W came out transposed: (K, D) instead of W's shape (D, K).",
    "Put X first: `grad_W = X.T @ grad_Y`.",
)

# -- training loops (katas 09-14) -------------------------------------------------------

MISSING_ZERO_GRAD = _m(
    "missing_zero_grad",
    "The gradients piled up: `.grad` was never cleared between steps, so each update also "
    "re-applied every earlier step's gradient.",
    "Clear the gradients once per step: `optimizer.zero_grad()` (or `w.grad.zero_()` for hand-made tensors).",
)
NN_IN_SCRATCH = _m(
    "nn_in_scratch",
    "This kata is linear regression by hand, but your loop used `torch.nn` or `torch.optim`.",
    "Make w and b yourself with `torch.tensor(0.0, requires_grad=True)`, write the MSE as "
    "`((y_hat - y) ** 2).mean()` and update under `torch.no_grad()`.",
)
UPDATE_WITHOUT_NO_GRAD = _m(
    "update_without_no_grad",
    "The parameters were updated in place while autograd was still recording.",
    "Wrap the update in `with torch.no_grad():` and keep it in place: `w -= lr * w.grad`.",
    "a leaf Variable that requires grad is being used in an in-place operation",
)
OUT_OF_PLACE_UPDATE = _m(
    "out_of_place_update",
    "`w = w - lr * w.grad` makes a new tensor, so on the next step `w.grad` is None.",
    "Update in place under `torch.no_grad()`: `w -= lr * w.grad`.",
    "unsupported operand type(s) for *: 'float' and 'NoneType'",
    "unsupported operand type(s) for *: 'NoneType'",
    "'NoneType' object has no attribute 'zero_'",
)
STEP_BEFORE_BACKWARD = _m(
    "step_before_backward",
    "`optimizer.step()` ran before `loss.backward()`, so each update used the previous step's gradients.",
    "Per step, in this order: `optimizer.zero_grad()`, `loss.backward()`, `optimizer.step()`.",
)
LOSS_TENSORS = _m(
    "loss_tensors",
    "Your list of losses holds tensors, not Python floats.",
    "Append `loss.item()`: it gives a plain float and lets the graph behind the loss be freed.",
)
MLP_WITHOUT_RELU = _m(
    "mlp_without_relu",
    "Two Linear layers with nothing between them are one straight line: the loss stalls near 0.196.",
    "Put a ReLU between the layers in `forward`, for example `self.fc2(torch.relu(self.fc1(x)))`.",
)
MISSING_FEATURE_AXIS = _m(
    "missing_feature_axis",
    "The 200 inputs reached `nn.Linear(1, hidden)` as one sample with 200 features.",
    "Give the inputs a feature axis: `torch.linspace(...).unsqueeze(1)` has shape (200, 1).",
    "cannot be multiplied (1x200 and 1x",
)
SEQUENTIAL_NOT_ATTRIBUTES = _m(
    "sequential_not_attributes",
    "The layers sit inside an `nn.Sequential`; this kata asks you to wire two `nn.Linear` layers yourself.",
    "Assign each layer to an attribute of your own naming in `__init__` (for example "
    "`self.layer1 = nn.Linear(1, hidden)`, `self.layer2 = nn.Linear(hidden, 1)`) and call them in `forward`.",
)
PARAMETERS_NOT_REGISTERED = _m(
    "parameters_not_registered",
    "The model's layers are not registered, so `model.parameters()` misses them.",
    "Assign each layer to `self.<name>` in `__init__` (after `super().__init__()`); "
    "a plain list or a layer made in `forward` is invisible to the optimizer.",
    "optimizer got an empty parameter list",
)
MISSING_SUPER_INIT = _m(
    "missing_super_init",
    "`nn.Module.__init__` never ran, so the module cannot hold layers.",
    "Make `super().__init__()` the first line of `__init__`.",
    "cannot assign module before Module.__init__() call",
)
LABELS_NOT_INT64 = _m(
    "labels_not_int64",
    "Cross-entropy got labels that are not int64 class indices.",
    "Convert the labels with `labels.long()` before the loss.",
    "expected target dtype to be Long",
    "expected scalar type Long",
)
WRONG_FLATTEN = _m(
    "wrong_flatten",
    "The flatten lost the batch dimension: (B, 1, 28, 28) must become (B, 784).",
    "Keep dim 0: `images.flatten(start_dim=1)` or `images.reshape(images.shape[0], -1)`.",
    "shapes cannot be multiplied",
)
NOT_EVAL_MODE = _m(
    "not_eval_mode",
    "The model was scored in training mode, so dropout still dropped units.",
    "Call `model.eval()` before scoring (and `model.train()` before training).",
)
EVAL_WITHOUT_NO_GRAD = _m(
    "eval_without_no_grad",
    "The scoring forward pass ran with autograd recording, building a graph nobody needs.",
    "Wrap the forward pass in `with torch.no_grad():`.",
)
HARD_CODED_CUDA = _m(
    "hard_coded_cuda",
    'Your code names CUDA itself (`.cuda()` or "cuda"), and this machine has no CUDA.',
    "Use only the `device` you are given: `model.to(device)` and `X = X.to(device)`.",
    "Torch not compiled with CUDA enabled",
    "Found no NVIDIA driver",
    "No CUDA GPUs are available",
)
TENSOR_NOT_MOVED = _m(
    "tensor_not_moved",
    "`X.to(device)` returns a moved copy; the original stays where it was.",
    "Assign the result: `X, y = X.to(device), y.to(device)`.",
    "Expected all tensors to be on the same device",
)
NO_AUTOCAST = _m(
    "no_autocast",
    "The forward pass ran in float32: it was not inside `torch.autocast`.",
    "Put the forward pass and the loss in `with torch.autocast(device.type, dtype=torch.float16):`.",
)
UNSCALED_BACKWARD = _m(
    "unscaled_backward",
    "`loss.backward()` ran on the unscaled loss, so the scaler divides gradients it never multiplied.",
    "Call `scaler.scale(loss).backward()`.",
    "did not use scaler.scale(loss or outputs)",
)
OPTIMIZER_STEP_NOT_SCALER = _m(
    "optimizer_step_not_scaler",
    "`optimizer.step()` was called directly, so scaled gradients were applied and inf steps were not skipped.",
    "Let the scaler do it: `scaler.step(optimizer)`.",
    "No inf checks were recorded prior to update",
)
NO_SCALER_UPDATE = _m(
    "no_scaler_update",
    "`scaler.update()` never ran, so the loss scale never adapts (it stays put after an overflow).",
    "Call `scaler.update()` once per step, after `scaler.step(optimizer)`.",
    "has already been called since the last update()",
)

# -- how an answer came back, and errors any kata can raise (issue 10) -------------------
# A returned value of a foreign type, and exception phrases that imply one mistake
# whatever the kata: the session tries EVERYWHERE after a kata's own known_errors (specs/api.py).

NUMPY_NOT_LIST = _m(
    "numpy_not_list",
    "You returned a NumPy array (or a NumPy number) where Python lists of floats were asked for.",
    "Stay with torch and call `.tolist()` on the tensor; `.numpy()` and `np.array(...)` give NumPy values, not lists.",
)
TUPLE_NOT_LIST = _m(
    "tuple_not_list",
    "You returned a tuple where a list was asked for.",
    "Return a list: `.tolist()` on a tensor gives nested lists, and `list(...)` turns a tuple into one.",
)
GENERATOR_NOT_LIST = _m(
    "generator_not_list",
    "You returned a generator (or another lazy iterator), which holds no values until something loops over it.",
    "Return a list: call `.tolist()` on the tensor, or write `[... for ...]` with square brackets.",
)
NUMBER_NOT_LIST = _m(
    "number_not_list",
    "You returned one number where a list was asked for.",
    "Keep every value: call `.tolist()` on the whole tensor (`.item()`, `float(t)` and reductions such as "
    "`.sum()` or `.max()` give a single number).",
)
ITEM_ON_VECTOR = _m(
    "item_on_vector",
    "`.item()` (or `float(t)`) was called on a tensor holding more than one number.",
    "`.item()` is for a one-number tensor; `.tolist()` gives every value as Python numbers.",
    "elements cannot be converted to Scalar",
    "only one element tensors can be converted to Python scalars",
)
NUMPY_OF_TRACKED_TENSOR = _m(
    "numpy_of_tracked_tensor",
    "`.numpy()` refused a tensor that autograd is tracking (it requires grad or was computed from one).",
    "For NumPy, detach it first: `t.detach().cpu().numpy()` (or compute it under `torch.no_grad()`); "
    "for Python values `.tolist()` works on tracked tensors too.",
    "Can't call numpy() on Tensor that requires grad",
)
DOUBLE_INTO_FLOAT_MODEL = _m(
    "double_into_float_model",
    "float64 data met float32 weights: NumPy and `torch.tensor` of Python floats from NumPy default to float64.",
    "Make the data float32: `X = X.float()` or `torch.tensor(data, dtype=torch.float32)`.",
    "must have the same dtype, but got Double and Float",
)

EVERYWHERE: tuple[Mistake, ...] = (ITEM_ON_VECTOR, NUMPY_OF_TRACKED_TENSOR, DOUBLE_INTO_FLOAT_MODEL)

# -- NumPy and tensors (kata 15) --------------------------------------------------------

COPY_NOT_SHARED = _m(
    "copy_not_shared",
    "Your tensor is a copy: when the array changed afterwards, the tensor kept the old numbers.",
    "`torch.from_numpy(array)` (or `torch.as_tensor(array)`) wraps the array's own memory; "
    "`torch.tensor(array)` always copies.",
)
SHARED_NOT_COPIED = _m(
    "shared_not_copied",
    'Your "copy" shares memory with the array: when the array changed afterwards, the tensor changed too.',
    "`torch.tensor(array, dtype=torch.float32)` makes a new tensor of its own; `torch.from_numpy` only wraps the array.",
)
FLOAT64_KEPT = _m(
    "float64_kept",
    "The tensor kept NumPy's float64: layers hold float32, so it would not mix with them.",
    "Ask for the dtype while copying: `torch.tensor(array, dtype=torch.float32)` (or `.float()`).",
)
NUMPY_OF_GPU_TENSOR = _m(
    "numpy_of_gpu_tensor",
    "`.numpy()` cannot read a tensor that lives on a GPU: NumPy only knows the computer's main memory.",
    "Move it first: `t.detach().cpu().numpy()`.",
    "can't convert cuda",
    "Use Tensor.cpu() to copy the tensor to host memory first",
)
FLOAT64_INTO_FLOAT32_LAYER = _m(
    "float64_into_float32_layer",
    "float64 NumPy data met a float32 layer: a matrix product needs the same dtype on both sides.",
    "Convert the input, not the layer: `layer(torch.from_numpy(array).float())`.",
    "mat1 and mat2 must have the same dtype",
    "expected m1 and m2 to have the same dtype",
    "expected scalar type Float but found Double",
)
ARRAY_INTO_LAYER = _m(
    "array_into_layer",
    "A NumPy array went straight into the layer: torch layers take tensors.",
    "Make a tensor first: `layer(torch.from_numpy(array).float())`.",
    "must be Tensor, not numpy.ndarray",
)
TENSOR_NOT_ARRAY = _m(
    "tensor_not_array",
    "You returned a tensor where a NumPy array was asked for.",
    "Finish with `.detach().cpu().numpy()`.",
)
LAYER_CHANGED = _m(
    "layer_changed",
    "The layer you were given was changed (its weights or their dtype), e.g. by `layer.double()`.",
    "Leave the caller's layer alone and convert the data instead: `torch.from_numpy(array).float()`.",
)
TANH_DERIVATIVE_MISSING = _m(
    "tanh_derivative_missing",
    "The gradients miss tanh's own derivative: they are those of sum(X @ W + b).",
    "Multiply by d tanh(z)/dz first: `grad_Z = 1 - np.tanh(Z) ** 2`, then `X.T @ grad_Z` and `grad_Z.sum(axis=0)`.",
)
TANH_DERIVATIVE_WRONG = _m(
    "tanh_derivative_wrong",
    "The derivative of tanh is wrong: d tanh(z)/dz is 1 - tanh(z)**2 (not 1 - z**2 or 1 - tanh(z)).",
    "Use `grad_Z = 1 - np.tanh(Z) ** 2`.",
)

MISTAKES: dict[str, Mistake] = {
    mistake.code: mistake for mistake in list(globals().values()) if isinstance(mistake, Mistake)
}


def match_error(message: str, candidates: tuple[Mistake, ...] | list[Mistake]) -> Mistake | None:
    """The first candidate whose phrase appears in an exception message."""
    for mistake in candidates:
        if any(phrase in message for phrase in mistake.phrases):
            return mistake
    return None


# -- Notes: advice about code that is right here but fragile --------------------------------
# A note never changes a verdict or a score: the case passes and the note rides along with it
# (see `checker.runner.verdicts.note`). Notes live after MISTAKES so that a note is never
# mistaken for a mistake; they share the `Mistake` shape (code, title, fix, phrases).

INTEGER_RESULT = _m(
    "integer_result",
    "The numbers are right, but they came back as Python ints: the tensor had an integer dtype.",
    "Ask for floats with `dtype=torch.float32` (a whole-number value like `3` gives an int64 tensor): "
    "an integer tensor cannot require gradients, and `.mean()` refuses it.",
)
DEPRECATED_AMP = _m(
    "deprecated_amp",
    "`torch.cuda.amp` and `torch.cpu.amp` are deprecated, and each ties your code to one device.",
    "Use `torch.autocast(device.type, dtype=torch.float16)` and `torch.amp.GradScaler(device.type)`.",
    "amp.autocast(args...)` is deprecated",
    "amp.GradScaler(args...)` is deprecated",
)
TENSOR_FROM_TENSOR = _m(
    "tensor_from_tensor",
    "`torch.tensor(t)` on something that is already a tensor makes a copy, and torch warns about it.",
    "Use the tensor you were given as it is; when you need a separate copy, write `t.detach().clone()` "
    "(and `.float()` to change its dtype).",
    "To copy construct from a tensor",
)
OUTPUT_CUT = _m(
    "output_cut",
    "Your code printed {size}; the checker kept only the start and the last lines, and the verdict "
    "never depends on it.",
    "Remove the print statements inside loops, or print only every few hundred steps.",
)

NOTES: dict[str, Mistake] = {
    note.code: note for note in (INTEGER_RESULT, DEPRECATED_AMP, TENSOR_FROM_TENSOR, OUTPUT_CUT)
}
# Notes recognised from a warning the learner's code raised during a call, in every kata.
WARNING_NOTES: tuple[Mistake, ...] = (DEPRECATED_AMP, TENSOR_FROM_TENSOR)
