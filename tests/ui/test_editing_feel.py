"""Editing feel: typed values apply after a pause and merge per field, Undo/Redo keys in an
inspector field act on the document, undo texts name layers and values, undo/redo icons
and shortcut tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from netbuilder.core.graph import Edge
from netbuilder.core.naming import layer_names
from netbuilder.core.presets import load_preset
from netbuilder.ui.commands import (
    AddNodeCommand,
    ConnectCommand,
    DisconnectCommand,
    InsertOnEdgeCommand,
    MoveNodesCommand,
    RemoveNodesCommand,
    SetLabelCommand,
    SetParamsCommand,
)
from netbuilder.ui.document_model import DocumentModel
from tests.ui import test_inspector

#: The inspector tests' fixture: an Inspector on ``model``, shown.
inspector = test_inspector.inspector


@pytest.fixture
def model() -> DocumentModel:
    """LeNet-5 with automatic layer names (conv1, sigmoid1 …), so undo texts are known."""
    project = load_preset("lenet5")
    for node in project.graph:
        project.graph.set_label(node.id, "")
    return DocumentModel(project)


CONV1, SIGMOID1, POOL1 = "n2", "n3", "n4"


def _type(widget, text: str) -> None:
    widget.setFocus()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    QTest.keyClicks(widget, text)


def _ctrl(widget, key, shift: bool = False) -> None:
    mods = Qt.ControlModifier | (Qt.ShiftModifier if shift else Qt.NoModifier)
    QTest.keyClick(widget, key, mods)


def test_typed_value_applies_after_a_pause_without_enter(inspector, model, qtbot):
    model.set_selection([CONV1])
    spin = inspector.editors["out_channels"].spin
    count = model.undo_stack.count()
    _type(spin, "16")
    assert model.graph.node(CONV1).params["out_channels"] == 6  # not per keystroke
    qtbot.waitUntil(lambda: model.graph.node(CONV1).params["out_channels"] == 16)
    assert model.undo_stack.count() == count + 1
    assert model.undo_stack.undoText() == "conv1: out_channels 6 → 16"
    assert "16×28×28" in inspector.stats.text()


def test_edits_of_one_field_merge_into_one_undo_step(inspector, model, qtbot):
    model.set_selection([CONV1])
    spin = inspector.editors["out_channels"].spin
    count = model.undo_stack.count()
    _type(spin, "1")
    qtbot.waitUntil(lambda: model.graph.node(CONV1).params["out_channels"] == 1)
    QTest.keyClicks(spin, "2")  # the field now reads 12
    qtbot.waitUntil(lambda: model.graph.node(CONV1).params["out_channels"] == 12)
    QTest.keyClick(spin, Qt.Key_Up)  # an arrow step in the same field
    assert model.graph.node(CONV1).params["out_channels"] == 13
    assert model.undo_stack.count() == count + 1
    assert model.undo_stack.undoText() == "conv1: out_channels 6 → 13"
    # another field is another step
    bias = inspector.editors["bias"].check
    bias.setFocus()
    QTest.mouseClick(bias, Qt.LeftButton, pos=bias.rect().center())
    assert model.graph.node(CONV1).params["bias"] is False
    assert model.undo_stack.count() == count + 2
    assert model.undo_stack.undoText() == "conv1: bias True → False"
    # back in the first field: a new step again
    _type(spin, "20")
    qtbot.waitUntil(lambda: model.graph.node(CONV1).params["out_channels"] == 20)
    assert model.undo_stack.count() == count + 3
    assert model.undo_stack.undoText() == "conv1: out_channels 13 → 20"


def test_ctrl_z_in_a_field_undoes_the_document(inspector, model, qtbot):
    model.set_selection([CONV1])
    spin = inspector.editors["out_channels"].spin
    index = model.undo_stack.index()
    _type(spin, "16")
    _ctrl(spin, Qt.Key_Z)  # before the pause: the typed value is applied, then undone
    assert model.graph.node(CONV1).params["out_channels"] == 6
    assert spin.value() == 6 and spin.text() == "6"
    assert model.undo_stack.index() == index
    assert model.undo_stack.count() == index + 1  # the step exists and can be redone
    assert spin.hasFocus()
    _ctrl(spin, Qt.Key_Z, shift=True)
    assert model.graph.node(CONV1).params["out_channels"] == 16
    assert spin.value() == 16
    _ctrl(spin, Qt.Key_Z)
    model.push(SetParamsCommand(model, POOL1, {"kernel_size": 3}))
    spin.setFocus()
    _ctrl(spin, Qt.Key_Z)  # undoes the other node's change: the document's last step
    assert model.graph.node(POOL1).params["kernel_size"] == 2


def test_ctrl_z_first_takes_back_text_that_is_not_valid_yet(inspector, model, qtbot):
    model.set_selection([CONV1])
    model.push(SetParamsCommand(model, POOL1, {"kernel_size": 3}))
    index = model.undo_stack.index()
    _type(inspector.label_edit, "1st")  # not an identifier
    inspector.apply_typed()
    assert model.graph.node(CONV1).label == ""
    assert inspector.error_text("label") == ""  # typing is not shouted at
    _ctrl(inspector.label_edit, Qt.Key_Z)
    assert inspector.label_edit.text() == ""
    assert model.undo_stack.index() == index  # the document is untouched
    _ctrl(inspector.label_edit, Qt.Key_Z)
    assert model.graph.node(POOL1).params["kernel_size"] == 2


def test_label_applies_while_typing_and_merges(inspector, model, qtbot):
    model.set_selection([CONV1])
    count = model.undo_stack.count()
    _type(inspector.label_edit, "st")
    qtbot.waitUntil(lambda: model.graph.node(CONV1).label == "st")
    QTest.keyClicks(inspector.label_edit, "em")
    qtbot.waitUntil(lambda: model.graph.node(CONV1).label == "stem")
    assert model.undo_stack.count() == count + 1
    assert model.undo_stack.undoText() == "Rename conv1 → stem"


def test_undo_texts_name_layers_and_values(model):
    stack = model.undo_stack
    model.push(AddNodeCommand(model, "Conv2d", {"out_channels": 4}, (0, 900)))
    assert stack.undoText() == "Add Conv2d conv3"
    model.push(ConnectCommand(model, "n13", stack.command(stack.index() - 1).node_id))
    assert stack.undoText() == "Connect fc3 → conv3"
    model.push(DisconnectCommand(model, Edge("n2", "n3")))
    assert stack.undoText() == "Disconnect conv1 → sigmoid1"
    model.push(RemoveNodesCommand(model, [SIGMOID1]))
    assert stack.undoText() == "Delete sigmoid1"
    model.push(RemoveNodesCommand(model, ["n6", "n7"]))
    # names as the summary shows them now: sigmoid2 became sigmoid1 when sigmoid1 went
    assert stack.undoText() == "Delete sigmoid1, pool2"
    model.push(SetParamsCommand(model, CONV1, {"kernel_size": [3, 5], "padding": "same"}))
    assert stack.undoText() == "conv1: kernel_size 5 → 3×5, padding 2 → same"
    model.push(SetLabelCommand(model, CONV1, "stem"))
    assert stack.undoText() == "Rename conv1 → stem"
    model.push(MoveNodesCommand(model, {CONV1: ((0, 0), (10, 10))}))
    assert stack.undoText() == "Move stem"
    model.push(InsertOnEdgeCommand(model, Edge("n8", "n9"), "ReLU", None, (0, 0)))
    assert stack.undoText() == "Insert ReLU between flatten1 and fc1"
    add = model.graph.add_node("Add", {})
    model.push(ConnectCommand(model, "n13", add, 1))
    assert stack.undoText().endswith("→ add1 input 2")


def test_window_undo_redo_icons_and_shortcut_tooltips(window, qtbot):
    undo, redo = window.actions["undo"], window.actions["redo"]
    assert not undo.icon().isNull() and not redo.icon().isNull()
    keys = undo.shortcut().toString(QKeySequence.NativeText)
    assert keys and undo.toolTip().endswith(f"({keys})")
    window.model.push(SetParamsCommand(window.model, CONV1, {"out_channels": 8}))
    text = f"{layer_names(window.model.graph)[CONV1]}: out_channels 6 → 8"
    qtbot.waitUntil(lambda: text in undo.toolTip())
    assert undo.toolTip() == f"Undo {text} ({keys})"
    for action in window.toolbar.actions():
        if action.isSeparator():
            continue
        shortcut = action.shortcut().toString(QKeySequence.NativeText)
        if shortcut:
            assert action.toolTip().endswith(f"({shortcut})"), action.toolTip()


def test_ctrl_z_in_the_window_inspector_undoes_once(window, qtbot):
    model = window.model
    model.set_selection([CONV1])
    window.docks["inspector"].raise_()
    spin = window.inspector.editors["out_channels"].spin
    qtbot.waitUntil(spin.isVisible)
    model.push(SetParamsCommand(model, POOL1, {"kernel_size": 3}))
    _type(spin, "9")
    qtbot.waitUntil(lambda: model.graph.node(CONV1).params["out_channels"] == 9)
    index = model.undo_stack.index()
    _ctrl(spin, Qt.Key_Z)
    assert model.undo_stack.index() == index - 1  # once: not the field and the window both
    assert model.graph.node(CONV1).params["out_channels"] == 6
    assert model.graph.node(POOL1).params["kernel_size"] == 3
