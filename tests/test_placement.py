"""Placement of new cards: free of overlap, as near the wanted place as the grid allows."""

from __future__ import annotations

from netbuilder.core.graph import Graph
from netbuilder.core.placement import flow_direction, free_offset, free_spot, overlaps


def test_free_spot_keeps_a_free_place_and_avoids_cards():
    taken = [(0.0, 0.0, 184.0, 90.0)]
    assert free_spot((184.0, 90.0), taken, (500.0, 0.0)) == (500.0, 0.0)
    x, y = free_spot((184.0, 90.0), taken, (10.0, 10.0))
    assert not overlaps((x, y, 184.0, 90.0), taken[0])
    assert abs(x - 10) + abs(y - 10) < 250  # near where it was wanted


def test_group_offset_clears_every_card_of_the_group():
    cards = [(0.0, 0.0, 184.0, 90.0), (0.0, 150.0, 184.0, 90.0), (0.0, 300.0, 184.0, 90.0)]
    dx, dy = free_offset(cards, cards, first=(30.0, 30.0))
    moved = [(x + dx, y + dy, w, h) for x, y, w, h in cards]
    assert not any(overlaps(m, t) for m in moved for t in cards)
    # a long column of cards: moving sideways is the nearest way out
    assert abs(dx) >= 184 and abs(dy) < 150


def test_flow_direction_follows_the_links():
    graph = Graph()
    a = graph.add_node("Input", {}, pos=(0.0, 0.0))
    assert flow_direction(graph) == (0.0, 1.0)
    b = graph.add_node("ReLU", {}, pos=(300.0, 20.0))
    graph.connect(a, b)
    assert flow_direction(graph) == (1.0, 0.0)
    graph.move(b, (10.0, 300.0))
    assert flow_direction(graph) == (0.0, 1.0)
