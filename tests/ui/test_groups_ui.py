"""Edit → Group / Ungroup in the real main window: the name dialog, one card, undo and
redo, the expanded group's inner cards. Expected numbers come from the network before
grouping (checked against torch in tests/test_groups.py), never from the group itself."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from netbuilder.core.analysis import analyse
from netbuilder.core.blocks import GROUP_TYPE
from netbuilder.core.document import Project, dumps
from netbuilder.core.formatting import shape_text
from netbuilder.ui.canvas import CanvasView
from netbuilder.ui.canvas.composite_frame import InnerCardItem
from netbuilder.ui.document_model import DocumentModel
from tests.ui.drop_driver import drop_data

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


def _state(graph) -> tuple:
    return (
        [(n.id, n.type, n.params, n.label, n.pos, n.frozen) for n in graph],
        graph.edges,
    )


def _select(window, ids: list[str]) -> None:
    scene = window.canvas.canvas
    scene.clearSelection()
    for nid in ids:
        scene.nodes[nid].setSelected(True)


def _group_by_dialog(qtbot, window, ids: list[str], name: str) -> str:
    _select(window, ids)
    assert window.actions["group"].isEnabled()
    # Ctrl down, G, Ctrl up: a release leaves no modifier held for the next test
    ctrl = Qt.KeyboardModifier.ControlModifier
    QTest.keyPress(window, Qt.Key.Key_Control, ctrl)
    QTest.keyClick(window, Qt.Key.Key_G, ctrl)
    QTest.keyRelease(window, Qt.Key.Key_Control, NOMOD)
    qtbot.waitUntil(lambda: window.group_actions.dialog is not None)
    dialog = window.group_actions.dialog
    assert dialog.isVisible()
    dialog.setTextValue(name)
    dialog.accept()
    qtbot.waitUntil(lambda: any(n.type == GROUP_TYPE for n in window.model.graph))
    return next(n.id for n in window.model.graph if n.type == GROUP_TYPE)


def test_group_ungroup_undo_redo_and_expand(qtbot, window) -> None:
    model = window.model
    graph = model.graph
    before = _state(graph)
    totals = analyse(graph).totals()
    steps = model.undo_stack.count()
    # LeNet-5's first stage: conv, sigmoid, pool
    gid = _group_by_dialog(qtbot, window, ["n2", "n3", "n4"], "stem")
    assert model.undo_stack.count() == steps + 1  # one undo step
    assert [n.id for n in graph if n.id in ("n2", "n3", "n4")] == []
    assert graph.node(gid).params["group"].name == "stem"
    assert model.analysis.totals() == totals
    card = window.canvas.canvas.nodes[gid]
    assert card.title == "stem" and card.subtitle == "3 layers"
    stats = model.analysis.stats(gid)
    assert card.texts()["shape"] == shape_text(stats.shape) == "6×14×14"
    # the group card opens like a composite: one read-only card per grouped layer
    view = window.canvas
    view.set_zoom(1.0)
    view.centerOn(card.sceneBoundingRect().center())
    header = card.mapToScene(QPointF(40.0, 12.0))
    QTest.mouseDClick(view.viewport(), LEFT, NOMOD, view.mapFromScene(header))
    qtbot.waitUntil(lambda: card.expanded)
    inner = [i for i in view.canvas.items() if isinstance(i, InnerCardItem)]
    assert len(inner) == 3
    conv = card.frame.card("net.0")
    assert conv.texts()["shape"] == "6×28×28"
    if os.environ.get("NETBUILDER_SHOTS"):
        window.grab().save(os.path.join(os.environ["NETBUILDER_SHOTS"], "group_expanded.png"))
    # undo: the three blocks are back exactly; redo groups them again
    model.undo_stack.undo()
    assert _state(graph) == before
    model.undo_stack.redo()
    assert [n.type for n in graph].count(GROUP_TYPE) == 1 and "n2" not in graph
    assert model.analysis.totals() == totals
    # ungroup (Ctrl+Shift+G): the inner nodes and links return, one more undo step
    _select(window, [gid])
    qtbot.waitUntil(lambda: window.actions["ungroup"].isEnabled())
    window.actions["ungroup"].trigger()
    assert _state(graph) == before
    assert model.undo_stack.count() == steps + 2
    model.undo_stack.undo()
    assert gid in graph and "n2" not in graph
    model.undo_stack.undo()
    assert _state(graph) == before


def test_a_selection_that_cannot_be_a_group_asks_no_name(qtbot, window) -> None:
    _select(window, ["n1", "n2"])  # the Input cannot go into a group
    qtbot.waitUntil(lambda: window.actions["group"].isEnabled())
    window.actions["group"].trigger()
    assert window.group_actions.dialog is None
    assert "Input" in window.statusBar().currentMessage()
    assert all(n.type != GROUP_TYPE for n in window.model.graph)


# -- My blocks ---------------------------------------------------------------------------------
def test_save_to_my_blocks_and_drag_into_another_document(
    qtbot, window, isolated_blocks: str
) -> None:
    gid = _group_by_dialog(qtbot, window, ["n2", "n3", "n4"], "stem")
    definition = window.model.graph.node(gid).params["group"]
    # the group card's context menu saves it to the user data folder
    menu = QMenu(window)
    window.group_actions.add_card_actions(menu, gid)
    save = next(a for a in menu.actions() if a.text() == "Save to My Blocks")
    save.trigger()
    menu.deleteLater()
    files = list(Path(isolated_blocks).glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text("utf-8"))["version"] == 2
    palette = window.palette.my_blocks
    item = palette.item_for("stem")
    assert item is not None and palette.blocks()[0].definition == definition
    # a second document: a fresh network with an image input
    other = Project(name="other")
    x = other.graph.add_node("Input", {"channels": 1, "height": 28, "width": 28})
    model = DocumentModel(other)
    view = CanvasView(model)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    drop_data(view, palette.mimeData([item]), QPoint(300, 300))
    added = [n for n in model.graph if n.type == GROUP_TYPE]
    assert len(added) == 1 and added[0].params["group"] == definition
    assert model.undo_stack.count() == 1
    model.graph.connect(x, added[0].id)
    stats = model.analysis.stats(added[0].id)
    assert stats.shape == (6, 14, 14) and stats.params == (5 * 5 * 1 + 1) * 6
    # the definition travels with the document
    saved = json.loads(dumps(other))
    assert [g["name"] for g in saved["graph"]["groups"]] == ["stem"]
    model.undo_stack.undo()  # the link is not on the stack; undo removes the drop
    assert all(n.type != GROUP_TYPE for n in model.graph)
    view.close()
    model.close()


def test_a_damaged_saved_block_is_not_listed(qtbot, window, isolated_blocks: str) -> None:
    folder = Path(isolated_blocks)
    (folder / "bad.json").write_text(
        '{"format": "netbuilder", "version": 2, "graph": {"groups": 3}}'
    )
    (folder / "project.json").write_text(dumps(Project()), "utf-8")  # not one group
    palette = window.palette.my_blocks
    palette.reload()
    assert palette.blocks() == []
    assert len(palette.problems) == 2
    assert any("bad.json" in p and "$.graph.groups" in p for p in palette.problems)
