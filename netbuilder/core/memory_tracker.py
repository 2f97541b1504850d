"""The training-memory estimate kept up to date edit by edit (Qt-free).

:func:`~netbuilder.core.memory.training_memory` is this tracker built once. A view that
shows the estimate while the user edits keeps one :class:`MemoryTracker` and hands it
the graph's events (:meth:`MemoryTracker.note`); the next read of
:attr:`MemoryTracker.memory` then recomputes only the nodes a parameter or frozen-flag
edit reached (the edited node and, while their outputs change, the nodes after it).
Anything else (nodes or links added or removed) rebuilds the estimate.

The exact total survives incremental updates: each node's local result says which
storages it creates (with their bytes) and which it keeps; a storage kept by several
layers is counted once, for the first of them in the graph's topological order — the
same rule the fresh walk follows.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

from netbuilder.core.analysis import Analysis, NodeStats
from netbuilder.core.blocks import Block, get_block
from netbuilder.core.blocks.base import INT64, NOTHING, VALUE, Params, Shape, prod
from netbuilder.core.blocks.composite import _inner_params
from netbuilder.core.graph import FrozenChanged, LabelChanged, NodeMoved, ParamsChanged
from netbuilder.core.memory import NodeMemory, TrainingMemory, check_dtype, optimizer_values

#: A tensor's storage name and whether it requires a gradient.
Output = tuple[str, bool]
PARTS = ("parameters", "gradients", "optimizer", "activations")


@dataclass(frozen=True)
class _Saves:
    """What one node's forward pass does to memory, independently of the other nodes."""

    output: Output  # the storage of its output, and whether autograd records it
    sizes: dict[str, int]  # storages it creates -> bytes
    keeps: tuple[str, ...]  # storages it keeps for the backward pass (each once)
    extra: int  # bytes it keeps outside any storage (indices, statistics ...)


