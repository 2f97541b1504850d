"""The graph model's mutation API: refused links with typed reasons, events, stable ids."""

from __future__ import annotations

import pytest

from netbuilder.core.analysis import Analysis
from netbuilder.core.errors import ConnectError, ConnectReason, GraphError, ParamError
from netbuilder.core.graph import (
    Edge,
    EdgeAdded,
    EdgeRemoved,
    Graph,
    GraphCleared,
    LabelChanged,
    NodeAdded,
    NodeMoved,
    NodeRemoved,
    ParamsChanged,
)

IMAGE = {"channels": 1, "height": 28, "width": 28}


class Recorder:
    """Collects every event a graph emits."""

    def __init__(self, graph: Graph) -> None:
        self.events: list[object] = []
        self.unsubscribe = graph.subscribe(self.events.append)

    def take(self) -> list[object]:
        out, self.events[:] = list(self.events), []
        return out


@pytest.fixture
def graph() -> Graph:
    return Graph()


def chain(graph: Graph, *types: str) -> list[str]:
    ids = [graph.add_node("Input", IMAGE)]
    for type_name in types:
        ids.append(graph.add_node(type_name))
        graph.connect(ids[-2], ids[-1])
    return ids


# -- refused connections ------------------------------------------------------------------------
def reason(graph: Graph, src: str, dst: str, port: int = 0) -> ConnectReason | None:
    error = graph.check_connect(src, dst, port)
    return None if error is None else error.reason


def test_same_node(graph: Graph) -> None:
    relu = graph.add_node("ReLU")
    assert reason(graph, relu, relu) is ConnectReason.SAME_NODE


def test_cycle(graph: Graph) -> None:
    x, a, b, c = chain(graph, "ReLU", "Sigmoid", "Tanh")
    # c → a would close a loop a → b → c → a; so would a direct back-link b → a.
    assert reason(graph, c, a) is ConnectReason.PORT_TAKEN  # a's only port is fed by x
    graph.disconnect(Edge(x, a, 0))
    assert reason(graph, c, a) is ConnectReason.CYCLE
    assert reason(graph, b, a) is ConnectReason.CYCLE
    error = graph.check_connect(c, a)
    assert error is not None and "loop" in str(error)
    with pytest.raises(ConnectError) as info:
        graph.connect(c, a)
    assert info.value.reason is ConnectReason.CYCLE
    assert graph.edges == [Edge(a, b, 0), Edge(b, c, 0)]


def test_cycle_through_a_merge(graph: Graph) -> None:
    x = graph.add_node("Input", IMAGE)
    add = graph.add_node("Add")
    relu = graph.add_node("ReLU")
    graph.connect(x, add, 0)
    graph.connect(add, relu)
    assert reason(graph, relu, add, 1) is ConnectReason.CYCLE


def test_port_taken_names_the_feeding_node(graph: Graph) -> None:
    x, relu = chain(graph, "ReLU")
    other = graph.add_node("Input", IMAGE, label="second")
    error = graph.check_connect(other, relu)
    assert error is not None and error.reason is ConnectReason.PORT_TAKEN
    assert "remove that link first" in str(error)
    graph.set_label(x, "first")
    assert "first" in str(graph.check_connect(other, relu))


def test_duplicate(graph: Graph) -> None:
    x, relu = chain(graph, "ReLU")
    assert reason(graph, x, relu) is ConnectReason.DUPLICATE


def test_no_such_port(graph: Graph) -> None:
    x = graph.add_node("Input", IMAGE)
    relu = graph.add_node("ReLU")
    cat = graph.add_node("Concat", {"inputs": 3})
    assert reason(graph, x, relu, 1) is ConnectReason.NO_SUCH_PORT
    assert reason(graph, x, relu, -1) is ConnectReason.NO_SUCH_PORT
    assert reason(graph, x, cat, 2) is None
    assert reason(graph, x, cat, 3) is ConnectReason.NO_SUCH_PORT
    assert "no input port 4" in str(graph.check_connect(x, cat, 3))


def test_no_inputs(graph: Graph) -> None:
    a = graph.add_node("Input", IMAGE)
    b = graph.add_node("Input", IMAGE)
    relu = graph.add_node("ReLU")
    assert reason(graph, relu, a) is ConnectReason.NO_INPUTS
    assert reason(graph, b, a) is ConnectReason.NO_INPUTS


def test_unknown_node_is_a_graph_error(graph: Graph) -> None:
    relu = graph.add_node("ReLU")
    with pytest.raises(GraphError, match="no node 'n99'"):
        graph.connect("n99", relu)


