"""Validation split, batch bounds and epoch order (Qt-free).

These functions are also the code of the exported ``train.py`` (their source is inlined
there), so the app and the script split and batch the data identically. They use nothing
but ``torch`` and stay within 88 columns.
"""

from __future__ import annotations

import torch


def split_indices(
    n: int,
    val_split: float,
    seed: int,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Shuffled training and validation indices of ``n`` samples.

    ``val_split`` of ``n`` (rounded) is held out; with ``val_split > 0`` and ``n ≥ 2``
    both parts hold at least one sample.
    """
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    n_val = round(n * val_split)
    if val_split > 0 and n >= 2:
        n_val = min(max(n_val, 1), n - 1)
    return order[n_val:], order[:n_val]


def batch_bounds(
    n: int,
    size: int,
    training: bool = True,
) -> list[tuple[int, int]]:
    """``(start, stop)`` of each batch of ``size`` over ``n`` samples.

    While ``training``, a last batch of a single sample joins the one before: BatchNorm
    cannot normalise one sample.
    """
    bounds = [(start, min(start + size, n)) for start in range(0, n, size)]
    if training and len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
        bounds[-2:] = [(bounds[-2][0], n)]
    return bounds


def epoch_seed(seed: int, epoch: int) -> int:
    """The seed of epoch ``epoch``'s order (a resumed run sees the same orders)."""
    return seed * 1_000_003 + epoch


def epoch_order(n: int, seed: int, epoch: int) -> torch.Tensor:
    """The order of the ``n`` training samples in epoch ``epoch`` (0-based)."""
    generator = torch.Generator().manual_seed(epoch_seed(seed, epoch))
    return torch.randperm(n, generator=generator)
