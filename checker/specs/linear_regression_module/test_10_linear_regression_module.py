"""Kata 10 linear_regression_module: one nn.Linear in a Module, trained with MSELoss and SGD."""

import pytest
import torch
from torch import nn

from checker.specs.api import (
    clipped_at_zero,
    diagnose_loop,
    expect_losses,
    expect_true,
    known,
    known_errors,
    layers_from,
    linear_sizes,
    note_from_source,
    state_of,
    swapped_linear,
    trusted_losses,
    with_value,
)

pytestmark = known_errors(known.MISSING_SUPER_INIT, known.PARAMETERS_NOT_REGISTERED)


def _trusted_run(layers, initial: dict, X, y, lr: float, epochs: int):
    model = layers_from(layers, initial)
    losses = trusted_losses(model, X, y, nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=lr), epochs)
    return model, losses


def _train(kata, recipe: dict, seed: int, X, y, lr: float, epochs: int, call: str):
    answer = kata.train(
        "train_model", model=recipe, seed=seed, args=[X, y], kwargs={"lr": lr, "epochs": epochs}, call=call
    )
    kata.chart_losses(answer.value["value"])
    return answer


def _check_training(kata, recipe, layers, seed, X, y, lr, epochs, call):
    answer = _train(kata, recipe, seed, X, y, lr, epochs, call)
    report = answer.value
    trusted_model, trusted = _trusted_run(layers, state_of(report), X, y, lr, epochs)
    expect_losses(answer, report["value"], epochs, trusted, diagnose=diagnose_loop)
    return answer, trusted_model


@pytest.mark.parametrize("sizes", [(1, 1), (3, 2)], ids=["1-to-1", "3-to-2"])
def test_model_holds_one_linear_layer(kata, rng, sizes):
    in_features, out_features = sizes
    inputs = torch.randn(4, in_features, generator=torch.Generator().manual_seed(rng.randint(0, 999)))
    recipe = {"learner": "LinearRegressionModel", "args": list(sizes)}
    call = f"LinearRegressionModel({in_features}, {out_features})"
    # The structure first, without a forward pass: with its sizes swapped the layer could only raise.
    answer = kata.describe_model(recipe, call=call)
    report = answer.value
    expect_true(report["is_module"], answer, "LinearRegressionModel must be a subclass of nn.Module.")
    children = report["direct_children"]
    one_linear = len(children) == 1 and report["linears"] == list(children)  # any attribute name
    expect_true(
        one_linear,
        with_value(answer, children),
        "The model must hold exactly one layer, an nn.Linear(in_features, out_features) assigned to an "
        "attribute in __init__ (any name, e.g. `self.linear`).",
        known.PARAMETERS_NOT_REGISTERED if not children else None,
    )
    state = state_of(report, "state")
    swapped = swapped_linear(state, [sizes])
    expect_true(
        swapped is None,
        with_value(answer, linear_sizes(state)),
        f"{call} must map {in_features} features to {out_features}, but {swapped}.",
        known.LINEAR_SIZES_SWAPPED,
    )
    expected_count = in_features * out_features + out_features
    expect_true(
        report["parameter_count"] == expected_count,
        with_value(answer, report["parameter_count"]),
        f"Expected {expected_count} parameters, found {report['parameter_count']}.",
    )
    output = kata.describe_model(recipe, inputs=inputs, call=call).value.get("output")
    trusted = layers_from([["linear", in_features, out_features]], state)
    straight = trusted(inputs).detach()
    shaped = output is not None and output.tensor.shape == (4, out_features)
    close = shaped and torch.allclose(output.tensor, straight, atol=1e-6)
    # The layer's output with its negatives cut to 0, where it has some: a ReLU after the layer.
    clipped = shaped and clipped_at_zero(output.tensor, [straight], atol=1e-6) is not None
    expect_true(
        close,
        with_value(answer, output),
        "model(x) must return self.linear(x), shape (N, out_features).",
        known.RELU_ON_OUTPUT if clipped else None,
    )


def test_readme_example(kata):
    X = torch.linspace(-2, 2, 100).unsqueeze(1)
    answer, _ = _check_training(
        kata,
        {"learner": "LinearRegressionModel"},
        [["linear", 1, 1]],
        0,
        X,
        2 * X + 1,
        0.1,
        100,
        "train_model(LinearRegressionModel(), X, 2 * X + 1)",
    )
    last = answer.value["value"][-1]
    expect_true(
        last < 1e-6, with_value(answer, last), f"After 100 epochs the loss should be below 1e-6, not {last:.3g}."
    )


@pytest.mark.parametrize("case", range(2))
def test_hidden_first_steps(kata, rng, case):
    in_features, out_features = rng.randint(1, 4), rng.randint(1, 2)
    generator = torch.Generator().manual_seed(rng.randint(0, 2**31))
    X = torch.randn(rng.randint(16, 64), in_features, generator=generator)
    y = X @ torch.randn(in_features, out_features, generator=generator) + 0.5
    layers = [["linear", in_features, out_features]]
    lr = round(rng.uniform(0.02, 0.2), 3)
    _check_training(
        kata,
        {"layers": layers},
        layers,
        rng.randint(0, 999),
        X,
        y,
        lr,
        8,
        f"train_model(nn.Linear({in_features}, {out_features}), X, y, lr={lr}, epochs=8)",
    )


def test_trains_the_model_in_place(kata, rng):
    generator = torch.Generator().manual_seed(rng.randint(0, 2**31))
    X = torch.randn(64, 3, generator=generator)
    y = X @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
    layers = [["linear", 3, 1]]
    answer, trusted_model = _check_training(
        kata,
        {"layers": layers},
        layers,
        rng.randint(0, 999),
        X,
        y,
        0.1,
        60,
        "train_model(nn.Linear(3, 1), X, y, lr=0.1, epochs=60)",
    )
    final = state_of(answer.value, "final")
    same = all(
        torch.allclose(final[f"0.{name}"], value, atol=1e-4) for name, value in trusted_model[0].state_dict().items()
    )
    expect_true(
        same,
        with_value(answer, final),
        "After training, the model's own weights must be the trained ones: train the model you were given.",
    )
    note_from_source(kata, "train_model", data=True, optimizer=True)  # advice on a loop that works
