"""TensorBoard event files beside ``metrics.csv`` (Qt-free, optional).

``torch.utils.tensorboard`` needs the ``tensorboard`` package, an optional extra
(``pip install 'netbuilder[tensorboard]'``); without it, asking for TensorBoard logging
stops the run before training with one sentence saying so.
"""

from __future__ import annotations

import os
from typing import Any

from netbuilder.train.errors import TrainingError
from netbuilder.train.events import BatchEnd, EpochEnd, Failed, Finished

MISSING = (
    "TensorBoard logging needs the tensorboard package: install it with "
    "pip install 'netbuilder[tensorboard]' (or pip install tensorboard), or train "
    "without --tensorboard."
)


def require_tensorboard() -> None:
    """Raise :class:`TrainingError` (:data:`MISSING`) unless ``tensorboard`` can be used."""
    try:
        import torch.utils.tensorboard  # noqa: F401 - raises ImportError without tensorboard
    except ImportError:
        raise TrainingError(MISSING) from None


class TensorBoardLogger:
    """A trainer callback writing losses, accuracies and the learning rate to ``folder``.

    Per batch: ``loss/batch`` at the global step. Per epoch: ``loss/train``,
    ``loss/val``, ``accuracy/train``, ``accuracy/val`` and ``lr`` at the epoch number.

    Raises
    ------
    TrainingError
        When the ``tensorboard`` package is missing (:data:`MISSING`).
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        require_tensorboard()
        from torch.utils.tensorboard import SummaryWriter

        self.writer: Any = SummaryWriter(log_dir=os.fspath(folder))

    def __call__(self, event: object) -> None:
        if isinstance(event, BatchEnd):
            last = (event.epoch - 1) * event.batches + event.batch  # 1-based global step
            first = last - len(event.losses) + 1
            for i, loss in enumerate(event.losses):
                self.writer.add_scalar("loss/batch", loss, first + i)
        elif isinstance(event, EpochEnd):
            scalars = {
                "loss/train": event.train_loss,
                "loss/val": event.val_loss,
                "accuracy/train": event.train_acc,
                "accuracy/val": event.val_acc,
                "lr": event.lr,
            }
            for tag, value in scalars.items():
                if value is not None:
                    self.writer.add_scalar(tag, value, event.epoch)
            self.writer.flush()
        elif isinstance(event, Finished | Failed):
            self.writer.close()
