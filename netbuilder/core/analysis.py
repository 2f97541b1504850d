"""Analysis: output shape, parameters, FLOPs and errors of every node.

Pure arithmetic in topological order (no torch forward pass), so it is instant at any
input resolution. After a graph event only the touched nodes are recomputed, and the
change propagates downstream only while a node's output actually changes.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from netbuilder.core.blocks import Composite, Shape
from netbuilder.core.blocks.base import sum_costs
from netbuilder.core.blocks.composite import InnerResult
from netbuilder.core.errors import ConnectError, ConnectReason, NetBuilderError, RankError
from netbuilder.core.graph import (
    EdgeAdded,
    EdgeRemoved,
    Event,
    Graph,
    GraphCleared,
    NodeAdded,
    NodeRemoved,
    ParamsChanged,
)

WAITING = "waiting for input"


@dataclass(frozen=True)
class NodeStats:
    """What the analysis knows about one node.

    Attributes
    ----------
    shape : tuple of int or None
        Output shape without the batch dimension; ``None`` when unknown.
    params, flops, buffers : int
        Trainable parameters, multiply-adds per sample, non-trainable state.
    error : str or None
        A sentence when this node itself cannot be computed.
    waiting : bool
        True when an upstream node has an error or an input port is empty upstream;
        such a node has no error of its own.
    inner : tuple of InnerResult
        Per-layer stats of a composite block.
    """

    shape: Shape | None
    params: int = 0
    flops: int = 0
    buffers: int = 0
    error: str | None = None
    waiting: bool = False
    inner: tuple[InnerResult, ...] = field(default=(), compare=False)

    @property
    def ok(self) -> bool:
        """True when the node has an output shape."""
        return self.shape is not None


@dataclass(frozen=True)
class Totals:
    """Sums over every node with known stats."""

    params: int
    trainable: int
    flops: int
    buffers: int
    errors: int


Listener = Callable[[set[str]], None]


class Analysis:
    """Live stats of a :class:`Graph`.

    Parameters
    ----------
    graph : Graph
        The graph to observe. The analysis subscribes to it.
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._stats: dict[str, NodeStats] = {}
        self._dirty: set[str] = set(n.id for n in graph)
        self._listeners: list[Listener] = []
        self.recomputed = 0  # nodes recomputed by the last update (for tests and benches)
        self._unsubscribe = graph.subscribe(self._on_event)

    def close(self) -> None:
        """Stop observing the graph."""
        self._unsubscribe()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(changed_ids)`` after each :meth:`update` that changed stats."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- events ---------------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if isinstance(event, (NodeAdded, ParamsChanged)):
            self._dirty.add(event.node_id)
        elif isinstance(event, (EdgeAdded, EdgeRemoved)):
            if event.edge.dst in self.graph:
                self._dirty.add(event.edge.dst)
        elif isinstance(event, NodeRemoved):
            self._stats.pop(event.node_id, None)
            self._dirty.discard(event.node_id)
        elif isinstance(event, GraphCleared):
            self._stats.clear()
            self._dirty.clear()

    # -- queries --------------------------------------------------------------------------
    def stats(self, node_id: str) -> NodeStats:
        """Stats of one node (brings the analysis up to date first)."""
        self.update()
        return self._stats[node_id]

    def all(self) -> dict[str, NodeStats]:
        """Stats of every node, in topological order."""
        self.update()
        return {nid: self._stats[nid] for nid in self.graph.topological_order()}

    def totals(self) -> Totals:
        """Sums over the graph."""
        stats = self.all().values()
        params = sum(s.params for s in stats)
        return Totals(
            params=params,
            trainable=params,
            flops=sum(s.flops for s in stats),
            buffers=sum(s.buffers for s in stats),
            errors=sum(1 for s in stats if s.error),
        )

    def errors(self) -> list[tuple[str, str]]:
        """``(node_id, sentence)`` for every node with an error, in topological order."""
        return [(nid, s.error) for nid, s in self.all().items() if s.error]

    def is_valid(self) -> bool:
        """True when every node has a shape."""
        return all(s.ok for s in self.all().values())

    def check_connect(self, src: str, dst: str, port: int = 0) -> ConnectError | None:
        """:meth:`Graph.check_connect` plus a rank check against ``src``'s output shape."""
        error = self.graph.check_connect(src, dst, port)
        if error is not None:
            return error
        shape = self.stats(src).shape
        node = self.graph.node(dst)
        if shape is None or len(node.input_ports()) != 1:
            return None
        try:
            node.block.infer((shape,), node.params)
        except RankError as exc:
            return ConnectError(ConnectReason.RANK_MISMATCH, str(exc))
        except NetBuilderError:
            return None
        return None

    # -- computation ----------------------------------------------------------------------
    def update(self) -> set[str]:
        """Recompute dirty nodes and, while outputs change, their successors."""
        if not self._dirty:
            self.recomputed = 0
            return set()
        order = {nid: i for i, nid in enumerate(self.graph.topological_order())}
        heap = [(order[nid], nid) for nid in self._dirty if nid in order]
        heapq.heapify(heap)
        queued = set(self._dirty)
        self._dirty.clear()
        changed: set[str] = set()
        count = 0
        while heap:
            _, nid = heapq.heappop(heap)
            queued.discard(nid)
            count += 1
            new = self._compute(nid)
            old = self._stats.get(nid)
            self._stats[nid] = new
            if old != new:
                changed.add(nid)
                if old is None or (old.shape, old.ok) != (new.shape, new.ok):
                    for succ in self.graph.successors(nid):
                        if succ not in queued:
                            queued.add(succ)
                            heapq.heappush(heap, (order[succ], succ))
        self.recomputed = count
        if changed:
            for listener in list(self._listeners):
                listener(changed)
        return changed

    def recompute_all(self) -> dict[str, NodeStats]:
        """Forget everything and recompute (the reference for incremental updates)."""
        self._stats.clear()
        self._dirty = set(n.id for n in self.graph)
        return self.all()

    def _compute(self, nid: str) -> NodeStats:
        node = self.graph.node(nid)
        shapes: list[Shape] = []
        for i, edge in enumerate(self.graph.incoming(nid)):
            if edge is None:
                ports = node.input_ports()
                what = f"input '{ports[i]}'" if len(ports) > 1 else "input"
                return NodeStats(None, error=f"{node.type} has no {what}: connect a layer to it.")
            upstream = self._stats.get(edge.src)
            if upstream is None or upstream.shape is None:
                return NodeStats(None, waiting=True)
            shapes.append(upstream.shape)
        block = node.block
        inner: tuple[InnerResult, ...] = ()
        try:
            if isinstance(block, Composite):
                inner = tuple(block.run_inner(shapes, node.params))
                out = inner[-1].output_shape
                cost = sum_costs(r.cost for r in inner)
            else:
                ins = tuple(shapes)
                out = block.infer(ins, node.params)
                cost = block.cost(ins, out, node.params)
        except NetBuilderError as exc:
            return NodeStats(None, error=str(exc))
        return NodeStats(out, cost.params, cost.flops, cost.buffers, inner=inner)


def analyse(graph: Graph) -> Analysis:
    """A fresh, fully computed :class:`Analysis` of ``graph``."""
    analysis = Analysis(graph)
    analysis.update()
    return analysis


def shapes_of(analysis: Analysis, ids: Iterable[str]) -> list[Shape | None]:
    """Output shapes of ``ids``."""
    return [analysis.stats(nid).shape for nid in ids]
