"""Kata 11 mlp_sin: a 1 -> hidden -> 1 ReLU network of two nn.Linear attributes (any names), trained to draw sin(x)."""

import math

import pytest
import torch
from torch import nn

from checker.specs.api import (
    TRAJECTORY_STEPS,
    CaseProblem,
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
from checker.specs.mlp_sin import mistakes as own

pytestmark = known_errors(known.MISSING_SUPER_INIT, known.PARAMETERS_NOT_REGISTERED, own.MISSING_FEATURE_AXIS)

POINTS = 200
LINE_PLATEAU = 0.5 - 3 / math.pi**2  # the MSE of the best straight line through sin on [-pi, pi]


def _mlp(hidden: int, relu: bool = True, relu_after: bool = False) -> list:
    """The 1 -> hidden -> 1 layers; without the ReLU between them, or with one after the output layer."""
    return [
        ["linear", 1, hidden],
        *([["relu"]] if relu else []),
        ["linear", hidden, 1],
        *([["relu"]] if relu_after else []),
    ]


def _sin_data():
    x = torch.linspace(-torch.pi, torch.pi, POINTS).unsqueeze(1)
    return x, torch.sin(x)


def _trusted_fit(
    initial: dict, hidden: int, steps: int, lr: float, optimizer: str, relu: bool = True, relu_after: bool = False
):
    model = layers_from(_mlp(hidden, relu, relu_after), _in_layer_order(initial))
    make = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    x, y = _sin_data()
    return trusted_losses(model, x, y, nn.MSELoss(), make(model.parameters(), lr=lr), steps)


def _in_layer_order(state: dict) -> dict:
    """The learner's two layers' tensors, the layer taking the 1 input feature first, whatever their names.

    The layers are found by structure: the tensors are grouped by the module that owns them
    (registration order), and the layer whose weight has one input column leads, so
    `self.layer1`, `self.hidden` or an `__init__` that creates the output layer first all
    map onto the trusted 1 -> hidden -> 1 network. Anything else is returned as it is.
    """
    owners = list(dict.fromkeys(name.rpartition(".")[0] for name in state))
    if (
        len(state) != 4
        or len(owners) != 2
        or any(f"{owner}.{part}" not in state for owner in owners for part in ("weight", "bias"))
    ):
        return state

    def takes_one_feature(owner: str) -> bool:
        weight = state[f"{owner}.weight"]
        return weight.dim() == 2 and weight.shape[1] == 1

    owners.sort(key=lambda owner: not takes_one_feature(owner))  # stable: registration order otherwise
    return {f"{owner}.{part}": state[f"{owner}.{part}"] for owner in owners for part in ("weight", "bias")}


def _describe(kata, hidden: int, inputs=None):
    call = f"SinMLP(hidden={hidden})"
    return kata.describe_model({"learner": "SinMLP", "kwargs": {"hidden": hidden}}, inputs=inputs, call=call)


def _expect_two_layers(answer, report: dict, state: dict, hidden: int) -> None:
    """Two nn.Linear layers, (1 -> hidden) and (hidden -> 1), under any names, not in an nn.Sequential."""
    swapped = swapped_linear(_in_layer_order(state), [(1, hidden), (hidden, 1)])
    expect_true(
        swapped is None,
        with_value(answer, linear_sizes(state)),
        f"SinMLP(hidden={hidden}) needs nn.Linear(1, {hidden}) then nn.Linear({hidden}, 1), but {swapped}.",
        known.LINEAR_SIZES_SWAPPED,
    )
    expected = 3 * hidden + 1
    count = sum(value.numel() for value in state.values())
    expect_true(
        count == expected,
        with_value(answer, count),
        f"SinMLP(hidden={hidden}) should have {expected} parameters; model.parameters() gives {count}.",
        known.PARAMETERS_NOT_REGISTERED if count < expected else None,
    )
    containers = report.get("children", {})
    expect_true(
        "Sequential" not in containers.values(),
        with_value(answer, containers),
        "SinMLP must hold its two nn.Linear layers itself, set in __init__, not inside an nn.Sequential.",
        own.SEQUENTIAL_NOT_ATTRIBUTES,
    )
    ordered = _in_layer_order(state)
    shapes = {name: tuple(value.shape) for name, value in ordered.items()}
    wanted = [(hidden, 1), (hidden,), (1, hidden), (1,)]
    owners = {name.rpartition(".")[0] for name in ordered}
    linears = report.get("linears")  # a training report has no structure: its state must do
    are_linear = linears is None or set(linears) == owners
    expect_true(
        list(shapes.values()) == wanted and are_linear,
        with_value(answer, shapes),
        f"SinMLP needs two nn.Linear layers, nn.Linear(1, {hidden}) and nn.Linear({hidden}, 1) "
        f"(any attribute names), and nothing else with weights.",
    )


@pytest.mark.parametrize("hidden", [16, 5])
def test_model_has_two_linear_layers(kata, hidden):
    answer = _describe(kata, hidden)
    report = answer.value
    expect_true(report["is_module"], answer, "SinMLP must be a subclass of nn.Module.")
    _expect_two_layers(answer, report, state_of(report, "state"), hidden)


def test_forward_is_relu_between_layers(kata):
    x, _ = _sin_data()
    try:
        answer = _describe(kata, 16, inputs=x)
    except CaseProblem as problem:
        raise _swapped_in_use(kata, problem, 16) from None
    report = answer.value
    state = state_of(report, "state")
    _expect_two_layers(answer, report, state, 16)
    output = report.get("output")
    expect_true(
        output is not None and tuple(output.tensor.shape) == (POINTS, 1),
        with_value(answer, output),
        "model(x) must map shape (N, 1) to (N, 1).",
    )
    with torch.no_grad():
        expected = layers_from(_mlp(16), _in_layer_order(state))(x)
        straight = layers_from(_mlp(16, relu=False), _in_layer_order(state))(x)
    got = output.tensor
    if torch.allclose(got, expected, atol=1e-5):
        return
    clipped = clipped_at_zero(got, [expected, straight], atol=1e-5)  # the ReLU after the layers, or moved there
    if torch.allclose(got, straight, atol=1e-5):
        message, mistake = (
            "Your model(x) is layer2(layer1(x)), with nothing between the layers: two linear layers make "
            "one straight line, which can never bend into sin(x).",
            own.MLP_WITHOUT_RELU,
        )
    elif clipped is not None:
        form = "layer2(relu(layer1(x)))" if clipped is expected else "layer2(layer1(x)), with no ReLU between,"
        message, mistake = (
            f"Every prediction of your model is >= 0: {form} with your own weights goes down "
            f"to {clipped.min().item():.3g} here, and sin(x) down to -1, but a ReLU after the output layer "
            "turns each negative prediction into 0.",
            known.RELU_ON_OUTPUT,
        )
    else:
        worst = int((got - expected).abs().argmax())
        message, mistake = (
            f"model(x) must be layer2(relu(layer1(x))): at x = {x[worst, 0].item():.3f} that gives "
            f"{expected[worst, 0].item():.4g} with your own weights, but your model gives {got[worst, 0].item():.4g}.",
            None,
        )
    expect_true(False, with_value(answer, output), message, mistake)


def _swapped_in_use(kata, problem: CaseProblem, hidden: int) -> CaseProblem:
    """The forward pass raised because its first layer does not take 1 feature: name the swapped sizes.

    One layer built the wrong way round shows in the structure. Two layers that each have the
    other's sizes do not (creating the output layer first is allowed): then the error text says
    that the (N, 1) input reached the nn.Linear(hidden, 1).
    """
    if f"(200x1 and {hidden}x1)" not in problem.details.get("got", ""):
        return problem
    state = _in_layer_order(state_of(_describe(kata, hidden).value, "state"))
    sizes = linear_sizes(state)
    swapped = swapped_linear(state, [(1, hidden), (hidden, 1)])
    first = next((owner for owner, size in sizes.items() if size == (hidden, 1)), None)
    if swapped is not None:
        message = f"Your forward pass could not multiply x, of shape ({POINTS}, 1), by its first layer: {swapped}."
    elif first is not None and sorted(sizes.values()) == sorted([(1, hidden), (hidden, 1)]):
        message = (
            f"Your forward gives x, of shape ({POINTS}, 1), first to `{first}`, an nn.Linear({hidden}, 1) that "
            f"takes {hidden} features in: the sizes of your layers are swapped. The layer that takes x must be "
            f"nn.Linear(1, {hidden}), the one that makes the prediction nn.Linear({hidden}, 1)."
        )
    else:
        return problem
    return CaseProblem(problem.status, message, mistake=known.LINEAR_SIZES_SWAPPED, details=problem.details)


@pytest.mark.parametrize("optimizer, lr", [("adam", 0.01), ("sgd", 0.1)], ids=["adam", "sgd"])
def test_first_steps_match(kata, rng, optimizer, lr):
    steps = 6
    recipe = {"layers": _mlp(16)}
    answer = kata.train(
        "fit_sin",
        model=recipe,
        seed=rng.randint(0, 999),
        kwargs={"steps": steps, "lr": lr, "optimizer": optimizer},
        call=f'fit_sin(model, steps={steps}, lr={lr}, optimizer="{optimizer}")',
    )
    kata.chart_losses(answer.value["value"])
    trusted = _trusted_fit(state_of(answer.value), 16, steps, lr, optimizer)
    expect_losses(answer, answer.value["value"], steps, trusted, diagnose=diagnose_loop)


def test_learns_sin(kata, rng):
    seed = rng.randint(0, 999)
    try:
        answer = kata.train(
            "fit_sin", model={"learner": "SinMLP"}, seed=seed, call=f"torch.manual_seed({seed}); fit_sin(SinMLP())"
        )
    except CaseProblem as problem:
        raise _swapped_in_use(kata, problem, 16) from None
    kata.chart_losses(answer.value["value"])
    _show_fit(kata, answer.value)  # first, so that a model that did not learn sin shows how it missed
    losses = answer.value["value"]
    _expect_two_layers(answer, answer.value, state_of(answer.value), 16)
    # Only the leading steps are compared: the other 995 would cost the judge a second per student.
    trusted = _trusted_fit(state_of(answer.value), 16, TRAJECTORY_STEPS, 0.01, "adam")
    expect_losses(
        answer,
        losses,
        1000,
        trusted,
        diagnose=diagnose_loop,
        suspects=[
            (own.MLP_WITHOUT_RELU, _trusted_fit(state_of(answer.value), 16, 10, 0.01, "adam", relu=False)),
            (known.RELU_ON_OUTPUT, _trusted_fit(state_of(answer.value), 16, 10, 0.01, "adam", relu_after=True)),
            (
                known.RELU_ON_OUTPUT,
                _trusted_fit(state_of(answer.value), 16, 10, 0.01, "adam", relu=False, relu_after=True),
            ),
        ],
    )
    last = losses[-1]
    plateau = abs(last - LINE_PLATEAU) < 0.02
    expect_true(
        last < 0.01,
        with_value(answer, last),
        f"After 1000 Adam steps the loss should be below 0.01, not {last:.4f}.",
        own.MLP_WITHOUT_RELU if plateau else None,
    )
    note_from_source(kata, "fit_sin", data=True, optimizer=True)  # advice on a loop that works


def _show_fit(kata, report: dict, columns: int = 56) -> None:
    """Hand the report the learner's trained model against sin(x) to draw, at `columns` of the points.

    No learner code runs here: the network is rebuilt from the learner's final weights with
    trusted layers, with or without a ReLU, whichever gives the learner's own first loss;
    when neither does, what the learner's model computes is unknown and nothing is drawn.
    """
    losses = report.get("value")
    if type(losses) is not list or not losses or type(losses[0]) is not float:
        return
    x, y = _sin_data()
    pick = torch.linspace(0, POINTS - 1, columns).round().long()
    try:
        initial, final = _in_layer_order(state_of(report)), _in_layer_order(state_of(report, "final"))
        with torch.no_grad():
            for relu in (True, False):
                first = nn.functional.mse_loss(layers_from(_mlp(16, relu), initial)(x), y).item()
                if math.isclose(first, losses[0], rel_tol=1e-4, abs_tol=1e-7):
                    fitted = layers_from(_mlp(16, relu), final)(x[pick])
                    break
            else:
                return  # a loop that starts differently: we cannot tell what the model computes
    except (RuntimeError, KeyError):
        return  # not the two-layer shape: the structure cases say why
    kata.chart_fit(list(zip(x[pick, 0].tolist(), y[pick, 0].tolist(), fitted[:, 0].tolist())), target_label="sin(x)")
