"""What a :class:`~netbuilder.train.trainer.Trainer` reports to its callbacks, and returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BatchEnd:
    """Reported after each batch (on CUDA after a few batches, to avoid synchronising).

    ``losses`` holds the loss of every batch since the previous event; ``loss`` is the last.
    """

    epoch: int
    batch: int
    batches: int
    loss: float
    losses: tuple[float, ...]
    samples: int
    samples_per_s: float
    lr: float


@dataclass(frozen=True)
class EpochEnd:
    """Reported after each epoch with the training and validation metrics.

    Accuracies are ``None`` for regression; validation values are ``None`` without a
    validation set.
    """

    epoch: int
    epochs: int
    train_loss: float
    train_acc: float | None
    val_loss: float | None
    val_acc: float | None
    seconds: float
    lr: float


@dataclass(frozen=True)
class Finished:
    """Training ended normally (``stopped`` when the user asked it to stop)."""

    epochs_done: int
    stopped: bool
    best_val_acc: float | None
    history: tuple[EpochEnd, ...]


@dataclass(frozen=True)
class Failed:
    """Training could not start (``stage='setup'``) or broke off (``stage='training'``).

    ``reason`` is ``setup``, ``diverged`` (NaN/inf loss), ``oom`` or ``error``.
    """

    message: str
    stage: str
    reason: str


@dataclass(frozen=True)
class Hint:
    """Reported once when a run is still at chance after a third of its epochs.

    Attributes
    ----------
    epoch : int
        The epoch after which the hint was made.
    message : str
        What was seen ("Accuracy is still at chance (0.09) after 4 of 12 epochs.").
    cause : str
        The likely cause, one or two sentences.
    label : str
        The one-click change in a few words ("Use Adam, lr 0.001").
    changes : tuple of (str, value)
        The training settings to change (``TrainingConfig`` field names).
    """

    epoch: int
    message: str
    cause: str
    label: str
    changes: tuple[tuple[str, Any], ...]

    def cli_options(self) -> str:
        """The change as ``netbuilder train`` options (``--optimizer adam --lr 0.001``)."""
        parts = []
        for key, value in self.changes:
            text = f"{value:g}" if isinstance(value, float) else str(value)
            parts.append(f"--{key.replace('_', '-')} {text}")
        return " ".join(parts)


@dataclass(frozen=True)
class Preparing:
    """A labelled step before the first batch (data, compile, warm-up), with its progress.

    ``done`` of ``total`` steps are finished; ``step`` names the one now running
    (``""`` once all are done, with ``seconds`` the time they took together).
    """

    step: str
    done: int
    total: int
    seconds: float = 0.0


Event = Preparing | BatchEnd | EpochEnd | Hint | Finished | Failed
Callback = Callable[[Event], Any]


@dataclass
class TrainResult:
    """What :meth:`Trainer.run` returns.

    ``status`` is ``finished``, ``stopped`` or ``failed``.
    """

    status: str
    history: list[EpochEnd] = field(default_factory=list)
    message: str = ""
    reason: str = ""
    stage: str = ""

    @property
    def last(self) -> EpochEnd | None:
        """The last epoch record, if any."""
        return self.history[-1] if self.history else None

    @property
    def best_val_acc(self) -> float | None:
        """Best validation accuracy over the epochs."""
        accs = [e.val_acc for e in self.history if e.val_acc is not None]
        return max(accs) if accs else None
