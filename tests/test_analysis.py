"""The live analysis: incremental updates equal a full recompute, errors do not cascade,
unrelated edits recompute only what they touch, composites add up."""

from __future__ import annotations

import random

import pytest

from netbuilder.core.analysis import Analysis, NodeStats, Totals, analyse
from netbuilder.core.errors import GraphError, NetBuilderError
from netbuilder.core.graph import Edge, Graph
from netbuilder.core.presets import load_preset

#: Parameter sets the random editor picks from, per block type (all individually valid).
MENU: dict[str, list[dict[str, object]]] = {
    "Input": [
        {"channels": 3, "height": 8, "width": 8},
        {"channels": 1, "height": 5, "width": 7},
        {"kind": "vector", "features": 12},
        {"kind": "sequence", "length": 4, "features": 6},
        {"kind": "tokens", "length": 5, "vocab": 30},
        {"channels": 2, "height": 12, "width": 12},
    ],
    "Conv2d": [
        {"out_channels": 4, "kernel_size": 3},
        {"out_channels": 4, "kernel_size": 5, "padding": 2},
        {"out_channels": 3, "kernel_size": 3, "stride": 2, "bias": False},
        {"out_channels": 3, "kernel_size": 1, "padding": "same"},
        {"out_channels": 6, "kernel_size": 7},
    ],
    "MaxPool2d": [{"kernel_size": 2}, {"kernel_size": 3, "stride": 1, "padding": 1}],
    "AvgPool2d": [{"kernel_size": 2, "ceil_mode": True}],
    "BatchNorm2d": [{}, {"affine": False}],
    "ReLU": [{}],
    "Flatten": [{}, {"start_dim": 2}],
    "Linear": [{"out_features": 5}, {"out_features": 3, "bias": False}],
    "Embedding": [{"num_embeddings": 30, "embedding_dim": 6}],
    "GRU": [{"hidden_size": 4}, {"hidden_size": 3, "output": "last", "num_layers": 2}],
    "Concat": [{"inputs": 2}, {"inputs": 3}, {"inputs": 2, "dim": -1}],
    "Add": [{"inputs": 2}, {"inputs": 3}],
    "Residual": [{"out_channels": 3}, {"out_channels": 3, "stride": 2}],
    "Inception": [
        {"variant": "mnist", "c1": 2, "c3_reduce": 2, "c3": 3, "c5_reduce": 2, "c5": 2},
        {"variant": "googlenet", "c1": 1, "c3_reduce": 2, "c3": 2, "c5_reduce": 1, "c5": 2},
    ],
}
TYPES = sorted(MENU)


def snapshot(analysis: Analysis) -> dict[str, tuple[NodeStats, tuple]]:
    """Every node's stats including the inner layers (which NodeStats' == ignores)."""
    return {nid: (s, s.inner) for nid, s in analysis.all().items()}


def reference(graph: Graph) -> dict[str, tuple[NodeStats, tuple]]:
    fresh = Analysis(graph)
    try:
        fresh.recompute_all()
        return snapshot(fresh)
    finally:
        fresh.close()


def random_edit(graph: Graph, analysis: Analysis, rng: random.Random) -> str:
    """Apply one random mutation through the public API; returns what it did."""
    nodes = [n.id for n in graph]
    action = rng.choices(
        ["add", "connect", "params", "disconnect", "remove"], weights=[4, 6, 4, 2, 1]
    )[0]
    if action == "add" or len(nodes) < 2:
        type_name = rng.choice(TYPES)
        nid = graph.add_node(type_name, rng.choice(MENU[type_name]))
        # Mostly feed it from a node that has a shape, so that graphs grow deep.
        fed = [n for n in nodes if analysis.stats(n).ok]
        if fed and graph.node(nid).input_ports() and rng.random() < 0.8:
            src = rng.choice(fed)
            if analysis.check_connect(src, nid) is None:
                graph.connect(src, nid)
        return f"add {type_name}"
    if action == "connect":
        for _ in range(20):
            src, dst = rng.choice(nodes), rng.choice(nodes)
            ports = len(graph.node(dst).input_ports())
            port = rng.randrange(max(ports, 1))
            if analysis.check_connect(src, dst, port) is None:
                graph.connect(src, dst, port)
                return f"connect {src}->{dst}:{port}"
        return "connect (none allowed)"
    if action == "params":
        nid = rng.choice(nodes)
        node = graph.node(nid)
        try:
            graph.set_params(nid, rng.choice(MENU[node.type]))
        except (GraphError, NetBuilderError):
            return f"params {nid} refused"
        return f"params {nid}"
    if action == "disconnect":
        if graph.edges:
            edge = rng.choice(graph.edges)
            graph.disconnect(edge)
            return f"disconnect {edge}"
        return "disconnect (no edge)"
    nid = rng.choice(nodes)
    graph.remove_node(nid)
    return f"remove {nid}"


