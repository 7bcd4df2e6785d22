"""The beginner mistakes several katas share, each with the fix to show the learner.

A mistake only one kata can make lives in that kata's spec home
(checker/specs/<name>/mistakes.py), built with `mistake(...)` from here.

A spec names a mistake in two ways: a wrong answer that equals what the mistake
would compute (see specs/_helpers.py), or an exception whose message holds one
of the mistake's `phrases`. Codes are stable: tests and reports refer to them.
The notes at the end are advice for code that passes but is fragile (see NOTES), and the
mistakes a CPU cannot show, noted from the source under their own code (NOTED_MISTAKES).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.core.results import MistakeRef

__all__ = ["EVERYWHERE", "MISTAKES", "NOTED_MISTAKES", "NOTES", "WARNING_NOTES", "Mistake", "match_error", "mistake"]


@dataclass(frozen=True)
class Mistake:
    code: str
    title: str
    fix: str
    phrases: tuple[str, ...] = ()

    def ref(self) -> MistakeRef:
        return MistakeRef(self.code, self.title, self.fix)


def mistake(code: str, title: str, fix: str, *phrases: str) -> Mistake:
    """A mistake: its stable code, what went wrong and the fix (learner's words), and error phrases."""
    return Mistake(code, title, fix, phrases)


MISSING_RETURN = mistake(
    "missing_return",
    "Your function returned None: did you forget `return`?",
    "End the function with `return result.tolist()` (a function without `return` gives back None).",
)
TENSOR_NOT_LIST = mistake(
    "tensor_not_list",
    "You returned a tensor where a Python list was asked for.",
    "Call `.tolist()` on the tensor before returning it.",
)
LIST_OF_TENSORS = mistake(
    "list_of_tensors",
    "Your list holds tensors instead of Python numbers.",
    "Call `.tolist()` on the whole tensor instead of building a list of its elements.",
)
INPUT_MODIFIED = mistake(
    "input_modified",
    "Your function changed the input it was given.",
    "Work on a new tensor (`torch.tensor(x)` copies) and leave the caller's data as it was.",
)
ELEMENTWISE_FOR_MATMUL = mistake(
    "elementwise_for_matmul",
    "You multiplied element by element (`*`) where a matrix product was asked for.",
    "Use `a @ b` (or `torch.matmul(a, b)`): rows of `a` times columns of `b`.",
    "must match the size of tensor b",
)
VIEW_AFTER_TRANSPOSE = mistake(
    "view_after_transpose",
    "`.view` cannot read a transposed (non-contiguous) tensor.",
    "Use `.reshape(...)`, or `.contiguous().view(...)`.",
    "view size is not compatible with input tensor's size and stride",
)
INTEGER_REQUIRES_GRAD = mistake(
    "integer_requires_grad",
    "An integer tensor cannot require gradients.",
    "Make it a float tensor: `torch.tensor(values, dtype=torch.float32, requires_grad=True)`.",
    "Only Tensors of floating point and complex dtype can require gradients",
    "dtype can require gradients",  # also `x.requires_grad = True` and `x.requires_grad_()` later
)
RETURNED_FUNCTION_VALUE = mistake(
    "returned_function_value",
    "You returned the function's value, not its gradient.",
    "After `backward()`, the gradient is in `x.grad`: return `x.grad.tolist()`.",
)
GRAD_IS_NONE = mistake(
    "grad_is_none",
    "`x.grad` was None: the tensor you differentiated is not the leaf you created.",
    "Create the tensor with `requires_grad=True` directly and read `.grad` from that same tensor.",
    "'NoneType' object has no attribute 'tolist'",
)

# -- dtypes of tensors built from numbers ------------------------------------------------

INTEGER_TENSOR = mistake(
    "integer_tensor",
    "Whole numbers became an integer (int64) tensor, which cannot be averaged with `mean()` or multiplied "
    "with a float tensor by `@`.",
    "Build every tensor as floats: `torch.tensor(values, dtype=torch.float32)`.",
    "could not infer output dtype",
    "expected m1 and m2 to have the same dtype",
)

# -- what type came back ----------------------------------------------------------------

TENSOR_NOT_FLOAT = mistake(
    "tensor_not_float",
    "You returned a tensor where a Python float was asked for.",
    "Call `.item()` on a one-number tensor: `return x.grad.item()`.",
)

# -- gradients by hand ----------------------------------------------------------------------

AUTOGRAD_USED = mistake(
    "autograd_used",
    "This kata replaces autograd, but your code called `backward()` (or `torch.autograd`).",
    "Derive the gradients with tensor maths: first dL/dY_hat, then `X.T @ grad_Y` and `grad_Y.sum(dim=0)`. "
    "No `requires_grad`, no `backward()`.",
)
BIAS_GRAD_NOT_SUMMED = mistake(
    "bias_grad_not_summed",
    "grad_b has one row per example: the bias gradient was not added up over the N rows.",
    "b is added to every row, so its gradient sums them: `grad_b = grad_Y.sum(dim=0)`, shape (K,) like b.",
)

# -- training loops ----------------------------------------------------------------------

MISSING_ZERO_GRAD = mistake(
    "missing_zero_grad",
    "The gradients piled up: `.grad` was never cleared between steps, so each update also "
    "re-applied every earlier step's gradient.",
    "Clear the gradients once per step: `optimizer.zero_grad()` (or `w.grad.zero_()` for hand-made tensors).",
)
STEP_BEFORE_BACKWARD = mistake(
    "step_before_backward",
    "`optimizer.step()` ran before `loss.backward()`, so each update used the previous step's gradients.",
    "Per step, in this order: `optimizer.zero_grad()`, `loss.backward()`, `optimizer.step()`.",
)
LOSS_TENSORS = mistake(
    "loss_tensors",
    "Your list of losses holds tensors, not Python floats.",
    "Append `loss.item()`: it gives a plain float and lets the graph behind the loss be freed.",
)
PARAMETERS_NOT_REGISTERED = mistake(
    "parameters_not_registered",
    "The model's layers are not registered, so `model.parameters()` misses them.",
    "Assign each layer to `self.<name>` in `__init__` (after `super().__init__()`); "
    "a plain list or a layer made in `forward` is invisible to the optimizer.",
    "optimizer got an empty parameter list",
)
MISSING_SUPER_INIT = mistake(
    "missing_super_init",
    "`nn.Module.__init__` never ran, so the module cannot hold layers.",
    "Make `super().__init__()` the first line of `__init__`.",
    "cannot assign module before Module.__init__() call",
)
HARD_CODED_CUDA = mistake(
    "hard_coded_cuda",
    'Your code names CUDA itself (`.cuda()` or "cuda") instead of the device it was given, and this case '
    'runs without CUDA: the call fails, or an autocast or GradScaler made for "cuda" does nothing.',
    "Use only the `device` you are given: `model.to(device)`, `X = X.to(device)`, and `device.type` for "
    "autocast and the scaler.",
    "Torch not compiled with CUDA enabled",
    "Found no NVIDIA driver",
    "No CUDA GPUs are available",
)
TENSOR_NOT_MOVED = mistake(
    "tensor_not_moved",
    "A tensor stayed where it was: `X.to(device)` returns a moved copy and leaves the original alone, so "
    "the data never reached the model's device.",
    "Assign the result: `X, y = X.to(device), y.to(device)` (only a module's `.to()`, as in "
    "`model.to(device)`, moves it in place).",
    "Expected all tensors to be on the same device",
)
ZERO_GRAD_BEFORE_STEP = mistake(
    "zero_grad_before_step",
    "The gradients were cleared between `backward()` and the update (`zero_grad()` before `step()`, or "
    "`.grad` zeroed or set to None by hand): the update found none to use, so the weights never moved (or "
    "the update failed on a None gradient, and a GradScaler found no gradients to check).",
    "Per step, in this order: `optimizer.zero_grad()`, the forward pass and the loss, `loss.backward()`, "
    "`optimizer.step()` (zeroing right after `step()` works too; by hand, `w -= lr * w.grad` before `w.grad.zero_()`).",
    "No inf checks were recorded for this optimizer",  # scaler.step on gradients set to None
)
OPTIMIZER_IN_LOOP = mistake(
    "optimizer_in_loop",
    "A new optimizer was built on every step, so each one started from scratch and forgot what the "
    "earlier steps had taught it (Adam's running averages of the gradients, SGD's momentum).",
    "Build the optimizer once, before the loop (`opt = torch.optim.Adam(model.parameters(), lr=lr)`); "
    "inside the loop only call `opt.zero_grad()` and `opt.step()`.",
)
DOUBLE_STEP = mistake(
    "double_step",
    "The weights were updated twice per step: `optimizer.step()` ran besides `scaler.step(optimizer)`, "
    "which already calls it (or `step()` ran twice in one pass of the loop).",
    "One update per step: with a GradScaler, `scaler.step(optimizer)` then `scaler.update()` and no "
    "`optimizer.step()` of your own; without one, a single `optimizer.step()`.",
)
LOSS_AFTER_UPDATE = mistake(
    "loss_after_update",
    "Each loss you recorded was measured after that step's update, so your list is a correct loop's "
    "moved one step earlier and the loss of the starting weights is missing.",
    "Record the loss that `backward()` ran on, `losses.append(loss.item())` with that same `loss`, "
    "instead of a new forward pass after the update.",
)
LOSS_SCALED = mistake(
    "loss_scaled",
    "Your loss is a constant factor away from the mean: a sum where the mean was asked for (the factor "
    "is then the number of values), or a stray factor such as `0.5 *`. Its gradients and every step "
    "grow by the same factor.",
    "Average over every value with no factor in front: `((y_hat - y) ** 2).mean()`, or the loss "
    "modules as they come, whose default reduction is the mean (`nn.MSELoss()`, `nn.CrossEntropyLoss()`).",
)
UPDATE_HAD_NO_EFFECT = mistake(
    "update_had_no_effect",
    "Your loss did not change from one step to the next: no update reached the weights (the gradients "
    "were cleared before the update, `step()` never ran, or the update changed a copy of the weights).",
    "After `loss.backward()`, update the weights themselves, then clear the gradients: "
    "`optimizer.step()`, or `w -= lr * w.grad` under `torch.no_grad()` followed by `w.grad.zero_()`.",
)
LOSS_EXPLODED = mistake(
    "loss_exploded",
    "The loss turned into NaN or infinity after an update: the steps were so large that the weights "
    "blew up (the learning rate left out or too big, or one update applied twice).",
    "Make each update exactly `lr * gradient`, once per step: `w -= lr * w.grad` (or one "
    "`optimizer.step()`, or `scaler.step(optimizer)` alone), with the `lr` you were given.",
)

# -- the structure of a model ----------------------------------------------------------------

RELU_ON_OUTPUT = mistake(
    "relu_on_output",
    "A ReLU after the output layer: your model can never predict a negative number, but the targets go below zero.",
    "Use the ReLU only between the layers, e.g. `self.fc2(torch.relu(self.fc1(x)))`: "
    "the output layer's result is the prediction as it is.",
)
LINEAR_SIZES_SWAPPED = mistake(
    "linear_sizes_swapped",
    "An `nn.Linear` has its two sizes the wrong way round.",
    "Write `nn.Linear(in_features, out_features)`: the number of features that go in first, the number "
    "that come out second (the weight then has shape (out_features, in_features)).",
)

# -- how an answer came back, and errors any kata can raise ------------------------------
# A returned value of a foreign type, and exception phrases that imply one mistake
# whatever the kata: the session tries EVERYWHERE after a kata's own known_errors (specs/api.py).

NUMPY_NOT_LIST = mistake(
    "numpy_not_list",
    "You returned a NumPy array (or a NumPy number) where Python lists of floats were asked for.",
    "Stay with torch and call `.tolist()` on the tensor; `.numpy()` and `np.array(...)` give NumPy values, not lists.",
)
TUPLE_NOT_LIST = mistake(
    "tuple_not_list",
    "You returned a tuple where a list was asked for.",
    "Return a list: `.tolist()` on a tensor gives nested lists, and `list(...)` turns a tuple into one.",
)
GENERATOR_NOT_LIST = mistake(
    "generator_not_list",
    "You returned a generator (or another lazy iterator), which holds no values until something loops over it.",
    "Return a list: call `.tolist()` on the tensor, or write `[... for ...]` with square brackets.",
)
NUMBER_NOT_LIST = mistake(
    "number_not_list",
    "You returned one number where a list was asked for.",
    "Keep every value: call `.tolist()` on the whole tensor (`.item()`, `float(t)` and reductions such as "
    "`.sum()` or `.max()` give a single number).",
)
ITEM_ON_VECTOR = mistake(
    "item_on_vector",
    "`.item()` (or `float(t)`) was called on a tensor holding more than one number.",
    "`.item()` is for a one-number tensor; `.tolist()` gives every value as Python numbers.",
    "elements cannot be converted to Scalar",
    "only one element tensors can be converted to Python scalars",
)
NUMPY_OF_TRACKED_TENSOR = mistake(
    "numpy_of_tracked_tensor",
    "`.numpy()` refused a tensor that autograd is tracking (it requires grad or was computed from one).",
    "For NumPy, detach it first: `t.detach().cpu().numpy()` (or compute it under `torch.no_grad()`); "
    "for Python values `.tolist()` works on tracked tensors too.",
    "Can't call numpy() on Tensor that requires grad",
)
DOUBLE_INTO_FLOAT_MODEL = mistake(
    "double_into_float_model",
    "float64 data met float32 weights: NumPy and `torch.tensor` of Python floats from NumPy default to float64.",
    "Make the data float32: `X = X.float()` or `torch.tensor(data, dtype=torch.float32)`.",
    "must have the same dtype, but got Double and Float",
)

EVERYWHERE: tuple[Mistake, ...] = (ITEM_ON_VECTOR, NUMPY_OF_TRACKED_TENSOR, DOUBLE_INTO_FLOAT_MODEL)

# The shared mistakes by code. A kata's own mistakes live in its spec home
# (checker/specs/<name>/mistakes.py); `checker.specs.homes.mistakes_of` adds them to these.
MISTAKES: dict[str, Mistake] = {value.code: value for value in list(globals().values()) if isinstance(value, Mistake)}


def match_error(message: str, candidates: tuple[Mistake, ...] | list[Mistake]) -> Mistake | None:
    """The first candidate whose phrase appears in an exception message."""
    for candidate in candidates:
        if any(phrase in message for phrase in candidate.phrases):
            return candidate
    return None


# -- Notes: advice about code that is right here but fragile --------------------------------
# A note never changes a verdict or a score: the case passes and the note rides along with it
# (see `checker.runner.judge.verdicts.note`). Notes live after MISTAKES so that a note is never
# mistaken for a mistake; they share the `Mistake` shape (code, title, fix, phrases).

INTEGER_RESULT = mistake(
    "integer_result",
    "The numbers are right, but they came back as Python ints: the tensor had an integer dtype.",
    "Ask for floats with `dtype=torch.float32` (a whole-number value like `3` gives an int64 tensor): "
    "an integer tensor cannot require gradients, and `.mean()` refuses it.",
)
DEPRECATED_AMP = mistake(
    "deprecated_amp",
    "`torch.cuda.amp` and `torch.cpu.amp` are deprecated, and each ties your code to one device.",
    "Use `torch.autocast(device.type, dtype=torch.float16)` and `torch.amp.GradScaler(device.type)`.",
    "amp.autocast(args...)` is deprecated",
    "amp.GradScaler(args...)` is deprecated",
)
TENSOR_FROM_TENSOR = mistake(
    "tensor_from_tensor",
    "`torch.tensor(t)` on something that is already a tensor makes a copy, and torch warns about it.",
    "Use the tensor you were given as it is; when you need a separate copy, write `t.detach().clone()` "
    "(and `.float()` to change its dtype).",
    "To copy construct from a tensor",
)
OUTPUT_CUT = mistake(
    "output_cut",
    "Your code printed {size}; the checker kept only the start and the last lines, and the verdict "
    "never depends on it.",
    "Remove the print statements inside loops, or print only every few hundred steps.",
)

DATA_UPDATE = mistake(
    "data_update",
    "Your update changes parameters through `.data` (`{target}`): it works here, but `.data` hides the "
    "change from autograd, which then cannot warn you when an update breaks the gradients it needs.",
    "Change the tensor itself inside `with torch.no_grad():`, e.g. `w -= lr * w.grad` "
    "(or let `optimizer.step()` do the update).",
)

NOTES: dict[str, Mistake] = {
    note.code: note for note in (INTEGER_RESULT, DEPRECATED_AMP, TENSOR_FROM_TENSOR, OUTPUT_CUT, DATA_UPDATE)
}
# Notes recognised from a warning the learner's code raised during a call, in every kata.
WARNING_NOTES: tuple[Mistake, ...] = (DEPRECATED_AMP, TENSOR_FROM_TENSOR)

# -- Mistakes this machine cannot show, noted under their own code ----------------------------
# Plain SGD keeps nothing between steps, so one rebuilt every step trains alike; a tensor left
# on the CPU fails only on a GPU. Code with such a mistake passes here and only its source
# shows it (specs/_source.py), so the mistake itself rides on the passing case as a note: its
# own code (a report or bench/naming can tell it was found), a title that says where.

DROPPED_MOVE = mistake(
    TENSOR_NOT_MOVED.code,
    "`{call}` stands on a line of its own: a tensor's `.to()` returns a moved copy and leaves the "
    "original where it was, so this line moves nothing. It passes on a CPU; on a GPU the data stays "
    "behind and the first operation that meets the model fails.",
    "Keep the copy: `X = X.to(device)` (only a module's `.to()`, as in `model.to(device)`, moves it in place).",
)
DATA_NEVER_MOVED = mistake(
    TENSOR_NOT_MOVED.code,
    "Your function moves the model (`{call}`) but never the data: X and y stay where they came. It passes "
    "on a CPU, where both already are; on a GPU the first operation that meets the model fails.",
    "Move the tensors too, and keep the copies: `X, y = X.to(device), y.to(device)`.",
)
OPTIMIZER_REBUILT = mistake(
    OPTIMIZER_IN_LOOP.code,
    "`{call}` builds a new optimizer inside the loop. It passes here, because plain SGD keeps nothing "
    "from one step to the next, but each new optimizer starts from scratch: with momentum, or Adam, "
    "every step would forget what the earlier ones had learnt.",
    OPTIMIZER_IN_LOOP.fix,
)

NOTED_MISTAKES: tuple[Mistake, ...] = (DROPPED_MOVE, DATA_NEVER_MOVED, OPTIMIZER_REBUILT)
