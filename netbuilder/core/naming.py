"""Layer names shared by the summary, the code generator and the trainer."""

from __future__ import annotations

from netbuilder.core.graph import Graph, label_key


def layer_names(graph: Graph) -> dict[str, str]:
    """A Python identifier per node, in topological order (a new dict each call).

    Computed once per change of nodes, links or labels (:meth:`Graph.memo`): editing a
    parameter, freezing or moving a layer does not rename anything.

    A node's label wins when set; otherwise the block's base name and a counter per
    base name (``conv1``, ``conv2``, ``fc1``). Input nodes are called ``x`` (one input) or
    ``x1``, ``x2``. Names never repeat, compared in NFKC form as Python compares
    identifiers (a second label equal to an earlier one after NFKC gets a counter name).
    A label may be a module path (``features.0``, see
    :mod:`~netbuilder.core.module_tree`); no name is then a path prefix of another
    (``features`` and ``features.0`` cannot both name layers: the later one gets a
    counter name).
    """
    return dict(graph.memo("layer_names", _compute_names))


def _compute_names(graph: Graph) -> dict[str, str]:
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
    taken = {
        prefix for _nid, label, _b, _i in items if label for prefix in _prefixes(label_key(label))
    }
    names: dict[str, str] = {}
    used: set[str] = set()  # names given so far (a set: linear in the graph, not quadratic)
    groups: set[str] = set()  # proper path prefixes of the names given so far
    counters: dict[str, int] = {}
    only_input = inputs[0] if len(inputs) == 1 else None
    for nid, raw, block, is_input in items:
        label = label_key(raw) if raw else ""  # Python's form: ``ｃｏｎｖ`` and ``conv`` are one
        if label and _free(label, used, groups) and _usable(label):
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
        if "." in name:
            groups.update(_prefixes(name)[:-1])
    return names


def frozen_layers(graph: Graph) -> list[str]:
    """The layer names (:func:`layer_names`) of the frozen nodes, in topological order."""
    if not any(n.frozen for n in graph):
        return []
    return [name for nid, name in layer_names(graph).items() if graph.node(nid).frozen]


def _prefixes(path: str) -> list[str]:
    """``a.b.c`` → ``[a, a.b, a.b.c]``."""
    if "." not in path:
        return [path]
    parts = path.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _free(label: str, used: set[str], groups: set[str]) -> bool:
    """Neither given yet, nor a container of given names, nor inside a given layer."""
    return label not in groups and not any(p in used for p in _prefixes(label))


def _usable(label: str) -> bool:
    return Graph.check_label(label) is None
