"""Training memory in the Summary (totals row and column) and on the cards.

The totals are checked against torch: parameter bytes, Adam's state after a real step and
the bytes autograd saves in a training-mode forward (saved_tensors_hooks).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import torch
from PySide6.QtCore import Qt

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import compile_model
from netbuilder.core.memory import format_bytes
from netbuilder.core.presets import load_preset
from netbuilder.train.saved_memory import example_input, saved_tensor_bytes
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.summary_view import MEMORY, SummaryPanel


def torch_training_bytes(name: str, batch: int, optimizer: str) -> int:
    """Parameters + gradients + optimizer state + saved activations, measured in torch."""
    graph = load_preset(name).graph
    model = compile_model(graph).train()
    x = example_input(graph, analyse(graph), batch)
    saved = saved_tensor_bytes(model, x)
    params = sum(p.numel() * p.element_size() for p in model.parameters())
    buffers = sum(b.numel() * 4 for b in model.buffers() if b.is_floating_point())
    state = {"adam": 2, "adamw": 2, "sgd": 1}[optimizer] * params
    return saved + 2 * params + buffers + state


@pytest.fixture
def panel(qtbot):
    model = DocumentModel(load_preset("lenet5"))
    widget = SummaryPanel(model, display=DisplaySettings())
    qtbot.addWidget(widget)
    widget.resize(900, 320)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.view.table.display.deleteLater()
    model.close()


def test_totals_row_shows_the_training_memory_of_the_training_settings(panel, qtbot):
    document = panel.view.document
    config = document.project.training
    expected = torch_training_bytes("lenet5", config.batch_size, config.optimizer)
    assert panel.view.table.memory.total == expected
    assert panel.totals.cells[MEMORY] == format_bytes(expected)
    assert f"batch size {config.batch_size}" in panel.totals.tips[MEMORY]
    # a new batch size in the Training form: the row follows
    document.set_training(replace(config, batch_size=3 * config.batch_size, optimizer="sgd"))
    expected = torch_training_bytes("lenet5", 3 * config.batch_size, "sgd")
    qtbot.waitUntil(lambda: panel.totals.cells[MEMORY] == format_bytes(expected))
    assert panel.view.table.memory.total == expected
    assert panel.view.table.headerData(MEMORY, Qt.Horizontal) == "Train memory"


def test_memory_column_per_node_and_none_for_inner_rows(panel, qtbot):
    table = panel.view.table
    document = panel.view.document
    document.set_project(load_preset("resnet18"))
    table.set_expand(True)
    conv = next(r for r in table.rows if r.type == "Conv2d" and not r.depth)
    need = table.memory.nodes[conv.node_id]
    # the first conv keeps the input batch: its activations are the batch itself
    shape = analyse(document.graph).stats(document.graph.sources()[0]).shape
    batch = document.project.training.batch_size
    assert need.activations == batch * torch.Size(shape).numel() * 4
    assert table.text(conv, MEMORY) == format_bytes(need.total)
    inner = next(r for r in table.rows if r.depth)
    assert table.text(inner, MEMORY) == ""
    assert "activations kept for the backward pass" in table.data(
        table.index(table.rows.index(conv), MEMORY),
        3,  # Qt.ToolTipRole
    )


def test_memory_card_line_follows_the_toggle_and_the_batch_size(qtbot):
    from netbuilder.ui.app import create_app, open_window

    create_app()
    window = open_window()
    try:
        action = next(
            a for a in window.cards_menu.actions() if a.objectName() == "cardExtra_memory"
        )
        assert action.text() == "Training memory"
        scene = window.canvas.scene()
        assert all(not card.texts()["extras"] for card in scene.nodes.values())
        action.trigger()
        summary = window.findChild(SummaryPanel).view.table
        for node_id, card in scene.nodes.items():
            total = summary.memory.nodes[node_id].total
            size = format_bytes(total) if total else "—"
            assert card.texts()["extras"] == [f"Train memory {size}"]
        first = next(i for i, card in scene.nodes.items() if card.type_name == "Conv2d")
        before = scene.nodes[first].texts()["extras"]
        config = window.model.project.training
        window.model.set_training(replace(config, batch_size=config.batch_size * 4))
        assert scene.nodes[first].texts()["extras"] != before
        action.trigger()
        assert all(not card.texts()["extras"] for card in scene.nodes.values())
    finally:
        window.model.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_a_parameter_edit_updates_the_memory_of_the_rows_it_reaches_only(panel, qtbot):
    from netbuilder.core.analysis import Analysis
    from netbuilder.core.memory import training_memory
    from netbuilder.ui.commands import RemoveNodesCommand, SetFrozenCommand, SetParamsCommand

    document = panel.view.document
    document.set_project(load_preset("resnet18"))
    table = panel.view.table
    config = document.project.training

    def fresh():
        return training_memory(
            Analysis.snapshot(document.graph), config.batch_size, config.optimizer
        )

    fc = next(r.node_id for r in table.rows if r.type == "Linear")
    rows_told: list[tuple[int, int, int, int]] = []
    table.dataChanged.connect(
        lambda a, b, _roles=None: rows_told.append((a.row(), b.row(), a.column(), b.column()))
    )
    document.push(SetParamsCommand(document, fc, {"bias": False}))
    qtbot.waitUntil(lambda: table.memory.nodes[fc] == fresh().nodes[fc])
    memory_rows = [(a, b) for a, b, c0, c1 in rows_told if c0 <= MEMORY <= c1]
    assert memory_rows and all(a == b == table.row_of(fc) for a, b in memory_rows)
    assert table.memory.total == fresh().total
    assert panel.totals.cells[MEMORY] == format_bytes(fresh().total)
    # a frozen first conv: the layers after it keep less (their input needs no gradient)
    conv = next(r.node_id for r in table.rows if r.type == "Conv2d")
    before = table.memory.total
    document.push(SetFrozenCommand(document, conv, True))
    qtbot.waitUntil(lambda: table.memory.total != before)
    assert table.memory.nodes == fresh().nodes
    # nodes removed: the estimate is rebuilt, still exact
    document.push(RemoveNodesCommand(document, [fc]))
    qtbot.waitUntil(lambda: fc not in table.memory.nodes)
    assert table.memory.nodes == fresh().nodes
    assert panel.totals.cells[MEMORY] == format_bytes(fresh().total)
