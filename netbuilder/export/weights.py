"""Trained weights for an export: read a ``state_dict`` and check it fits the network.

A weights file is read with ``torch.load(weights_only=True)``, which never unpickles code.
It is a plain ``state_dict`` (a run's ``model.pt``) or a NetBuilder training checkpoint
(``checkpoint.pt``, ``best.pt``), whose ``model`` entry is used. The keys of the compiled
network's ``state_dict`` are the attribute names of the exported class, so weights that fit
here load into the exported ``model.py`` as they are.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netbuilder.core.errors import NetBuilderError
from netbuilder.export.kinds import ExportError

if TYPE_CHECKING:
    from torch import nn


class WeightsFileError(ExportError):
    """The weights file cannot be read as a ``state_dict`` (a file problem: exit 2)."""


class WeightsMismatchError(NetBuilderError):
    """The weights do not fit the network (names the first mismatching tensor: exit 1)."""


def read_state_dict(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The ``state_dict`` stored in ``path`` (on the CPU).

    Raises
    ------
    WeightsFileError
        When the file is missing, unreadable, not a torch file, needs pickle beyond plain
        tensors (``weights_only``), or holds no ``state_dict``.
    """
    import torch

    from netbuilder.train.checkpoints import CHECKPOINT_FORMAT

    name = Path(path)
    if name.is_dir():
        raise WeightsFileError(f"{name} is a folder: give the run's model.pt file.")
    if name.exists() and not name.is_file():  # a pipe or device would block or never end
        raise WeightsFileError(f"{name} is not a regular file: give the run's model.pt file.")
    try:
        with warnings.catch_warnings():  # e.g. about the pickle protocol of a foreign file
            warnings.simplefilter("ignore")
            data = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise WeightsFileError(f"The weights file {name} does not exist.") from None
    except OSError as exc:
        raise WeightsFileError(f"Cannot read {name}: {exc.strerror or exc}.") from None
    except Exception:  # noqa: BLE001 - not a torch file, or one that needs code to unpickle
        raise WeightsFileError(
            f"{name} is not a weights file that can be read safely (a torch state_dict "
            "saved with torch.save, e.g. a run's model.pt)."
        ) from None
    if isinstance(data, Mapping) and data.get("format") == CHECKPOINT_FORMAT:
        data = data.get("model")
    if (
        not isinstance(data, Mapping)
        or not data
        or not all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in data.items())
    ):
        raise WeightsFileError(
            f"{name} holds no state_dict (a mapping of names to tensors, e.g. a run's model.pt)."
        )
    return dict(data)


def load_weights(model: nn.Module, path: str | os.PathLike[str]) -> nn.Module:
    """Load the weights in ``path`` into ``model`` (in place) and return it.

    Raises
    ------
    WeightsFileError
        When ``path`` holds no readable ``state_dict`` (see :func:`read_state_dict`).
    WeightsMismatchError
        When the weights do not fit the network, naming the first mismatching tensor.
    """
    state = read_state_dict(path)
    from netbuilder.train.checkpoints import first_mismatch

    problem = first_mismatch(model, state)
    if problem is not None:
        raise WeightsMismatchError(
            f"The weights in {Path(path)} do not fit this network: {problem}; "
            "use weights trained on this network."
        )
    model.load_state_dict(state)
    return model
