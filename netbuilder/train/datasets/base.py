"""What a dataset is: the network's Input, parts, the dataset, its one error type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import Tensor

from netbuilder.core.errors import NetBuilderError
from netbuilder.train.batching import split_indices

Transform = Callable[[Tensor], Tensor]


class DatasetError(NetBuilderError):
    """A dataset cannot be found, read or fitted to the network (one sentence)."""


@dataclass
class InputSpec:
    """What the network's Input block expects.

    Attributes
    ----------
    kind : str
        ``image`` (C×H×W), ``vector`` (F), ``tokens`` (L ids) or ``sequence`` (L×F).
    shape : tuple of int
        The sample shape without the batch dimension.
    vocab : int
        Number of token ids (``tokens`` only).
    """

    kind: str
    shape: tuple[int, ...]
    vocab: int = 128

    @classmethod
    def from_graph(cls, graph) -> InputSpec:
        """The spec of the single Input node of ``graph``.

        Raises
        ------
        DatasetError
            When the graph has no Input or more than one.
        """
        inputs = [n for n in graph if n.type == "Input"]
        if len(inputs) != 1:
            raise DatasetError(
                f"Training needs a network with exactly one Input block; it has {len(inputs)}."
            )
        node = inputs[0]
        shape = tuple(node.block.infer((), node.params))
        return cls(node.params["kind"], shape, int(node.params.get("vocab", 128)))


@dataclass
class Part:
    """One part (train or validation) of a dataset.

    Either tensors ``x``/``y`` (batched on the device by :class:`DeviceLoader`) or a
    ``torch.utils.data.Dataset`` (streamed). ``transform`` runs on each batch of ``x``
    on the device (e.g. ``uint8`` → float in [0, 1] and a resize).
    """

    x: Tensor | None = None
    y: Tensor | None = None
    dataset: torch.utils.data.Dataset | None = None
    transform: Transform | None = None

    def __len__(self) -> int:
        if self.x is not None:
            return int(self.x.shape[0])
        return len(self.dataset) if self.dataset is not None else 0  # type: ignore[arg-type]


@dataclass
class Data:
    """A dataset ready for training.

    Attributes
    ----------
    name : str
        Dataset name shown to users.
    train, val : Part
        Training and validation parts (``val`` may be empty).
    num_classes : int or None
        Number of classes for classification labels, ``None`` for real-valued targets.
    classes : list of str
        Class names (for confusion matrices and predictions).
    sample_shape : tuple of int
        Shape of one network input (after ``transform``), without the batch dimension.
    task : str or None
        The task the data is made for (``classification``, ``binary``, ``regression``).
    notes : list of str
        Sentences the user should read before training (e.g. skipped unreadable files).
    """

    name: str
    train: Part
    val: Part
    num_classes: int | None
    classes: list[str] = field(default_factory=list)
    sample_shape: tuple[int, ...] = ()
    task: str | None = None
    notes: list[str] = field(default_factory=list)


def split_tensors(x: Tensor, y: Tensor, val_split: float, seed: int) -> tuple[Part, Part]:
    """Training and validation parts of ``x``/``y`` (:func:`split_indices`)."""
    train_idx, val_idx = split_indices(int(x.shape[0]), val_split, seed)
    return Part(x[train_idx], y[train_idx]), Part(x[val_idx], y[val_idx])