def test_rank_mismatch_through_the_analysis(graph: Graph) -> None:
    x, conv = chain(graph, "Conv2d")
    linear = graph.add_node("Linear")
    analysis = Analysis(graph)
    assert graph.check_connect(conv, linear) is None  # structurally fine
    error = analysis.check_connect(conv, linear)
    assert error is not None and error.reason is ConnectReason.RANK_MISMATCH
    assert "Linear expects a flat vector but gets 16×26×26" in str(error)
    assert "Flatten" in str(error)
    # A vector into a convolution, a sequence into Dropout2d: refused the same way.
    vector = graph.add_node("Input", {"kind": "vector", "features": 10})
    conv2 = graph.add_node("Conv2d")
    error = analysis.check_connect(vector, conv2)
    assert error is not None and error.reason is ConnectReason.RANK_MISMATCH
    # Flatten fixes it; structural reasons still come first.
    flat = graph.add_node("Flatten")
    graph.connect(conv, flat)
    assert analysis.check_connect(flat, linear) is None
    assert analysis.check_connect(linear, linear).reason is ConnectReason.SAME_NODE


def test_rank_check_is_silent_when_the_source_has_no_shape(graph: Graph) -> None:
    x = graph.add_node("Input", {"channels": 1, "height": 3, "width": 3})
    conv = graph.add_node("Conv2d", {"kernel_size": 5})  # kernel larger than the input
    graph.connect(x, conv)
    linear = graph.add_node("Linear")
    analysis = Analysis(graph)
    assert analysis.stats(conv).error is not None
    assert analysis.check_connect(conv, linear) is None


# -- events -------------------------------------------------------------------------------------
def test_events_of_each_mutation_in_order(graph: Graph) -> None:
    rec = Recorder(graph)
    x = graph.add_node("Input", IMAGE)
    conv = graph.add_node("Conv2d", {"out_channels": 6})
    assert rec.take() == [NodeAdded(x), NodeAdded(conv)]

    edge = graph.connect(x, conv)
    assert edge == Edge(x, conv, 0)
    assert rec.take() == [EdgeAdded(edge)]

    old = graph.set_params(conv, {"kernel_size": 5})
    [event] = rec.take()
    assert isinstance(event, ParamsChanged) and event.node_id == conv
    assert event.old == old and old["kernel_size"] == 3 and old["out_channels"] == 6
    assert event.new == {**old, "kernel_size": 5}
    assert graph.node(conv).params["kernel_size"] == 5

    assert graph.set_label(conv, "  conv1 ") == ""
    assert rec.take() == [LabelChanged(conv, "", "conv1")]
    assert graph.move(conv, (10, 20.5)) == (0.0, 0.0)
    assert rec.take() == [NodeMoved(conv, (0.0, 0.0), (10.0, 20.5))]

    graph.disconnect(edge)
    assert rec.take() == [EdgeRemoved(edge)]
    graph.clear()
    assert rec.take() == [GraphCleared()]


def test_no_event_when_nothing_changes(graph: Graph) -> None:
    conv = graph.add_node("Conv2d", {"out_channels": 6}, label="c", pos=(1, 2))
    rec = Recorder(graph)
    graph.set_params(conv, {"out_channels": 6})
    graph.set_params(conv, {"kernel_size": [3, 3]})  # normalised to 3: the same value
    graph.set_label(conv, "c")
    graph.move(conv, (1.0, 2.0))
    assert rec.take() == []


def test_remove_node_emits_edge_removals_first(graph: Graph) -> None:
    x = graph.add_node("Input", IMAGE)
    a = graph.add_node("ReLU")
    b = graph.add_node("Sigmoid")
    cat = graph.add_node("Concat")
    graph.connect(x, a)
    graph.connect(a, b)
    graph.connect(a, cat, 0)
    graph.connect(b, cat, 1)
    rec = Recorder(graph)
    node = graph.remove_node(a)
    events = rec.take()
    assert isinstance(events[-1], NodeRemoved) and events[-1].node_id == a
    assert events[-1].node is node and node.type == "ReLU"
    removed = [e.edge for e in events[:-1]]
    assert all(isinstance(e, EdgeRemoved) for e in events[:-1])
    assert sorted(removed) == [Edge(x, a, 0), Edge(a, b, 0), Edge(a, cat, 0)]
    assert graph.edges == [Edge(b, cat, 1)]
    assert a not in graph and len(graph) == 3


