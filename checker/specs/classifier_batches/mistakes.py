"""Kata 12 classifier_batches: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

LABELS_NOT_INT64 = mistake(
    "labels_not_int64",
    "Cross-entropy got labels that are not int64 class indices.",
    "Convert the labels with `labels.long()` before the loss.",
    "expected target dtype to be Long",
    "expected scalar type Long",
)

WRONG_FLATTEN = mistake(
    "wrong_flatten",
    "The flatten lost the batch dimension: (B, 1, 28, 28) must become (B, 784).",
    "Keep dim 0: `images.flatten(start_dim=1)` or `images.reshape(images.shape[0], -1)`.",
    "shapes cannot be multiplied",
)

NOT_EVAL_MODE = mistake(
    "not_eval_mode",
    "The model was scored in training mode, so dropout still dropped units.",
    "Call `model.eval()` before scoring (and `model.train()` before training).",
)

EVAL_WITHOUT_NO_GRAD = mistake(
    "eval_without_no_grad",
    "The scoring forward pass ran with autograd recording, building a graph nobody needs.",
    "Wrap the forward pass in `with torch.no_grad():`.",
)
