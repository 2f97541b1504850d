"""The graph model: nodes, ports, edges, validated mutations and change events.

The graph owns the network. Views and the analysis observe it through
:meth:`Graph.subscribe`; every mutation validates first, changes state, then emits one
event, so an undo command can always be written as the inverse mutation.
"""

from __future__ import annotations

import heapq
import keyword
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netbuilder.core.blocks import Block, get_block
from netbuilder.core.errors import (
    ConnectError,
    ConnectReason,
    GraphError,
    LabelError,
    LabelReason,
    ParamError,
    PortsInUseError,
)
from netbuilder.core.messages import msg
from netbuilder.core.reserved import reserved_reason

if TYPE_CHECKING:
    import networkx as nx

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_NUMBERED = re.compile(r"n([0-9]{1,63})")
#: Longest layer label (characters, after NFKC normalisation).
LABEL_MAX = 64


@dataclass
class Node:
    """One block instance on the canvas.

    Attributes
    ----------
    id : str
        Stable identifier, unique in its graph (``n12``).
    type : str
        Catalogue block type (``Conv2d``).
    params : dict
        Validated parameters, defaults filled in.
    label : str
        User-given name; also the layer's name in exported code when set.
    pos : tuple of float
        Canvas position (stored in the document, ignored by the analysis).
    frozen : bool
        The layer's parameters are not trained (they count as non-trainable).
    """

    id: str
    type: str
    params: dict[str, Any]
    label: str = ""
    pos: tuple[float, float] = (0.0, 0.0)
    frozen: bool = False
    #: ``(params, ports)``: the ports of the params dict they were read from (a node's
    #: params are replaced, never changed in place, so identity tells whether they hold)
    _ports: tuple[dict[str, Any], tuple[str, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def block(self) -> Block:
        """The catalogue block of this node."""
        return get_block(self.type)

    def input_ports(self) -> tuple[str, ...]:
        """Names of the node's ordered input ports."""
        cached = self._ports
        if cached is not None and cached[0] is self.params:
            return cached[1]
        ports = get_block(self.type).input_ports(self.params)
        self._ports = (self.params, ports)
        return ports


@dataclass(frozen=True, order=True)
class Edge:
    """A link from the output of ``src`` to input port ``port`` of ``dst``."""

    src: str
    dst: str
    port: int = 0


# -- events ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NodeAdded:
    node_id: str


@dataclass(frozen=True)
class NodeRemoved:
    node_id: str
    node: Node = field(compare=False)


@dataclass(frozen=True)
class EdgeAdded:
    edge: Edge


@dataclass(frozen=True)
class EdgeRemoved:
    edge: Edge


@dataclass(frozen=True)
class ParamsChanged:
    node_id: str
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass(frozen=True)
class LabelChanged:
    node_id: str
    old: str
    new: str


@dataclass(frozen=True)
class FrozenChanged:
    node_id: str
    old: bool
    new: bool


@dataclass(frozen=True)
class NodeMoved:
    node_id: str
    old: tuple[float, float]
    new: tuple[float, float]


@dataclass(frozen=True)
class GraphCleared:
    """Every node and edge was removed at once (new or loaded document)."""


Event = (
    NodeAdded
    | NodeRemoved
    | EdgeAdded
    | EdgeRemoved
    | ParamsChanged
    | LabelChanged
    | FrozenChanged
    | NodeMoved
    | GraphCleared
)
Listener = Callable[[Event], None]


class Graph:
    """A directed acyclic graph of blocks.

    Examples
    --------
    >>> g = Graph()
    >>> x = g.add_node("Input", {"channels": 1, "height": 28, "width": 28})
    >>> c = g.add_node("Conv2d", {"out_channels": 6, "kernel_size": 5, "padding": 2})
    >>> g.connect(x, c)
    Edge(src='n1', dst='n2', port=0)
    """

    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        # the links as a networkx DiGraph, made when first needed (a document just read
        # is analysed without it): see the _dag property
        self._dag_built: nx.DiGraph | None = None
        self._inputs: dict[tuple[str, int], Edge] = {}
        self._listeners: list[Listener] = []
        self._counter = 0
        self._order: list[str] | None = None
        # a topological position per node, kept valid link by link (Pearce-Kelly), so
        # neither the analysis nor the cycle check needs a full sort after an edit
        self._pos: dict[str, int] = {}
        self._next_pos = 0
        #: Grows with every event that can change the analysis (not moves or labels).
        self.revision = 0
        #: Grows with every event that can change layer names: nodes, links, labels
        #: (not parameters, frozen flags or moves).
        self.naming_revision = 0
        self._memo: dict[str, tuple[int, Any]] = {}

    @property
    def _dag(self) -> nx.DiGraph:
        """The links as a networkx DiGraph (source → destination), built on first use."""
        dag = self._dag_built
        if dag is None:
            import networkx as nx  # ~0.25 s to import: not before a graph is edited

            dag = nx.DiGraph()
            dag.add_nodes_from(self._nodes)
            dag.add_edges_from((e.src, e.dst) for e in self._inputs.values())
            self._dag_built = dag
        return dag

    def prepare_edits(self) -> None:
        """Build now what the first edit would otherwise build (the networkx link graph,
        and networkx's import): an app calls it when idle after opening a document."""
        self._dag  # noqa: B018 - built on access

    # -- observation ----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` after every mutation; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, event: Event) -> None:
        if not isinstance(event, (NodeMoved, LabelChanged)):
            self.revision += 1
        if not isinstance(event, (NodeMoved, ParamsChanged, FrozenChanged)):
            self.naming_revision += 1
        if self._listeners:  # none while a document is read
            for listener in list(self._listeners):
                listener(event)

    def memo(self, key: str, compute: Callable[[Graph], Any]) -> Any:
        """``compute(self)``, kept until the next event that can change layer names.

        For what depends only on nodes, links, types and labels (the layer names):
        one computation serves every edit of parameters, frozen flags and positions.
        """
        cached = self._memo.get(key)
        if cached is not None and cached[0] == self.naming_revision:
            return cached[1]
        value = compute(self)
        self._memo[key] = (self.naming_revision, value)
        return value

    # -- queries --------------------------------------------------------------------------
    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    @property
    def nodes(self) -> list[Node]:
        """Nodes in insertion order."""
        return list(self._nodes.values())

    def node(self, node_id: str) -> Node:
        """The node ``node_id``; raises :class:`GraphError` when absent."""
        try:
            return self._nodes[node_id]
        except KeyError:
            raise GraphError(msg("There is no node '{node_id}'.", node_id=node_id)) from None

    @property
    def edges(self) -> list[Edge]:
        """All edges, sorted."""
        return sorted(self._inputs.values())

    def incoming(self, node_id: str) -> list[Edge | None]:
        """The edge feeding each input port of ``node_id`` (``None`` when unconnected)."""
        ports = self.node(node_id).input_ports()
        return [self._inputs.get((node_id, i)) for i in range(len(ports))]

    def outgoing(self, node_id: str) -> list[Edge]:
        """Edges leaving ``node_id``."""
        return sorted(
            self._inputs[(dst, port)]
            for dst in self._dag.successors(node_id)
            for port in range(len(self._nodes[dst].input_ports()))
            if (dst, port) in self._inputs and self._inputs[(dst, port)].src == node_id
        )

    def successors(self, node_id: str) -> list[str]:
        """Ids of nodes fed by ``node_id``."""
        return list(self._dag.successors(node_id))

    def predecessors(self, node_id: str) -> list[str]:
        """Ids of nodes feeding ``node_id``."""
        return list(self._dag.predecessors(node_id))

    def topological_order(self) -> list[str]:
        """Node ids so that every edge goes forwards; ties keep insertion order."""
        if self._order is None:
            self._order = _document_order_sort(list(self._nodes), self._inputs.values())
        return self._order

    def position(self, node_id: str) -> int:
        """A number per node that grows along every link (not the document order).

        Kept up to date incrementally: linking two nodes renumbers only the nodes
        between them, so :class:`~netbuilder.core.analysis.Analysis` can process nodes
        in a valid order without sorting the graph.
        """
        return self._pos[node_id]

    def _order_edge(self, src: str, dst: str) -> None:
        """Keep ``_pos`` topological after linking ``src → dst`` (Pearce-Kelly)."""
        pos = self._pos
        low, high = pos[dst], pos[src]
        if low > high:
            return
        forward = self._reach(dst, self._dag.successors, lambda n: pos[n] <= high)
        backward = self._reach(src, self._dag.predecessors, lambda n: pos[n] >= low)
        moved = sorted(backward, key=pos.__getitem__) + sorted(forward, key=pos.__getitem__)
        slots = sorted(pos[n] for n in moved)
        for nid, slot in zip(moved, slots, strict=True):
            pos[nid] = slot

    @staticmethod
    def _reach(start: str, step: Callable[[str], Any], inside: Callable[[str], bool]) -> set[str]:
        """``start`` and the nodes reachable from it by ``step`` while ``inside`` holds."""
        seen, stack = {start}, [start]
        while stack:
            for nxt in step(stack.pop()):
                if nxt not in seen and inside(nxt):
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    def sources(self) -> list[str]:
        """Nodes without input ports (Input blocks)."""
        return [n.id for n in self._nodes.values() if not n.input_ports()]

    def sinks(self) -> list[str]:
        """Nodes whose output feeds nothing."""
        feeding = {edge.src for edge in self._inputs.values()}
        return [nid for nid in self._nodes if nid not in feeding]

    def index_of(self, node_id: str) -> int:
        """Position of ``node_id`` in the document order."""
        return list(self._nodes).index(node_id)

    def new_id(self) -> str:
        """A fresh, never-used node id."""
        while True:
            self._counter += 1
            candidate = f"n{self._counter}"
            if candidate not in self._nodes:
                return candidate

    # -- mutations --------------------------------------------------------------------------
    def add_node(
        self,
        type_name: str,
        params: Mapping[str, Any] | None = None,
        label: str = "",
        pos: tuple[float, float] = (0.0, 0.0),
        node_id: str | None = None,
        index: int | None = None,
        frozen: bool = False,
    ) -> str:
        """Add a block; returns its id. Parameters are validated (:class:`ParamError`).

        ``index`` puts the node at that place in the document order (undo of a delete
        restores the exact document); by default it goes last. ``frozen`` adds it frozen
        (:meth:`set_frozen`).
        """
        block = get_block(type_name)
        resolved = block.params(params)
        label = _check_label(label)
        if node_id is None:
            node_id = self.new_id()
        else:
            self._claim_id(node_id)
        self._nodes[node_id] = Node(
            node_id, type_name, resolved, label, (float(pos[0]), float(pos[1])), bool(frozen)
        )
        if index is not None and index < len(self._nodes) - 1:
            items = list(self._nodes.items())
            items.insert(index, items.pop())
            self._nodes = dict(items)
        self._dag.add_node(node_id)
        self._pos[node_id] = self._next_pos
        self._next_pos += 1
        self._order = None
        self._emit(NodeAdded(node_id))
        return node_id

    def _claim_id(self, node_id: str) -> None:
        """Check a given id is valid and free; keep :meth:`new_id` from reusing it."""
        if node_id in self._nodes:
            raise GraphError(msg("A node called '{node_id}' already exists.", node_id=node_id))
        match = _NUMBERED.fullmatch(node_id)  # n12: a valid id (the usual case)
        if match is None and not _ID.match(node_id):
            raise GraphError(
                msg("'{node_id}' is not a valid node id (letters, digits, _).", node_id=node_id)
            )
        if match:
            number = int(match.group(1))
            if number > self._counter:
                self._counter = number

    def remove_node(self, node_id: str) -> Node:
        """Remove a node and its edges (an :class:`EdgeRemoved` event for each first)."""
        node = self.node(node_id)
        for edge in [e for e in self._inputs.values() if node_id in (e.src, e.dst)]:
            self.disconnect(edge)
        dag = self._dag  # built (if not yet) while it still has the node
        del self._nodes[node_id]
        dag.remove_node(node_id)
        del self._pos[node_id]
        self._order = None
        self._emit(NodeRemoved(node_id, node))
        return node

    def check_connect(self, src: str, dst: str, port: int = 0) -> ConnectError | None:
        """Why linking ``src`` to input ``port`` of ``dst`` is refused, or ``None``.

        Structural checks only (same node, missing port, port taken, cycle); the
        analysis adds the rank check, which needs shapes.
        """
        source, target = self.node(src), self.node(dst)
        error = self._link_error(target, src, dst, port)
        if error is not None:
            return error
        if self._pos[src] > self._pos[dst] and src in self._reach(
            dst, self._dag.successors, lambda n: self._pos[n] <= self._pos[src]
        ):
            return ConnectError(
                ConnectReason.CYCLE,
                msg(
                    "Linking {source} to {target} would make a loop; networks here must flow one "
                    "way.",
                    source=_name(source),
                    target=_name(target),
                ),
            )
        return None

    def _link_error(self, target: Node, src: str, dst: str, port: int) -> ConnectError | None:
        """:meth:`check_connect` without the cycle check (same node, port, port taken)."""
        ports = target.input_ports()
        if src == dst:
            return ConnectError(ConnectReason.SAME_NODE, msg("A block cannot feed itself."))
        if not ports:
            return ConnectError(
                ConnectReason.NO_INPUTS,
                msg("{type} has no input port; data starts here.", type=target.type),
            )
        if not 0 <= port < len(ports):
            return ConnectError(
                ConnectReason.NO_SUCH_PORT,
                msg("{type} has no input port {value}.", type=target.type, value=port + 1),
            )
        taken = self._inputs.get((dst, port))
        if taken is not None:
            if taken.src == src:
                return ConnectError(ConnectReason.DUPLICATE, msg("These ports are already linked."))
            return ConnectError(
                ConnectReason.PORT_TAKEN,
                msg(
                    "Input '{ports}' of {target} is already fed by {nodes}; remove that link "
                    "first.",
                    ports=ports[port],
                    target=_name(target),
                    nodes=_name(self._nodes[taken.src]),
                ),
            )
        return None

    def connect(self, src: str, dst: str, port: int = 0) -> Edge:
        """Link ``src``'s output to input ``port`` of ``dst``; raises :class:`ConnectError`."""
        error = self.check_connect(src, dst, port)
        if error is not None:
            raise error
        edge = Edge(src, dst, port)
        self._inputs[(dst, port)] = edge
        self._dag.add_edge(src, dst)
        self._order_edge(src, dst)
        self._order = None
        self._emit(EdgeAdded(edge))
        return edge

    def disconnect(self, edge: Edge) -> None:
        """Remove ``edge``; raises :class:`GraphError` if it is not in the graph."""
        if self._inputs.get((edge.dst, edge.port)) != edge:
            raise GraphError(msg("That link does not exist."))
        dag = self._dag  # built (if not yet) while it still has the link
        del self._inputs[(edge.dst, edge.port)]
        if not any(e.src == edge.src for e in self.incoming(edge.dst) if e is not None):
            dag.remove_edge(edge.src, edge.dst)
            self._order = None
        self._emit(EdgeRemoved(edge))

    def set_params(self, node_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change some parameters of a node; returns the old parameters.

        Raises
        ------
        ParamError
            Naming the parameter, when a value is invalid.
        GraphError
            When the change would drop an input port that has a link.
        """
        node = self.node(node_id)
        old = dict(node.params)
        new = self._resolve_params(node, changes)
        if new == old:
            return old
        node.params = new
        self._emit(ParamsChanged(node_id, old, dict(new)))
        return old

    def check_params(
        self, node_id: str, changes: Mapping[str, Any]
    ) -> ParamError | PortsInUseError | None:
        """Why :meth:`set_params` would refuse ``changes``, or ``None``.

        A :class:`ParamError` names the parameter; a :class:`PortsInUseError` the linked
        input port the change would drop.
        """
        try:
            self._resolve_params(self.node(node_id), changes)
        except (ParamError, PortsInUseError) as exc:
            return exc
        return None

    def _resolve_params(self, node: Node, changes: Mapping[str, Any]) -> dict[str, Any]:
        new = node.block.params({**node.params, **changes})
        kept = len(node.block.input_ports(new))
        for port, edge in enumerate(self.incoming(node.id)):
            if edge is not None and port >= kept:
                raise PortsInUseError(
                    port,
                    msg(
                        "Input port {value} of {node} is linked; remove that link before reducing "
                        "the inputs.",
                        value=port + 1,
                        node=_name(node),
                    ),
                )
        return new

    @staticmethod
    def check_label(label: str) -> LabelError | None:
        """Why ``label`` (stripped) cannot name a layer, or ``None`` (``""``: automatic).

        Any Python identifier of at most :data:`LABEL_MAX` characters that is neither a
        keyword nor a reserved ``nn.Module`` attribute names a layer (``conv1``,
        ``卷积1``), judged in NFKC form as Python reads identifiers (:func:`label_key`).
        A module path names a layer inside ``nn.Sequential`` containers: such names
        joined by dots, any part after the first may be an index (``features.0``,
        ``layer1.0``, ``features.denseblock1``).
        """
        name = label_key(label)
        if not name:
            return None
        first, *rest = name.split(".")
        names = [first]  # the parts that are names, not indices
        valid = len(name) <= LABEL_MAX and first.isidentifier()
        for part in rest:
            if part.isidentifier():
                names.append(part)
            elif not _is_index(part):
                valid = False
        if not valid:
            return LabelError(
                LabelReason.NOT_IDENTIFIER,
                msg(
                    "'{strip}' cannot name a layer: use at most {LABEL_MAX} letters, digits and _ "
                    "(not first a digit), or a module path such as features.0.",
                    strip=label.strip(),
                    LABEL_MAX=LABEL_MAX,
                ),
            )
        for part in names:
            if keyword.iskeyword(part):
                return LabelError(
                    LabelReason.KEYWORD,
                    msg(
                        "'{part}' cannot name a layer: it is a Python keyword (pick e.g. "
                        "'my_{part}').",
                        part=part,
                    ),
                )
            reason = reserved_reason(part)
            if reason:
                return LabelError(LabelReason.RESERVED, reason)
        return None

    def set_label(self, node_id: str, label: str) -> str:
        """Rename a node; returns the old label."""
        node = self.node(node_id)
        old = node.label
        label = _check_label(label)
        if label != old:
            node.label = label
            self._emit(LabelChanged(node_id, old, label))
        return old

    def set_frozen(self, node_id: str, frozen: bool) -> bool:
        """Freeze (or unfreeze) a node's parameters for training; returns the old flag."""
        node = self.node(node_id)
        old = node.frozen
        if bool(frozen) != old:
            node.frozen = bool(frozen)
            self._emit(FrozenChanged(node_id, old, bool(frozen)))
        return old

    def move(self, node_id: str, pos: tuple[float, float]) -> tuple[float, float]:
        """Move a node on the canvas; returns the old position."""
        node = self.node(node_id)
        old = node.pos
        new = (float(pos[0]), float(pos[1]))
        if new != old:
            node.pos = new
            self._emit(NodeMoved(node_id, old, new))
        return old

    def clear(self) -> None:
        """Remove everything (one :class:`GraphCleared` event)."""
        self._nodes.clear()
        self._inputs.clear()
        self._dag_built = None
        self._pos.clear()
        self._next_pos = 0
        self._counter = 0
        self._order = None
        self._emit(GraphCleared())

    def __iter__(self) -> Iterator[Node]:
        return iter(list(self._nodes.values()))

    # -- copies ---------------------------------------------------------------------------
    def snapshot(self) -> GraphSnapshot:
        """An immutable copy of the nodes and links, cheap enough for every edit.

        Parameter dicts are shared, not copied: :meth:`set_params` replaces a node's
        dict and never changes one in place. :meth:`GraphSnapshot.to_graph` builds a full
        :class:`Graph` from it, anywhere (e.g. code generation in a worker process).
        """
        return GraphSnapshot(
            tuple((n.id, n.type, n.params, n.label, n.pos, n.frozen) for n in self._nodes.values()),
            tuple(self._inputs.values()),
            self._counter,
        )


class GraphLoader:
    """Builds a :class:`Graph` from many nodes and links at once (a document being read).

    Every check of :meth:`Graph.add_node` and :meth:`Graph.connect` applies, with the
    same errors, but without an event or a topological renumbering per call: a
    50,000-node document is read in a fraction of the time. Loops are found once, at
    :meth:`finish`; the incremental mode (``incremental=True``) links one by one
    through :meth:`Graph.connect` and so names the link that closes a loop.
    """

    def __init__(self, incremental: bool = False) -> None:
        self.graph = Graph()
        self.incremental = incremental
        # validated parameters by (type, given parameters): a document repeats a few
        # settings many times (every ReLU, the same conv); lives as long as the read
        self._resolved: dict[tuple, dict[str, Any]] = {}

    def add_node(
        self,
        node_id: str,
        type_name: str,
        params: Mapping[str, Any],
        label: str,
        pos: tuple[float, float],
        frozen: bool,
    ) -> None:
        """Add a node; raises what :meth:`Graph.add_node` raises (params before the id)."""
        graph = self.graph
        if self.incremental:
            graph.add_node(type_name, params, "", pos, node_id=node_id, frozen=frozen)
            if label:
                graph.set_label(node_id, label)
            return
        resolved = self._params(type_name, params)
        graph._claim_id(node_id)
        label = _check_label(label) if label else ""
        graph._nodes[node_id] = Node(
            node_id, type_name, resolved, label, (float(pos[0]), float(pos[1])), frozen
        )

    def _params(self, type_name: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """``get_block(type_name).params(params)``, validated once per distinct setting
        (a copy per node: no two nodes share a dict)."""
        try:  # the value types are part of the key: True == 1 and 1 == 1.0 in Python
            key = (type_name, tuple(params.items()), tuple(map(type, params.values())))
            known = self._resolved.get(key)
        except TypeError:  # a list value (two sizes) is no key: validate it as it is
            return get_block(type_name).params(params)
        if known is None:
            known = self._resolved[key] = get_block(type_name).params(params)
        return dict(known)

    def connect(self, src: str, dst: str, port: int) -> None:
        """Link two added nodes; raises :class:`ConnectError` (loops: see :meth:`finish`)."""
        graph = self.graph
        if self.incremental:
            graph.connect(src, dst, port)
            return
        error = graph._link_error(graph._nodes[dst], src, dst, port)
        if error is not None:
            raise error
        graph._inputs[(dst, port)] = Edge(src, dst, port)

    def finish(self) -> Graph | None:
        """The graph, or ``None`` when its links make a loop (read it again incrementally)."""
        graph = self.graph
        if self.incremental:
            return graph
        return graph if _assemble(graph) else None


def _assemble(graph: Graph) -> bool:
    """Build the DAG and the topological positions of a graph whose nodes and inputs are
    set; ``False`` when the links make a loop."""
    graph._dag_built = None  # built when first asked for
    order = graph.topological_order()
    if len(order) < len(graph._nodes):
        return False
    graph._pos = {nid: i for i, nid in enumerate(order)}
    graph._next_pos = len(order)
    return True


@dataclass(frozen=True)
class GraphSnapshot:
    """The nodes and links of a :class:`Graph` at one moment (see :meth:`Graph.snapshot`)."""

    #: ``(id, type, params, label, pos, frozen)`` per node, in document order.
    nodes: tuple[tuple[str, str, dict[str, Any], str, tuple[float, float], bool], ...]
    edges: tuple[Edge, ...]
    counter: int

    def to_graph(self) -> Graph:
        """A new graph equal to the copied one: same ids, order, params, labels, links."""
        graph = Graph()
        graph._nodes = {fields[0]: Node(*fields) for fields in self.nodes}
        graph._inputs = {(e.dst, e.port): e for e in self.edges}
        _assemble(graph)  # a copy of an acyclic graph
        graph._counter = self.counter
        return graph


def _is_index(part: str) -> bool:
    """``part`` is a container index: ASCII digits without a leading zero (``0``, ``12``)."""
    return part.isascii() and part.isdigit() and (part == "0" or part[0] != "0")


def _document_order_sort(ids: list[str], edges: Iterable[Edge]) -> list[str]:
    """Kahn's topological sort taking, of the nodes ready, the first in document order.

    The order ``nx.lexicographical_topological_sort(dag, key=index)`` gives, with a heap
    of plain document indices (a 50,000-node network in a fraction of its time). Nodes
    on a loop are left out (the result is shorter than ``ids``).
    """
    index = {nid: i for i, nid in enumerate(ids)}
    waiting = dict.fromkeys(ids, 0)
    successors: dict[str, list[str]] = {}
    for edge in edges:  # two links between the same nodes: counted twice, released twice
        src, dst = edge.src, edge.dst
        waiting[dst] += 1
        if src in successors:
            successors[src].append(dst)
        else:
            successors[src] = [dst]
    ready = [index[nid] for nid, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        nid = ids[heapq.heappop(ready)]
        order.append(nid)
        for nxt in successors.get(nid, ()):
            waiting[nxt] -= 1
            if not waiting[nxt]:
                heapq.heappush(ready, index[nxt])
    return order


def label_key(label: str) -> str:
    """``label`` stripped and NFKC-normalised: the attribute name Python makes of it.

    Python normalises identifiers to NFKC when it reads source, so ``ｃｏｎｖ`` (full
    width) and ``conv`` are one name; labels are stored in this form so that two that
    Python would merge are seen as the same name.
    """
    return unicodedata.normalize("NFKC", label.strip())


def _check_label(label: str) -> str:
    """``label`` as stored (:func:`label_key`); raises :class:`LabelError` when unusable."""
    error = Graph.check_label(label)
    if error is not None:
        raise error
    return label_key(label)


def _name(node: Node) -> str:
    return node.label or f"{node.type} ({node.id})"