@pytest.mark.parametrize("seed", range(30))
def test_incremental_equals_full_recompute(seed: int) -> None:
    rng = random.Random(seed)
    graph = Graph()
    analysis = Analysis(graph)
    told: set[str] = set()
    analysis.subscribe(told.update)
    before: dict[str, tuple[NodeStats, tuple]] = {}
    history = []
    for _ in range(80):
        told.clear()
        history.append(random_edit(graph, analysis, rng))
        after = snapshot(analysis)
        assert after == reference(graph), history
        assert analysis.totals() == reference_totals(graph), history  # running sums
        # the graph's incremental positions stay topological (Pearce-Kelly)
        assert all(graph.position(e.src) < graph.position(e.dst) for e in graph.edges)
        assert analysis.is_valid() == all(s.ok for s, _ in after.values())
        assert told == set()  # queries never notify
        analysis.update()
        # Listeners hear about every node whose stats changed (new nodes included).
        moved = {nid for nid, stats in after.items() if before.get(nid) != stats}
        assert moved <= told, (history, moved - told)
        before = after


def test_random_graphs_reach_interesting_states() -> None:
    """The editor above is not trivial: it builds deep graphs with errors and composites."""
    deepest = errors = composites = 0
    for seed in range(30):
        rng = random.Random(seed)
        graph = Graph()
        analysis = Analysis(graph)
        for _ in range(80):
            random_edit(graph, analysis, rng)
        stats = analysis.all()
        errors += sum(1 for s in stats.values() if s.error)
        composites += sum(1 for s in stats.values() if s.inner)
        deepest = max(deepest, sum(1 for s in stats.values() if s.ok))
    assert errors > 10 and composites > 5 and deepest > 8


# -- errors -------------------------------------------------------------------------------------
def chain(graph: Graph, *layers: tuple[str, dict]) -> list[str]:
    ids = []
    for type_name, params in layers:
        ids.append(graph.add_node(type_name, params))
        if len(ids) > 1:
            graph.connect(ids[-2], ids[-1])
    return ids


def test_errors_do_not_cascade() -> None:
    graph = Graph()
    x, conv, relu, flat, fc = chain(
        graph,
        ("Input", {"channels": 1, "height": 3, "width": 3}),
        ("Conv2d", {"kernel_size": 5}),
        ("ReLU", {}),
        ("Flatten", {}),
        ("Linear", {"out_features": 10}),
    )
    analysis = analyse(graph)
    assert analysis.stats(x).ok
    bad = analysis.stats(conv)
    assert bad.shape is None and not bad.waiting
    assert "kernel 5 is larger than the padded input height 3" in bad.error
    for nid in (relu, flat, fc):
        stats = analysis.stats(nid)
        assert stats.waiting and stats.error is None and stats.shape is None
    assert analysis.errors() == [(conv, bad.error)]
    assert analysis.totals().errors == 1 and not analysis.is_valid()
    # Fixing the cause brings the whole chain back.
    graph.set_params(conv, {"padding": 1})
    assert analysis.stats(fc).shape == (10,)
    assert analysis.stats(fc).params == 16 * 1 * 1 * 10 + 10
    assert analysis.errors() == [] and analysis.is_valid()


def test_an_empty_port_is_an_error_of_that_node_only() -> None:
    graph = Graph()
    x = graph.add_node("Input", {"channels": 2, "height": 4, "width": 4})
    cat = graph.add_node("Concat", {"inputs": 3})
    relu = graph.add_node("ReLU")
    graph.connect(x, cat, 0)
    graph.connect(x, cat, 2)
    graph.connect(cat, relu)
    analysis = analyse(graph)
    assert analysis.stats(cat).error == "Concat has no input 'in2': connect a layer to it."
    assert analysis.stats(relu).waiting and analysis.stats(relu).error is None
    graph.connect(x, cat, 1)
    assert analysis.stats(relu).shape == (6, 4, 4)
    lone = graph.add_node("ReLU")
    assert analysis.stats(lone).error == "ReLU has no input: connect a layer to it."