class _NodeWalk:
    """Walks one node (a composite: its inner layers in order), collecting its :class:`_Saves`."""

    def __init__(self, batch: int, kind_bytes: dict[str, int]) -> None:
        self.batch = batch
        self.kind_bytes = kind_bytes
        self.sizes: dict[str, int] = {}
        self.keeps: dict[str, None] = {}
        self.extra = 0

    def composite(self, node_id: str, stats: NodeStats, sources: list[Output]) -> Output:
        results: dict[str, Output] = {"x": sources[0]}
        last = sources[0]
        for r in stats.inner:
            layer = r.layer
            params = _inner_params(layer.type, tuple(sorted(layer.params.items())))
            trainable = not stats.frozen and r.cost.params > 0
            last = self.layer(
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

    def layer(
        self,
        block: Block,
        p: Params,
        ins: Sequence[Shape],
        shape: Shape,
        sources: Sequence[Output],
        trainable: bool,
        storage: str,
        value_bytes: int | None,
    ) -> Output:
        """Note what one layer keeps; returns its output's storage and whether it requires
        a gradient (autograd records the layer only then)."""
        grads = [grad for _storage, grad in sources]
        recorded = trainable or any(grads)
        saved = block.saves(ins, shape, p, grads, trainable) if recorded else NOTHING
        if saved.view:
            storage = sources[0][0]
        else:
            values = shape if saved.output_values is None else (saved.output_values,)
            per_value = value_bytes or self.kind_bytes[VALUE]
            self.sizes[storage] = prod(values) * self.batch * per_value
        for i in saved.inputs:
            self.keeps[sources[i][0]] = None
        if saved.output:
            self.keeps[storage] = None
        for values, kind in saved.extras:
            self.extra += values * self.batch * self.kind_bytes[kind]
        for values, kind in saved.fixed:
            self.extra += values * self.kind_bytes[kind]
        return storage, recorded


class MemoryTracker:
    """:func:`~netbuilder.core.memory.training_memory` of an analysis, kept up to date.

    The owner passes every event of the analysed graph to :meth:`note` (a
    :class:`~netbuilder.core.graph.Graph` listener, or a document's ``graphChanged``);
    :attr:`memory` is brought up to date when read. Events the tracker did not see
    (the graph's revision moved on without them) make it rebuild, never answer stale.

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

    def __init__(
        self,
        analysis: Analysis,
        batch_size: int,
        optimizer: str = "adam",
        dtype: str = "float32",
        momentum: float = 0.9,
        activations_dtype: str | None = None,
    ) -> None:
        self.analysis = analysis
        self.settings = (batch_size, optimizer, dtype, momentum, activations_dtype)
        self._size = check_dtype(dtype)
        self._state = optimizer_values(optimizer, momentum)
        self._kind_bytes = {VALUE: check_dtype(activations_dtype or dtype), INT64: 8}
        self._batch = batch_size
        self._sums = dict.fromkeys((*PARTS, "total"), 0)
        self._memory = TrainingMemory(batch_size, dtype, optimizer, {}, sums=self._sums)
        self._stats: dict[str, NodeStats] = {}
        self._saves: dict[str, _Saves | None] = {}
        self._sizes: dict[str, int] = {}  # storage -> bytes
        self._keepers: dict[str, set[str]] = {}  # storage -> nodes keeping it
        self._owner: dict[str, str] = {}  # storage -> the first node keeping it
        self._rank: dict[str, int] = {}  # node -> index in the topological order
        self._seeds: set[str] = set()
        self._revision = -1  # the graph revision the tracker has seen (-1: rebuild)
        #: Nodes recomputed by the last update (for tests and benches).
        self.recomputed = 0

    # -- events ---------------------------------------------------------------------------
    def note(self, event: object) -> None:
        """Take one graph event into account (cheap: the work waits for the next read)."""
        if isinstance(event, NodeMoved | LabelChanged):
            return
        if self._revision >= 0:
            self._revision += 1
        if isinstance(event, ParamsChanged | FrozenChanged):
            self._seeds.add(event.node_id)
        else:
            self._revision = -1  # nodes or links changed: rebuild

    @property
    def stale(self) -> bool:
        """True when the next update rebuilds everything (nodes or links changed)."""
        return self._revision != self.analysis.graph.revision

    @property
    def memory(self) -> TrainingMemory:
        """The estimate, up to date (its node dict and sums change in place)."""
        self.update()
        return self._memory

    def update(self) -> set[str]:
        """Bring the estimate up to date; returns the ids whose :class:`NodeMemory` changed."""
        if self.stale:
            return self._rebuild()
        if not self._seeds:
            self.recomputed = 0
            return set()
        return self._propagate()

    # -- computation ----------------------------------------------------------------------
    def _walk(self, node_id: str, stats: NodeStats) -> _Saves | None:
        """The node's own :class:`_Saves` (``None``: it has no shape or lacks an input)."""
        if stats.shape is None:
            return None
        analysis = self.analysis
        graph = analysis.graph
        sources: list[Output] = []
        ins: list[Shape] = []
        for edge in graph.incoming(node_id):
            source = None if edge is None else self._saves.get(edge.src)
            if source is None:
                return None
            sources.append(source.output)
            ins.append(analysis.stats(edge.src).shape)  # type: ignore[union-attr,arg-type]
        walk = _NodeWalk(self._batch, self._kind_bytes)
        if stats.inner:
            output = walk.composite(node_id, stats, sources)
        else:
            node = graph.node(node_id)
            output = walk.layer(
                node.block,
                node.params,
                ins,
                stats.shape,
                sources,
                not stats.frozen and stats.params > 0,
                node_id,
                self._kind_bytes[INT64] if stats.vocab is not None else None,
            )
        return _Saves(output, walk.sizes, tuple(walk.keeps), walk.extra)

    def _node_memory(self, stats: NodeStats, activations: int) -> NodeMemory:
        size = self._size
        return NodeMemory(
            parameters=(stats.params + stats.buffers) * size,
            gradients=stats.trainable * size,
            optimizer=self._state * stats.trainable * size,
            activations=activations,
        )

    def _activations(self, node_id: str) -> int:
        saves = self._saves.get(node_id)
        if saves is None:
            return 0
        owner, sizes = self._owner, self._sizes
        return saves.extra + sum(sizes[s] for s in saves.keeps if owner[s] == node_id)

    def _rebuild(self) -> set[str]:
        """Every node, in topological order (the first keeper of a storage owns it)."""
        everything = self.analysis.all()
        self._seeds.clear()
        self._stats, self._saves, self._sizes = {}, {}, {}
        self._keepers, self._owner = {}, {}
        self._rank = {nid: i for i, nid in enumerate(everything)}
        for nid, stats in everything.items():
            self._stats[nid] = stats
            saves = self._saves[nid] = self._walk(nid, stats)
            if saves is None:
                continue
            self._sizes.update(saves.sizes)
            for storage in saves.keeps:
                self._keepers.setdefault(storage, set()).add(nid)
                self._owner.setdefault(storage, nid)
        nodes = self._memory.nodes
        nodes.clear()
        for part in self._sums:
            self._sums[part] = 0
        for nid, stats in everything.items():
            self._put(nid, self._node_memory(stats, self._activations(nid)))
        self._revision = self.analysis.graph.revision
        self.recomputed = len(everything)
        return set(everything)

    def _put(self, node_id: str, new: NodeMemory) -> bool:
        """Store ``new``, keeping the sums; True when it differs from the old value."""
        nodes, sums = self._memory.nodes, self._sums
        old = nodes.get(node_id)
        if old == new:
            return False
        for part in PARTS:
            sums[part] += getattr(new, part) - (getattr(old, part) if old is not None else 0)
        sums["total"] += new.total - (old.total if old is not None else 0)
        nodes[node_id] = new
        return True

    def _propagate(self) -> set[str]:
        """Recompute the seeds and, while what they pass on changes, their successors."""
        graph, rank = self.analysis.graph, self._rank
        heap = [(rank[nid], nid) for nid in self._seeds if nid in rank]
        heapq.heapify(heap)
        queued = set(self._seeds)
        self._seeds.clear()
        walked: set[str] = set()
        storages: set[str] = set()  # storages whose keepers or bytes may have changed
        while heap:
            _, nid = heapq.heappop(heap)
            walked.add(nid)
            stats = self.analysis.stats(nid)
            old_stats = self._stats.get(nid)
            old = self._saves.get(nid)
            new = self._walk(nid, stats)
            self._stats[nid], self._saves[nid] = stats, new
            self._replace(nid, old, new, storages)
            passes_on = (
                old_stats is None
                or (old_stats.shape, old_stats.vocab) != (stats.shape, stats.vocab)
                or (old.output if old else None) != (new.output if new else None)
            )
            if passes_on:
                for succ in graph.successors(nid):
                    if succ not in queued:
                        queued.add(succ)
                        heapq.heappush(heap, (rank[succ], succ))
        affected = set(walked)
        for storage in storages:
            keepers = self._keepers.get(storage)
            old_owner = self._owner.pop(storage, None)
            if old_owner is not None:
                affected.add(old_owner)
            if keepers:
                owner = self._owner[storage] = min(keepers, key=rank.__getitem__)
                affected.add(owner)
            else:
                self._keepers.pop(storage, None)
        changed = set()
        for nid in affected:
            if nid in self._stats and self._put(
                nid, self._node_memory(self._stats[nid], self._activations(nid))
            ):
                changed.add(nid)
        self.recomputed = len(walked)
        return changed

    def _replace(
        self, node_id: str, old: _Saves | None, new: _Saves | None, storages: set[str]
    ) -> None:
        """Swap a node's :class:`_Saves`, noting the storages whose keepers or bytes moved."""
        if old is not None:
            for storage in old.sizes:
                self._sizes.pop(storage, None)
            for storage in old.keeps:
                self._keepers[storage].discard(node_id)
            storages.update(old.sizes, old.keeps)
        if new is not None:
            self._sizes.update(new.sizes)
            for storage in new.keeps:
                self._keepers.setdefault(storage, set()).add(node_id)
            storages.update(new.sizes, new.keeps)
