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
from collections.abc import Sequence
from dataclasses import dataclass, field

from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks import Block, get_block
from netbuilder.core.blocks.base import INT64, NOTHING, VALUE, Params, Shape, prod
from netbuilder.core.blocks.composite import _inner_params
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

    def _sum(self, part: str) -> int:
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
    size = check_dtype(dtype)
    state = optimizer_values(optimizer, momentum)
    saved = _SavedTensors(analysis, batch_size, check_dtype(activations_dtype or dtype)).run()
    nodes = {}
    for node_id, stats in analysis.all().items():
        nodes[node_id] = NodeMemory(
            parameters=(stats.params + stats.buffers) * size,
            gradients=stats.trainable * size,
            optimizer=state * stats.trainable * size,
            activations=saved.get(node_id, 0),
        )
    return TrainingMemory(batch_size, dtype, optimizer, nodes)


class _SavedTensors:
    """Walks the network in order, following which tensors require a gradient and which
    storage each output lives in, and counts each storage a layer keeps once."""

    def __init__(self, analysis: Analysis, batch: int, size: int) -> None:
        self.analysis = analysis
        self.batch = batch
        self.kind_bytes = {VALUE: size, INT64: 8}
        self.storage_bytes: dict[str, int] = {}
        self.counted: set[str] = set()
        self.kept = 0  # bytes kept by the node being walked

    def run(self) -> dict[str, int]:
        """Bytes of saved activations per node id."""
        graph = self.analysis.graph
        everything = self.analysis.all()  # in topological order
        outputs: dict[str, tuple[str, bool]] = {}  # node id → (storage, requires grad)
        out: dict[str, int] = {}
        for node_id, stats in everything.items():
            if stats.shape is None:
                continue
            edges = graph.incoming(node_id)
            if any(e is None or e.src not in outputs for e in edges):
                continue
            node = graph.node(node_id)
            sources = [outputs[e.src] for e in edges]  # type: ignore[union-attr]
            ins = tuple(everything[e.src].shape for e in edges)  # type: ignore[union-attr]
            self.kept = 0
            value_bytes = self.kind_bytes[INT64] if stats.vocab is not None else None
            if stats.inner:
                outputs[node_id] = self._composite(node_id, stats, sources)
            else:
                trainable = not stats.frozen and stats.params > 0
                outputs[node_id] = self._layer(
                    node.block,
                    node.params,
                    ins,
                    stats.shape,
                    sources,
                    trainable,
                    node_id,
                    value_bytes,
                )
            out[node_id] = self.kept
        return out

    def _composite(self, node_id: str, stats, sources) -> tuple[str, bool]:
        results: dict[str, tuple[str, bool]] = {"x": sources[0]}
        last = sources[0]
        for r in stats.inner:
            layer = r.layer
            params = _inner_params(layer.type, tuple(sorted(layer.params.items())))
            trainable = not stats.frozen and r.cost.params > 0
            last = self._layer(
                get_block(layer.type),
                params,
                r.input_shapes,
                r.output_shape,
                [results[name] for name in layer.inputs],
                trainable,
                f"{node_id}/{layer.name}",
                None,
            )
            results[layer.name] = last
        return last

    def _layer(
        self,
        block: Block,
        p: Params,
        ins: Sequence[Shape],
        shape: Shape,
        sources: Sequence[tuple[str, bool]],
        trainable: bool,
        storage: str,
        value_bytes: int | None,
    ) -> tuple[str, bool]:
        """Count what one layer keeps; returns its output's storage and whether it requires
        a gradient (autograd records the layer only then)."""
        grads = [grad for _storage, grad in sources]
        recorded = trainable or any(grads)
        saved = block.saves(ins, shape, p, grads, trainable) if recorded else NOTHING
        if saved.view:
            storage = sources[0][0]
        else:
            values = shape if saved.output_values is None else (saved.output_values,)
            per_value = value_bytes or self.kind_bytes[VALUE]
            self.storage_bytes[storage] = prod(values) * self.batch * per_value
        for i in saved.inputs:
            self._keep(sources[i][0])
        if saved.output:
            self._keep(storage)
        for values, kind in saved.extras:
            self.kept += values * self.batch * self.kind_bytes[kind]
        for values, kind in saved.fixed:
            self.kept += values * self.kind_bytes[kind]
        return storage, recorded

    def _keep(self, storage: str) -> None:
        if storage not in self.counted:
            self.counted.add(storage)
            self.kept += self.storage_bytes[storage]


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
