"""Kata 11 mlp_sin: the mistakes only this kata's spec names (the shared ones are in checker/core/mistakes.py)."""

from checker.core.mistakes import mistake

MLP_WITHOUT_RELU = mistake(
    "mlp_without_relu",
    "Two Linear layers with nothing between them are one straight line: the loss stalls near 0.196.",
    "Put a ReLU between the layers in `forward`, for example `self.fc2(torch.relu(self.fc1(x)))`.",
)

MISSING_FEATURE_AXIS = mistake(
    "missing_feature_axis",
    "The 200 inputs reached `nn.Linear(1, hidden)` as one sample with 200 features.",
    "Give the inputs a feature axis: `torch.linspace(...).unsqueeze(1)` has shape (200, 1).",
    "cannot be multiplied (1x200 and 1x",
)

SEQUENTIAL_NOT_ATTRIBUTES = mistake(
    "sequential_not_attributes",
    "The layers sit inside an `nn.Sequential`; this kata asks you to wire two `nn.Linear` layers yourself.",
    "Assign each layer to an attribute of your own naming in `__init__` (for example "
    "`self.layer1 = nn.Linear(1, hidden)`, `self.layer2 = nn.Linear(hidden, 1)`) and call them in `forward`.",
)
