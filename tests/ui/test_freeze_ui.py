"""Freezing a layer in the app: inspector checkbox, card badge, summary and status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netbuilder.core.codegen import compile_model


def test_the_inspector_checkbox_freezes_live_and_undoes(window, qtbot):
    model = window.model
    conv1 = next(n.id for n in model.graph if n.type == "Conv2d")
    model.set_selection([conv1])
    check = window.inspector.frozen_check
    assert check.isVisible() and not check.isChecked()
    QTest.mouseClick(check, Qt.LeftButton)
    assert model.graph.node(conv1).frozen
    assert model.undo_stack.count() == 1
    qtbot.waitUntil(lambda: window.canvas.canvas.nodes[conv1].texts()["frozen"])
    card = window.canvas.canvas.nodes[conv1].texts()
    assert card["stats"].startswith("❄ frozen")
    # trainable params follow: the compiled model is the reference
    trainable = sum(p.numel() for p in compile_model(model.graph).parameters() if p.requires_grad)
    assert model.analysis.totals().trainable == trainable == 61_706 - 156
    qtbot.waitUntil(lambda: "trainable" in window.params_label.text())
    assert "61,550 trainable" in window.params_label.toolTip()
    table = window.summary.table
    qtbot.waitUntil(lambda: table.index(table.row_of(conv1), 3).data().startswith("❄"))
    model.undo_stack.undo()
    assert not model.graph.node(conv1).frozen and not check.isChecked()
    qtbot.waitUntil(lambda: not window.canvas.canvas.nodes[conv1].texts()["frozen"])
    qtbot.waitUntil(lambda: "trainable" not in window.params_label.text())
