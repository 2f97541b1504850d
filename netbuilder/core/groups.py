"""Making and taking apart user groups (see :mod:`netbuilder.core.blocks.group`).

:func:`make_definition` is the one check of a group's structure, used for groups made
from a selection (:func:`plan_group`) and for groups read from a file. :func:`group_nodes`
and :func:`ungroup_node` are the graph edits behind Edit → Group / Ungroup; each returns
what its undo needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from netbuilder.core.blocks.group import GRAPH_TOOLS, GROUP_TYPE, GroupDef
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Graph
from netbuilder.core.naming import layer_names

#: Most input ports a group may have.
MAX_GROUP_INPUTS = 16
#: Longest group name (characters).
NAME_MAX = 64
#: Deepest nesting of groups in groups.
MAX_GROUP_DEPTH = 8


class GroupingError(NetBuilderError):
    """A group cannot be made (or read) as asked.

    Attributes
    ----------
    where : str
        JSON path of the problem inside a stored definition (``.inputs[0][1].dst``);
        empty when it concerns the definition as a whole.
    """

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


def check_group_name(name: str) -> str | None:
    """Why ``name`` cannot name a group, or ``None``."""
    text = name.strip()
    if not text:
        return "A group needs a name."
    if len(text) > NAME_MAX:
        return f"A group name has at most {NAME_MAX} characters."
    if not text.isprintable():
        return "A group name cannot hold control characters."
    return None


def make_definition(
    name: str, inner: Graph, inputs: Sequence[Sequence[tuple[str, int]]], output: str
) -> GroupDef:
    """Check a group's structure and return its definition.

    Parameters
    ----------
    name : str
        The group's name.
    inner : Graph
        Its inner nodes and links; the ports the group's inputs feed are left open.
    inputs : sequence of sequence of (str, int)
        Per input of the group, the inner ``(node, port)`` pairs it feeds.
    output : str
        The inner node whose output leaves the group.

    Raises
    ------
    GroupingError
        One sentence and, where it applies, the JSON path of the problem.
    """
    problem = check_group_name(name)
    if problem:
        raise GroupingError(problem, ".name")
    nodes = inner.nodes
    if not nodes:
        raise GroupingError("A group needs at least one layer.", ".nodes")
    index = {node.id: i for i, node in enumerate(nodes)}
    for i, node in enumerate(nodes):
        if not node.input_ports():
            raise GroupingError(
                f"A group cannot hold an {node.type} block; data enters a group through its links.",
                f".nodes[{i}].type",
            )
    if not 1 <= len(inputs) <= MAX_GROUP_INPUTS:
        raise GroupingError(
            f"A group takes 1 to {MAX_GROUP_INPUTS} inputs, not {len(inputs)}.", ".inputs"
        )
    fed: set[tuple[str, int]] = {(e.dst, e.port) for e in inner.edges}
    for k, targets in enumerate(inputs):
        if not targets:
            raise GroupingError("Each input of a group must feed a layer.", f".inputs[{k}]")
        for j, (dst, port) in enumerate(targets):
            if dst not in index:
                raise GroupingError(
                    "An input of the group must feed a layer of the group.",
                    f".inputs[{k}][{j}].dst",
                )
            if not 0 <= port < len(inner.node(dst).input_ports()):
                raise GroupingError(
                    f"{inner.node(dst).type} has no input port {port + 1}.",
                    f".inputs[{k}][{j}].port",
                )
            if (dst, port) in fed:
                raise GroupingError(
                    "That input port is already fed; each port takes one link.",
                    f".inputs[{k}][{j}]",
                )
            fed.add((dst, port))
    names = layer_names(inner)
    for node in nodes:
        for port, entry in enumerate(node.input_ports()):
            if (node.id, port) not in fed:
                raise GroupingError(
                    f"Input '{entry}' of {names[node.id]} is not connected; connect it "
                    "before grouping.",
                    f".nodes[{index[node.id]}]",
                )
    if output not in index:
        raise GroupingError("The output must name a layer of the group.", ".output")
    for node in nodes:
        if node.id != output and not inner.successors(node.id):
            raise GroupingError(
                f"The output of {names[node.id]} goes nowhere; a group has one output "
                f"({names[output]}).",
                f".nodes[{index[node.id]}]",
            )
    depth = 1 + max((_depth(n.params["group"]) for n in nodes if n.type == GROUP_TYPE), default=0)
    if depth > MAX_GROUP_DEPTH:
        raise GroupingError(f"Groups nest at most {MAX_GROUP_DEPTH} deep.", ".nodes")
    snapshot = inner.snapshot()
    return GroupDef(
        name.strip(),
        snapshot.nodes,
        tuple((e.src, e.dst, e.port) for e in inner.edges),
        tuple(tuple((dst, int(port)) for dst, port in targets) for targets in inputs),
        output,
    )


def _depth(definition: GroupDef) -> int:
    inner = [p["group"] for _i, t, p, *_ in definition.nodes if t == GROUP_TYPE]
    return 1 + max((_depth(d) for d in inner), default=0)


def inner_graph_of(definition: GroupDef) -> Graph:
    """A :class:`Graph` of the definition's inner nodes and links (inputs left open)."""
    graph = Graph()
    for node_id, type_name, params, label, pos, frozen in definition.nodes:
        graph.add_node(type_name, params, label, pos, node_id=node_id, frozen=frozen)
    for src, dst, port in definition.edges:
        graph.connect(src, dst, port)
    return graph


