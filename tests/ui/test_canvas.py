"""The canvas with real widgets: mouse drags, drops, keys, undo, clipboard, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from netbuilder.core.document import Project
from netbuilder.core.graph import Edge, Graph
from netbuilder.core.layout import LAYER_GAP
from netbuilder.core.presets import load_preset
from netbuilder.ui.canvas import BLOCK_MIME, CanvasView, EdgeItem, NodeItem, render_image, style
from netbuilder.ui.canvas.view import DROP_OFFSET
from netbuilder.ui.commands import ConnectCommand, SetParamsCommand
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.theme import error_color
from tests.ui.drop_driver import drop_data

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


# -- fixtures and helpers ----------------------------------------------------------------------
def _view(qtbot, model: DocumentModel) -> CanvasView:
    view = CanvasView(model)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    view.centerOn(view.canvas.cards_rect().center())
    view.setFocus()
    return view


def _small_graph() -> Graph:
    """Input → Conv2d; a free Conv2d, a free Linear, all on screen at 100 %."""
    g = Graph()
    x = g.add_node("Input", {"channels": 1, "height": 28, "width": 28}, pos=(0, 0))
    c = g.add_node("Conv2d", {"out_channels": 6, "kernel_size": 5}, pos=(240, 0))
    g.add_node("Conv2d", {"out_channels": 8, "kernel_size": 3}, pos=(240, 200))
    g.add_node("Linear", {"out_features": 10}, pos=(480, 0))
    g.connect(x, c)
    return g


@pytest.fixture
def small(qtbot) -> CanvasView:
    return _view(qtbot, DocumentModel(Project(_small_graph(), name="small")))


@pytest.fixture
def lenet(qtbot) -> CanvasView:
    view = _view(qtbot, DocumentModel(load_preset("lenet5")))
    view.centerOn(view.canvas.nodes["n3"].sceneBoundingRect().center())
    return view


def _vp(view: CanvasView, scene_pos: QPointF) -> QPoint:
    return view.mapFromScene(scene_pos)


def _drag(view: CanvasView, start: QPoint, end: QPoint, steps: int = 6) -> None:
    port = view.viewport()
    QTest.mousePress(port, LEFT, NOMOD, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(port, start + (end - start) * (i / steps))
    QTest.mouseRelease(port, LEFT, NOMOD, end)


def _drop(view: CanvasView, type_name: str, at: QPoint) -> None:
    """What a palette drag does at the end: enter, move, drop (QDrag.exec can't be driven)."""
    data = QMimeData()
    data.setData(BLOCK_MIME, type_name.encode("utf-8"))
    drop_data(view, data, at)


def _snapshot(model: DocumentModel) -> tuple:
    g = model.graph
    nodes = sorted((n.id, n.type, tuple(sorted(n.params.items())), n.label, n.pos) for n in g)
    return tuple(nodes), tuple(g.edges)


def _stray_items(scene) -> list:
    """Items that are neither cards, links nor the scene's two drawing layers."""
    kinds = (NodeItem, EdgeItem)
    layers = scene.layers.items()
    return [i for i in scene.items() if not isinstance(i, kinds) and i not in layers]


def _assert_scene_matches(view: CanvasView) -> None:
    model, scene = view.model, view.canvas
    cards = [i for i in scene.items() if isinstance(i, NodeItem)]
    links = [i for i in scene.items() if isinstance(i, EdgeItem)]
    assert len(cards) == len(model.graph) == len(scene.nodes)
    assert len(links) == len(model.graph.edges) == len(scene.edges)
    assert set(scene.edges) == set(model.graph.edges)
    for node in model.graph:
        item = scene.nodes[node.id]
        assert (item.pos().x(), item.pos().y()) == node.pos
        assert item.title == (node.label or node.type)
        stats = model.analysis.stats(node.id)
        assert item.texts()["error"] == stats.error


# -- links ------------------------------------------------------------------------------------
def test_mouse_drag_between_ports_creates_the_edge(small):
    scene, model = small.canvas, small.model
    src, dst = scene.nodes["n2"], scene.nodes["n3"]
    # n2 (Conv2d 6×24×24) → n3 (Conv2d): compatible
    _drag(small, _vp(small, src.output_port_pos()), _vp(small, dst.input_port_pos(0)))
    assert Edge("n2", "n3", 0) in model.graph.edges
    assert Edge("n2", "n3", 0) in scene.edges
    assert scene.nodes["n3"].texts()["shape"] == "8×22×22"
    model.undo_stack.undo()
    assert Edge("n2", "n3", 0) not in scene.edges


def test_drag_from_a_free_input_port_backwards_links_too(small):
    scene, model = small.canvas, small.model
    dst, src = scene.nodes["n3"], scene.nodes["n1"]
    _drag(small, _vp(small, dst.input_port_pos(0)), _vp(small, src.output_port_pos()))
    assert Edge("n1", "n3", 0) in model.graph.edges


def test_refused_drag_leaves_model_unchanged_and_says_why(small, qtbot):
    scene, model = small.canvas, small.model
    before = _snapshot(model)
    messages: list[str] = []
    small.statusMessage.connect(messages.append)
    src, dst = scene.nodes["n2"], scene.nodes["n4"]  # Conv2d output into Linear
    _drag(small, _vp(small, src.output_port_pos()), _vp(small, dst.input_port_pos(0)))
    assert _snapshot(model) == before
    assert model.undo_stack.count() == 0
    assert messages and "Linear expects a flat vector" in messages[-1]
    # no live link or highlight is left behind
    assert all(not item.port_marks for item in scene.nodes.values())
    assert _stray_items(scene) == []


def test_cycle_is_refused(qtbot):
    g = Graph()
    x = g.add_node("Input", pos=(0, 0))
    r = g.add_node("ReLU", pos=(240, 0))
    cat = g.add_node("Concat", pos=(480, 0))
    g.connect(x, r)
    g.connect(r, cat, 0)
    view = _view(qtbot, DocumentModel(Project(g)))
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    add = view.canvas.nodes[cat]
    relu_card = view.canvas.nodes[r]
    # Concat's output back into... its own upstream: ReLU's input is taken, so use a new node
    before = _snapshot(view.model)
    _drag(view, _vp(view, add.output_port_pos()), _vp(view, relu_card.input_port_pos(0)))
    assert _snapshot(view.model) == before
    assert messages and ("loop" in messages[-1] or "already fed" in messages[-1])


def test_cycle_through_a_free_port_is_refused_with_the_loop_sentence(qtbot):
    g = Graph()
    x = g.add_node("Input", pos=(0, 0))
    cat = g.add_node("Concat", pos=(480, 0))
    r = g.add_node("ReLU", pos=(240, 200))
    g.connect(x, cat, 0)
    g.connect(r, cat, 1)
    view = _view(qtbot, DocumentModel(Project(g)))
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    before = _snapshot(view.model)
    cards = view.canvas.nodes
    _drag(view, _vp(view, cards[cat].output_port_pos()), _vp(view, cards[r].input_port_pos(0)))
    assert _snapshot(view.model) == before
    assert "loop" in messages[-1]


def test_compatible_ports_highlight_while_dragging(small):
    scene = small.canvas
    port = small.viewport()
    start = _vp(small, scene.nodes["n2"].output_port_pos())
    QTest.mousePress(port, LEFT, NOMOD, start)
    QTest.mouseMove(port, start + QPoint(40, 40))
    assert scene.nodes["n3"].port_marks == {0: True}
    assert scene.nodes["n4"].port_marks == {0: False}
    QTest.mouseRelease(port, LEFT, NOMOD, start + QPoint(40, 40))
    assert scene.nodes["n3"].port_marks == {}


def test_click_edge_then_delete_disconnects_and_undo_restores(small):
    scene, model = small.canvas, small.model
    item = scene.edges[Edge("n1", "n2", 0)]
    middle = _vp(small, item.path().pointAtPercent(0.5))
    QTest.mouseClick(small.viewport(), LEFT, NOMOD, middle)
    assert item.isSelected()
    QTest.keyClick(small, Qt.Key.Key_Delete)
    assert Edge("n1", "n2", 0) not in model.graph.edges
    assert Edge("n1", "n2", 0) not in scene.edges
    model.undo_stack.undo()
    assert Edge("n1", "n2", 0) in scene.edges
    _assert_scene_matches(small)


# -- re-routing a link ------------------------------------------------------------------------
@pytest.fixture
def lenet_free(qtbot) -> CanvasView:
    """LeNet-5 with a free ReLU and a free Linear above conv1 → sigmoid."""
    project = load_preset("lenet5")
    x, y = project.graph.node("n3").pos  # beside conv1 → sigmoid, whatever the layout
    project.graph.add_node("ReLU", pos=(x + 260, y - 300))
    project.graph.add_node("Linear", {"out_features": 10}, pos=(x + 500, y - 300))
    view = _view(qtbot, DocumentModel(project))
    view.centerOn(view.canvas.nodes["n3"].sceneBoundingRect().center() - QPointF(0, 100))
    return view


def _free_ids(view: CanvasView) -> tuple[str, str]:
    relu, linear = view.model.graph.nodes[-2:]
    assert (relu.type, linear.type) == ("ReLU", "Linear")
    return relu.id, linear.id


def test_dragging_a_linked_input_reroutes_the_link_in_one_undo_step(lenet_free):
    view, model, scene = lenet_free, lenet_free.model, lenet_free.canvas
    relu, _ = _free_ids(view)
    before = _snapshot(model)
    start = _vp(view, scene.nodes["n3"].input_port_pos(0))
    end = _vp(view, scene.nodes[relu].input_port_pos(0))
    port = view.viewport()
    QTest.mousePress(port, LEFT, NOMOD, start)
    QTest.mouseMove(port, start + QPoint(30, -60))
    assert scene.nodes[relu].port_marks == {0: True}
    assert scene.nodes["n3"].port_marks == {0: True}  # the old link's port counts as free
    assert not scene.edges[Edge("n2", "n3", 0)].isVisible()
    QTest.mouseMove(port, end)
    QTest.mouseRelease(port, LEFT, NOMOD, end)
    assert Edge("n2", "n3", 0) not in model.graph.edges
    assert Edge("n2", relu, 0) in model.graph.edges
    assert scene.nodes[relu].texts()["shape"] == "6×28×28"
    assert model.undo_stack.count() == 1
    assert all(not item.port_marks for item in scene.nodes.values())
    _assert_scene_matches(view)
    model.undo_stack.undo()
    assert _snapshot(model) == before
    _assert_scene_matches(view)
    assert scene.edges[Edge("n2", "n3", 0)].isVisible()


def test_reroute_to_another_port_of_the_same_card_and_back_to_its_own(qtbot):
    g = Graph()
    x = g.add_node("Input", pos=(0, 0))
    cat = g.add_node("Concat", pos=(240, 0))
    g.connect(x, cat, 0)
    view = _view(qtbot, DocumentModel(Project(g)))
    model, card = view.model, view.canvas.nodes[cat]
    _drag(view, _vp(view, card.input_port_pos(0)), _vp(view, card.input_port_pos(1)))
    assert model.graph.edges == [Edge(x, cat, 1)]
    assert model.undo_stack.count() == 1
    # dropped back on the port it came from: nothing changes, nothing is pushed
    start, port = _vp(view, card.input_port_pos(1)), view.viewport()
    QTest.mousePress(port, LEFT, NOMOD, start)
    QTest.mouseMove(port, start + QPoint(-80, 90))
    QTest.mouseMove(port, start)
    QTest.mouseRelease(port, LEFT, NOMOD, start)
    assert model.graph.edges == [Edge(x, cat, 1)]
    assert model.undo_stack.count() == 1


def test_reroute_dropped_on_empty_canvas_removes_the_link(lenet_free):
    view, model, scene = lenet_free, lenet_free.model, lenet_free.canvas
    start_pos = scene.nodes["n3"].input_port_pos(0)
    home = scene.nodes["n3"].pos()
    empty = start_pos + QPointF(-120, -140)
    assert scene.card_at(empty) is None and scene.edge_at(empty) is None
    _drag(view, _vp(view, start_pos), _vp(view, empty))
    assert Edge("n2", "n3", 0) not in model.graph.edges
    assert model.undo_stack.count() == 1
    assert scene.nodes["n3"].pos() == home  # the card did not move
    _assert_scene_matches(view)
    model.undo_stack.undo()
    assert Edge("n2", "n3", 0) in scene.edges
    _assert_scene_matches(view)


def test_reroute_onto_an_incompatible_port_is_refused_and_keeps_the_link(lenet_free):
    view, model, scene = lenet_free, lenet_free.model, lenet_free.canvas
    _, linear = _free_ids(view)
    before = _snapshot(model)
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    start = _vp(view, scene.nodes["n3"].input_port_pos(0))
    _drag(view, start, _vp(view, scene.nodes[linear].input_port_pos(0)))
    assert _snapshot(model) == before
    assert model.undo_stack.count() == 0
    assert messages and "Linear expects a flat vector" in messages[-1]
    # a port fed by another block is refused too
    _drag(view, start, _vp(view, scene.nodes["n5"].input_port_pos(0)))
    assert _snapshot(model) == before
    assert "already fed" in messages[-1]
    assert scene.edges[Edge("n2", "n3", 0)].isVisible()
    assert all(not item.port_marks for item in scene.nodes.values())
    assert _stray_items(scene) == []


def test_reroute_is_refused_while_the_document_is_locked(lenet_free):
    view, model, scene = lenet_free, lenet_free.model, lenet_free.canvas
    relu, _ = _free_ids(view)
    before = _snapshot(model)
    model.set_locked("Training is running; stop it to edit the network.")
    messages: list[str] = []
    view.statusMessage.connect(messages.append)
    start_pos = scene.nodes["n3"].input_port_pos(0)
    home = scene.nodes["n3"].pos()
    _drag(view, _vp(view, start_pos), _vp(view, start_pos + QPointF(-120, -140)))
    assert messages[-1].startswith("Training is running")
    _drag(view, _vp(view, start_pos), _vp(view, scene.nodes[relu].input_port_pos(0)))
    assert _snapshot(model) == before
    assert model.undo_stack.count() == 0
    assert scene.nodes["n3"].pos() == home
    assert scene.edges[Edge("n2", "n3", 0)].isVisible()


# -- drops ------------------------------------------------------------------------------------
def test_drop_from_palette_places_the_node_at_the_position(small):
    model = small.model
    at = QPoint(300, 500)
    _drop(small, "ReLU", at)
    new = model.graph.nodes[-1]
    assert new.type == "ReLU"
    target = small.mapToScene(at)
    assert new.pos == (round(target.x() - DROP_OFFSET[0]), round(target.y() - DROP_OFFSET[1]))
    assert small.canvas.nodes[new.id].pos() == QPointF(*new.pos)
    assert model.selected == [new.id]
    model.undo_stack.undo()
    assert new.id not in small.canvas.nodes


def test_drop_onto_an_edge_inserts_the_block(lenet):
    model, scene = lenet.model, lenet.canvas
    edge = Edge("n2", "n3", 0)  # conv1 → sigmoid
    middle = _vp(lenet, scene.edges[edge].path().pointAtPercent(0.5))
    _drop(lenet, "BatchNorm2d", middle)
    new = model.graph.nodes[-1]
    assert new.type == "BatchNorm2d"
    assert edge not in model.graph.edges
    assert Edge("n2", new.id, 0) in model.graph.edges
    assert Edge(new.id, "n3", 0) in model.graph.edges
    assert scene.nodes[new.id].texts()["shape"] == "6×28×28"
    model.undo_stack.undo()
    assert edge in scene.edges
    _assert_scene_matches(lenet)


def test_drop_of_an_unfit_block_on_an_edge_places_it_beside(lenet):
    model, scene = lenet.model, lenet.canvas
    messages: list[str] = []
    lenet.statusMessage.connect(messages.append)
    edge = Edge("n2", "n3", 0)
    middle = _vp(lenet, scene.edges[edge].path().pointAtPercent(0.5))
    _drop(lenet, "LSTM", middle)  # LSTM wants a sequence, gets 6×28×28
    assert edge in model.graph.edges
    assert model.graph.nodes[-1].type == "LSTM"
    assert messages and "LSTM placed beside the link" in messages[-1]


# -- moves, delete, undo ----------------------------------------------------------------------
def test_move_by_mouse_then_undo(small):
    model, scene = small.model, small.canvas
    card = scene.nodes["n4"]
    grab = card.mapToScene(QPointF(60, 12))  # on the title bar
    start = _vp(small, grab)
    _drag(small, start, start + QPoint(100, 50))
    assert model.graph.node("n4").pos == (580.0, 50.0)
    assert model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert model.graph.node("n4").pos == (480.0, 0.0)
    assert card.pos() == QPointF(480, 0)


def test_delete_selection_then_undo_restores_model_and_scene(lenet):
    model = lenet.model
    before = _snapshot(model)
    model.set_selection(["n3", "n4", "n9"])
    assert [i for i, c in lenet.canvas.nodes.items() if c.isSelected()] == ["n3", "n4", "n9"]
    QTest.keyClick(lenet, Qt.Key.Key_Delete)
    assert {"n3", "n4", "n9"}.isdisjoint(model.graph._nodes)
    _assert_scene_matches(lenet)
    model.undo_stack.undo()
    assert _snapshot(model) == before
    _assert_scene_matches(lenet)


def test_rubber_band_selection_syncs_to_the_model(small):
    scene, model = small.canvas, small.model
    a = _vp(small, scene.nodes["n2"].sceneBoundingRect().topLeft() - QPointF(20, 20))
    b = _vp(small, scene.nodes["n3"].sceneBoundingRect().bottomRight() + QPointF(20, 20))
    _drag(small, a, b)
    assert set(model.selected) == {"n2", "n3"}
    model.set_selection(["n1"])
    assert scene.selected_node_ids() == ["n1"]


# -- clipboard --------------------------------------------------------------------------------
def _assert_moved_together_and_clear(view: CanvasView, originals, copies) -> None:
    """The copies keep the originals' arrangement (one offset) and overlap no other card."""
    graph = view.model.graph
    offsets = {
        (graph.node(c).pos[0] - graph.node(o).pos[0], graph.node(c).pos[1] - graph.node(o).pos[1])
        for o, c in zip(originals, copies, strict=True)
    }
    assert len(offsets) == 1 and offsets != {(0.0, 0.0)}
    scene = view.canvas
    for copy in copies:
        rect = scene.nodes[copy].mapRectToScene(scene.nodes[copy].rect())
        for other, item in scene.nodes.items():
            if other != copy:
                assert not rect.intersects(item.mapRectToScene(item.rect())), (copy, other)


def test_copy_paste_duplicate_cut_keep_inner_edges(lenet):
    model = lenet.model
    n, e = len(model.graph), len(model.graph.edges)
    model.set_selection(["n2", "n3", "n4"])  # conv1 → sigmoid → pool1
    QTest.keyClick(lenet, Qt.Key.Key_C, CTRL)
    QTest.keyClick(lenet, Qt.Key.Key_V, CTRL)
    assert len(model.graph) == n + 3
    assert len(model.graph.edges) == e + 2  # the two links inside the selection
    pasted = model.selected
    assert len(pasted) == 3
    _assert_moved_together_and_clear(lenet, ["n2", "n3", "n4"], pasted)
    assert model.graph.node(pasted[0]).params == model.graph.node("n2").params
    QTest.keyClick(lenet, Qt.Key.Key_D, CTRL)
    assert len(model.graph) == n + 6 and len(model.graph.edges) == e + 4
    _assert_moved_together_and_clear(lenet, pasted, model.selected)
    QTest.keyClick(lenet, Qt.Key.Key_X, CTRL)
    assert len(model.graph) == n + 3
    QTest.keyClick(lenet, Qt.Key.Key_V, CTRL)
    assert len(model.graph) == n + 6 and len(model.graph.edges) == e + 4
    _assert_scene_matches(lenet)
    while model.undo_stack.canUndo():
        model.undo_stack.undo()
    assert len(model.graph) == n and len(model.graph.edges) == e
    _assert_scene_matches(lenet)


# -- model → view -----------------------------------------------------------------------------
def test_param_change_updates_card_texts_downstream(lenet):
    model, scene = lenet.model, lenet.canvas
    conv1 = scene.nodes["n2"]
    assert conv1.texts()["shape"] == "6×28×28"
    assert conv1.texts()["stats"] == "156 params · 118K FLOPs"
    assert scene.nodes["n3"].texts()["shape"] == "6×28×28"
    model.push(SetParamsCommand(model, "n2", {"out_channels": 8}))
    assert conv1.texts()["shape"] == "8×28×28"
    assert conv1.texts()["subtitle"].endswith("5×5, 8, pad 2")  # after "Conv2d · " when labelled
    assert conv1.texts()["stats"] == "208 params · 157K FLOPs"
    assert scene.nodes["n3"].texts()["shape"] == "8×28×28"
    assert scene.nodes["n5"].texts()["stats"].startswith("3.22K params")
    model.undo_stack.undo()
    assert conv1.texts()["shape"] == "6×28×28"


def test_error_card_has_outline_colour_and_tooltip(small):
    scene, model = small.canvas, small.model
    model.push(ConnectCommand(model, "n2", "n4"))
    card = scene.nodes["n4"]
    assert "Linear expects a flat vector" in card.toolTip()
    assert card.texts()["error"]
    assert card._outline_color() == card.theme.error
    # the one error red of the app (inspector, problems, status bar use it too)
    assert card.theme.error.name() == error_color().name()
    assert scene.nodes["n3"].texts()["shape"].startswith("Conv2d has no input")


def test_composite_expands_to_inner_layers(qtbot):
    view = _view(qtbot, DocumentModel(load_preset("inception_mnist")))
    card = next(c for c in view.canvas.nodes.values() if c.composite)
    view.centerOn(card.sceneBoundingRect().center())
    height = card.rect().height()
    QTest.mouseClick(
        view.viewport(), LEFT, NOMOD, _vp(view, card.mapToScene(card.toggle_rect().center()))
    )
    assert card.expanded
    inner = card.texts()["inner"]
    stats = view.model.analysis.stats(card.node_id)
    assert [row[0] for row in inner] == [r.layer.name for r in stats.inner]
    assert card.rect().height() > height
    assert view.model.undo_stack.count() == 0  # expanding is view state, not an edit


def test_document_reset_rebuilds_and_keys_zoom(qtbot, lenet):
    lenet.model.set_project(load_preset("googlenet"))
    _assert_scene_matches(lenet)
    zoom = lenet.zoom()
    QTest.keyClick(lenet, Qt.Key.Key_Equal, CTRL)
    assert lenet.zoom() == pytest.approx(min(4.0, zoom * 1.25))
    QTest.keyClick(lenet, Qt.Key.Key_Minus, CTRL)
    assert lenet.zoom() == pytest.approx(zoom)
    lenet.set_zoom(2.0)
    QTest.keyClick(lenet, Qt.Key.Key_F)
    visible = lenet.visible_scene_rect()
    if not visible.contains(lenet.canvas.cards_rect()):
        # too long to show whole at a readable zoom (top to bottom): its start, readable
        assert lenet.zoom() == pytest.approx(style.READABLE_ZOOM)
        assert visible.contains(lenet.canvas.nodes["n1"].sceneBoundingRect())


def test_auto_layout_is_one_undo_step(lenet):
    model = lenet.model
    for node in model.graph:
        model.graph.move(node.id, (node.pos[0] * 0.5, 300.0 + node.pos[1]))
    before = _snapshot(model)
    lenet.layout_action.trigger()
    assert model.undo_stack.count() == 1
    # top to bottom: conv1 straight below the input, one layer gap under its card
    (x1, y1), (x2, y2) = model.graph.node("n1").pos, model.graph.node("n2").pos
    assert x2 == x1
    assert y2 == y1 + lenet.canvas.nodes["n1"].rect().height() + LAYER_GAP
    model.undo_stack.undo()
    assert _snapshot(model) == before
    _assert_scene_matches(lenet)


def test_locked_document_refuses_gestures_with_reason(small):
    model, scene = small.model, small.canvas
    model.set_locked("Training is running; stop it to edit the network.")
    messages: list[str] = []
    small.statusMessage.connect(messages.append)
    src, dst = scene.nodes["n2"], scene.nodes["n3"]
    _drag(small, _vp(small, src.output_port_pos()), _vp(small, dst.input_port_pos(0)))
    assert Edge("n2", "n3", 0) not in model.graph.edges
    assert messages[-1].startswith("Training is running")
    card = scene.nodes["n4"]
    start = _vp(small, card.mapToScene(QPointF(60, 12)))
    _drag(small, start, start + QPoint(100, 50))
    assert card.pos() == QPointF(480, 0)


# -- export -----------------------------------------------------------------------------------
def test_png_and_svg_export_show_the_network(lenet, tmp_path):
    path = tmp_path / "canvas.png"
    lenet.export_png(path)
    assert path.stat().st_size > 5000
    image = render_image(lenet.canvas, scale=1.0)
    long_side, short_side = sorted((image.width(), image.height()), reverse=True)
    assert long_side > 1000 and short_side > 50
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 100, 5)}
    assert len(colours) > 20  # cards, text and links, not a blank fill
    svg = tmp_path / "canvas.svg"
    lenet.export_svg(svg)
    text = svg.read_text("utf-8")
    assert "<svg" in text and "Conv2d" in text
