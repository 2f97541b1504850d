"""Quick-add by typing, with real keys and mouse: Tab/Space/double-click/port drag open the
popup, Enter adds the block linked to the selection or the dragged port; palette search
uses the same synonyms; palette double-click places cards clear of others."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from netbuilder.core.document import Project
from netbuilder.core.graph import Edge, Graph
from netbuilder.ui.canvas import CanvasView
from netbuilder.ui.document_model import DocumentModel
from tests.ui.menu_driver import right_click_and_pick

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


def _view(qtbot, graph: Graph) -> CanvasView:
    view = CanvasView(DocumentModel(Project(graph, name="quick")))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    view.centerOn(QPointF(300, 300))
    view.activateWindow()
    view.setFocus()
    return view


@pytest.fixture
def image(qtbot) -> CanvasView:
    graph = Graph()
    graph.add_node("Input", {"channels": 3, "height": 32, "width": 32}, pos=(200.0, 0.0))
    return _view(qtbot, graph)


def _vp(view: CanvasView, scene_pos: QPointF) -> QPoint:
    return view.mapFromScene(scene_pos)


def _choose(view: CanvasView, text: str) -> None:
    popup = view.quick_add.popup
    assert popup.isVisible()
    QTest.keyClicks(popup.field, text)
    QTest.keyClick(popup.field, Qt.Key.Key_Return)
    assert not popup.isVisible()


def _cards_overlap(view: CanvasView) -> list[tuple[str, str]]:
    items = list(view.canvas.nodes.items())
    out = []
    for i, (a, ia) in enumerate(items):
        for b, ib in items[i + 1 :]:
            if ia.mapRectToScene(ia.rect()).intersects(ib.mapRectToScene(ib.rect())):
                out.append((a, b))
    return out


def test_tab_conv_tab_relu_tab_pool_types_a_chain(image):
    view, model = image, image.model
    (x,) = [n.id for n in model.graph]
    model.set_selection([x])
    for text in ("conv", "relu", "pool"):
        QTest.keyClick(view, Qt.Key.Key_Tab)
        _choose(view, text)
        assert view.hasFocus()  # the next Tab goes to the canvas again
    graph = model.graph
    order = graph.topological_order()
    assert [graph.node(n).type for n in order] == ["Input", "Conv2d", "ReLU", "MaxPool2d"]
    assert graph.edges == sorted(Edge(a, b, 0) for a, b in zip(order[:-1], order[1:], strict=True))
    assert model.selected == [order[-1]]
    assert model.analysis.stats(order[-1]).shape == (16, 15, 15)  # 3×3 conv, 2×2 pool
    stack = model.undo_stack
    assert stack.count() == 3
    assert [stack.text(i) for i in range(3)] == [
        "Add Conv2d conv1 after x",
        "Add ReLU relu1 after conv1",
        "Add MaxPool2d pool1 after relu1",
    ]
    assert _cards_overlap(view) == []
    # the chain follows the links' direction (top to bottom here)
    ys = [graph.node(n).pos[1] for n in order]
    assert ys == sorted(ys) and len(set(ys)) == 4
    stack.undo()
    assert len(graph) == 3 and len(graph.edges) == 2
    model.set_selection(order[1:3])
    QTest.keyClick(view, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert stack.undoText() == "Cut conv1, relu1"


def test_popup_finds_blocks_by_synonym(image):
    view = image
    QTest.keyClick(view, Qt.Key.Key_Tab)
    popup = view.quick_add.popup
    for text, first in (("dense", "Linear"), ("fc", "Linear"), ("bn", "BatchNorm2d"),
                        ("lstm", "LSTM"), ("pool", "MaxPool2d")):  # fmt: skip
        popup.field.clear()
        QTest.keyClicks(popup.field, text)
        assert popup.current_type() == first
    QTest.keyClick(popup.field, Qt.Key.Key_Down)
    assert popup.current_type() == "AvgPool2d"
    QTest.keyClick(popup.field, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert len(view.model.graph) == 1 and view.model.undo_stack.count() == 0


def test_double_click_on_empty_canvas_adds_at_the_cursor(image):
    view, model = image, image.model
    spot = QPointF(600.0, 400.0)
    QTest.mouseDClick(view.viewport(), LEFT, NOMOD, _vp(view, spot))
    popup = view.quick_add.popup
    assert popup.isVisible() and popup.title.text() == "Add a block"
    _choose(view, "gelu")
    new = model.graph.nodes[-1]
    assert new.type == "GELU" and model.graph.edges == []
    card = view.canvas.nodes[new.id]
    assert card.mapRectToScene(card.rect()).contains(spot)  # its title is under the cursor
    assert model.selected == [new.id]


def test_dragging_an_output_port_into_empty_canvas_adds_a_linked_block(image):
    view, model = image, image.model
    (x,) = [n.id for n in model.graph]
    card = view.canvas.nodes[x]
    start = _vp(view, card.output_port_pos())
    end = _vp(view, QPointF(650.0, 350.0))
    QTest.mousePress(view.viewport(), LEFT, NOMOD, start)
    for i in range(1, 7):
        QTest.mouseMove(view.viewport(), start + (end - start) * (i / 6))
    QTest.mouseRelease(view.viewport(), LEFT, NOMOD, end)
    popup = view.quick_add.popup
    assert popup.isVisible() and popup.title.text() == "Add after x"
    _choose(view, "conv")
    new = model.graph.nodes[-1]
    assert new.type == "Conv2d"
    assert model.graph.edges == [Edge(x, new.id, 0)]
    assert model.undo_stack.undoText() == "Add Conv2d conv1 after x"
    new_card = view.canvas.nodes[new.id]
    assert new_card.mapRectToScene(new_card.rect()).contains(QPointF(650.0, 350.0))


def test_dragging_a_free_input_into_empty_canvas_adds_a_block_before_it(qtbot):
    graph = Graph()
    relu = graph.add_node("ReLU", {}, pos=(400.0, 300.0))
    view = _view(qtbot, graph)
    card = view.canvas.nodes[relu]
    start = _vp(view, card.input_port_pos(0))
    end = start + QPoint(-250, -150)
    QTest.mousePress(view.viewport(), LEFT, NOMOD, start)
    for i in range(1, 7):
        QTest.mouseMove(view.viewport(), start + (end - start) * (i / 6))
    QTest.mouseRelease(view.viewport(), LEFT, NOMOD, end)
    assert view.quick_add.popup.title.text() == "Add before relu1"
    _choose(view, "input")
    new = view.model.graph.nodes[-1]
    assert new.type == "Input"
    assert view.model.graph.edges == [Edge(new.id, relu, 0)]


def test_a_link_the_shapes_refuse_is_left_out_with_a_sentence(qtbot):
    graph = Graph()
    graph.add_node("Input", {"kind": "vector", "features": 20}, pos=(0.0, 0.0))
    view = _view(qtbot, graph)
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    view.model.set_selection([graph.nodes[0].id])
    QTest.keyClick(view, Qt.Key.Key_Tab)
    _choose(view, "conv2d")
    assert graph.nodes[-1].type == "Conv2d" and graph.edges == []
    assert messages and messages[-1].startswith("Conv2d added without a link: Conv2d expects")
    assert view.model.undo_stack.count() == 1


def test_space_tap_opens_the_popup_space_drag_pans(image):
    view = image
    QTest.keyPress(view, Qt.Key.Key_Space)
    QTest.keyRelease(view, Qt.Key.Key_Space)
    popup = view.quick_add.popup
    assert popup.isVisible()
    QTest.keyClick(popup.field, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    before = view.mapToScene(view.viewport().rect().center())
    QTest.keyPress(view, Qt.Key.Key_Space)
    QTest.mousePress(view.viewport(), LEFT, NOMOD, QPoint(400, 400))
    QTest.mouseMove(view.viewport(), QPoint(300, 350))
    QTest.mouseRelease(view.viewport(), LEFT, NOMOD, QPoint(300, 350))
    QTest.keyRelease(view, Qt.Key.Key_Space)
    assert not popup.isVisible()
    assert view.mapToScene(view.viewport().rect().center()) != before
    assert len(view.model.graph) == 1


def test_canvas_menu_on_empty_canvas_offers_add_block(image):
    view = image
    spot = QPointF(700.0, 420.0)
    pos = _vp(view, spot)
    actions = right_click_and_pick(
        view.viewport(), pos, lambda acts: next(a for a in acts if a.text() == "Add Block…")
    )
    add = next(a for a in actions if a.text() == "Add Block…")
    assert add.shortcut().toString() == "Tab"
    _choose(view, "tanh")
    new = view.model.graph.nodes[-1]
    assert new.type == "Tanh"
    card = view.canvas.nodes[new.id]
    assert card.mapRectToScene(card.rect()).contains(spot)


def test_palette_search_uses_the_synonyms(window, qtbot):
    search = window.palette.search
    for text in ("fc", "fully"):
        search.clear()
        qtbot.keyClicks(search, text)
        assert window.palette.visible_types() == ["Linear"]
    search.clear()
    qtbot.keyClicks(search, "dense")
    assert "Linear" in window.palette.visible_types()  # and DenseBlock, by its name
    search.clear()
    qtbot.keyClicks(search, "bn")
    assert set(window.palette.visible_types()) == {"BatchNorm2d", "BatchNorm1d"}


def test_palette_double_click_places_cards_clear_of_others(window):
    item = window.palette.tree.item_for("ReLU")
    for _ in range(3):
        window.palette.tree.itemActivated.emit(item, 0)
    assert _cards_overlap(window.canvas) == []
