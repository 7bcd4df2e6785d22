"""The spec API: everything a spec file imports comes from here, and here it is explained.

A spec is `checker/specs/<name>/test_NN_name.py` (or an instructor's extra `test_NN_name_*.py`),
run by pytest in the judge process. Its tests ask for two fixtures:

* `kata`, a `KataSession` holding the learner's file in a worker process:
    - `kata.call("fn", *args, **kwargs)`: call a function with plain data and tensors;
    - `kata.train("fn", model=recipe, seed=s, args=[...], kwargs={...}, call="...")`: call
      `fn(model, *args, **kwargs)` on a model the worker builds from `recipe` (a `Recipe`:
      `{"layers": [["linear", 3, 1]]}` or `{"learner": "ClassName", "kwargs": {...}}`),
      and get back what it returned and what the loop did (zero_grad, backward, step...);
    - `kata.describe_model(recipe, inputs=x, call=...)`: the structure, weights and output
      of a model; `kata.source("fn", call=)` for rules no run can show;
    - `kata.exercise("name.driver", *args, call=)`: a driver the kata's own home
      registers in `checker/specs/<name>/drivers.py` (worker-side code around the
      learner's, e.g. NumPy arrays made and described in the worker);
    - `kata.chart_losses(losses)` and `kata.chart_fit(points, target_label="sin(x)")`:
      charts the report draws beside the case (terminal and `--plot`).
  Every driver takes `call=`, the case as the learner reads it in a report. Each returns
  an `Answer` (`.call`, `.value`, `.probes`, `.changed_args`, `.warnings`) or raises a
  `CaseProblem` that already says what went wrong (not started, raised, hung...).
* `rng`, a `random.Random` seeded from the run's seed and the case: hidden cases that
  the same `--seed` reproduces.

Checks: `expect_floats` (type, shape, values, tolerance, named suspects), `expect_true`
(a condition and its message), `expect_backward_ran` (autograd ran, at least so many
times), `expect_losses` (a training trajectory against a trusted run: `diagnose_loop` names
the cause from the loop's calls, `trajectory_effect` says what it did to the losses);
`raise WrongAnswer(message, mistake=..., details=...)` for anything else. A `CaseProblem`
(the learner's code raised, hung...) may be caught to name its mistake and raised again.
Models: `swapped_linear(state, [(in, out), ...])` names an nn.Linear built with its sizes the
wrong way round, `linear_sizes(state)` reads them, `clipped_at_zero(got, [trusted outputs],
atol)` finds the output a ReLU after the last layer turned into the model's. Source: `note_from_source(kata, "fn",
moves=..., data=...)` notes a bare `X.to(device)` or a `.data` update (advice, never a verdict);
`cuda_amp_calls(text)` finds an autocast or GradScaler made for CUDA outright. `known` is checker/core/mistakes.py: the named mistakes several katas share; a
kata's own are in its home, `from checker.specs.<name> import mistakes as own`.

Two declarations a spec module may make:

* `pytestmark = known_errors(known.A, known.B)`: exceptions the learner's code raises in
  this kata that a named mistake explains (matched on the error text, before the
  mistakes every kata knows). Only `Mistake`s are accepted.
* `@needs_cuda` on a test (it is `@pytest.mark.cuda`): the case needs a CUDA GPU; on a
  machine without one it is skipped and the report says so (`kata doctor` counts these
  cases per kata).

Both are pytest markers registered in specs/pytest.ini.
"""

from __future__ import annotations

import pytest

from checker.core import mistakes as known
from checker.core.mistakes import Mistake
from checker.runner.judge.plugin import CUDA_MARKER, KNOWN_ERRORS_MARKER
from checker.runner.judge.session import Answer, KataSession, Recipe
from checker.runner.judge.verdicts import CaseProblem, WrongAnswer
from checker.runner.protocol import TensorValue
from checker.runner.worker.harness import inject_inf
from checker.runner.worker.layer_recipes import build_layers
from checker.specs._helpers import (
    TOLERANCE,
    expect_backward_ran,
    expect_floats,
    expect_true,
    kind_of,
    leaves,
    random_floats,
    shape_of,
    show,
)
from checker.specs._models import clipped_at_zero, linear_sizes, swapped_linear
from checker.specs._source import cuda_amp_calls, note_from_source
from checker.specs._training import (
    TRAJECTORY_STEPS,
    TRAJECTORY_TOLERANCE,
    diagnose_loop,
    expect_finite,
    expect_losses,
    layers_from,
    state_of,
    trajectory_effect,
    trusted_losses,
    with_value,
)

__all__ = [
    "TOLERANCE",
    "TRAJECTORY_STEPS",
    "TRAJECTORY_TOLERANCE",
    "Answer",
    "CaseProblem",
    "KataSession",
    "Mistake",
    "Recipe",
    "TensorValue",
    "WrongAnswer",
    "build_layers",
    "clipped_at_zero",
    "cuda_amp_calls",
    "diagnose_loop",
    "expect_finite",
    "expect_floats",
    "expect_losses",
    "expect_backward_ran",
    "expect_true",
    "inject_inf",
    "kind_of",
    "known",
    "known_errors",
    "layers_from",
    "leaves",
    "linear_sizes",
    "needs_cuda",
    "note_from_source",
    "random_floats",
    "shape_of",
    "show",
    "state_of",
    "swapped_linear",
    "trajectory_effect",
    "trusted_losses",
    "with_value",
]

NOT_A_MISTAKE = "known_errors() takes mistakes (known.NAME, or own.NAME from the kata's home), not {kind}."

needs_cuda = getattr(pytest.mark, CUDA_MARKER)  # @needs_cuda: this case needs a CUDA GPU


def known_errors(*mistakes: Mistake) -> pytest.MarkDecorator:
    """The module's `pytestmark`: exceptions in this kata that these named mistakes explain."""
    for mistake in mistakes:
        if not isinstance(mistake, Mistake):
            raise TypeError(NOT_A_MISTAKE.format(kind=type(mistake).__name__))
    return getattr(pytest.mark, KNOWN_ERRORS_MARKER).with_args(*mistakes)
