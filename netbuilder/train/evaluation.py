"""Evaluating a network on a part of the data: loss and accuracy, predictions, one layer's
output (Qt-free). The model is put in eval mode for the call and restored after."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

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


def loss_and_accuracy(
    model: nn.Module,
    part: Part,
    task: str,
    *,
    device: torch.device,
    batch_size: int,
    sigmoid_output: bool = False,
    autocast: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
) -> tuple[float | None, float | None]:
    """Mean loss and accuracy of ``model`` on ``part`` (``None, None`` when it is empty;
    the accuracy is ``None`` for regression)."""
    if len(part) == 0:
        return None, None
    loss_fn = loss_function(task, sigmoid_output)
    loader = make_loader(part, max(batch_size, EVAL_BATCH), device, shuffle=False)
    total_loss = torch.zeros((), device=device)
    correct = torch.zeros((), device=device, dtype=torch.int64)
    count = labels = 0
    with evaluating(model):
        for xb, yb in loader:
            with autocast():
                out = model(xb)
            total_loss += loss_fn(out.float(), yb).float() * xb.shape[0]
            c = count_correct(task, out, yb, sigmoid_output)
            if c is not None:
                correct += c
                labels += int(yb.numel())
            count += int(xb.shape[0])
    loss = float(total_loss.item()) / max(count, 1)
    return loss, (float(correct.item()) / labels if labels else None)


def predictions(
    model: nn.Module,
    part: Part,
    task: str,
    *,
    device: torch.device,
    batch_size: int,
    sigmoid_output: bool = False,
    autocast: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
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
    loader = make_loader(part, max(batch_size, EVAL_BATCH), device, shuffle=False)
    with evaluating(model):
        for xb, yb in loader:
            with autocast():
                out = model(xb)
            pred, true = predicted_labels(task, out, yb, sigmoid_output)
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