def test_refused_mutations_change_nothing_and_emit_nothing(graph: Graph) -> None:
    x, relu = chain(graph, "ReLU")
    rec = Recorder(graph)
    with pytest.raises(ConnectError):
        graph.connect(x, relu)
    with pytest.raises(ParamError, match="out_channels"):
        graph.add_node("Conv2d", {"out_channels": 0})
    with pytest.raises(GraphError, match="Unknown block type 'Conv3d'"):
        graph.add_node("Conv3d")
    with pytest.raises(ParamError, match="kernel_size"):
        graph.add_node("Conv2d", {"kernel_size": "big"})
    with pytest.raises(GraphError, match="does not exist"):
        graph.disconnect(Edge(relu, x, 0))
    with pytest.raises(GraphError):
        graph.remove_node("n42")
    assert rec.take() == []
    assert len(graph) == 2 and graph.edges == [Edge(x, relu, 0)]


def test_unsubscribe(graph: Graph) -> None:
    rec = Recorder(graph)
    rec.unsubscribe()
    rec.unsubscribe()  # twice is harmless
    graph.add_node("ReLU")
    assert rec.events == []


# -- ids ----------------------------------------------------------------------------------------
def test_ids_are_never_reused(graph: Graph) -> None:
    a = graph.add_node("ReLU")
    b = graph.add_node("ReLU")
    graph.remove_node(b)
    c = graph.add_node("ReLU")
    graph.remove_node(a)
    d = graph.add_node("ReLU")
    assert len({a, b, c, d}) == 4
    assert graph.new_id() not in {a, b, c, d}


def test_explicit_ids_advance_the_counter(graph: Graph) -> None:
    graph.add_node("ReLU", node_id="n7")
    fresh = graph.add_node("ReLU")
    assert fresh not in ("n7",) and fresh == "n8"
    with pytest.raises(GraphError, match="already exists"):
        graph.add_node("ReLU", node_id="n7")
    with pytest.raises(GraphError, match="not a valid node id"):
        graph.add_node("ReLU", node_id="7 up")
    graph.add_node("ReLU", node_id="stem")
    assert graph.add_node("ReLU") == "n9"


# -- parameters and ports -------------------------------------------------------------------------
def test_concat_refuses_to_drop_a_linked_port(graph: Graph) -> None:
    x = graph.add_node("Input", IMAGE)
    y = graph.add_node("Input", IMAGE)
    z = graph.add_node("Input", IMAGE)
    cat = graph.add_node("Concat", {"inputs": 3})
    graph.connect(x, cat, 0)
    graph.connect(z, cat, 2)
    rec = Recorder(graph)
    with pytest.raises(GraphError, match="port 3"):
        graph.set_params(cat, {"inputs": 2})
    assert graph.node(cat).params["inputs"] == 3 and rec.take() == []
    # Freeing the port first makes the change possible; growing is always fine.
    graph.disconnect(Edge(z, cat, 2))
    graph.set_params(cat, {"inputs": 2})
    assert graph.node(cat).input_ports() == ("in1", "in2")
    graph.connect(y, cat, 1)
    graph.set_params(cat, {"inputs": 4})
    assert graph.incoming(cat)[:2] == [Edge(x, cat, 0), Edge(y, cat, 1)]
    assert graph.incoming(cat)[2:] == [None, None]


def test_set_params_validates(graph: Graph) -> None:
    conv = graph.add_node("Conv2d")
    with pytest.raises(ParamError) as info:
        graph.set_params(conv, {"padding": -1})
    assert info.value.param == "padding"
    with pytest.raises(ParamError, match="not a parameter"):
        graph.set_params(conv, {"in_channels": 3})  # inferred, never typed
    with pytest.raises(ParamError, match="groups"):
        graph.set_params(conv, {"out_channels": 15, "groups": 2})
    assert graph.node(conv).params["padding"] == 0


def test_same_source_on_two_ports(graph: Graph) -> None:
    """x + x: two edges between one pair of nodes; removing one keeps the other."""
    x = graph.add_node("Input", IMAGE)
    add = graph.add_node("Add")
    graph.connect(x, add, 0)
    graph.connect(x, add, 1)
    graph.disconnect(Edge(x, add, 0))
    assert graph.successors(x) == [add]
    assert graph.outgoing(x) == [Edge(x, add, 1)]
    assert graph.topological_order() == [x, add]
    relu = graph.add_node("ReLU")
    graph.connect(add, relu)
    assert reason(graph, relu, add, 0) is ConnectReason.CYCLE


