"""Reading a document in bulk builds the same graph, with the same errors, as linking
node by node through ``Graph.add_node`` / ``Graph.connect`` (the incremental reader)."""

from __future__ import annotations

import copy
import json

import pytest

from netbuilder.core.document import _build_graph, graph_to_dict, read_graph
from netbuilder.core.errors import DocumentError
from netbuilder.core.graph import GraphLoader
from netbuilder.core.presets import PRESET_NAMES, load_preset


def _both(data: dict) -> tuple[object, object]:
    """The graph (or the error) of ``read_graph`` (bulk) and of the incremental reader."""
    results = []
    for read in (
        lambda: read_graph(data),
        lambda: _build_graph(data["nodes"], data["edges"], "$.graph", GraphLoader(True)),
    ):
        try:
            results.append(read())
        except DocumentError as exc:
            results.append((str(exc), exc.path))
    return results[0], results[1]


def _facts(graph) -> tuple:
    return (
        [(n.id, n.type, n.params, n.label, n.pos, n.frozen) for n in graph.nodes],
        graph.edges,
        graph.topological_order(),
        graph.new_id(),
        [graph.successors(n.id) for n in graph.nodes],
    )


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_bulk_reading_builds_the_graph_incremental_reading_builds(name: str) -> None:
    graph = load_preset(name).graph
    data = json.loads(json.dumps({"nodes": _nodes(graph), "edges": _edges(graph)}))
    bulk, incremental = _both(data)
    assert _facts(bulk) == _facts(incremental)
    # positions are topological: every link goes forwards
    assert all(bulk.position(e.src) < bulk.position(e.dst) for e in bulk.edges)


def _nodes(graph) -> list[dict]:
    return [
        {"id": n.id, "type": n.type, "params": n.params, "label": n.label, "pos": list(n.pos)}
        for n in graph.nodes
    ]


def _edges(graph) -> list[dict]:
    return [{"src": e.src, "dst": e.dst, "port": e.port} for e in graph.edges]


def _chain() -> dict:
    """Input a → Add (port 0) → r0 → r1 → r2 → r3; the Add's port 1 is free."""
    nodes = [{"id": "a", "type": "Input", "params": {"kind": "vector", "features": 4}}]
    nodes += [{"id": f"r{i}", "type": "ReLU"} for i in range(4)]
    nodes.append({"id": "add", "type": "Add"})
    edges = [{"src": "a", "dst": "add"}, {"src": "add", "dst": "r0"}]
    edges += [{"src": f"r{i}", "dst": f"r{i + 1}"} for i in range(3)]
    return {"nodes": nodes, "edges": edges}


BROKEN = {
    "loop": lambda d: d["edges"].append({"src": "r3", "dst": "add", "port": 1}),
    "short loop": lambda d: d["edges"].append({"src": "r0", "dst": "add", "port": 1}),
    "port taken": lambda d: d["edges"].append({"src": "r2", "dst": "r1"}),
    "same node": lambda d: d["edges"].append({"src": "r3", "dst": "r3"}),
    "no such port": lambda d: d["edges"].append({"src": "r3", "dst": "add", "port": 7}),
    "into an Input": lambda d: d["edges"].append({"src": "r3", "dst": "a"}),
    "duplicate id": lambda d: d["nodes"].append({"id": "r2", "type": "ReLU"}),
    "bad id": lambda d: d["nodes"].append({"id": "9x", "type": "ReLU"}),
    "bad label": lambda d: d["nodes"].append({"id": "z", "type": "ReLU", "label": "class"}),
    "bad params": lambda d: d["nodes"].append(
        {"id": "z", "type": "Linear", "params": {"out_features": -3}}
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_bulk_reading_refuses_like_incremental_reading(case: str) -> None:
    data = copy.deepcopy(_chain())
    BROKEN[case](data)
    bulk, incremental = _both(data)
    assert isinstance(bulk, tuple), f"{case} was read"
    assert bulk == incremental


def test_a_loop_is_named_by_its_link() -> None:
    """The bulk reader only sees that there is a loop; read_graph reads again to name it."""
    data = _chain()
    data["edges"].append({"src": "r3", "dst": "add", "port": 1})
    assert _build_graph(data["nodes"], data["edges"], "$.graph", GraphLoader()) is None
    with pytest.raises(DocumentError, match="loop") as caught:
        read_graph(data)
    assert caught.value.path in ("$.graph.edges[1]", "$.graph.edges[5]")  # a link of the loop


@pytest.mark.parametrize("first", ["remove_node", "disconnect", "connect", "successors"])
def test_a_graph_read_in_bulk_takes_any_edit_first(first: str) -> None:
    """The bulk reader leaves the links' networkx graph to be built on first use: whatever
    comes first after reading, the graph then equals one read link by link after the
    same edit."""
    data = json.loads(json.dumps(graph_to_dict(load_preset("resnet18").graph)))
    bulk = read_graph(data)
    slow = _build_graph(data["nodes"], data["edges"], "$.graph", GraphLoader(True))
    assert bulk._dag_built is None  # not built yet: the edit below builds it
    middle = bulk.topological_order()[5]
    for graph in (bulk, slow):
        if first == "remove_node":
            graph.remove_node(middle)
        elif first == "disconnect":
            graph.disconnect(graph.incoming(middle)[0])
        elif first == "connect":
            graph.disconnect(graph.incoming(middle)[0])
            graph.connect(graph.topological_order()[0], middle)
        else:
            assert graph.successors(middle) and graph.predecessors(middle)
    assert _facts(bulk) == _facts(slow)
    assert [bulk.predecessors(n.id) for n in bulk.nodes] == [
        slow.predecessors(n.id) for n in slow.nodes
    ]


def test_prepare_edits_builds_the_link_graph_of_a_graph_read_in_bulk() -> None:
    graph = read_graph(json.loads(json.dumps(graph_to_dict(load_preset("lenet5").graph))))
    assert graph._dag_built is None
    graph.prepare_edits()
    assert graph._dag_built is not None
    assert sorted(graph._dag_built.edges) == sorted((e.src, e.dst) for e in graph.edges)


def test_a_setting_read_again_is_validated_by_its_own_types() -> None:
    """The reader validates each distinct setting once; ``True == 1`` and ``1 == 1.0`` in
    Python, so a later node with ``bias: 1`` or ``out_features: true`` is still refused
    after an accepted ``bias: true`` / ``out_features: 1``."""
    first = {"id": "n2", "type": "Linear", "params": {"out_features": 1, "bias": True}}
    for later, param in (
        ({"out_features": 1, "bias": 1}, "bias"),
        ({"out_features": True, "bias": True}, "out_features"),
    ):
        data = {
            "nodes": [
                {"id": "n1", "type": "Input", "params": {"kind": "vector", "features": 4}},
                first,
                {"id": "n3", "type": "Linear", "params": later},
            ],
            "edges": [],
        }
        with pytest.raises(DocumentError) as caught:
            read_graph(data)
        assert caught.value.path == f"$.graph.nodes[2].params.{param}"
    graph = read_graph({**data, "nodes": data["nodes"][:2] * 1 + [{**first, "id": "n3"}]})
    assert graph.node("n2").params == graph.node("n3").params
    assert graph.node("n2").params is not graph.node("n3").params