def shell_graph(definition: GroupDef) -> tuple[Graph, list[str]]:
    """The inner graph with an Input node per group input linked where it feeds.

    Returns the graph and the ids of the Input nodes, by input index. The Input
    nodes' parameters are placeholders: only the structure and names are meant.
    """
    graph = inner_graph_of(definition)
    taken = {entry[0] for entry in definition.nodes}
    ids = []
    for k, targets in enumerate(definition.inputs):
        node_id = f"group_input_{k + 1}"
        while node_id in taken:
            node_id += "_"
        taken.add(node_id)
        graph.add_node("Input", {}, node_id=node_id, index=k)
        ids.append(node_id)
        for dst, port in targets:
            graph.connect(node_id, dst, port)
    return graph, ids


def inner_layer_names(definition: GroupDef) -> dict[str, str]:
    """Layer name per inner node, as the group's exported class names its layers."""
    graph, inputs = shell_graph(definition)
    names = layer_names(graph)
    for node_id in inputs:
        del names[node_id]
    return names


# -- grouping a selection -----------------------------------------------------------------------
@dataclass(frozen=True)
class GroupPlan:
    """What Edit → Group does to a graph.

    Attributes
    ----------
    definition : GroupDef
        The new group.
    node_ids : tuple of str
        The grouped nodes, in document order (they are removed).
    sources : tuple of str
        The outside node feeding each input of the group.
    consumers : tuple of (str, int)
        The outside ``(node, port)`` pairs the group's output feeds.
    pos : tuple of float
        Where the group's card goes (the centre of the grouped cards).
    index : int
        Its place in the document order (the first grouped node's).
    frozen : bool
        The grouped layers are frozen (all of them: a group is frozen as a whole).
    """

    definition: GroupDef
    node_ids: tuple[str, ...]
    sources: tuple[str, ...]
    consumers: tuple[tuple[str, int], ...]
    pos: tuple[float, float]
    index: int
    frozen: bool = False


def plan_group(graph: Graph, node_ids: Iterable[str], name: str) -> GroupPlan:
    """Check that ``node_ids`` can become one group called ``name``; say how.

    Raises
    ------
    GroupingError
        With a sentence saying why not (an Input selected, several outputs, data that
        leaves the selection and comes back, an unconnected port ...).
    """
    chosen = set(node_ids)
    if not chosen:
        raise GroupingError("Select the layers to group first.")
    for node_id in chosen:
        graph.node(node_id)  # raises for an unknown id
    ordered = [n.id for n in graph if n.id in chosen]
    order = [nid for nid in graph.topological_order() if nid in chosen]
    names = layer_names(graph)
    for nid in ordered:
        node = graph.node(nid)
        if not node.input_ports():
            raise GroupingError(
                f"{names[nid]} is an {node.type} block, which cannot go into a group; "
                "select the layers after it."
            )
    sources: list[str] = []
    inputs: list[list[tuple[str, int]]] = []
    for nid in order:
        for edge in graph.incoming(nid):
            if edge is None or edge.src in chosen:
                continue
            if edge.src not in sources:
                sources.append(edge.src)
                inputs.append([])
            inputs[sources.index(edge.src)].append((nid, edge.port))
    if len({graph.node(nid).frozen for nid in ordered}) > 1:
        raise GroupingError(
            "Some of the selected layers are frozen and some are not; a group is frozen "
            "as a whole, so freeze or unfreeze them all first."
        )
    _check_closed(graph, chosen, names)
    leaving = [nid for nid in order if any(s not in chosen for s in graph.successors(nid))]
    ends = [nid for nid in order if not any(s in chosen for s in graph.successors(nid))]
    outputs = list(dict.fromkeys(leaving + ends))
    if len(outputs) != 1:
        listed = ", ".join(names[nid] for nid in outputs)
        raise GroupingError(
            f"A group has one output, but data leaves the selection at {listed}; "
            "select layers that end in one layer."
        )
    if not sources:
        raise GroupingError("Connect the selected layers to the network before grouping them.")
    inner = Graph()
    for nid in ordered:
        node = graph.node(nid)
        inner.add_node(
            node.type, node.params, node.label, node.pos, node_id=nid, frozen=node.frozen
        )
    for edge in graph.edges:
        if edge.src in chosen and edge.dst in chosen:
            inner.connect(edge.src, edge.dst, edge.port)
    definition = make_definition(name, inner, inputs, outputs[0])
    consumers = tuple((e.dst, e.port) for e in graph.outgoing(outputs[0]) if e.dst not in chosen)
    xs = [graph.node(nid).pos[0] for nid in ordered]
    ys = [graph.node(nid).pos[1] for nid in ordered]
    centre = (sum(xs) / len(xs), sum(ys) / len(ys))
    return GroupPlan(
        definition,
        tuple(ordered),
        tuple(sources),
        consumers,
        centre,
        graph.index_of(ordered[0]),
        graph.node(ordered[0]).frozen,
    )


