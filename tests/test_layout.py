"""The layered layout: every node placed without overlap, branches side by side without
crossings, skip connections in a lane of their own, top-to-bottom and left-to-right,
deterministic. Geometry is checked directly (boxes, segments), not against stored output."""

from __future__ import annotations

import itertools

import pytest

from netbuilder.core.builder import Builder
from netbuilder.core.composite_graph import INPUT, inner_graph
from netbuilder.core.graph import Graph
from netbuilder.core.layout import (
    LR,
    NODE_SIZE,
    TB,
    infer_direction,
    layered_drawing,
    layered_layout,
    layered_positions,
)
from netbuilder.core.presets import PRESET_NAMES, load_preset

Box = tuple[float, float, float, float]


def _boxes(positions: dict, sizes: dict | None = None) -> dict:
    sizes = sizes or {}
    return {k: (x, y, *sizes.get(k, NODE_SIZE)) for k, (x, y) in positions.items()}


def _overlap(a: Box, b: Box) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def _assert_no_overlap(boxes: dict) -> None:
    for (ka, a), (kb, b) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(a, b), f"{ka} overlaps {kb}"


def _cross(p, q, r, s) -> bool:
    """Whether segments pq and rs cross at a point inside both (shared ends don't count)."""

    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    if {p, q} & {r, s}:
        return False
    d1, d2 = orient(r, s, p), orient(r, s, q)
    d3, d4 = orient(p, q, r), orient(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def _polylines(drawing, edges, sizes, ports: dict) -> dict:
    """Each link as a polyline: source's bottom middle, its lane, target's input port."""
    boxes = _boxes(drawing.positions, sizes)
    lines = {}
    for src, dst, port in edges:
        x, y, w, h = boxes[src]
        start = (x + w / 2, y + h)
        tx, ty, tw, _ = boxes[dst]
        n = ports.get(dst, 1)
        end = (tx + tw * (port + 1) / (n + 1), ty)
        lines[(src, dst, port)] = [start, *drawing.bends.get((src, dst, port), []), end]
    return lines


def _crossings(lines: dict) -> list:
    found = []
    for (ka, a), (kb, b) in itertools.combinations(lines.items(), 2):
        for p, q in itertools.pairwise(a):
            for r, s in itertools.pairwise(b):
                if _cross(p, q, r, s):
                    found.append((ka, kb))
    return found


# -- every node placed -----------------------------------------------------------------------
@pytest.mark.parametrize("direction", [TB, LR])
@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_node_is_placed_and_no_cards_overlap(name: str, direction: str) -> None:
    graph = load_preset(name).graph
    positions = layered_positions(graph, direction)
    assert set(positions) == {node.id for node in graph}
    _assert_no_overlap(_boxes(positions))
    assert min(x for x, _ in positions.values()) == 0
    assert min(y for _, y in positions.values()) == 0


def test_presets_are_stored_laid_out_top_to_bottom() -> None:
    for name in PRESET_NAMES:
        graph = load_preset(name).graph
        assert {n.id: n.pos for n in graph} == layered_positions(graph, TB), name
        assert infer_direction(graph) == TB, name


def test_a_chain_runs_straight_down_or_right() -> None:
    nodes = list(range(6))
    edges = [(i, i + 1, 0) for i in range(5)]
    down = layered_layout(nodes, edges, TB)
    right = layered_layout(nodes, edges, LR)
    assert len({x for x, _ in down.values()}) == 1
    assert [y for _, y in down.values()] == sorted(y for _, y in down.values())
    assert len({y for _, y in right.values()}) == 1
    assert [x for x, _ in right.values()] == sorted(x for x, _ in right.values())
    assert len(set(down.values())) == len(set(right.values())) == 6


def test_left_to_right_is_top_to_bottom_transposed() -> None:
    graph = inner_graph("Inception", (192, 28, 28), {})
    names = [INPUT, *(n.name for n in graph.nodes)]
    sizes = {name: (100.0 + 7 * i, 60.0 + 3 * i) for i, name in enumerate(names)}
    flipped = {name: (h, w) for name, (w, h) in sizes.items()}
    tb = layered_layout(names, list(graph.edges), TB, sizes)
    lr = layered_layout(names, list(graph.edges), LR, flipped)
    assert lr == {name: (y, x) for name, (x, y) in tb.items()}


def test_the_layout_is_deterministic() -> None:
    graph = load_preset("googlenet").graph
    first = layered_positions(graph)
    assert all(layered_positions(graph) == first for _ in range(3))
    inner = inner_graph("Inception", (192, 28, 28), {})
    drawings = [inner.drawing(TB) for _ in range(3)]
    assert all(d == drawings[0] for d in drawings)


def test_unconnected_parts_sit_side_by_side() -> None:
    positions = layered_layout(["a", "b", "c", "d"], [("a", "b", 0), ("c", "d", 0)], TB)
    _assert_no_overlap(_boxes(positions))
    assert positions["a"][1] == positions["c"][1] == 0  # both start at the top


# -- branches ----------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["googlenet", "d2l", "mnist"])
def test_inception_branches_stand_side_by_side_in_port_order_without_crossings(
    variant: str,
) -> None:
    graph = inner_graph("Inception", (192, 28, 28), {"variant": variant})
    names = [INPUT, *(n.name for n in graph.nodes)]
    drawing = graph.drawing(TB)
    assert set(drawing.positions) == set(names)
    _assert_no_overlap(_boxes(drawing.positions))
    cat = graph.nodes[-1]
    assert cat.type == "Concat"

    def branch(end: str) -> list[str]:  # walk up from a branch's end to the input
        out = []
        while end != INPUT:
            out.append(end)
            end = graph.node(end).inputs[0]
        return out

    columns = []
    for end in cat.inputs:
        members = branch(end)
        xs = {drawing.positions[m][0] for m in members}
        assert len(xs) == 1, f"branch ending at {end} is not one straight column"
        columns.append(xs.pop())
    assert columns == sorted(columns) and len(set(columns)) == 4  # port order, side by side
    ports = {cat.name: 4}
    assert _crossings(_polylines(drawing, graph.edges, {}, ports)) == []


def test_a_residual_shortcut_runs_in_its_own_lane_beside_the_main_path() -> None:
    identity = inner_graph("Residual", (64, 56, 56), {"out_channels": 64})
    drawing = identity.drawing(TB)
    lane = drawing.bends[(INPUT, "add", 1)]
    assert lane, "the identity shortcut spans the block: it needs a lane"
    main = ["conv1", "bn1", "relu1", "conv2", "bn2"]
    boxes = _boxes(drawing.positions)
    for x, y in lane:  # the lane passes beside every card, never through one
        assert not any(
            bx <= x <= bx + bw and by <= y <= by + bh for bx, by, bw, bh in boxes.values()
        )
    lines = _polylines(drawing, identity.edges, {}, {"add": 2})
    assert _crossings(lines) == []
    assert len({drawing.positions[name][0] for name in main}) == 1  # a straight main path

    projection = inner_graph("Residual", (64, 56, 56), {"out_channels": 128, "stride": 2})
    drawing = projection.drawing(TB)
    shortcut = {drawing.positions[n][0] for n in ("downsample.0", "downsample.1")}
    path = {drawing.positions[n][0] for n in main}
    assert len(shortcut) == len(path) == 1 and shortcut != path


def test_a_skip_connection_in_a_network_gets_a_lane() -> None:
    b = Builder()
    x = b.add("Input", channels=8, height=16, width=16)
    b.chain(("Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}), "ReLU")
    main = b.add("Conv2d", out_channels=8, kernel_size=3, padding=1)
    b.add("Add", inputs=[main, x])
    b.add("ReLU")
    graph = b.graph
    edges = [(e.src, e.dst, e.port) for e in graph.edges]
    drawing = layered_drawing([n.id for n in graph], edges, TB)
    skip = next(e for e in edges if e[0] == x and e[2] == 1)
    assert drawing.bends[skip]
    assert _crossings(_polylines(drawing, edges, {}, {skip[1]: 2})) == []


# -- bad input and speed-independent facts ---------------------------------------------------
def test_a_cycle_or_an_unknown_direction_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValueError, match="cycle"):
        layered_layout(["a", "b"], [("a", "b", 0), ("b", "a", 0)])
    with pytest.raises(ValueError, match="'TB' or 'LR'"):
        layered_layout(["a"], [], "BT")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown node"):
        layered_layout(["a"], [("a", "z", 0)])
    assert layered_layout([], []) == {}


def test_infer_direction_reads_how_links_run() -> None:
    g = Graph()
    a = g.add_node("Input", pos=(0, 0))
    r = g.add_node("ReLU", pos=(0, 200))
    assert infer_direction(g) is None
    g.connect(a, r)
    assert infer_direction(g) == TB
    g.move(r, (300, 20))
    assert infer_direction(g) == LR


def test_a_long_chain_is_laid_out_in_one_column() -> None:
    n = 5000
    positions = layered_layout(list(range(n)), [(i, i + 1, 0) for i in range(n - 1)])
    assert len({x for x, _ in positions.values()}) == 1
    assert len({y for _, y in positions.values()}) == n
