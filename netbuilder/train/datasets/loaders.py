"""Batches on the device: tensors kept there, or a streamed ``Dataset``."""

from __future__ import annotations

import math
from collections.abc import Iterator

import torch
from torch import Tensor

from netbuilder.train.batching import batch_bounds, epoch_order, epoch_seed
from netbuilder.train.datasets.base import DatasetError, Part, Transform


class DeviceLoader:
    """Batches of tensors kept on the device: one permutation per epoch, index_select per batch.

    Parameters
    ----------
    x, y : Tensor
        All samples and labels; moved to ``device`` once.
    batch_size : int
        Samples per batch (the last batch may be smaller).
    device : torch.device or str
        Where the tensors live.
    shuffle : bool
        Draw a new permutation each epoch (from ``seed`` and the epoch number, so a resumed
        run sees the same order as an uninterrupted one).
    seed : int
        Seed of the permutation.
    transform : callable, optional
        Applied to each batch of ``x`` on the device.
    """

    def __init__(
        self,
        x: Tensor,
        y: Tensor,
        batch_size: int,
        device: torch.device | str = "cpu",
        shuffle: bool = True,
        seed: int = 0,
        transform: Transform | None = None,
    ) -> None:
        self.device = torch.device(device)
        non_blocking = self.device.type == "cuda"
        self.x = x.to(self.device, non_blocking=non_blocking)
        self.y = y.to(self.device, non_blocking=non_blocking)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.seed = seed
        self.transform = transform
        self.epoch = 0

    @property
    def num_samples(self) -> int:
        """Samples per epoch."""
        return int(self.x.shape[0])

    def __len__(self) -> int:
        return len(self._bounds())

    def _bounds(self) -> list[tuple[int, int]]:
        """``(start, stop)`` of each batch (:func:`~netbuilder.train.batching.batch_bounds`)."""
        return batch_bounds(self.num_samples, self.batch_size, self.shuffle)

    def set_epoch(self, epoch: int) -> None:
        """Select the permutation of ``epoch`` (0-based)."""
        self.epoch = epoch

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        n = self.num_samples
        if self.shuffle:
            order = epoch_order(n, self.seed, self.epoch).to(self.device)
        else:
            order = None
        for start, stop in self._bounds():
            if order is None:
                xb = self.x[start:stop]
                yb = self.y[start:stop]
            else:
                idx = order[start:stop]
                xb = self.x.index_select(0, idx)
                yb = self.y.index_select(0, idx)
            if self.transform is not None:
                xb = self.transform(xb)
            yield xb, yb


class StreamLoader:
    """A ``DataLoader`` over a ``Dataset`` with the :class:`DeviceLoader` interface."""

    def __init__(
        self,
        dataset: torch.utils.data.Dataset,
        batch_size: int,
        device: torch.device | str = "cpu",
        shuffle: bool = True,
        seed: int = 0,
        transform: Transform | None = None,
        workers: int = 0,
    ) -> None:
        self.dataset = dataset
        self.device = torch.device(device)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.seed = seed
        self.transform = transform
        self.workers = workers
        self.epoch = 0

    @property
    def num_samples(self) -> int:
        """Samples per epoch."""
        return len(self.dataset)  # type: ignore[arg-type]

    def _drop_last(self) -> bool:
        # a last training batch of one sample would break BatchNorm: skip it this epoch
        return self.shuffle and self.num_samples > 1 and self.num_samples % self.batch_size == 1

    def __len__(self) -> int:
        if self._drop_last():
            return self.num_samples // self.batch_size
        return math.ceil(self.num_samples / self.batch_size)

    def set_epoch(self, epoch: int) -> None:
        """Select the order of ``epoch`` (0-based)."""
        self.epoch = epoch

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        gen = torch.Generator().manual_seed(epoch_seed(self.seed, self.epoch))
        loader = torch.utils.data.DataLoader(
            self.dataset,
            batch_size=self.batch_size,
            shuffle=self.shuffle,
            generator=gen,
            num_workers=self.workers,
            pin_memory=self.device.type == "cuda",
            drop_last=self._drop_last(),
        )
        for xb, yb in loader:
            xb = xb.to(self.device, non_blocking=True)
            yb = yb.to(self.device, non_blocking=True)
            if self.transform is not None:
                xb = self.transform(xb)
            yield xb, yb


def make_loader(
    part: Part,
    batch_size: int,
    device: torch.device | str = "cpu",
    shuffle: bool = True,
    seed: int = 0,
) -> DeviceLoader | StreamLoader:
    """The right loader for ``part``: on-device tensors or a streamed dataset."""
    if part.x is not None and part.y is not None:
        return DeviceLoader(part.x, part.y, batch_size, device, shuffle, seed, part.transform)
    if part.dataset is None:
        raise DatasetError("This part of the dataset is empty.")
    return StreamLoader(part.dataset, batch_size, device, shuffle, seed, part.transform)
