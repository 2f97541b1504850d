"""Edit → Group / Ungroup in the real main window: the name dialog, one card, undo and
redo, the expanded group's inner cards. Expected numbers come from the network before
grouping (checked against torch in tests/test_groups.py), never from the group itself."""

from __future__ import annotations

import os

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from netbuilder.core.analysis import analyse
from netbuilder.core.blocks import GROUP_TYPE
from netbuilder.core.formatting import shape_text
from netbuilder.ui.canvas.composite_frame import InnerCardItem

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
    QTest.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
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
    assert "stem" in card.subtitle
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
