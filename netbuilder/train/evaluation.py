"""Evaluating a network on a part of the data: loss and accuracy, predictions, one layer's
output (Qt-free). The model is put in eval mode for the call and restored after."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from netbuilder.train.datasets import Part, make_loader
from netbuilder.train.errors import TrainingError
from netbuilder.train.tasks import count_correct, loss_function, predicted_labels

#: Samples per batch when evaluating (at least the training batch size).
EVAL_BATCH = 256


@contextlib.contextmanager
def evaluating(model: nn.Module) -> Iterator[None]:
    """Eval mode and no gradients inside; the model's mode is restored after."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        model.train(was_training)


@dataclass(frozen=True)
class EvalSettings:
    """Where and how to run the network while evaluating.

    Attributes
    ----------
    device : torch.device
        Where the model and the batches live.
    batch_size : int
        The training batch size (evaluation batches hold at least :data:`EVAL_BATCH`).
    sigmoid_output : bool
        The network ends in ``nn.Sigmoid`` (binary task on probabilities).
    autocast : callable
        Returns the autocast context of a forward pass (AMP on CUDA).
    """

    device: torch.device
    batch_size: int = EVAL_BATCH
    sigmoid_output: bool = False
    autocast: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext


def _outputs(
    model: nn.Module, part: Part, settings: EvalSettings
) -> Iterator[tuple[Tensor, Tensor]]:
    """``(output, labels)`` of each evaluation batch of ``part``."""
    batch = max(settings.batch_size, EVAL_BATCH)
    loader = make_loader(part, batch, settings.device, shuffle=False)
    with evaluating(model):
        for xb, yb in loader:
            with settings.autocast():
                out = model(xb)
            yield out, yb


def loss_and_accuracy(
    model: nn.Module, part: Part, task: str, settings: EvalSettings
) -> tuple[float | None, float | None]:
    """Mean loss and accuracy of ``model`` on ``part`` (``None, None`` when it is empty;
    the accuracy is ``None`` for regression)."""
    if len(part) == 0:
        return None, None
    loss_fn = loss_function(task, settings.sigmoid_output)
    total_loss = torch.zeros((), device=settings.device)
    correct = torch.zeros((), device=settings.device, dtype=torch.int64)
    count = labels = 0
    for out, yb in _outputs(model, part, settings):
        total_loss += loss_fn(out.float(), yb).float() * out.shape[0]
        c = count_correct(task, out, yb, settings.sigmoid_output)
        if c is not None:
            correct += c
            labels += int(yb.numel())
        count += int(out.shape[0])
    loss = float(total_loss.item()) / max(count, 1)
    return loss, (float(correct.item()) / labels if labels else None)


def predictions(
    model: nn.Module, part: Part, task: str, settings: EvalSettings
) -> tuple[Tensor, Tensor]:
    """Predicted and true labels (CPU, int64, flattened over steps) on ``part``.

    Raises
    ------
    TrainingError
        For a regression task.
    """
    if task == "regression":
        raise TrainingError("Predicted classes exist for classification tasks only.")
    if len(part) == 0:
        empty = torch.zeros(0, dtype=torch.int64)
        return empty, empty
    preds, trues = [], []
    for out, yb in _outputs(model, part, settings):
        pred, true = predicted_labels(task, out, yb, settings.sigmoid_output)
        preds.append(pred.reshape(-1).cpu())
        trues.append(true.reshape(-1).cpu())
    return torch.cat(preds), torch.cat(trues)


def layer_output(
    model: nn.Module, part: Part, layer: str, index: int, device: torch.device
) -> Tensor:
    """What module ``layer`` outputs for sample ``index`` of ``part`` (no batch dimension).

    Raises
    ------
    TrainingError
        When there is no such layer or sample, or the layer does not run.
    """
    modules = dict(model.named_modules())
    if layer not in modules or not layer:
        raise TrainingError(f"The network has no layer '{layer}'.")
    if not 0 <= index < len(part):
        raise TrainingError(f"There is no sample {index} (the data has {len(part)}).")
    xb, _ = next(iter(make_loader(part, index + 1, device, shuffle=False)))
    captured: list[Tensor] = []
    handle = modules[layer].register_forward_hook(
        lambda _m, _i, out: captured.append(out[0] if isinstance(out, tuple) else out)
    )
    try:
        with evaluating(model):
            model(xb[index : index + 1])
    finally:
        handle.remove()
    if not captured:
        raise TrainingError(
            f"The layer '{layer}' does not run when the network computes its output."
        )
    return captured[0][0].detach().float().cpu()
