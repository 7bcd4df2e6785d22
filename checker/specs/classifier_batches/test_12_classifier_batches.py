"""Kata 12 classifier_batches: flatten image batches, train with cross-entropy, score in eval mode."""

import pytest
import torch
from torch import nn

from checker.specs.api import (
    TRAJECTORY_STEPS,
    TensorValue,
    build_layers,
    diagnose_loop,
    expect_losses,
    expect_true,
    known,
    known_errors,
    layers_from,
    note_from_source,
    state_of,
    trusted_losses,
    with_value,
)
from checker.specs.classifier_batches import mistakes as own

# ARGMAX_OVER_BATCH's phrases are the sizes of the accuracy cases: 10 classes against 200 images.
pytestmark = known_errors(own.LABELS_NOT_INT64, own.WRONG_FLATTEN, known.VIEW_AFTER_TRANSPOSE, own.ARGMAX_OVER_BATCH)

CLASSIFIER = [["linear", 784, 64], ["relu"], ["dropout", 0.2], ["linear", 64, 10]]


def _batch(seed: int, count: int, label_dtype=torch.int64):
    """MNIST-shaped images: ten random prototype digits plus noise, made here, never downloaded."""
    generator = torch.Generator().manual_seed(seed)
    prototypes = torch.rand(10, 1, 28, 28, generator=generator)
    labels = torch.randint(0, 10, (count,), generator=generator)
    images = prototypes[labels] + torch.randn(count, 1, 28, 28, generator=generator)
    return images, labels.to(label_dtype)


def _check_flatten(kata, images) -> None:
    answer = kata.call("flatten_images", images)
    got = answer.value
    expected = images.reshape(images.shape[0], -1)
    expect_true(isinstance(got, TensorValue) and got.kind == "Tensor", answer, "Return a torch.Tensor.")
    shape = tuple(got.tensor.shape)
    expect_true(
        shape == tuple(expected.shape),
        answer,
        f"Expected shape {tuple(expected.shape)}, got {shape}.",
        own.WRONG_FLATTEN if len(shape) != 2 or shape[0] != images.shape[0] else None,
    )
    expect_true(
        got.tensor.dtype == images.dtype and torch.equal(got.tensor, expected),
        answer,
        "Row i must hold image i's pixels in row-major order, with the same dtype.",
    )


@pytest.mark.parametrize("batch", [32, 1], ids=["32-images", "one-image"])
def test_flatten_keeps_the_batch(kata, rng, batch):
    images, _ = _batch(rng.randint(0, 999), batch)
    _check_flatten(kata, images)


def test_flatten_transposed_images(kata, rng):
    images, _ = _batch(rng.randint(0, 999), 8)
    _check_flatten(kata, images.transpose(2, 3))  # not contiguous: view() cannot do this


def _train(kata, seed: int, images, labels, lr: float, steps: int):
    dtype = str(labels.dtype).removeprefix("torch.")
    call = f"train_classifier(model, images, labels, lr={lr}, steps={steps})  with {len(labels)} {dtype} labels"
    answer = kata.train(
        "train_classifier",
        model={"layers": CLASSIFIER},
        seed=seed,
        args=[images, labels],
        kwargs={"lr": lr, "steps": steps},
        call=call,
    )
    kata.chart_losses(answer.value["value"])
    start = state_of(answer.value)
    trusted = _trusted_run(start, seed, images, labels, lr, steps, nn.CrossEntropyLoss())
    suspects = [
        (own.SOFTMAX_BEFORE_LOSS, _trusted_run(start, seed, images, labels, lr, steps, _softmax_first)),
        # Weights that never move: with dropout the losses still change, so only this run shows it.
        (known.UPDATE_HAD_NO_EFFECT, _trusted_run(start, seed, images, labels, 0.0, steps, nn.CrossEntropyLoss())),
    ]
    expect_losses(answer, answer.value["value"], steps, trusted, diagnose=diagnose_loop, suspects=suspects)
    return answer


def _trusted_run(start: dict, seed: int, images, labels, lr: float, steps: int, loss_fn) -> list[float]:
    """The leading losses of a loop from the learner's starting weights, with this loss function."""
    model = layers_from(CLASSIFIER, start)
    torch.manual_seed(seed)  # the worker seeds the same way before the learner's loop: same dropout masks
    return trusted_losses(
        model,
        images.reshape(len(images), -1),
        labels.long(),
        loss_fn,
        torch.optim.SGD(model.parameters(), lr=lr),
        min(steps, TRAJECTORY_STEPS),  # only the leading steps are compared
    )


def _softmax_first(logits, targets):
    """Cross-entropy on probabilities instead of logits: what a softmax before the loss computes."""
    return nn.functional.cross_entropy(torch.softmax(logits, dim=1), targets)


def test_trains_on_a_batch(kata, rng):
    images, labels = _batch(rng.randint(0, 999), 256)
    answer = _train(kata, 0, images, labels, 0.1, 50)
    losses = answer.value["value"]
    expect_true(
        losses[-1] < 0.2, with_value(answer, losses[-1]), f"The loss should end below 0.2, not {losses[-1]:.3f}."
    )
    note_from_source(kata, "train_classifier", data=True, optimizer=True)  # advice on a loop that works


def test_labels_in_another_integer_dtype(kata, rng):
    images, labels = _batch(rng.randint(0, 999), 64, label_dtype=torch.int32)
    _train(kata, rng.randint(0, 999), images, labels, 0.05, 5)


def _trained_classifier(seed: int, images, labels) -> dict:
    torch.manual_seed(seed)
    model = build_layers(CLASSIFIER)
    trusted_losses(
        model,
        images.reshape(len(images), -1),
        labels,
        nn.CrossEntropyLoss(),
        torch.optim.SGD(model.parameters(), lr=0.1),
        30,
    )
    return {name: value.detach().clone() for name, value in model.state_dict().items()}


@pytest.mark.parametrize("case", range(2))
def test_accuracy_in_eval_mode(kata, rng, case):
    seed = rng.randint(0, 999)
    images, labels = _batch(seed, 128)
    state = _trained_classifier(seed, images, labels)
    test_images, test_labels = _batch(seed, 200)  # same prototypes, fresh noise
    test_images = test_images + 0.5 * torch.randn(test_images.shape, generator=torch.Generator().manual_seed(seed))
    answer = kata.train(
        "accuracy",
        model={"layers": CLASSIFIER, "state": state},
        seed=seed,
        args=[test_images, test_labels],
        call="accuracy(model, images, labels)  on a trained model",
    )
    model = layers_from(CLASSIFIER, state).eval()
    with torch.no_grad():
        expected = (model(test_images.reshape(200, -1)).argmax(dim=1) == test_labels).float().mean().item()
    got = answer.value["value"]
    forwards = answer.value["forwards"]
    expect_true(type(got) is float, with_value(answer, got), "Return the accuracy as a Python float (`.item()`).")
    expect_true(
        forwards.get("linear.train_mode", 0) == 0,
        with_value(answer, got),
        "The model scored in training mode.",
        own.NOT_EVAL_MODE,
    )
    expect_true(
        forwards.get("linear.grad_on", 0) == 0,
        with_value(answer, got),
        "The scoring forward pass recorded a graph.",
        own.EVAL_WITHOUT_NO_GRAD,
    )
    expect_true(
        abs(got - expected) < 1e-6,
        with_value(answer, got),
        f"Expected an accuracy of {expected!r} (argmax over dim 1 against the labels), got {got!r}.",
    )
