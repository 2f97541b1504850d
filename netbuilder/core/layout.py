"""Layered left-to-right layout of a graph (used by presets and the canvas)."""

from __future__ import annotations

import math

from netbuilder.core.graph import Graph

COLUMN = 240.0
ROW = 150.0
BAND_GAP = 70.0
#: Width : height the wrapped layout aims for (a typical editor viewport).
ASPECT = 2.2


def layered_positions(graph: Graph, wrap: bool = True) -> dict[str, tuple[float, float]]:
    """Positions putting each node one column right of its deepest predecessor.

    Nodes of one column are stacked and centred vertically, in document order. A long
    network is wrapped into bands read left to right, top to bottom, so that it fits a
    wide viewport at a zoom where the cards stay readable (LeNet-5 in 3 bands, not one
    row of 13 cards).
    """
    depth: dict[str, int] = {}
    for nid in graph.topological_order():
        preds = graph.predecessors(nid)
        depth[nid] = 1 + max(depth[p] for p in preds) if preds else 0
    columns: dict[int, list[str]] = {}
    for node in graph:
        columns.setdefault(depth[node.id], []).append(node.id)
    if not columns:
        return {}
    n_columns = max(columns) + 1
    tallest = max(len(ids) for ids in columns.values())
    band_height = tallest * ROW + BAND_GAP
    per_band = n_columns
    if wrap:
        per_band = max(4, math.ceil(math.sqrt(n_columns * ASPECT * band_height / COLUMN)))
    positions = {}
    for col, ids in columns.items():
        band, x = divmod(col, per_band)
        top = band * band_height - (len(ids) - 1) * ROW / 2
        for row, nid in enumerate(ids):
            positions[nid] = (x * COLUMN, top + row * ROW)
    return positions


def apply_layout(graph: Graph) -> None:
    """Move every node to its :func:`layered_positions` place."""
    for nid, pos in layered_positions(graph).items():
        graph.move(nid, pos)