def test_a_branch_with_an_error_leaves_the_other_branch_computed() -> None:
    graph = Graph()
    x = graph.add_node("Input", {"channels": 3, "height": 8, "width": 8})
    good = graph.add_node("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1})
    bad = graph.add_node("Conv2d", {"out_channels": 4, "kernel_size": 9})
    add = graph.add_node("Add")
    graph.connect(x, good)
    graph.connect(x, bad)
    graph.connect(good, add, 0)
    graph.connect(bad, add, 1)
    analysis = analyse(graph)
    assert analysis.stats(good).shape == (4, 8, 8)
    assert analysis.stats(good).params == 3 * 9 * 4 + 4
    assert analysis.stats(bad).error and analysis.stats(add).waiting
    totals = analysis.totals()
    assert totals.errors == 1 and totals.params == 3 * 9 * 4 + 4


# -- recompute only what is touched ---------------------------------------------------------------
def two_branches() -> tuple[Graph, Analysis, dict[str, str]]:
    graph = Graph()
    ids = {}
    ids["x"] = graph.add_node("Input", {"channels": 3, "height": 16, "width": 16})
    prev = ids["x"]
    for i in range(1, 5):
        ids[f"a{i}"] = graph.add_node("Conv2d", {"out_channels": 8, "padding": 1})
        graph.connect(prev, ids[f"a{i}"])
        ids[f"ar{i}"] = graph.add_node("ReLU")
        graph.connect(ids[f"a{i}"], ids[f"ar{i}"])
        prev = ids[f"ar{i}"]
    prev = ids["x"]
    for i in range(1, 5):
        ids[f"b{i}"] = graph.add_node("Conv2d", {"out_channels": 8, "padding": 1})
        graph.connect(prev, ids[f"b{i}"])
        prev = ids[f"b{i}"]
    analysis = Analysis(graph)
    analysis.update()
    assert analysis.recomputed == len(graph)
    return graph, analysis, ids


def test_an_edit_that_keeps_the_shape_recomputes_one_node() -> None:
    graph, analysis, ids = two_branches()
    before = analysis.totals().params
    graph.set_params(ids["a2"], {"bias": False})
    changed = analysis.update()
    assert analysis.recomputed == 1 and changed == {ids["a2"]}
    assert analysis.totals().params == before - 8


def test_an_edit_that_changes_the_shape_stops_where_shapes_stop_changing() -> None:
    graph, analysis, ids = two_branches()
    graph.set_params(ids["a2"], {"out_channels": 5})
    changed = analysis.update()
    # a2 (shape), ar2 (shape), a3 (params only: its output is still 8 channels).
    assert analysis.recomputed == 3
    assert changed == {ids["a2"], ids["ar2"], ids["a3"]}
    assert analysis.stats(ids["a3"]).params == 5 * 9 * 8 + 8


def test_moves_and_labels_recompute_nothing() -> None:
    graph, analysis, ids = two_branches()
    graph.move(ids["b3"], (100, 40))
    graph.set_label(ids["b3"], "third")
    assert analysis.update() == set() and analysis.recomputed == 0


def test_updates_never_sort_the_whole_graph() -> None:
    """Issue 11: the update follows the graph's incremental positions, no full sort."""
    graph, analysis, ids = two_branches()
    graph.disconnect(Edge(ids["b2"], ids["b3"], 0))
    graph.connect(ids["ar4"], ids["b3"])  # forces a renumbering: b3 now after ar4
    assert graph._order is None  # the cached full sort was dropped by the edits …
    analysis.update()
    assert analysis.totals().params > 0 and analysis.is_valid()
    assert graph._order is None  # … and neither update nor totals rebuilt it
    assert graph.position(ids["ar4"]) < graph.position(ids["b3"]) < graph.position(ids["b4"])


def test_link_edits_recompute_downstream_only() -> None:
    graph, analysis, ids = two_branches()
    graph.disconnect(Edge(ids["b2"], ids["b3"], 0))
    analysis.update()
    assert analysis.recomputed == 2  # b3 (no input now), b4 (waiting)
    assert analysis.stats(ids["b4"]).waiting
    graph.connect(ids["ar4"], ids["b3"])
    analysis.update()
    assert analysis.recomputed == 2 and analysis.stats(ids["b4"]).shape == (8, 16, 16)


def test_removing_a_node_makes_its_successors_wait() -> None:
    graph, analysis, ids = two_branches()
    graph.remove_node(ids["a1"])
    analysis.update()
    # ar1 loses its input; a2 … ar4 go from a shape to waiting; branch b is untouched.
    assert analysis.recomputed == 7
    assert analysis.stats(ids["ar1"]).error is not None
    assert all(analysis.stats(ids[k]).waiting for k in ("a2", "ar2", "a3", "ar4"))


# -- composites -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "preset",
    ["googlenet", "resnet18", "resnet50", "inception_mnist", "mobilenet_v2", "densenet121", "nin"],
)
def test_composite_inner_stats_add_up(preset: str) -> None:
    project = load_preset(preset)
    analysis = analyse(project.graph)
    composites = 0
    for nid, stats in analysis.all().items():
        if not project.graph.node(nid).block.composite:
            assert stats.inner == ()
            continue
        composites += 1
        assert stats.inner, nid
        assert stats.params == sum(r.cost.params for r in stats.inner)
        assert stats.flops == sum(r.cost.flops for r in stats.inner)
        assert stats.buffers == sum(r.cost.buffers for r in stats.inner)
        assert stats.shape == stats.inner[-1].output_shape
        # Each inner layer's inputs are the block input or earlier inner outputs.
        seen = {"x": None}
        for r in stats.inner:
            assert all(name in seen for name in r.layer.inputs)
            seen[r.layer.name] = r.output_shape
    assert composites > 0


