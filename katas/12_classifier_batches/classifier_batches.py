"""Kata 12: flatten 28x28 image batches, train a classifier with cross-entropy, and measure its accuracy."""

import torch
from torch import nn


def flatten_images(images: torch.Tensor) -> torch.Tensor:
    """Turn a batch of single-channel images into one row of pixels per image.

    Args:
        images: a float tensor of shape (B, 1, 28, 28).

    Returns:
        A tensor of shape (B, 784) with the same dtype; row i holds image i's pixels in
        row-major order. The batch dimension is kept, whatever B is (even B = 1).

    Example:
        >>> flatten_images(torch.zeros(32, 1, 28, 28)).shape
        torch.Size([32, 784])
    """
    # TODO: keep dim 0 (the batch) and merge the rest: images.flatten(start_dim=1) or images.view(B, -1)
    raise NotImplementedError("Kata 12: replace this line with your code (see katas/12_classifier_batches/README.md)")


def train_classifier(
    model: nn.Module, images: torch.Tensor, labels: torch.Tensor, lr: float = 0.1, steps: int = 50
) -> list:
    """Train model to predict labels from images, full batch, with cross-entropy and SGD.

    Args:
        model: any nn.Module mapping (B, 784) float inputs to (B, 10) logits, trained in place.
        images: a float tensor of shape (B, 1, 28, 28).
        labels: B class indices in 0..9, shape (B,); any integer dtype (converted to int64).
        lr: the SGD learning rate.
        steps: how many update steps to take, each on the whole batch.

    Returns:
        A list of `steps` Python floats: the cross-entropy loss at each step, before its update.

    Example:
        >>> model = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 10))
        >>> losses = train_classifier(model, images, labels, lr=0.1, steps=50)
        >>> len(losses), losses[-1] < losses[0]
        (50, True)
    """
    # TODO: model.train(); flatten; labels.long(); CrossEntropyLoss, SGD; the five-line loop
    raise NotImplementedError("Kata 12: replace this line with your code (see katas/12_classifier_batches/README.md)")


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Return the fraction of images whose highest logit is at the right label.

    Args:
        model: any nn.Module mapping (B, 784) inputs to (B, 10) logits.
        images: a float tensor of shape (B, 1, 28, 28).
        labels: B class indices in 0..9, shape (B,).

    Returns:
        A Python float between 0.0 and 1.0. Evaluation is deterministic: calling it twice gives
        the same answer, because dropout is switched off.

    Example:
        >>> accuracy(model, images, labels)
        1.0
    """
    # TODO: eval mode; logits under torch.no_grad(); argmax over dim 1; fraction correct as a Python float
    raise NotImplementedError("Kata 12: replace this line with your code (see katas/12_classifier_batches/README.md)")
