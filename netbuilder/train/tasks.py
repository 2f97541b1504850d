"""Tasks and their losses: classification, binary, regression (Qt-free).

Each task decides the loss, what counts as a correct prediction and which network outputs
fit the data's labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import Tensor, nn

from netbuilder.train.errors import TrainingError

LossFn = Callable[[Tensor, Tensor], Tensor]


def shape_text(shape: Sequence[int]) -> str:
    """``16×5×5`` (or ``a scalar``)."""
    return "×".join(str(int(s)) for s in shape) or "a scalar"


def last_leaf_is_sigmoid(model: nn.Module, sample: Tensor) -> tuple[Tensor, bool]:
    """Run ``model`` on ``sample``; tell whether its output comes straight from nn.Sigmoid."""
    last: list[tuple[nn.Module, Any]] = []

    def hook(module: nn.Module, _inputs: Any, output: Any) -> None:
        last.append((module, output))

    handles = [m.register_forward_hook(hook) for m in model.modules() if not list(m.children())]
    try:
        out = model(sample)
    finally:
        for h in handles:
            h.remove()
    sigmoid = bool(last) and isinstance(last[-1][0], nn.Sigmoid) and last[-1][1] is out
    return out, sigmoid


def bce_on_probabilities(out: Tensor, y: Tensor) -> Tensor:
    """``BCELoss`` on sigmoid outputs that turns a NaN output into a NaN loss.

    ``BCELoss`` refuses a NaN input (a RuntimeError on the CPU, a device assert on CUDA);
    here the NaN reaches the loss, so a diverged run is reported like any other. Without
    NaN the loss and its gradients are exactly those of ``BCELoss`` (plus an exact zero).
    """
    p = out.float().reshape(y.shape)
    bad = torch.isnan(p)
    loss = nn.functional.binary_cross_entropy(torch.where(bad, 0.5, p), y.float())
    return loss + torch.where(bad, p, 0.0).sum() * 0.0


def loss_function(task: str, sigmoid_output: bool = False) -> LossFn:
    """The loss of ``task``: cross-entropy on logits, BCE (with logits) or MSE.

    ``sigmoid_output``: the network ends in ``nn.Sigmoid`` (the seeds' logistic
    regression), so a binary task takes BCE on probabilities.
    """
    if task == "classification":
        ce = nn.CrossEntropyLoss()
        return lambda out, y: ce(out.reshape(-1, out.shape[-1]), y.reshape(-1))
    if task == "binary":
        if sigmoid_output:
            return bce_on_probabilities
        bce = nn.BCEWithLogitsLoss()
        return lambda out, y: bce(out.float().reshape(y.shape), y.float())
    mse = nn.MSELoss()
    return lambda out, y: mse(out.float().reshape(y.shape), y.float())


def count_correct(task: str, out: Tensor, y: Tensor, sigmoid_output: bool = False) -> Tensor | None:
    """Number of correct predictions (a device tensor), ``None`` for regression."""
    if task == "classification":
        return (out.argmax(-1) == y).sum()
    if task == "binary":
        threshold = 0.5 if sigmoid_output else 0.0
        return ((out.reshape(y.shape) > threshold) == (y > 0.5)).sum()
    return None


def predicted_labels(
    task: str, out: Tensor, y: Tensor, sigmoid_output: bool = False
) -> tuple[Tensor, Tensor]:
    """Predicted and true class labels of a batch (classification and binary tasks)."""
    if task == "binary":
        threshold = 0.5 if sigmoid_output else 0.0
        return (out.reshape(y.shape) > threshold).long(), (y > 0.5).long()
    return out.argmax(-1), y


def confusion_matrix(pred: Tensor, true: Tensor, num_classes: int) -> Tensor:
    """``num_classes``² counts: row = true class, column = predicted class."""
    index = true.long() * num_classes + pred.long()
    counts = torch.bincount(index, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes)


def check_output(task: str, name: str, num_classes: int | None, out: Tensor, y: Tensor) -> None:
    """Check that the network's output ``out`` fits labels ``y`` of dataset ``name``.

    Raises
    ------
    TrainingError
        With one sentence saying what to change (the last layer, or the task).
    """
    if task == "classification":
        _check_classification(name, num_classes, out, y)
    elif task == "binary":
        _check_binary(name, num_classes, out, y)
    else:
        _check_regression(name, out, y)


def _check_classification(name: str, k: int | None, out: Tensor, y: Tensor) -> None:
    if k is None:
        raise TrainingError(f"'{name}' has real-valued targets: use the regression task.")
    if y.dtype != torch.int64:
        raise TrainingError(f"'{name}' has no class labels for a classification task.")
    per_step = y.ndim == 2
    want = (int(y.shape[1]), k) if per_step else (k,)
    if tuple(out.shape[1:]) == want:
        return
    if out.ndim >= 2 and out.shape[-1] != k:
        raise TrainingError(
            f"The network ends with {out.shape[-1]} outputs but '{name}' has {k} "
            f"classes: set the last layer to {k} outputs."
        )
    raise TrainingError(
        f"The network's output is {shape_text(out.shape[1:])} but '{name}' needs "
        f"{shape_text(want)} "
        f"({'one score per class and step' if per_step else 'one score per class'})."
    )


def _check_binary(name: str, k: int | None, out: Tensor, y: Tensor) -> None:
    if y.dtype == torch.int64 or k not in (None, 2):
        raise TrainingError(
            f"'{name}' has {k} classes; the binary task needs 0/1 labels: use the "
            "classification task."
        )
    if out.shape[1:].numel() != 1:
        raise TrainingError(
            "A binary task needs one output per sample but the network gives "
            f"{shape_text(out.shape[1:])}: set the last layer to 1 output."
        )


def _check_regression(name: str, out: Tensor, y: Tensor) -> None:
    if y.dtype == torch.int64:
        raise TrainingError(f"'{name}' has class labels: use the classification task.")
    if out.shape[1:].numel() != y.shape[1:].numel():
        raise TrainingError(
            f"The network's output is {shape_text(out.shape[1:])} but the targets of "
            f"'{name}' are {shape_text(y.shape[1:])}."
        )
