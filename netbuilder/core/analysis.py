"""Analysis: output shape, parameters, FLOPs and errors of every node.

Pure arithmetic in topological order (no torch forward pass), so it is instant at any
input resolution. After a graph event only the touched nodes are recomputed, and the
change propagates downstream only while a node's output actually changes.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from netbuilder.core import groups as _groups  # noqa: F401 - gives group blocks their graph tools
from netbuilder.core.blocks import Block, Composite, Shape, get_block
from netbuilder.core.blocks.base import Cost, sum_costs
from netbuilder.core.blocks.composite import InnerResult
from netbuilder.core.collector import collector_paused
from netbuilder.core.errors import (
    ConnectError,
    ConnectReason,
    InsertError,
    InsertReason,
    NetBuilderError,
    RankError,
    ShapeError,
)
from netbuilder.core.graph import (
    Edge,
    EdgeAdded,
    EdgeRemoved,
    Event,
    FrozenChanged,
    Graph,
    GraphCleared,
    NodeAdded,
    NodeRemoved,
    ParamsChanged,
)
from netbuilder.core.messages import message_of, msg
from netbuilder.core.naming import layer_names
from netbuilder.core.receptive_field import ReceptiveField, node_field

WAITING = msg("waiting for input")
#: Output shape, cost and inner results by (type, parameters, input shapes).
_Repeats = dict[tuple, tuple[Shape, Cost, tuple[InnerResult, ...]]]


@dataclass(slots=True)
class NodeStats:
    """What the analysis knows about one node (never changed once made: a new one
    replaces it; not frozen because a frozen dataclass is three times slower to make).

    Attributes
    ----------
    shape : tuple of int or None
        Output shape without the batch dimension; ``None`` when unknown.
    params, flops, buffers : int
        Parameters (trainable unless the node is frozen), multiply-adds per sample,
        non-trainable state.
    error : str or None
        A sentence when this node itself cannot be computed.
    waiting : bool
        True when an upstream node has an error or an input port is empty upstream;
        such a node has no error of its own.
    inner : tuple of InnerResult
        Per-layer stats of a composite block.
    vocab : int or None
        When the output is token ids (integers), how many distinct ids; ``None`` for
        floating-point data.
    frozen : bool
        The node is frozen: its ``params`` are not trained (:attr:`trainable` is 0).
    receptive_field : ReceptiveField or None
        Size, jump and start per spatial axis (:mod:`~netbuilder.core.receptive_field`);
        ``None`` for vectors and token sequences.
    """

    shape: Shape | None
    params: int = 0
    flops: int = 0
    buffers: int = 0
    error: str | None = None
    waiting: bool = False
    inner: tuple[InnerResult, ...] = field(default=(), compare=False)
    vocab: int | None = None
    frozen: bool = False
    receptive_field: ReceptiveField | None = None

    @property
    def trainable(self) -> int:
        """Parameters the trainer updates: ``params``, or 0 for a frozen node."""
        return 0 if self.frozen else self.params

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
    """Stats of a :class:`Graph`, kept up to date incrementally.

    A live analysis (the default) subscribes to the graph and must be closed when its
    owner is done with it: call :meth:`close` or use it as a context manager. A
    snapshot (:meth:`snapshot`, :func:`analyse`) does not subscribe; when the graph has
    changed since, its next query recomputes everything.

    Queries (:meth:`stats`, :meth:`all`, :meth:`totals` ...) never notify listeners;
    only :meth:`update` does, so the owner decides when views hear about changes.

    Parameters
    ----------
    graph : Graph
        The graph to analyse.
    live : bool
        Subscribe to the graph (True) or take a snapshot (False).
    """

    def __init__(self, graph: Graph, *, live: bool = True) -> None:
        self.graph = graph
        self._stats: dict[str, NodeStats] = {}
        self._listeners: list[Listener] = []
        self.recomputed = 0  # nodes recomputed by the last update (for tests and benches)
        self._reset()
        self._unsubscribe: Callable[[], None] | None = (
            graph.subscribe(self._on_event) if live else None
        )

    @classmethod
    def snapshot(cls, graph: Graph) -> Analysis:
        """A fully computed analysis that does not subscribe to ``graph``."""
        analysis = cls(graph, live=False)
        analysis.update()
        return analysis

    @property
    def live(self) -> bool:
        """True while the analysis observes its graph."""
        return self._unsubscribe is not None

    def close(self) -> None:
        """Stop observing the graph (later queries behave like a snapshot's)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def __enter__(self) -> Analysis:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(changed_ids)`` after each :meth:`update` that changed stats."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- bookkeeping ----------------------------------------------------------------------
    def _reset(self) -> None:
        """Forget every result; every node is dirty (new graph content)."""
        self._stats.clear()
        self._dirty: set[str] = set(n.id for n in self.graph)
        self._pending: set[str] = set()  # changed by a query's recompute, not yet told
        self._revision = self.graph.revision
        self._params = self._flops = self._buffers = self._errors = self._unknown = 0
        self._trainable = 0

    def _put(self, nid: str, new: NodeStats) -> NodeStats | None:
        """Store ``new`` for ``nid``, keeping the running totals; returns the old stats."""
        old = self._stats.get(nid)
        if old is not None:
            self._count(old, -1)
        self._stats[nid] = new
        self._count(new, 1)
        return old

    def _drop(self, nid: str) -> None:
        old = self._stats.pop(nid, None)
        if old is not None:
            self._count(old, -1)

    def _count(self, stats: NodeStats, sign: int) -> None:
        self._params += sign * stats.params
        self._trainable += sign * stats.trainable
        self._flops += sign * stats.flops
        self._buffers += sign * stats.buffers
        self._errors += sign * (stats.error is not None)
        self._unknown += sign * (stats.shape is None)

    # -- events ---------------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        self._revision = self.graph.revision
        if isinstance(event, NodeAdded):
            self._dirty.add(event.node_id)
        elif isinstance(event, (ParamsChanged, FrozenChanged)):
            self._dirty.add(event.node_id)
        elif isinstance(event, EdgeAdded):
            self._dirty.add(event.edge.dst)
        elif isinstance(event, EdgeRemoved):
            if event.edge.dst in self.graph:
                self._dirty.add(event.edge.dst)
        elif isinstance(event, NodeRemoved):
            self._drop(event.node_id)
            self._dirty.discard(event.node_id)
            self._pending.discard(event.node_id)
        elif isinstance(event, GraphCleared):
            self._reset()

    def _refresh(self) -> None:
        """Bring the results up to date without telling anyone (queries use this)."""
        if self._unsubscribe is None and self._revision != self.graph.revision:
            self._reset()  # a snapshot of a graph that changed since
        if self._dirty:
            self._pending |= self._recompute()

    # -- queries --------------------------------------------------------------------------
    def stats(self, node_id: str) -> NodeStats:
        """Stats of one node."""
        self._refresh()
        return self._stats[node_id]

    def all(self) -> dict[str, NodeStats]:
        """Stats of every node, in topological order."""
        self._refresh()
        return {nid: self._stats[nid] for nid in self.graph.topological_order()}

    def totals(self) -> Totals:
        """Sums over the graph (kept as running sums: no walk over the nodes)."""
        self._refresh()
        return Totals(
            params=self._params,
            trainable=self._trainable,
            flops=self._flops,
            buffers=self._buffers,
            errors=self._errors,
        )

    def errors(self) -> list[tuple[str, str]]:
        """``(node_id, sentence)`` for every node with an error, in topological order."""
        self._refresh()
        if not self._errors:
            return []
        return [
            (nid, error)
            for nid in self.graph.topological_order()
            if (error := self._stats[nid].error) is not None
        ]

    def is_valid(self) -> bool:
        """True when every node has a shape."""
        self._refresh()
        return self._unknown == 0

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
            return ConnectError(ConnectReason.RANK_MISMATCH, message_of(exc))
        except NetBuilderError:
            return None
        return None

    def check_insert(self, type_name: str, edge: Edge) -> InsertError | None:
        """Why a new ``type_name`` block (default parameters) cannot sit on ``edge``.

        ``None`` when it can: it has an input, accepts what the link carries, and the
        block after it accepts its output (checked where shapes are known).
        """
        block = get_block(type_name)
        params = block.params({})
        ports = block.input_ports(params)
        if not ports:
            return InsertError(
                InsertReason.NO_INPUT,
                msg("{type_name} has no input, so it cannot sit on a link.", type_name=type_name),
            )
        shape = self.stats(edge.src).shape
        if shape is None or len(ports) != 1:
            return None
        try:
            out = block.infer((shape,), params)
        except NetBuilderError as exc:
            return InsertError(InsertReason.REFUSES_INPUT, message_of(exc))
        dst = self.graph.node(edge.dst)
        if len(dst.input_ports()) == 1:
            try:
                dst.block.infer((out,), dst.params)
            except NetBuilderError as exc:
                return InsertError(InsertReason.NEXT_REFUSES, message_of(exc))
        return None

    # -- computation ----------------------------------------------------------------------
    def update(self) -> set[str]:
        """Recompute dirty nodes, then tell listeners which nodes' stats changed.

        Returns the ids told (also those a query recomputed since the last update).
        """
        self.recomputed = 0
        self._refresh()
        changed, self._pending = self._pending, set()
        if changed:
            for listener in list(self._listeners):
                listener(changed)
        return changed

    def _recompute(self) -> set[str]:
        """Dirty nodes and, while outputs change, their successors, in topological order."""
        if not self._stats and len(self._dirty) == len(self.graph):
            return self._compute_all()
        position = self.graph.position  # kept incrementally by the graph: no sort here
        heap = [(position(nid), nid) for nid in self._dirty if nid in self.graph]
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
            old = self._put(nid, new)
            if old != new:
                changed.add(nid)
                if old is None or _feeds(old) != _feeds(new):
                    for succ in self.graph.successors(nid):
                        if succ not in queued:
                            queued.add(succ)
                            heapq.heappush(heap, (position(succ), succ))
        self.recomputed = count
        return changed

    def _compute_all(self) -> set[str]:
        """Every node, nothing known yet (a document just read): one pass in the
        graph's topological positions, without a queue or successor walks."""
        position = self.graph.position
        order = sorted(self._dirty, key=position)
        self._dirty.clear()
        # a network repeats layers (every ReLU of a width, ResNet's equal blocks): their
        # shape and cost are computed once per (type, parameters, input shapes) in this pass
        repeats: _Repeats = {}
        with collector_paused():  # many lasting objects, none garbage (as when reading)
            for nid in order:
                self._put(nid, self._compute(nid, repeats))
        self.recomputed = len(order)
        return set(order)

    def recompute_all(self) -> dict[str, NodeStats]:
        """Forget everything and recompute (the reference for incremental updates)."""
        self._reset()
        return self.all()

    def _compute(
        self,
        nid: str,
        repeats: _Repeats | None = None,
    ) -> NodeStats:
        """The stats of ``nid`` from its inputs' stats; ``repeats`` keeps the shape and cost
        of each (type, parameters, input shapes) computed (validated parameters: one
        type per parameter, so equal keys mean equal settings)."""
        graph = self.graph
        node = graph._nodes[nid]
        feeds = graph._inputs
        stats = self._stats
        shapes: list[Shape] = []
        vocabs: list[int | None] = []
        fields: list[ReceptiveField | None] = []
        for i, port in enumerate(node.input_ports()):
            edge = feeds.get((nid, i))
            if edge is None:
                ports = node.input_ports()
                what = msg("input '{ports}'", ports=port) if len(ports) > 1 else msg("input")
                return NodeStats(
                    None,
                    error=msg(
                        "{type} has no {what}: connect a layer to it.", type=node.type, what=what
                    ),
                )
            upstream = stats.get(edge.src)
            if upstream is None or upstream.shape is None:
                return NodeStats(None, waiting=True)
            shapes.append(upstream.shape)
            vocabs.append(upstream.vocab)
            fields.append(upstream.receptive_field)
        block = node.block
        inner: tuple[InnerResult, ...] = ()
        ins = tuple(shapes)
        key = known = None
        if repeats is not None and not block.takes_tokens and vocabs.count(None) == len(vocabs):
            try:
                key = (node.type, tuple(node.params.items()), ins)
                known = repeats.get(key)
            except TypeError:  # a list value (two sizes)
                key = None
        if known is not None:
            out, cost, inner = known
        else:
            try:
                if block.takes_tokens or vocabs.count(None) < len(vocabs):
                    _check_data_type(node.type, block, vocabs, node.params)
                if block.composite:
                    inner = tuple(block.run_inner(ins, node.params))  # type: ignore[attr-defined]
                    out = inner[-1].output_shape
                    cost = sum_costs(r.cost for r in inner)
                else:
                    out = block.infer(ins, node.params)
                    cost = block.cost(ins, out, node.params)
            except NetBuilderError as exc:
                return NodeStats(None, error=message_of(exc))
            if key is not None:
                repeats[key] = (out, cost, inner)  # type: ignore[index]
        return NodeStats(
            out,
            cost.params,
            cost.flops,
            cost.buffers,
            None,
            False,
            inner,
            block.output_vocab(node.params),
            node.frozen,
            node_field(block, node.params, shapes, fields, out, inner),
        )

    # -- validity as export, compile and training see it ------------------------------------
    def graph_problems(self) -> list[str]:
        """Why the graph as a whole cannot become one model, beside node errors.

        Empty graph, no Input or several, several outputs: each one sentence.
        """
        graph = self.graph
        if not len(graph):
            return ["the network is empty; add an Input block."]
        problems = []
        inputs = graph.sources()
        if len(inputs) != 1:
            problems.append(f"a network needs exactly one Input block (it has {len(inputs)}).")
        sinks = [nid for nid in graph.sinks() if graph.node(nid).input_ports()]
        if len(sinks) > 1:
            names = layer_names(graph)
            listed = ", ".join(names[s] for s in sinks)
            problems.append(
                f"the network has several outputs ({listed}); connect or delete all but one."
            )
        return problems

    def problems(self) -> list[str]:
        """Every reason export, compile and training refuse the graph; empty when valid.

        Node errors come first as ``name: sentence``, then :meth:`graph_problems`. The one
        notion of a valid network: ``netbuilder summary`` exits 1 exactly when this is
        not empty.
        """
        errors = self.errors()
        named: list[str] = []
        if errors:
            names = layer_names(self.graph)
            named = [f"{names[nid]}: {message}" for nid, message in errors]
        return named + self.graph_problems()


def _feeds(stats: NodeStats) -> tuple:
    """What a node passes to its successors' computation (they recompute when it changes)."""
    return stats.shape, stats.vocab, stats.receptive_field


def _check_data_type(type_name: str, block: Block, vocabs: list[int | None], params: dict) -> None:
    """Token ids (integers) go into blocks that take them, and fit their vocabulary."""
    tokens = [v for v in vocabs if v is not None]
    if block.takes_tokens:
        if len(tokens) < len(vocabs):
            raise ShapeError(
                msg(
                    "{type_name} needs token ids (integers) but gets floating-point values — feed "
                    "it from an Input of kind 'tokens'.",
                    type_name=type_name,
                )
            )
        for vocab in tokens:
            block.check_vocab(vocab, params)
    elif tokens:
        raise ShapeError(
            msg("{type_name} gets token ids — add an Embedding first.", type_name=type_name)
        )


def analyse(graph: Graph) -> Analysis:
    """A fully computed snapshot of ``graph`` (:meth:`Analysis.snapshot`; no subscription)."""
    return Analysis.snapshot(graph)


def node_output(
    block: Block, shapes: Sequence[Shape], vocabs: Sequence[int | None], params: dict
) -> Shape:
    """Output shape of one ``block`` fed ``shapes`` (token ids where ``vocabs`` say so).

    The same rules the analysis applies to a node, for a node that is not in a graph
    yet (one-click fixes try their edit with it before offering it).

    Raises
    ------
    NetBuilderError
        With the sentence the node would show.
    """
    _check_data_type(block.type, block, list(vocabs), params)
    if isinstance(block, Composite):
        return block.run_inner(tuple(shapes), params)[-1].output_shape
    return block.infer(tuple(shapes), params)