def _check_closed(graph: Graph, chosen: set[str], names: dict[str, str]) -> None:
    """Refuse a selection that data leaves and re-enters (one node would make a loop)."""
    stack = [s for nid in chosen for s in graph.successors(nid) if s not in chosen]
    seen = set(stack)
    while stack:
        nid = stack.pop()
        for nxt in graph.successors(nid):
            if nxt in chosen:
                raise GroupingError(
                    f"Data leaves the selection and comes back through {names[nid]}; "
                    "include it in the group or leave out the layers after it."
                )
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)


def group_nodes(graph: Graph, plan: GroupPlan, node_id: str | None = None) -> str:
    """Replace the planned nodes by one group node; returns its id.

    ``node_id`` reuses an id (redo after undo); by default a fresh one.
    """
    for nid in plan.node_ids:
        graph.remove_node(nid)
    group_id = graph.add_node(
        GROUP_TYPE,
        {"group": plan.definition},
        pos=plan.pos,
        node_id=node_id,
        index=min(plan.index, len(graph)),
        frozen=plan.frozen,
    )
    for port, src in enumerate(plan.sources):
        graph.connect(src, group_id, port)
    for dst, port in plan.consumers:
        graph.connect(group_id, dst, port)
    return group_id


# -- ungrouping ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class UngroupPlan:
    """What Edit → Ungroup does: the inner nodes (ids made free) and every link.

    Attributes
    ----------
    group_id : str
        The group node (removed).
    nodes : tuple
        ``(id, type, params, label, pos, frozen)`` per restored node.
    edges : tuple of (str, str, int)
        Inner links and the links from the group's sources and to its consumers.
    index : int
        Document-order place of the first restored node.
    """

    group_id: str
    nodes: tuple[tuple[str, str, dict[str, Any], str, tuple[float, float], bool], ...]
    edges: tuple[tuple[str, str, int], ...]
    index: int


def plan_ungroup(graph: Graph, group_id: str) -> UngroupPlan:
    """The nodes and links that replace group node ``group_id``.

    Inner ids are kept where free, else fresh; the inner cards keep their layout,
    centred on the group's card.

    Raises
    ------
    GroupingError
        When the node is not a group.
    """
    node = graph.node(group_id)
    if node.type != GROUP_TYPE:
        raise GroupingError(f"{node.label or node.type} is not a group; only groups ungroup.")
    definition: GroupDef = node.params["group"]
    taken = {n.id for n in graph if n.id != group_id}
    renamed: dict[str, str] = {}
    counter = 0
    for entry in definition.nodes:
        nid = entry[0]
        if nid in taken or nid in renamed.values():
            while True:
                counter += 1
                candidate = f"n{_max_number(taken) + counter}"
                if candidate not in taken and candidate not in renamed.values():
                    break
            renamed[nid] = candidate
        else:
            renamed[nid] = nid
    xs = [entry[4][0] for entry in definition.nodes]
    ys = [entry[4][1] for entry in definition.nodes]
    dx = node.pos[0] - sum(xs) / len(xs)
    dy = node.pos[1] - sum(ys) / len(ys)
    # a group is trained or frozen as a whole: its inner flags count only when ungrouped
    nodes = tuple(
        (renamed[nid], type_name, params, label, (pos[0] + dx, pos[1] + dy), frozen or node.frozen)
        for nid, type_name, params, label, pos, frozen in definition.nodes
    )
    edges = [(renamed[s], renamed[d], p) for s, d, p in definition.edges]
    for edge in graph.incoming(group_id):
        if edge is not None:
            edges += [(edge.src, renamed[dst], p) for dst, p in definition.inputs[edge.port]]
    edges += [(renamed[definition.output], e.dst, e.port) for e in graph.outgoing(group_id)]
    return UngroupPlan(group_id, nodes, tuple(edges), graph.index_of(group_id))


def _max_number(ids: Iterable[str]) -> int:
    numbers = [int(i[1:]) for i in ids if i[:1] == "n" and i[1:].isdigit()]
    return max(numbers, default=0)


def ungroup_node(graph: Graph, plan: UngroupPlan) -> None:
    """Replace the group node by its inner nodes and links (:func:`plan_ungroup`)."""
    graph.remove_node(plan.group_id)
    for offset, (nid, type_name, params, label, pos, frozen) in enumerate(plan.nodes):
        graph.add_node(
            type_name,
            params,
            label,
            pos,
            node_id=nid,
            index=min(plan.index + offset, len(graph)),
            frozen=frozen,
        )
    for src, dst, port in plan.edges:
        graph.connect(src, dst, port)


def _inner_order(definition: GroupDef) -> list[str]:
    return inner_graph_of(definition).topological_order()


GRAPH_TOOLS.update(order=_inner_order, names=inner_layer_names)
