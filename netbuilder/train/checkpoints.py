"""Checkpoints and metrics files of a training run, written atomically (Qt-free).

``checkpoint.pt`` holds everything a resumed run needs (weights, optimizer, schedule,
scaler, random state, history); it is read with ``torch.load(weights_only=True)``, which
never unpickles code.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from typing import Any

import torch
from torch import nn

from netbuilder.core.atomic import atomic_write
from netbuilder.train.errors import TrainingError
from netbuilder.train.events import EpochEnd

CHECKPOINT_FORMAT = "netbuilder-checkpoint"
CHECKPOINT_VERSION = 1
METRICS_COLUMNS = ("epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds")


def _write(path: str | os.PathLike[str], write) -> None:
    try:
        atomic_write(path, write)
    except OSError as exc:
        raise TrainingError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def atomic_torch_save(obj: Any, path: str | os.PathLike[str]) -> None:
    """``torch.save`` to a temporary file in the same folder, then ``os.replace``.

    Raises
    ------
    TrainingError
        When the file cannot be written (the old file stays intact).
    """
    _write(path, lambda handle: torch.save(obj, handle))


def load_checkpoint(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a checkpoint with ``torch.load(weights_only=True)`` (never unpickles code).

    Raises
    ------
    TrainingError
        When the file is missing or not a NetBuilder checkpoint.
    """
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise TrainingError(f"The checkpoint {path} does not exist.") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same problem
        raise TrainingError(
            f"{path} is not a readable checkpoint ({type(exc).__name__})."
        ) from None
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise TrainingError(f"{path} is not a NetBuilder training checkpoint.")
    return data


def same_schedule(ckpt: dict[str, Any], schedule: str, epochs: int, steps: int) -> bool:
    """Whether the checkpoint's schedule was planned for this run's length.

    Checkpoints without these keys (older ones) are taken as the same.
    """
    saved = (ckpt.get("schedule"), ckpt.get("epochs"), ckpt.get("steps_per_epoch"))
    return all(a is None or a == b for a, b in zip(saved, (schedule, epochs, steps), strict=True))


def metrics_csv(history: Sequence[EpochEnd]) -> str:
    """``metrics.csv``: one row per epoch (empty cells for missing values)."""

    def cell(value: float | None) -> str:
        return "" if value is None else f"{value:.6g}"

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(METRICS_COLUMNS)
    for e in history:
        writer.writerow(
            [
                e.epoch,
                cell(e.train_loss),
                cell(e.train_acc),
                cell(e.val_loss),
                cell(e.val_acc),
                cell(e.lr),
                f"{e.seconds:.3f}",
            ]
        )
    return buf.getvalue()


def write_metrics(path: str | os.PathLike[str], history: Sequence[EpochEnd]) -> None:
    """Write :func:`metrics_csv` atomically."""
    data = metrics_csv(history).encode("utf-8")
    _write(path, lambda handle: handle.write(data))


def first_mismatch(model: nn.Module, state: Mapping[str, Any]) -> str | None:
    """A sentence naming the first tensor of ``state`` that does not fit ``model``, or None.

    Checked in the order of the network's own ``state_dict``: a missing tensor or a shape
    mismatch, then the first tensor the network does not have.
    """
    own = model.state_dict()
    for key, tensor in own.items():
        if key not in state:
            return f"the weights have no tensor '{key}' that the network needs"
        got = tuple(state[key].shape)
        if got != tuple(tensor.shape):
            return (
                f"the tensor '{key}' has shape {_shape(got)} in the weights but "
                f"{_shape(tuple(tensor.shape))} in the network"
            )
    for key in state:
        if key not in own:
            return f"the weights hold a tensor '{key}' that the network does not have"
    return None


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"
