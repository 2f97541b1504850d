"""200 random edits through undo commands, then undo-all: document and scene restored."""

from __future__ import annotations

import json
import random

import pytest

from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.document import dumps
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Edge
from netbuilder.core.presets import load_preset
from netbuilder.ui.canvas import CanvasView, EdgeItem, NodeItem
from netbuilder.ui.commands import (
    AddNodeCommand,
    ConnectCommand,
    DisconnectCommand,
    InsertOnEdgeCommand,
    MoveNodesCommand,
    PasteCommand,
    RemoveNodesCommand,
    SetLabelCommand,
    SetParamsCommand,
)
from netbuilder.ui.document_model import DocumentModel

_PARAM_EDITS = {
    "Conv2d": ("out_channels", [4, 6, 8, 16, 32]),
    "Linear": ("out_features", [10, 32, 84, 120]),
    "Dropout": ("p", [0.1, 0.25, 0.5]),
    "MaxPool2d": ("kernel_size", [2, 3]),
    "AvgPool2d": ("kernel_size", [2, 3]),
}


def _scene_matches(view: CanvasView) -> None:
    model, scene = view.model, view.canvas
    cards = [i for i in scene.items() if isinstance(i, NodeItem)]
    links = [i for i in scene.items() if isinstance(i, EdgeItem)]
    assert len(cards) == len(model.graph) == len(scene.nodes)
    assert len(links) == len(model.graph.edges)
    assert set(scene.edges) == set(model.graph.edges)
    for node in model.graph:
        item = scene.nodes[node.id]
        assert (item.pos().x(), item.pos().y()) == node.pos
        stats = model.analysis.stats(node.id)
        assert item.texts()["error"] == stats.error


def _canonical(text: str) -> dict:
    # Exact: node order included (undo of a delete restores each node's place).
    return json.loads(text)


def _random_command(model: DocumentModel, rng: random.Random, step: int):
    graph = model.graph
    ids = [n.id for n in graph]
    kind = rng.choice(
        ["add", "add", "remove", "connect", "connect", "disconnect", "params", "params"]
        + ["label", "move", "move", "paste", "insert"]
    )
    if kind == "add" or not ids:
        type_name = rng.choice(list(CATALOGUE))
        pos = (rng.uniform(-500, 2500), rng.uniform(-400, 400))
        return AddNodeCommand(model, type_name, None, pos)
    if kind == "remove":
        return RemoveNodesCommand(model, rng.sample(ids, min(len(ids), rng.randint(1, 2))))
    if kind == "connect":
        for _ in range(30):
            src, dst = rng.choice(ids), rng.choice(ids)
            ports = len(graph.node(dst).input_ports())
            if ports and model.analysis.check_connect(src, dst, rng.randrange(ports)) is None:
                return ConnectCommand(model, src, dst, 0 if ports == 1 else rng.randrange(ports))
        return None
    if kind == "disconnect":
        return DisconnectCommand(model, rng.choice(graph.edges)) if graph.edges else None
    if kind == "params":
        editable = [n for n in graph if n.type in _PARAM_EDITS]
        if not editable:
            return None
        node = rng.choice(editable)
        name, values = _PARAM_EDITS[node.type]
        return SetParamsCommand(model, node.id, {name: rng.choice(values)})
    if kind == "label":
        return SetLabelCommand(model, rng.choice(ids), rng.choice(["", f"layer{step}"]))
    if kind == "move":
        chosen = rng.sample(ids, min(len(ids), rng.randint(1, 3)))
        moves = {}
        for nid in chosen:
            old = graph.node(nid).pos
            moves[nid] = (old, (old[0] + rng.randint(-80, 80), old[1] + rng.randint(-80, 80)))
        return MoveNodesCommand(model, moves)
    if kind == "paste":
        chosen = set(rng.sample(ids, min(len(ids), rng.randint(1, 3))))
        nodes = [
            (n.id, n.type, dict(n.params), n.label, (n.pos[0] + 30, n.pos[1] + 30))
            for n in graph
            if n.id in chosen
        ]
        edges = [e for e in graph.edges if e.src in chosen and e.dst in chosen]
        return PasteCommand(model, nodes, edges)
    if kind == "insert" and graph.edges:
        edge: Edge = rng.choice(graph.edges)
        return InsertOnEdgeCommand(
            model, edge, rng.choice(["ReLU", "Dropout", "BatchNorm2d"]), None, (0, 0)
        )
    return None


@pytest.mark.parametrize("seed", [1, 2])
def test_200_random_edits_then_undo_all_restore_document_and_scene(qtbot, seed):
    model = DocumentModel(load_preset("lenet5"))
    view = CanvasView(model)
    qtbot.addWidget(view)
    original = dumps(model.project)
    rng = random.Random(seed)
    pushed = 0
    while pushed < 200:
        command = _random_command(model, rng, pushed)
        if command is None:
            continue
        try:
            model.push(command)
        except NetBuilderError:  # pragma: no cover - generator only builds valid edits
            raise
        pushed += 1
        if pushed % 25 == 0:
            _scene_matches(view)
    edited = dumps(model.project)
    assert edited != original
    _scene_matches(view)
    while model.undo_stack.canUndo():
        model.undo_stack.undo()
    assert _canonical(dumps(model.project)) == _canonical(original)
    _scene_matches(view)
    while model.undo_stack.canRedo():
        model.undo_stack.redo()
    assert _canonical(dumps(model.project)) == _canonical(edited)
    _scene_matches(view)


def test_delete_then_undo_restores_the_exact_document(qtbot):
    model = DocumentModel(load_preset("lenet5"))
    original = dumps(model.project)
    model.push(RemoveNodesCommand(model, ["n5", "n3", "n1"]))
    model.undo_stack.undo()
    assert dumps(model.project) == original
