"""Layer names shared by the summary, the code generator and the trainer."""

from __future__ import annotations

import keyword

from netbuilder.core.graph import Graph, label_key
from netbuilder.core.reserved import reserved_reason


def layer_names(graph: Graph) -> dict[str, str]:
    """A Python identifier per node, in topological order.

    A node's label wins when set; otherwise the block's base name and a counter per
    base name (``conv1``, ``conv2``, ``fc1``). Input nodes are called ``x`` (one input) or
    ``x1``, ``x2``. Names never repeat, compared in NFKC form as Python compares
    identifiers (a second label equal to an earlier one after NFKC gets a counter name).
    """
    order = graph.topological_order()
    node_of = graph.node
    items = []  # (id, label, block, is an input): each node read once
    inputs = []
    for nid in order:
        node = node_of(nid)
        block = node.block
        is_input = not block.input_ports(node.params)
        if is_input:
            inputs.append(nid)
        items.append((nid, node.label, block, is_input))
    taken = {label_key(label) for _nid, label, _b, _i in items if label}
    names: dict[str, str] = {}
    used: set[str] = set()  # names given so far (a set: linear in the graph, not quadratic)
    counters: dict[str, int] = {}
    only_input = inputs[0] if len(inputs) == 1 else None
    for nid, raw, block, is_input in items:
        label = label_key(raw) if raw else ""  # Python's form: ``ｃｏｎｖ`` and ``conv`` are one
        if label and label not in used and _usable(label):
            name = label
        elif nid == only_input:
            name = "x"
        else:
            base = "x" if is_input else block.base_name()
            while True:
                counters[base] = counters.get(base, 0) + 1
                name = f"{base}{counters[base]}"
                if name not in taken and name not in used:
                    break
        names[nid] = name
        used.add(name)
    return names


def frozen_layers(graph: Graph) -> list[str]:
    """The layer names (:func:`layer_names`) of the frozen nodes, in topological order."""
    if not any(n.frozen for n in graph):
        return []
    return [name for nid, name in layer_names(graph).items() if graph.node(nid).frozen]


def _usable(label: str) -> bool:
    return label.isidentifier() and not keyword.iskeyword(label) and reserved_reason(label) is None
