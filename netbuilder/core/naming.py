"""Layer names shared by the summary, the code generator and the trainer."""

from __future__ import annotations

import keyword

from netbuilder.core.graph import Graph
from netbuilder.core.reserved import reserved_reason


def layer_names(graph: Graph) -> dict[str, str]:
    """A Python identifier per node, in topological order.

    A node's label wins when set; otherwise the block's base name and a counter per
    base name (``conv1``, ``conv2``, ``fc1``). Input nodes are called ``x`` (one input) or
    ``x1``, ``x2``. Names never repeat.
    """
    order = graph.topological_order()
    taken = {n.label for n in graph if n.label}
    names: dict[str, str] = {}
    counters: dict[str, int] = {}
    inputs = [nid for nid in order if not graph.node(nid).input_ports()]
    for nid in order:
        node = graph.node(nid)
        if node.label and node.label not in names.values() and _usable(node.label):
            names[nid] = node.label
            continue
        if nid in inputs and len(inputs) == 1:
            names[nid] = "x"
            continue
        base = "x" if nid in inputs else node.block.base_name()
        while True:
            counters[base] = counters.get(base, 0) + 1
            candidate = f"{base}{counters[base]}"
            if candidate not in taken and candidate not in names.values():
                break
        names[nid] = candidate
    return names


def _usable(label: str) -> bool:
    return label.isidentifier() and not keyword.iskeyword(label) and reserved_reason(label) is None
