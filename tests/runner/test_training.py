"""Training mistakes named by their effect: trajectories, loop calls, model sizes and source notes.

checker/specs/_training.py (`trajectory_effect`, `diagnose_loop`), the recorder of
runner/worker/harness.py that feeds it, checker/specs/_models.py and checker/specs/_source.py.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from checker.core import mistakes as known
from checker.runner.judge.session import Answer
from checker.runner.judge.verdicts import WrongAnswer
from checker.runner.worker.harness import _Recorder
from checker.specs._models import clipped_at_zero, linear_sizes, swapped_linear
from checker.specs._source import (
    cuda_amp_calls,
    data_updates,
    dropped_moves,
    model_moved_alone,
    optimizers_in_loops,
)
from checker.specs._training import diagnose_loop, expect_finite, expect_losses, trajectory_effect

TRUSTED = [6.5, 3.5, 2.0, 1.25, 0.8, 0.55, 0.4]


# -- what the losses show -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("losses", "mistake", "phrase"),
    [
        (TRUSTED[1:] + [0.3], known.LOSS_AFTER_UPDATE, "one step late"),
        ([50 * TRUSTED[0], 90.0, 20.0, 9.0, 4.0, 2.0, 1.0], known.LOSS_SCALED, "is 50 times a correct loop's"),
        ([loss / 2 for loss in TRUSTED], known.LOSS_SCALED, "Every loss you recorded is 0.5 times"),
        ([6.5, 9.0, 40.0, 900.0, 1e30, float("inf"), float("nan")], known.LOSS_EXPLODED, "became inf at step 5"),
        ([6.5] * 7, known.UPDATE_HAD_NO_EFFECT, "stays at 6.5 from step 0 to step 4"),
    ],
    ids=["shifted", "summed", "halved-record", "exploded", "no-change"],
)
def test_a_trajectory_effect_names_its_mistake(losses, mistake, phrase):
    named, message = trajectory_effect(losses, TRUSTED)

    assert named is mistake
    assert phrase in message


@pytest.mark.parametrize(
    "losses",
    [
        [6.5, 3.4, 2.2, 1.0, 0.9, 0.5, 0.3],  # wrong from step 1, no pattern
        [7.1, 3.5, 2.0, 1.25, 0.8, 0.55, 0.4],  # first loss off by no whole factor
        [float("nan")] * 7,  # NaN before any update: not an explosion
        [6.5 * 1.5, 4.0, 2.5, 1.3, 0.9, 0.6, 0.5],  # 1.5 is no factor a mistake makes
    ],
    ids=["arbitrary", "not-a-factor", "nan-at-start", "one-and-a-half"],
)
def test_no_effect_is_claimed_where_there_is_none(losses):
    assert trajectory_effect(losses, TRUSTED) is None


def test_a_trusted_run_that_levels_off_is_not_an_update_without_effect():
    flat = [1.0] * 5
    assert trajectory_effect([2.0] * 5, flat)[0] is known.LOSS_SCALED  # the factor, not "no change"
    assert trajectory_effect([1.5, 1.5, 1.5, 1.5, 1.5], flat) is None


def _failure(losses, *, report=None, suspects=()) -> WrongAnswer:
    answer = Answer("train(model)", report or {"events": {}, "sequence": [], "tail": []})
    with pytest.raises(WrongAnswer) as failed:
        expect_losses(answer, losses, len(losses), TRUSTED, diagnose=diagnose_loop, suspects=suspects)
    return failed.value


def test_the_effect_is_the_message_and_the_loops_calls_name_the_cause():
    stuck = [6.5] * 7
    zeroed = ["optimizer.init", *["forward", "backward", "zero_grad", "optimizer.step"] * 7]

    by_effect = _failure(stuck)
    by_calls = _failure(stuck, report=_report(zeroed))

    assert by_effect.mistake is known.UPDATE_HAD_NO_EFFECT
    assert by_calls.mistake is known.ZERO_GRAD_BEFORE_STEP
    assert by_effect.message == by_calls.message and "stays at 6.5" in by_calls.message


def test_a_suspects_run_names_the_mistake_when_no_effect_shows():
    odd = [6.5, 3.4, 2.2, 1.0, 0.9, 0.5, 0.3]

    failure = _failure(odd, suspects=[(known.RELU_ON_OUTPUT, odd)])

    assert failure.mistake is known.RELU_ON_OUTPUT and "a loop with the mistake below" in failure.message
    assert _failure(odd).mistake is None and "leave the trusted run at step 1" in _failure(odd).message


def test_a_loss_that_blows_up_after_an_update_is_named_but_not_one_that_starts_broken():
    answer = Answer("train(model)", None)
    for losses, mistake in (([1.0, float("nan")], known.LOSS_EXPLODED), ([float("inf"), 1.0], None)):
        with pytest.raises(WrongAnswer) as failed:
            expect_finite(answer, losses)
        assert failed.value.mistake is mistake


# -- what the loop's calls show -----------------------------------------------------------

STEP = ["zero_grad", "forward", "backward", "optimizer.step"]


def _report(sequence: list[str], tail: list[str] | None = None) -> dict:
    counts: dict[str, int] = {}
    for event in sequence:
        counts[event] = counts.get(event, 0) + 1
    return {"events": counts, "sequence": sequence, "tail": (tail or sequence)[-8:]}


@pytest.mark.parametrize(
    ("sequence", "mistake"),
    [
        (["optimizer.init", *STEP * 4], None),
        (["optimizer.init", *["forward", "backward", "optimizer.step", "zero_grad"] * 4], None),  # zeroed after
        (["optimizer.init", *["forward", "backward", "zero_grad", "optimizer.step"] * 4], known.ZERO_GRAD_BEFORE_STEP),
        (["optimizer.init", *["forward", "backward", "optimizer.step"] * 4], known.MISSING_ZERO_GRAD),
        (["optimizer.init", *["zero_grad", "forward", "optimizer.step", "backward"] * 4], known.STEP_BEFORE_BACKWARD),
        (["optimizer.init", *STEP] * 4, known.OPTIMIZER_IN_LOOP),
        (["optimizer.init", *["zero_grad", "forward", "backward"] * 4], known.UPDATE_HAD_NO_EFFECT),
        (["optimizer.init", *[*STEP, "optimizer.step"] * 4], known.DOUBLE_STEP),
        (
            ["optimizer.init", *["zero_grad", "forward", "backward", "optimizer.step", "forward"] * 4],
            known.LOSS_AFTER_UPDATE,
        ),
        (["optimizer.init", *STEP * 4, "forward"], None),  # one look at the trained model after the loop
    ],
    ids=[
        "correct",
        "zeroed-after-step",
        "zeroed-before-step",
        "never-zeroed",
        "step-first",
        "optimizer-per-step",
        "never-stepped",
        "two-steps",
        "loss-after-update",
        "final-forward",
    ],
)
def test_the_loops_calls_name_its_mistake(sequence, mistake):
    assert diagnose_loop(_report(sequence)) is mistake


def test_a_scaler_step_besides_the_optimizers_own_is_a_double_step():
    amp = ["zero_grad", "forward", "scaler.scale", "backward", "scaler.step", "scaler.update"]
    assert diagnose_loop(_report(["optimizer.init", *amp * 3])) is None
    doubled = [*amp[:5], "optimizer.step", "scaler.update"]
    assert diagnose_loop(_report(["optimizer.init", *doubled * 3])) is known.DOUBLE_STEP


# -- the recorder that counts those calls ----------------------------------------------------


def _record(loop) -> _Recorder:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    X, y = torch.randn(8, 3), torch.randn(8, 1)
    with _Recorder() as recorder:
        loop(model, X, y)
    return recorder


def test_the_recorder_counts_the_loops_own_calls_once():
    def amp_loop(model, X, y):
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        scaler = torch.amp.GradScaler("cpu")
        for _ in range(3):
            optimizer.zero_grad()
            with torch.autocast("cpu", dtype=torch.float16):
                loss = nn.functional.mse_loss(model(X), y)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()

    recorder = _record(amp_loop)

    # scaler.step runs unscale_ and optimizer.step itself; a model call runs its layers: neither is the loop's.
    assert recorder.counts == {
        "optimizer.init": 1,
        "zero_grad": 3,
        "forward": 3,
        "scaler.scale": 3,
        "backward": 3,
        "scaler.step": 3,
        "scaler.update": 3,
    }
    assert recorder.tail == [
        "scaler.step",
        "scaler.update",
        "zero_grad",
        "forward",
        "scaler.scale",
        "backward",
        "scaler.step",
        "scaler.update",
    ]
    assert recorder.forwards["linear.float16"] == 6, "every layer is still seen for its dtype"


def test_the_recorder_sees_an_optimizer_built_in_the_loop_and_a_forward_after_the_update():
    def loop(model, X, y):
        for _ in range(2):
            optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
            optimizer.zero_grad()
            nn.functional.mse_loss(model(X), y).backward()
            optimizer.step()
            nn.functional.mse_loss(model(X), y).item()

    recorder = _record(loop)

    assert recorder.counts["optimizer.init"] == 2 and recorder.counts["forward"] == 4
    assert recorder.tail[-2:] == ["optimizer.step", "forward"]
    assert diagnose_loop({"events": recorder.counts, "sequence": recorder.sequence, "tail": recorder.tail}) is (
        known.OPTIMIZER_IN_LOOP
    )


def test_a_forward_that_raises_leaves_the_recorder_ready_for_the_next():
    def loop(model, X, y):
        try:
            model(torch.zeros(2, 5))
        except RuntimeError:
            pass
        model(X)

    assert _record(loop).counts["forward"] == 2


# -- the sizes of a model's layers ------------------------------------------------------------


def _state(*layers: nn.Module, names=("fc1", "fc2")) -> dict:
    return {f"{name}.{key}": value for name, layer in zip(names, layers) for key, value in layer.state_dict().items()}


def test_a_layer_with_its_sizes_swapped_is_named():
    state = _state(nn.Linear(16, 1), nn.Linear(16, 1))

    assert linear_sizes(state) == {"fc1": (16, 1), "fc2": (16, 1)}
    assert swapped_linear(state, [(1, 16), (16, 1)]).startswith("`fc1` is nn.Linear(16, 1) where nn.Linear(1, 16)")


def test_layers_registered_in_another_order_are_not_swapped():
    assert swapped_linear(_state(nn.Linear(16, 1), nn.Linear(1, 16)), [(1, 16), (16, 1)]) is None
    assert swapped_linear(_state(nn.Linear(1, 16), nn.Linear(16, 1)), [(1, 16), (16, 1)]) is None
    assert swapped_linear(_state(nn.Linear(1, 8), nn.Linear(8, 1)), [(1, 16), (16, 1)]) is None, "other sizes"


def test_one_layer_of_a_model_is_named_by_its_own_attribute():
    state = {f"linear.{key}": value for key, value in nn.Linear(2, 3).state_dict().items()}
    assert "`linear` is nn.Linear(2, 3)" in swapped_linear(state, [(3, 2)])


def test_an_output_with_its_negatives_cut_to_zero_is_found():
    right, straight = torch.tensor([[-1.0], [0.5], [2.0]]), torch.tensor([[-3.0], [1.5], [-0.5]])

    assert clipped_at_zero(right.clamp(min=0), [right, straight], atol=1e-6) is right
    assert clipped_at_zero(straight.clamp(min=0), [right, straight], atol=1e-6) is straight
    assert clipped_at_zero(right * 2, [right, straight], atol=1e-6) is None, "not clipped"


def test_an_output_without_negatives_is_no_evidence_of_clipping():
    positive = torch.tensor([[0.5], [2.0]])
    assert clipped_at_zero(positive, [positive], atol=1e-6) is None
    assert clipped_at_zero(torch.zeros(3, 1), [positive], atol=1e-6) is None, "another shape"


# -- notes read from the source ------------------------------------------------------------

LOOP = """
def train_on_device(model, X, y, device, lr=0.1, steps=100):
    model.to(device)
    X.to(device)
    y = y.to(device)
    y.float().cuda()
    net = nn.Linear(3, 1)
    net.to(device)
    with torch.no_grad():
        for p in model.parameters():
            p.data -= lr * p.grad
            p.grad.data.zero_()
    w.data.sub_(lr * w.grad)
    w.data = w.data - 1
    return [X.to(device)]
