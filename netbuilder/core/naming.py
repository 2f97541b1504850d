"""Layer names shared by the summary, the code generator and the trainer."""

from __future__ import annotations

from netbuilder.core.graph import Graph, label_key


def layer_names(graph: Graph) -> dict[str, str]:
    """A Python identifier per node, in topological order.

    A node's label wins when set; otherwise the block's base name and a counter per
    base name (``conv1``, ``conv2``, ``fc1``). Input nodes are called ``x`` (one input) or
    ``x1``, ``x2``. Names never repeat, compared in NFKC form as Python compares
    identifiers (a second label equal to an earlier one after NFKC gets a counter name).
    A label may be a module path (``features.0``, see
    :mod:`~netbuilder.core.module_tree`); no name is then a path prefix of another
    (``features`` and ``features.0`` cannot both name layers: the later one gets a
    counter name).
    """
    order = graph.topological_order()
    taken = {prefix for n in graph if n.label for prefix in _prefixes(label_key(n.label))}
    names: dict[str, str] = {}
    used: set[str] = set()  # names given so far (a set: linear in the graph, not quadratic)
    groups: set[str] = set()  # proper path prefixes of the names given so far
    counters: dict[str, int] = {}
    inputs = [nid for nid in order if not graph.node(nid).input_ports()]
    only_input = inputs[0] if len(inputs) == 1 else None
    input_set = set(inputs)
    for nid in order:
        node = graph.node(nid)
        label = label_key(node.label)  # Python's own form: ``ｃｏｎｖ`` and ``conv`` are one name
        if label and _free(label, used, groups) and _usable(label):
            name = label
        elif nid == only_input:
            name = "x"
        else:
            base = "x" if nid in input_set else node.block.base_name()
            while True:
                counters[base] = counters.get(base, 0) + 1
                name = f"{base}{counters[base]}"
                if name not in taken and name not in used:
                    break
        names[nid] = name
        used.add(name)
        groups.update(_prefixes(name)[:-1])
    return names


def _prefixes(path: str) -> list[str]:
    """``a.b.c`` → ``[a, a.b, a.b.c]``."""
    parts = path.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _free(label: str, used: set[str], groups: set[str]) -> bool:
    """Neither given yet, nor a container of given names, nor inside a given layer."""
    prefixes = _prefixes(label)
    return label not in groups and not any(p in used for p in prefixes)


def _usable(label: str) -> bool:
    return Graph.check_label(label) is None
