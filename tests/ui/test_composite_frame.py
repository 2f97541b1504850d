"""Composites open as graphs on the canvas, the layout direction toggle, and Fit / export
bounds that hold every link. Real scenes, real mouse events, real files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker
from PySide6.QtTest import QTest

from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.builder import Builder
from netbuilder.core.document import Project
from netbuilder.core.formatting import human, shape_text
from netbuilder.core.graph import Edge, Graph
from netbuilder.core.layout import LR, TB
from netbuilder.core.presets import load_preset
from netbuilder.ui import settings
from netbuilder.ui.canvas import CanvasView, NodeItem, render_image
from netbuilder.ui.canvas.composite_frame import InnerCardItem
from netbuilder.ui.commands import SetParamsCommand
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.summary_view import SummaryView

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


def _view(qtbot, model: DocumentModel) -> CanvasView:
    view = CanvasView(model)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def _card(view: CanvasView, label: str) -> NodeItem:
    return next(item for item in view.canvas.nodes.values() if item.title == label)


def _double_click(view: CanvasView, item: NodeItem) -> None:
    view.set_zoom(1.0)
    view.centerOn(item.sceneBoundingRect().center())
    header = item.mapToScene(QPointF(40.0, 12.0))
    QTest.mouseDClick(view.viewport(), LEFT, NOMOD, view.mapFromScene(header))


def _inner_cards(view: CanvasView) -> list[InnerCardItem]:
    return [item for item in view.canvas.items() if isinstance(item, InnerCardItem)]


def _assert_room_made(view: CanvasView, opened: NodeItem) -> None:
    """The open card overlaps no other card; the others sit as before, moved apart."""
    frame = opened.sceneBoundingRect()
    for item in view.canvas.nodes.values():
        if item is not opened:
            assert not frame.intersects(item.sceneBoundingRect()), item.title
    cards = list(view.canvas.nodes.values())
    for i, a in enumerate(cards):
        for b in cards[i + 1 :]:
            assert not a.sceneBoundingRect().intersects(b.sceneBoundingRect())


def _stroke(path: QPainterPath) -> QPainterPath:
    """The drawn line of ``path`` (an open path's own area would close it)."""
    stroker = QPainterPathStroker()
    stroker.setWidth(2.0)
    return stroker.createStroke(path)


def _card_rect(item: NodeItem) -> QRectF:
    return item.mapRectToScene(item.rect())


def _at_document_positions(view: CanvasView) -> bool:
    graph = view.model.graph
    return all(
        item.pos() == QPointF(*graph.node(nid).pos) for nid, item in view.canvas.nodes.items()
    )


# -- Inception ----------------------------------------------------------------------------------
def test_inception_opens_into_four_branches_of_cards_and_closes_to_one_card(qtbot) -> None:
    view = _view(qtbot, DocumentModel(load_preset("googlenet")))
    card = _card(view, "inception3a")
    closed = card.rect()
    _double_click(view, card)
    assert card.expanded and card.frame is not None
    stats = view.model.analysis.stats(card.node_id)
    inner = _inner_cards(view)
    # six conv+BN+ReLU triples (1 + 2 + 2 + 1 per branch), branch 4's pool, the Concat
    assert len(inner) == len(stats.inner) == 6 * 3 + 1 + 1
    for result in stats.inner:  # …each card shows the analysis' own numbers
        texts = card.frame.card(result.layer.name).texts()
        assert texts["shape"] == shape_text(result.output_shape)
        assert texts["stats"].startswith(f"{human(result.cost.params)} params")
    # the four branches start side by side, in the Concat's port order
    starts = [card.frame.card(n) for n in ("branch1.conv", "branch2.0.conv", "branch3.0.conv")]
    starts.append(card.frame.card("branch4.0"))
    tops = {round(c.scenePos().y()) for c in starts}
    xs = [c.scenePos().x() for c in starts]
    assert len(tops) == 1 and xs == sorted(xs) and len(set(xs)) == 4
    for i, a in enumerate(inner):
        for b in inner[i + 1 :]:
            assert not a.sceneBoundingRect().intersects(b.sceneBoundingRect())
        assert card.sceneBoundingRect().contains(a.sceneBoundingRect())
    _assert_room_made(view, card)
    assert view.model.undo_stack.count() == 0 and not view.model.is_dirty()

    _double_click(view, card)
    assert not card.expanded and card.frame is None
    assert _inner_cards(view) == []
    assert card.rect() == closed
    assert _at_document_positions(view)


# -- Residual -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("label", "shortcut"), [("layer1.0", []), ("layer2.0", ["downsample.0"])])
def test_residual_opens_with_its_shortcut_as_a_path_of_its_own(qtbot, label, shortcut) -> None:
    view = _view(qtbot, DocumentModel(load_preset("resnet18")))
    card = _card(view, label)
    _double_click(view, card)
    frame = card.frame
    assert frame is not None
    names = [r.layer.name for r in view.model.analysis.stats(card.node_id).inner]
    assert sorted(frame.cards) == sorted(names)
    main = [frame.card(n) for n in ("conv1", "bn1", "relu1", "conv2", "bn2")]
    # the link into the Add's second port (the shortcut) passes no main-path card
    add_port = frame.card("add").input_port_pos(1)
    link = next(
        link
        for link in frame.links
        if (frame.mapToScene(link.path().pointAtPercent(1.0)) - add_port).manhattanLength() < 1
    )
    path = _stroke(frame.mapToScene(link.path()))
    for item in main:
        assert not path.intersects(_card_rect(item)), item.layer
    for name in shortcut:  # a projection shortcut's own cards stand beside the main path
        side = frame.card(name).sceneBoundingRect()
        assert all(side.left() > m.sceneBoundingRect().right() for m in main)
    _assert_room_made(view, card)


def test_editing_the_block_updates_its_open_inner_cards(qtbot) -> None:
    view = _view(qtbot, DocumentModel(load_preset("resnet18")))
    card = _card(view, "layer1.0")
    card.set_expanded(True)
    assert "downsample.0" not in card.frame.cards
    view.model.push(SetParamsCommand(view.model, card.node_id, {"out_channels": 96}))
    assert "downsample.0" in card.frame.cards  # channels change: a 1×1 conv shortcut
    assert card.frame.card("conv1").texts()["shape"] == "96×56×56"
    _assert_room_made(view, card)
    view.model.undo_stack.undo()
    assert "downsample.0" not in card.frame.cards
    _assert_room_made(view, card)


def test_inner_cards_are_read_only_and_pick_their_block(qtbot) -> None:
    view = _view(qtbot, DocumentModel(load_preset("resnet18")))
    card = _card(view, "layer1.0")
    _double_click(view, card)
    conv = card.frame.card("conv1")
    assert conv.port_at(conv.input_port_pos(0)) is None
    assert not conv.flags() & conv.GraphicsItemFlag.ItemIsMovable
    before = conv.pos()  # in its frame
    start = view.mapFromScene(conv.mapToScene(QPointF(60.0, 12.0)))
    QTest.mousePress(view.viewport(), LEFT, NOMOD, start)
    QTest.mouseMove(view.viewport(), start + start / 10)
    QTest.mouseRelease(view.viewport(), LEFT, NOMOD, start + start / 10)
    assert conv.pos() == before  # dragging it moves its block, never the layer alone
    assert conv.isSelected() and view.model.selected == [card.node_id]
    # a link dragged from the block before it cannot end on an inner card
    prev = view.model.graph.incoming(card.node_id)[0].src
    view.model.undo_stack.clear()
    QTest.mousePress(
        view.viewport(), LEFT, NOMOD, view.mapFromScene(view.canvas.nodes[prev].output_port_pos())
    )
    QTest.mouseMove(view.viewport(), view.mapFromScene(conv.input_port_pos(0)))
    assert conv.port_marks == {}
    QTest.mouseRelease(view.viewport(), LEFT, NOMOD, view.mapFromScene(conv.input_port_pos(0)))
    assert all(not e.dst.startswith(card.node_id + "/") for e in view.model.graph.edges)


def test_an_inner_row_of_the_summary_selects_its_inner_card(qtbot) -> None:
    model = DocumentModel(load_preset("googlenet"))
    view = _view(qtbot, model)
    summary = SummaryView(model)
    qtbot.addWidget(summary)
    summary.table.set_expand(True)
    rows = summary.table.rows
    index = next(i for i, r in enumerate(rows) if r.name.endswith("inception4a.branch3.0.bn"))
    summary.selectRow(index)
    card = view.canvas.nodes[rows[index].node_id]
    assert card.expanded
    picked = [c for c in _inner_cards(view) if c.isSelected()]
    assert [c.layer for c in picked] == ["branch3.0.bn"]
    assert model.selected == [card.node_id]
    assert view.visible_scene_rect().intersects(picked[0].sceneBoundingRect())


# -- direction ----------------------------------------------------------------------------------
def test_left_to_right_toggle_is_one_undo_step_and_remembered(qtbot) -> None:
    model = DocumentModel(load_preset("lenet5"))
    view = _view(qtbot, model)
    scene = view.canvas
    assert scene.direction == TB and all(item.vertical for item in scene.nodes.values())
    before = {n.id: n.pos for n in model.graph}
    view.direction_action.trigger()
    assert scene.direction == LR and settings.layout_direction() == LR
    assert not any(item.vertical for item in scene.nodes.values())
    ys = {n.pos[1] for n in model.graph}
    xs = [n.pos[0] for n in model.graph]
    assert len(ys) == 1 and xs == sorted(xs)  # a chain runs left to right
    edge = scene.edges[Edge("n1", "n2", 0)]
    assert edge.path().pointAtPercent(0.0) == scene.nodes["n1"].output_port_pos()
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert {n.id: n.pos for n in model.graph} == before
    assert scene.direction == TB and not view.direction_action.isChecked()
    model.undo_stack.redo()
    assert scene.direction == LR and view.direction_action.isChecked()
    # a document opens in the direction its positions flow; an empty one in the preference
    model.set_project(load_preset("alexnet"))
    assert scene.direction == TB and not view.direction_action.isChecked()
    model.set_project(Project())
    assert scene.direction == LR


# -- Fit and export hold every link ----------------------------------------------------------
def _bulging_graph() -> Graph:
    """A link whose curve reaches beyond the cards (its target sits above and aside)."""
    g = Graph()
    a = g.add_node("Input", {"channels": 3, "height": 8, "width": 8}, pos=(400.0, 0.0))
    b = g.add_node("ReLU", pos=(0.0, 300.0))
    g.connect(a, b)
    return g


def test_fit_and_png_export_hold_every_link_with_a_margin(qtbot, tmp_path) -> None:
    view = _view(qtbot, DocumentModel(Project(_bulging_graph())))
    scene = view.canvas
    cards = QRectF()
    for item in scene.nodes.values():
        cards = cards.united(item.sceneBoundingRect())
    links = [item.sceneBoundingRect() for item in scene.edges.values()]
    assert any(not cards.contains(link) for link in links)  # the case this test is about
    view.fit_all()
    shown = view.visible_scene_rect()
    for link in links:
        assert shown.contains(link.adjusted(-10, -10, 10, 10))
    whole = scene.cards_rect()
    image = render_image(scene, scale=1.0)
    # the image is the cards-and-links rectangle plus a border: every link is in it
    assert image.width() > whole.width() and image.height() > whole.height()
    assert all(whole.contains(link) for link in links)
    path = tmp_path / "net.png"
    view.export_png(path, 1.0)
    assert path.stat().st_size > 1000


def test_a_skip_link_follows_its_lane_after_auto_layout(qtbot) -> None:
    b = Builder()
    x = b.add("Input", channels=4, height=8, width=8)
    b.add("Conv2d", out_channels=4, kernel_size=3, padding=1)
    b.add("ReLU")
    main = b.add("Conv2d", out_channels=4, kernel_size=3, padding=1)
    add = b.add("Add", inputs=[main, x])
    view = _view(qtbot, DocumentModel(Project(b.graph)))
    assert view.auto_layout(TB)
    skip = view.canvas.edges[Edge(x, add, 1)]
    assert skip.bends
    path = _stroke(skip.path())
    for nid, item in view.canvas.nodes.items():
        if nid not in (x, add):
            assert not path.intersects(_card_rect(item)), item.title
    # moving a card it passes by gives the link back its plain curve
    view.model.graph.move(add, (900.0, 900.0))
    assert skip.bends == []


@pytest.mark.parametrize("block", sorted(n for n, b in CATALOGUE.items() if b.composite))
def test_every_composite_opens_into_its_inner_layers(qtbot, block: str) -> None:
    g = Graph()
    x = g.add_node("Input", {"channels": 64, "height": 32, "width": 32}, pos=(0.0, 0.0))
    node = g.add_node(block, pos=(0.0, 140.0))
    after = g.add_node("ReLU", pos=(0.0, 280.0))
    g.connect(x, node)
    g.connect(node, after)
    view = _view(qtbot, DocumentModel(Project(g)))
    card = view.canvas.nodes[node]
    card.set_expanded(True)
    names = [r.layer.name for r in view.model.analysis.stats(node).inner]
    inner = _inner_cards(view)
    assert sorted(c.layer for c in inner) == sorted(names)
    for i, a in enumerate(inner):
        for b in inner[i + 1 :]:
            assert not _card_rect(a).intersects(_card_rect(b)), (a.layer, b.layer)
    _assert_room_made(view, card)
    card.set_expanded(False)
    assert _inner_cards(view) == [] and _at_document_positions(view)
