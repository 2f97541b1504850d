"""How much memory training a network needs, from the analysis alone (pure arithmetic, Qt-free).

Per node and in total, for a batch size, a dtype and an optimizer: the parameters (and
buffers), their gradients, the optimizer's state, and the activations autograd saves
for the backward pass. The activations follow what PyTorch's CPU kernels really keep
(each block says so in :meth:`~netbuilder.core.blocks.base.Block.saves`): a convolution
keeps its input, ReLU its output, max pooling its input and int64 indices, dropout its
mask, batch norm its input and statistics; views keep nothing, and a tensor kept by
several layers (one storage) is counted once, for the first layer that keeps it.
Tests compare it with ``torch.autograd.graph.saved_tensors_hooks``.

Impossible sizes are refused before anything is allocated: a network whose weights (or,
for training, weights + gradients + optimizer state + activations at the batch size) need
more memory than the machine has gets one sentence, e.g. "This network needs 1.0 TB for
its weights; this machine has 25 GB of memory." Training needs more than the estimate
(gradients of the activations during the backward pass, temporary buffers), so a refusal
is certain, never a guess.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from netbuilder.core.analysis import Analysis
from netbuilder.core.errors import NetBuilderError

#: Bytes per value of each dtype the estimate knows.
DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2}
#: Bytes per value (float32 weights and activations).
BYTES_PER_VALUE = DTYPE_BYTES["float32"]
#: Values of optimizer state per trained parameter: Adam and AdamW keep two moments,
#: SGD one momentum buffer (none without momentum). ``torch.optim``'s own.
OPTIMIZER_STATE = {"adam": 2, "adamw": 2, "sgd": 1}


class MemoryNeedError(NetBuilderError):
    """The network cannot fit in this machine's (or GPU's) memory: one sentence."""


@dataclass(frozen=True)
class NodeMemory:
    """Bytes one node needs for training.

    Attributes
    ----------
    parameters : int
        Its parameters and buffers (BatchNorm's running statistics).
    gradients : int
        One gradient per trained parameter (none for a frozen node).
    optimizer : int
        The optimizer's state for its trained parameters.
    activations : int
        The tensors autograd saves for its backward pass (counted here when this node is
        the first to keep them).
    """

    parameters: int = 0
    gradients: int = 0
    optimizer: int = 0
    activations: int = 0

    @property
    def total(self) -> int:
        """Everything above together."""
        return self.parameters + self.gradients + self.optimizer + self.activations

    def as_dict(self) -> dict[str, int]:
        """``{"parameters", "gradients", "optimizer", "activations", "total"}`` in bytes."""
        return {
            "parameters": self.parameters,
            "gradients": self.gradients,
            "optimizer": self.optimizer,
            "activations": self.activations,
            "total": self.total,
        }


@dataclass(frozen=True)
class TrainingMemory:
    """Bytes a network needs to train with one batch size, dtype and optimizer.

    Attributes
    ----------
    batch_size : int
    dtype : str
        ``float32``, ``bfloat16`` or ``float16``: the dtype of the weights and activations.
    optimizer : str
        ``adam``, ``adamw`` or ``sgd``.
    nodes : dict of str to NodeMemory
        Per node id (nodes without stats need nothing).
    """

    batch_size: int
    dtype: str
    optimizer: str
    nodes: dict[str, NodeMemory] = field(default_factory=dict)
    #: Running sums per part (kept by a :class:`~netbuilder.core.memory_tracker.MemoryTracker`);
    #: ``None``: summed over :attr:`nodes` when asked.
    sums: dict[str, int] | None = field(default=None, compare=False, repr=False)

    def _sum(self, part: str) -> int:
        if self.sums is not None:
            return self.sums[part]
        return sum(getattr(node, part) for node in self.nodes.values())

    @property
    def parameters(self) -> int:
        """All parameters and buffers."""
        return self._sum("parameters")

    @property
    def gradients(self) -> int:
        """All gradients."""
        return self._sum("gradients")

    @property
    def optimizer_state(self) -> int:
        """All optimizer state."""
        return self._sum("optimizer")

    @property
    def activations(self) -> int:
        """All saved activations."""
        return self._sum("activations")

    @property
    def total(self) -> int:
        """Everything together."""
        return self._sum("total")

    def as_dict(self) -> dict[str, int]:
        """``{"parameters", "gradients", "optimizer", "activations", "total"}`` in bytes."""
        return {
            "parameters": self.parameters,
            "gradients": self.gradients,
            "optimizer": self.optimizer_state,
            "activations": self.activations,
            "total": self.total,
        }


def optimizer_values(optimizer: str, momentum: float = 0.9) -> int:
    """Values of state ``optimizer`` keeps per trained parameter (``sgd``: with momentum)."""
    if optimizer == "sgd" and momentum == 0:
        return 0
    return OPTIMIZER_STATE.get(optimizer, 2)


def check_dtype(dtype: str) -> int:
    """Bytes per value of ``dtype``.

    Raises
    ------
    ValueError
        One sentence naming the dtypes known.
    """
    try:
        return DTYPE_BYTES[dtype]
    except KeyError:
        known = ", ".join(DTYPE_BYTES)
        raise ValueError(f"Unknown dtype '{dtype}': use one of {known}.") from None


def training_memory(
    analysis: Analysis,
    batch_size: int,
    optimizer: str = "adam",
    dtype: str = "float32",
    momentum: float = 0.9,
    activations_dtype: str | None = None,
) -> TrainingMemory:
    """The memory training ``analysis``'s network needs, per node.

    Parameters
    ----------
    analysis : Analysis
        Shapes and parameters of every node.
    batch_size : int
        Samples per step.
    optimizer : str
        ``adam``, ``adamw`` or ``sgd`` (``sgd`` keeps state only with ``momentum``).
    dtype : str
        ``float32``, ``bfloat16`` or ``float16`` (weights, gradients, state, activations).
    momentum : float
        SGD's momentum.
    activations_dtype : str, optional
        The activations' dtype when it differs from the weights' (mixed precision).
    """
    from netbuilder.core.memory_tracker import MemoryTracker  # it builds on this module

    tracker = MemoryTracker(analysis, batch_size, optimizer, dtype, momentum, activations_dtype)
    return tracker.memory


@dataclass(frozen=True)
class MemoryNeed:
    """Bytes a network needs (totals of :func:`training_memory`, for the refusals).

    Attributes
    ----------
    weights : int
        Parameters and buffers (e.g. BatchNorm's running statistics).
    gradients, optimizer_state : int
        Training only: one gradient per parameter; Adam keeps two values per parameter,
        SGD with momentum one.
    activations : int
        Training only: the tensors of one batch autograd saves for the backward pass.
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
    dtype: str = "float32",
    activations_dtype: str | None = None,
) -> MemoryNeed:
    """The memory ``analysis``'s network needs: its weights, and with ``batch_size`` for
    training with ``optimizer`` (``sgd`` keeps state only with ``momentum``; activations
    in ``activations_dtype`` under mixed precision)."""
    if batch_size is None:
        totals = analysis.totals()
        return MemoryNeed((totals.params + totals.buffers) * check_dtype(dtype))
    need = training_memory(analysis, batch_size, optimizer, dtype, momentum, activations_dtype)
    return MemoryNeed(need.parameters, need.gradients, need.optimizer_state, need.activations)


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
