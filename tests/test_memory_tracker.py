"""The training-memory estimate kept up to date edit by edit (``MemoryTracker``).

After every random edit (parameters, frozen flags, now and then a node removed or
added) the tracked estimate equals a fresh :func:`training_memory` of a fresh analysis,
node by node and in total; the fresh estimate itself is checked against what autograd
saves in tests/test_memory_estimate.py, and here once more after the edits.
"""

from __future__ import annotations

import random

import pytest

from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks import get_block
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Graph
from netbuilder.core.memory import training_memory
from netbuilder.core.memory_tracker import MemoryTracker
from netbuilder.core.presets import load_preset

BATCH = 4


def _new_value(rng: random.Random, entry, current):
    """Another value for a parameter (it may be refused: the caller skips it)."""
    if entry.kind == "bool":
        return not current
    if entry.kind == "choice":
        return rng.choice(entry.choices)
    if entry.kind in ("int", "pair"):
        low = int(entry.minimum) if entry.minimum is not None else 0
        high = int(entry.maximum) if entry.maximum is not None else low + 64
        value = rng.randint(low, min(high, low + 64))
        return None if entry.optional and rng.random() < 0.2 else value
    if entry.kind == "float":
        low = entry.minimum if entry.minimum is not None else 0.0
        high = entry.maximum if entry.maximum is not None else low + 1.0
        return rng.uniform(low, min(high, low + 1.0))
    return current


def _random_edit(rng: random.Random, graph: Graph) -> bool:
    """One parameter or frozen-flag edit (True when the graph took it)."""
    node = rng.choice(graph.nodes)
    if rng.random() < 0.2:
        graph.set_frozen(node.id, not node.frozen)
        return True
    schema = get_block(node.type).schema
    if not schema:
        return False
    entry = rng.choice(schema)
    try:
        graph.set_params(node.id, {entry.name: _new_value(rng, entry, node.params.get(entry.name))})
    except NetBuilderError:
        return False
    return True


def _structural_edit(rng: random.Random, graph: Graph) -> None:
    """Remove a node, or put a ReLU after one (a rebuild of the estimate)."""
    node = rng.choice(graph.nodes)
    if rng.random() < 0.5 and len(graph) > 3:
        graph.remove_node(node.id)
    else:
        relu = graph.add_node("ReLU")
        graph.connect(node.id, relu)


def _assert_same(tracker: MemoryTracker, graph: Graph, what: str) -> None:
    fresh = training_memory(Analysis.snapshot(graph), BATCH, "sgd", momentum=0.9)
    tracked = tracker.memory
    assert tracked.nodes == fresh.nodes, what
    assert tracked.as_dict() == {
        "parameters": sum(n.parameters for n in fresh.nodes.values()),
        "gradients": sum(n.gradients for n in fresh.nodes.values()),
        "optimizer": sum(n.optimizer for n in fresh.nodes.values()),
        "activations": sum(n.activations for n in fresh.nodes.values()),
        "total": sum(n.total for n in fresh.nodes.values()),
    }, what


@pytest.mark.parametrize("name", ["lenet5", "resnet18", "googlenet", "mobilenet_v2", "name_gru"])
def test_incremental_estimate_equals_a_fresh_one_after_random_edits(name):
    graph = load_preset(name).graph
    rng = random.Random(name)
    with Analysis(graph) as analysis:
        tracker = MemoryTracker(analysis, BATCH, "sgd", momentum=0.9)
        unsubscribe = graph.subscribe(tracker.note)
        try:
            _assert_same(tracker, graph, "start")
            incremental = 0
            for step in range(80):
                if step % 20 == 19:
                    _structural_edit(rng, graph)
                elif not _random_edit(rng, graph):
                    continue
                if step % 3:  # several edits between reads, too
                    continue
                _assert_same(tracker, graph, f"step {step}")
                incremental += tracker.recomputed < len(graph)
            assert incremental >= 10  # most reads were incremental, not rebuilds
        finally:
            unsubscribe()


def test_an_edit_that_keeps_shapes_recomputes_one_node_of_a_long_chain():
    graph = Graph()
    prev = graph.add_node("Input", {"kind": "vector", "features": 16})
    linears = []
    for i in range(400):
        nid = graph.add_node("Linear", {"out_features": 16}) if i % 2 else graph.add_node("ReLU")
        graph.connect(prev, nid)
        if i % 2:
            linears.append(nid)
        prev = nid
    with Analysis(graph) as analysis:
        tracker = MemoryTracker(analysis, BATCH)
        unsubscribe = graph.subscribe(tracker.note)
        try:
            before = tracker.memory.total
            assert tracker.recomputed == len(graph)
            middle = linears[len(linears) // 2]
            graph.set_params(middle, {"bias": False})
            changed = tracker.update()
            assert tracker.recomputed == 1
            assert changed == {middle}
            assert before - tracker.memory.total == 16 * 4 * (1 + 1 + 2)  # bias, grad, Adam
            graph.set_params(middle, {"out_features": 8})  # the next layers' shapes change
            tracker.update()
            assert 1 < tracker.recomputed < len(graph)
            _assert_same_adam(tracker, graph)
        finally:
            unsubscribe()


def _assert_same_adam(tracker: MemoryTracker, graph: Graph) -> None:
    fresh = training_memory(Analysis.snapshot(graph), BATCH)
    assert tracker.memory.nodes == fresh.nodes
    assert tracker.memory.total == fresh.total


def test_a_missed_event_rebuilds_instead_of_answering_stale():
    graph = load_preset("lenet5").graph
    with Analysis(graph) as analysis:
        tracker = MemoryTracker(analysis, BATCH)
        first = tracker.memory.total
        conv = next(n.id for n in graph.nodes if n.type == "Conv2d")
        graph.set_params(conv, {"out_channels": 12})  # the tracker is not told
        assert tracker.memory.total != first
        assert tracker.recomputed == len(graph)
        _assert_same_adam(tracker, graph)


def test_the_estimate_after_edits_still_matches_what_autograd_saves():
    from tests.test_memory_estimate import assert_close, measured

    graph = load_preset("lenet5").graph
    rng = random.Random(7)
    last = graph.sinks()[0]
    editable = [n.id for n in graph.nodes if n.type in ("Conv2d", "Linear") and n.id != last]
    with Analysis(graph) as analysis:
        tracker = MemoryTracker(analysis, 8)
        unsubscribe = graph.subscribe(tracker.note)
        try:
            for step in range(12):
                nid = rng.choice(editable)
                node = graph.node(nid)
                width = "out_channels" if node.type == "Conv2d" else "out_features"
                choice = rng.random()
                if choice < 0.3:
                    graph.set_frozen(nid, not node.frozen)
                elif choice < 0.6:
                    graph.set_params(nid, {"bias": not node.params["bias"]})
                else:
                    graph.set_params(nid, {width: rng.randint(2, 24)})
                if step % 3 == 2:
                    assert analysis.is_valid()
                    assert_close(tracker.memory.activations, measured(graph), f"step {step}")
        finally:
            unsubscribe()