# -- lifetimes ------------------------------------------------------------------------------------
def test_a_snapshot_never_subscribes_and_follows_later_edits() -> None:
    graph = load_preset("lenet5").graph
    snap = analyse(graph)
    assert not snap.live and graph._listeners == []
    params = snap.totals().params
    first_linear = next(n.id for n in graph if n.type == "Linear")
    graph.set_params(first_linear, {"bias": False})
    assert snap.totals() == reference_totals(graph)
    assert snap.totals().params == params - graph.node(first_linear).params["out_features"]


def test_a_live_analysis_ends_with_its_context() -> None:
    graph = load_preset("lenet5").graph
    with Analysis(graph) as live:
        assert live.live and len(graph._listeners) == 1
    assert graph._listeners == [] and not live.live


def test_queries_never_notify_only_update_does() -> None:
    graph = load_preset("lenet5").graph
    analysis = Analysis(graph)
    told: list[set[str]] = []
    analysis.subscribe(told.append)
    analysis.update()
    told.clear()
    conv = next(n.id for n in graph if n.type == "Conv2d")
    graph.set_params(conv, {"out_channels": 7})
    assert analysis.stats(conv).shape is not None and analysis.totals().params > 0
    assert told == []
    changed = analysis.update()
    assert told == [changed] and conv in changed
    analysis.close()


def reference_totals(graph: Graph):
    fresh = Analysis(graph)
    try:
        fresh.recompute_all()
        stats = fresh.all().values()
        return Totals(
            params=sum(s.params for s in stats),
            trainable=sum(s.params for s in stats),
            flops=sum(s.flops for s in stats),
            buffers=sum(s.buffers for s in stats),
            errors=sum(1 for s in stats if s.error),
        )
    finally:
        fresh.close()


def test_check_insert_gives_a_typed_reason() -> None:
    from netbuilder.core.errors import InsertReason

    graph = load_preset("lenet5").graph
    with Analysis(graph) as analysis:
        conv = next(n.id for n in graph if n.type == "Conv2d")
        edge = graph.outgoing(conv)[0]
        assert analysis.check_insert("ReLU", edge) is None
        assert analysis.check_insert("Input", edge).reason is InsertReason.NO_INPUT
        assert analysis.check_insert("LSTM", edge).reason is InsertReason.REFUSES_INPUT
        flat = next(n.id for n in graph if n.type == "Flatten")
        # a 2-d conv after Flatten: Conv2d refuses the flat vector
        assert analysis.check_insert("Conv2d", graph.outgoing(flat)[0]) is not None
