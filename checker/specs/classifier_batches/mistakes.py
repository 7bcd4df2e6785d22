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

SOFTMAX_BEFORE_LOSS = mistake(
    "softmax_before_loss",
    "A softmax ran before `nn.CrossEntropyLoss`, which applies log-softmax itself: the loss saw probabilities "
    "squashed twice, so its numbers and its gradients are wrong and training crawls.",
    "Hand the model's raw logits to the loss: `loss_fn(model(inputs), targets)`, with no `softmax` in between.",
)

ARGMAX_OVER_BATCH = mistake(
    "argmax_over_batch",
    "The argmax ran down the batch (`dim=0`): it picked, for each of the 10 classes, the image with the "
    "highest logit, so you got 10 numbers instead of one prediction per image.",
    "Take the largest logit across the classes of each row: `logits.argmax(dim=1)`, shape (B,) like the labels.",
    "(10) must match the size of tensor b (200)",  # the accuracy cases score 200 images
    "(200) must match the size of tensor b (10)",
)
