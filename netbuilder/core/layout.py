"""Layered left-to-right layout of a graph (used by presets and the canvas)."""

from __future__ import annotations

import networkx as nx

from netbuilder.core.graph import Graph

COLUMN = 240.0
ROW = 150.0


def layered_positions(graph: Graph) -> dict[str, tuple[float, float]]:
    """Positions putting each node one column right of its deepest predecessor.

    Nodes of one column are stacked and centred vertically, in insertion order.
    """
    dag = nx.DiGraph()
    dag.add_nodes_from(n.id for n in graph)
    dag.add_edges_from((e.src, e.dst) for e in graph.edges)
    depth: dict[str, int] = {}
    for nid in graph.topological_order():
        preds = list(dag.predecessors(nid))
        depth[nid] = 1 + max(depth[p] for p in preds) if preds else 0
    columns: dict[int, list[str]] = {}
    for node in graph:
        columns.setdefault(depth[node.id], []).append(node.id)
    positions = {}
    for col, ids in columns.items():
        top = -(len(ids) - 1) * ROW / 2
        for row, nid in enumerate(ids):
            positions[nid] = (col * COLUMN, top + row * ROW)
    return positions


def apply_layout(graph: Graph) -> None:
    """Move every node to its :func:`layered_positions` place."""
    for nid, pos in layered_positions(graph).items():
        graph.move(nid, pos)
