"""A hint for a run that does not learn (Qt-free).

After a third of its epochs, a classification run whose accuracy is still at chance gets
one :class:`Hint`: what is wrong, the likely cause and one change of the training settings
that usually fixes it (the dock applies it with one click, the CLI prints the options).
Sigmoid networks get the course's own advice (ReLU instead of sigmoid) in the cause.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from torch import nn

from netbuilder.core.messages import msg
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.events import EpochEnd, Hint

#: Longest run a hint proposes (epochs).
MAX_EPOCHS = 200


def chance_level(num_classes: int) -> float:
    """The accuracy of guessing: ``1 / num_classes``."""
    return 1.0 / num_classes


def at_chance(accuracy: float, num_classes: int) -> bool:
    """Whether ``accuracy`` is no better than guessing (below 1.5× chance, chance + 0.1)."""
    chance = chance_level(num_classes)
    return accuracy < min(1.5 * chance, chance + 0.1)


def hint_epoch(epochs: int) -> int:
    """The epoch (1-based) after which a stalled run gets its hint: a third of the run."""
    return max(1, math.ceil(epochs / 3))


def saturating_layers(model: nn.Module) -> int:
    """How many Sigmoid / Tanh activations the network has (they pass small gradients)."""
    return sum(isinstance(m, nn.Sigmoid | nn.Tanh) for m in model.modules())


def stall_hint(
    history: Sequence[EpochEnd],
    config: TrainingConfig,
    num_classes: int | None,
    model: nn.Module,
) -> Hint | None:
    """The :class:`Hint` for a run at chance after a third of its epochs, else ``None``.

    Only for classification and binary tasks, exactly at epoch :func:`hint_epoch` (once
    per run). The proposed change, in order: Adam instead of SGD; a learning rate ten
    times higher when it is below 0.001; three times the epochs.
    """
    if not history or config.task == "regression" or not num_classes or num_classes < 2:
        return None
    last = history[-1]
    if last.epoch != hint_epoch(config.epochs) or last.epoch == config.epochs:
        return None
    accuracy = last.val_acc if last.val_acc is not None else last.train_acc
    if accuracy is None or not at_chance(accuracy, num_classes):
        return None
    where = msg("validation accuracy") if last.val_acc is not None else msg("training accuracy")
    message = msg(
        "The {where} is still at chance ({accuracy:.2f}; guessing gives {chance:.2f}) after "
        "{epoch} of {epochs} epochs.",
        where=where,
        accuracy=accuracy,
        chance=chance_level(num_classes),
        epoch=last.epoch,
        epochs=config.epochs,
    )
    sigmoid = saturating_layers(model)
    cause, label, changes = _change(config)
    if sigmoid:
        cause = msg(
            "{cause} Its {count} sigmoid/tanh layer(s) saturate and pass small gradients: "
            "ReLU instead of sigmoid learns much faster (the course's LeNet point).",
            cause=cause,
            count=sigmoid,
        )
    return Hint(last.epoch, message, cause, label, changes)


def _change(config: TrainingConfig) -> tuple[str, str, tuple[tuple[str, Any], ...]]:
    """The likely cause, the change's label and the change, for a run at chance."""
    if config.optimizer == "sgd":
        return (
            msg(
                "Plain SGD at lr {lr:g} takes many steps to leave the start on a small "
                "dataset; Adam adapts the step size per weight.",
                lr=config.lr,
            ),
            msg("Use Adam, lr 0.001"),
            (("optimizer", "adam"), ("lr", 0.001)),
        )
    if config.lr < 1e-3:
        lr = config.lr * 10
        return (
            msg("The learning rate {lr:g} is small: the weights barely move.", lr=config.lr),
            msg("Learning rate {lr:g}", lr=lr),
            (("lr", lr),),
        )
    epochs = min(MAX_EPOCHS, config.epochs * 3)
    return (
        msg("The network may need more passes over the data before it starts to learn."),
        msg("Train {epochs} epochs", epochs=epochs),
        (("epochs", epochs),),
    )
