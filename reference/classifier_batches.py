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
    # start_dim=1 keeps dim 0 (the batch) and merges channel, height and width into one.
    # images.view(images.size(0), -1) gives the same result on contiguous input; flatten also
    # copes with non-contiguous tensors. A bare .flatten() would merge the batch in as well.
    return images.flatten(start_dim=1)


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
    # Training mode: dropout is active. The model may have been left in eval mode by accuracy().
    model.train()
    inputs = flatten_images(images)
    # CrossEntropyLoss wants class *indices* as int64 ("Long"): other integer types and floats
    # are rejected, and a float target would mean class probabilities instead of indices.
    targets = labels.long()
    # CrossEntropyLoss takes raw logits: it applies log-softmax itself, so the model must not
    # end in a softmax.
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()  # fresh gradients for this step; backward() would add to old ones
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


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
    # eval() switches layers such as Dropout (and BatchNorm) to inference behaviour. Without it
    # dropout would still zero random hidden units, and the answer would change from call to call.
    model.eval()
    # no_grad(): nothing here will be backpropagated, so don't record a graph (saves memory and
    # time, and the outputs carry no grad_fn).
    with torch.no_grad():
        logits = model(flatten_images(images))
    # The predicted class is the index of the largest logit in each row (dim=1: across classes).
    predictions = logits.argmax(dim=1)
    # Compare as int64 so labels of any integer dtype match; mean() needs floats, and .item()
    # returns a Python float.
    return (predictions == labels.long()).float().mean().item()