def test_topological_order_follows_edges_then_insertion(graph: Graph) -> None:
    relu = graph.add_node("ReLU")
    x = graph.add_node("Input", IMAGE)
    other = graph.add_node("Input", IMAGE)
    graph.connect(x, relu)
    order = graph.topological_order()
    assert order.index(x) < order.index(relu)
    assert set(order) == {relu, x, other}
    assert graph.sources() == [x, other]
    assert set(graph.sinks()) == {relu, other}


# -- labels -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "bad",
    [
        "1conv",
        "conv 1",
        "conv-1",
        "é\u202e" * 3,
        "x" * 65,
        "a..b",
        "a.",
        ".a",
        "a.01",
        "0.a",
        "a.class",
        "a.train",
    ],
)
def test_bad_labels_are_refused(graph: Graph, bad: str) -> None:
    conv = graph.add_node("Conv2d", label="stem")
    rec = Recorder(graph)
    with pytest.raises(GraphError, match="cannot name a layer"):
        graph.set_label(conv, bad)
    assert graph.node(conv).label == "stem" and rec.take() == []


def test_label_can_be_cleared(graph: Graph) -> None:
    conv = graph.add_node("Conv2d", label="stem")
    assert graph.set_label(conv, "   ") == "stem"
    assert graph.node(conv).label == ""


def test_add_node_validates_its_label(graph: Graph) -> None:
    rec = Recorder(graph)
    with pytest.raises(GraphError, match="cannot name a layer"):
        graph.add_node("Conv2d", label="conv 1")
    assert len(graph) == 0 and rec.take() == []
    conv = graph.add_node("Conv2d", label=" conv1 ")
    assert graph.node(conv).label == "conv1"


def test_check_label_returns_a_typed_reason_and_set_label_raises_it() -> None:
    from netbuilder.core.errors import LabelError, LabelReason

    graph = Graph()
    nid = graph.add_node("ReLU")
    assert Graph.check_label("stem") is None and Graph.check_label("  ") is None
    cases = {
        "1st": LabelReason.NOT_IDENTIFIER,
        "class": LabelReason.KEYWORD,
        "train": LabelReason.RESERVED,
        "_private": LabelReason.RESERVED,
    }
    for text, reason in cases.items():
        error = graph.check_label(text)
        assert isinstance(error, LabelError) and error.reason is reason, text
        with pytest.raises(LabelError) as raised:
            graph.set_label(nid, text)
        assert str(raised.value) == str(error)
    assert graph.node(nid).label == ""


def test_check_params_names_the_parameter_or_the_linked_port() -> None:
    from netbuilder.core.errors import ParamError, PortsInUseError

    graph = Graph()
    x = graph.add_node("Input", {"kind": "vector", "features": 4})
    cat = graph.add_node("Concat", {"inputs": 3})
    for port in range(3):
        graph.connect(x, cat, port)
    error = graph.check_params(cat, {"inputs": 2})
    assert isinstance(error, PortsInUseError) and error.port == 2
    with pytest.raises(PortsInUseError):
        graph.set_params(cat, {"inputs": 2})
    bad = graph.check_params(cat, {"dim": "x"})
    assert isinstance(bad, ParamError) and bad.param == "dim"
    assert graph.check_params(cat, {"inputs": 4}) is None


def test_topological_order_equals_networkx_lexicographic_sort_by_document_order() -> None:
    """Our own sort against networkx's on random DAGs (ties: first in document order)."""
    import random

    import networkx as nx

    from netbuilder.core.graph import _document_order_sort

    for seed in range(200):
        rng = random.Random(seed)
        n = rng.randint(1, 40)
        ids = [f"n{i}" for i in range(n)]
        rng.shuffle(ids)
        dag = nx.DiGraph()
        dag.add_nodes_from(ids)
        rank = ids[:]
        rng.shuffle(rank)  # edges go forwards in this hidden order: a DAG
        for _ in range(rng.randint(0, 80)):
            a, b = sorted(rng.sample(range(n), 2)) if n > 1 else (0, 0)
            if a != b:
                dag.add_edge(rank[a], rank[b])
        index = {nid: i for i, nid in enumerate(ids)}
        expected = list(nx.lexicographical_topological_sort(dag, key=index.__getitem__))
        # some pairs linked twice (two input ports fed by one node) count once
        links = [Edge(a, b, port) for a, b in dag.edges for port in range(rng.randint(1, 2))]
        assert _document_order_sort(ids, links) == expected, seed