"""


def test_a_tensor_moved_on_a_line_of_its_own_is_found_but_not_a_module():
    assert dropped_moves(LOOP) == ["X.to(device)", "y.float().cuda()"]


def test_updates_through_data_are_found_but_not_gradients_zeroed_through_it():
    assert data_updates(LOOP) == ["p.data -= lr * p.grad", "w.data.sub_(lr * w.grad)", "w.data = w.data - 1"]


AMP = """
def train_amp(model, X, y, device):
    scaler = torch.amp.GradScaler("cuda")
    fine = GradScaler(device.type)
    old = torch.cuda.amp.GradScaler()
    with torch.autocast(device_type="cuda:0", dtype=torch.float16):
        pass
    with autocast(device.type), torch.autocast("cpu"):  # "cuda" in a comment is no offence
        pass
    with (torch.cuda.amp if device.type == "cuda" else torch.cpu.amp).autocast(dtype=torch.float16):
        pass
"""


def test_autocast_and_scalers_made_for_cuda_outright_are_found_but_not_the_devices_type():
    assert cuda_amp_calls(AMP) == [
        "torch.amp.GradScaler('cuda')",
        "torch.cuda.amp.GradScaler()",
        "torch.autocast(device_type='cuda:0', dtype=torch.float16)",
    ]


def test_a_model_moved_with_no_tensor_moved_or_made_on_the_device_is_found():
    alone = "def f(model, X, y, device):\n    model = model.to(device)\n    X = X.float()\n"
    assert model_moved_alone(alone) == ["model.to(device)"]
    assert model_moved_alone(alone + "    y = y.to(device)\n") == []
    assert model_moved_alone(alone + "    w = torch.zeros(3, device=device)\n") == []
    assert model_moved_alone("def f(model, X, device):\n    return model(X)\n") == []  # nothing moved at all


TRAIN = """
def train(model, X, y, lr, steps):
    first = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(steps):
        optimizer = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        while True:
            inner = Adam(model.parameters())
            break
        scheduler = torch.optim.lr_scheduler.StepLR(first, 10)
        loss = MyLoss(model(X), y)
"""


def test_optimizers_built_inside_a_loop_are_found_but_not_one_before_it_nor_a_scheduler():
    assert optimizers_in_loops(TRAIN) == [
        "optim.SGD(model.parameters(), lr=lr, momentum=0.9)",
        "Adam(model.parameters())",
    ]


def test_source_that_does_not_parse_gives_no_notes():
    assert dropped_moves("def f(:\n    X.to(d)\n") == [] and data_updates("") == [] == cuda_amp_calls("with (:")
    assert model_moved_alone("(") == [] == optimizers_in_loops("for (")
