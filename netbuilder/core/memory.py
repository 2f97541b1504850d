"""How much memory a network needs, from the analysis alone (pure arithmetic, Qt-free).

Impossible sizes are refused before anything is allocated: a network whose weights (or,
for training, weights + gradients + optimizer state + activations at the batch size) need
more memory than the machine has gets one sentence, e.g. "This network needs 1.0 TB for
its weights; this machine has 25 GB of memory."

The estimate is a lower bound (float32 values; the activations counted are only the layer
outputs autograd keeps for the backward pass), so a refusal is certain, never a guess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks.base import prod
from netbuilder.core.errors import NetBuilderError

#: Bytes per value (float32 weights and activations).
BYTES_PER_VALUE = 4
#: Values of optimizer state per parameter.
OPTIMIZER_STATE = {"adam": 2, "adamw": 2, "sgd": 1}


class MemoryNeedError(NetBuilderError):
    """The network cannot fit in this machine's (or GPU's) memory: one sentence."""


@dataclass(frozen=True)
class MemoryNeed:
    """Bytes a network needs (a lower bound).

    Attributes
    ----------
    weights : int
        Parameters and buffers (e.g. BatchNorm's running statistics).
    gradients, optimizer_state : int
        Training only: one gradient per parameter; Adam keeps two values per parameter,
        SGD with momentum one.
    activations : int
        Training only: the layer outputs of one batch, kept for the backward pass.
    """

    weights: int
    gradients: int = 0
    optimizer_state: int = 0
    activations: int = 0

    @property
    def total(self) -> int:
        """Everything above together."""
        return self.weights + self.gradients + self.optimizer_state + self.activations


def estimate(
    analysis: Analysis,
    batch_size: int | None = None,
    optimizer: str = "adam",
    momentum: float = 0.9,
) -> MemoryNeed:
    """The memory ``analysis``'s network needs: its weights, and with ``batch_size`` for
    training with ``optimizer`` (``sgd`` keeps state only with ``momentum``)."""
    totals = analysis.totals()
    weights = (totals.params + totals.buffers) * BYTES_PER_VALUE
    if batch_size is None:
        return MemoryNeed(weights)
    state = OPTIMIZER_STATE.get(optimizer, 2)
    if optimizer == "sgd" and momentum == 0:
        state = 0
    values = 0
    for stats in analysis.all().values():
        if stats.inner:
            values += sum(prod(r.output_shape) for r in stats.inner)
        elif stats.shape is not None:
            values += prod(stats.shape)
    return MemoryNeed(
        weights,
        gradients=totals.trainable * BYTES_PER_VALUE,
        optimizer_state=state * totals.trainable * BYTES_PER_VALUE,
        activations=values * batch_size * BYTES_PER_VALUE,
    )


def format_bytes(n: int | float) -> str:
    """``1.0 TB``, ``25 GB``, ``512 MB`` (decimal units; one decimal below 10)."""
    for scale, unit in ((10**12, "TB"), (10**9, "GB"), (10**6, "MB"), (10**3, "kB")):
        if n >= scale:
            value = n / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{int(n)} bytes"


def machine_memory() -> int | None:
    """Bytes of memory this process may use: the physical memory, or less when a cgroup
    limits it (containers); ``None`` when it cannot be told."""
    sizes = []
    try:
        sizes.append(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        pass
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(limit, encoding="ascii") as handle:
                text = handle.read().strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < 2**60:
            sizes.append(int(text))
    return min(sizes) if sizes else None


def check_weights_fit(need: MemoryNeed, available: int | None, where: str = "this machine") -> None:
    """Refuse weights larger than ``available`` bytes (``None``: unknown, no refusal).

    Raises
    ------
    MemoryNeedError
        "This network needs 1.0 TB for its weights; this machine has 25 GB of memory."
    """
    if available is not None and need.weights > available:
        raise MemoryNeedError(
            f"This network needs {format_bytes(need.weights)} for its weights; "
            f"{where} has {format_bytes(available)} of memory."
        )


def check_training_fits(
    need: MemoryNeed, batch_size: int, available: int | None, where: str = "this machine"
) -> None:
    """Refuse training that needs more than ``available`` bytes (weights first).

    Raises
    ------
    MemoryNeedError
        Naming the parts of the need and what to change.
    """
    check_weights_fit(need, available, where)
    if available is None or need.total <= available:
        return
    parts = (
        f"weights {format_bytes(need.weights)}, gradients {format_bytes(need.gradients)}, "
        f"optimizer state {format_bytes(need.optimizer_state)}, activations "
        f"{format_bytes(need.activations)}"
    )
    without_activations = need.total - need.activations
    advice = (
        "use a smaller batch size"
        if without_activations <= available and batch_size > 1
        else "use a smaller network"
    )
    raise MemoryNeedError(
        f"Training this network with batch size {batch_size:,} needs at least "
        f"{format_bytes(need.total)} ({parts}); {where} has {format_bytes(available)} of "
        f"memory: {advice}."
    )
