"""What keeps the canvas fast at 2,000 layers, checked on real widgets (offscreen): a pan
repaints only the exposed strip, the layers' indexes answer like a brute-force search,
cards drawn over several frames end up as drawn in one, the dotted background lies where
the scene says, ports are never cut by their card's bounds."""

from __future__ import annotations

import os
import random
import textwrap

import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from netbuilder.core.document import Project
from netbuilder.core.graph import Graph
from netbuilder.core.presets import load_preset
from netbuilder.ui.canvas import CanvasView, layers, style
from netbuilder.ui.canvas.background import MIN_SPACING_PX, SPACING
from netbuilder.ui.canvas.spatial import SpatialGrid
from netbuilder.ui.document_model import DocumentModel
from tests.ui.scaled_run import run_scaled
from tests.ui.wheel_driver import wheel


def _chain(n: int, columns: int = 20) -> Graph:
    g = Graph()
    prev = g.add_node("Input", {"kind": "vector", "features": 8}, pos=(0, 0))
    for i in range(1, n):
        pos = ((i % columns) * 240.0, (i // columns) * 150.0)
        if i % 2:
            nid = g.add_node("Linear", {"out_features": 8}, pos=pos)
        else:
            nid = g.add_node("ReLU", pos=pos)
        g.connect(prev, nid)
        prev = nid
    return g


@pytest.fixture
def big(qtbot) -> CanvasView:
    view = CanvasView(DocumentModel(Project(_chain(400), name="chain")))
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


class _Regions(QObject):
    """Records the region of every paint event of a widget."""

    def __init__(self, widget) -> None:
        super().__init__(widget)
        self.regions = []
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.regions.append(event.region())
        return False


@pytest.mark.parametrize("zoom", [1.0, 0.6, 0.3])
def test_a_pan_repaints_the_exposed_strip_not_the_whole_view(big, qtbot, zoom):
    view = big
    view.set_zoom(zoom)
    view.centerOn(view.canvas.cards_rect().center())
    qtbot.waitUntil(view.canvas.layers.settled)
    assert view.minimap.isVisible()  # the overlay that once made every pan a full repaint
    probe = _Regions(view.viewport())
    for _ in range(3):
        before = len(probe.regions)
        view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 25)
        qtbot.waitUntil(lambda before=before: len(probe.regions) > before)
        area = sum(r.width() * r.height() for r in probe.regions[-1])
        width, height = view.viewport().width(), view.viewport().height()
        # the 25 px strip plus the minimap's corner, far from the whole viewport
        assert area < 0.2 * width * height, (zoom, area)
    minimap_corner = view.minimap.geometry()
    assert view.viewport().rect().contains(minimap_corner)  # it stays in its corner


def test_spatial_grid_answers_like_a_search_over_every_item():
    rng = random.Random(11)
    grid = SpatialGrid(cell=300.0)
    rects = {}
    for k in range(400):
        rect = QRectF(rng.uniform(-3000, 3000), rng.uniform(-3000, 3000), 184, 90)
        if k % 7 == 0:  # long links span many cells
            rect = QRectF(rect.x(), rect.y(), rng.uniform(500, 5000), rng.uniform(5, 900))
        grid.put(k, rect)
        rects[k] = rect
    for k in range(0, 400, 3):  # moved
        rect = rects[k].translated(rng.uniform(-900, 900), rng.uniform(-900, 900))
        grid.put(k, rect)
        rects[k] = rect
    for k in range(1, 400, 5):  # removed
        grid.remove(k)
        del rects[k]
    assert len(grid) == len(rects)
    for _ in range(60):
        area = QRectF(rng.uniform(-3500, 3000), rng.uniform(-3500, 3000), 1200, 800)
        expected = sorted(k for k, r in rects.items() if r.intersects(area))
        found = [k for k, _rect in grid.query(area)]
        assert found == sorted(found)  # in the order first added (here: by key)
        assert found == expected


def test_cards_drawn_over_several_frames_look_as_drawn_in_one(big, qtbot, monkeypatch):
    """With no time for new card images in a frame, every card stands in first; once the
    layers have settled the screen equals one drawn with all the time it needs."""
    view = big
    view.set_zoom(0.6)
    view.centerOn(view.canvas.cards_rect().center())
    # a first paint at this zoom may stand in for cards it had no time to draw (a slow
    # machine): the reference is taken once they are all drawn
    view.viewport().grab()
    qtbot.waitUntil(view.canvas.layers.settled)
    reference = view.viewport().grab().toImage()
    visible = view.visible_scene_rect()
    cards = [i for i in view.canvas.nodes.values() if i.sceneBoundingRect().intersects(visible)]
    assert len(cards) >= 20
    for card in cards:  # a new look for every card on screen: no image drawn yet
        card.theme = style.DARK
        card.theme = style.LIGHT
    monkeypatch.setattr(layers, "RENDER_BUDGET_MS", 0.0)
    first = view.viewport().grab().toImage()
    assert first != reference  # plain stand-ins, at most one card drawn for real
    assert not view.canvas.layers.settled()
    qtbot.waitUntil(view.canvas.layers.settled, timeout=20000)
    assert view.viewport().grab().toImage() == reference


def test_the_dots_lie_on_the_scene_grid_and_go_when_too_close(big, qtbot):
    view = big
    scene = view.canvas
    theme = scene.theme
    view.set_zoom(1.0)
    # a place with no card or link: above the network
    top = scene.cards_rect().top()
    view.centerOn(QPointF(scene.cards_rect().center().x(), top - 400))
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    corner = view.mapToScene(0, 0)
    dot = QPointF(  # the first grid dot inside the view (dots at 12 + 24k scene units)
        SPACING / 2 + SPACING * (1 + (corner.x() - SPACING / 2) // SPACING),
        SPACING / 2 + SPACING * (1 + (corner.y() - SPACING / 2) // SPACING),
    )
    darker = 0
    for i in range(4):
        for j in range(4):
            at = view.mapFromScene(dot + QPointF(i * SPACING, j * SPACING))
            between = view.mapFromScene(dot + QPointF((i + 0.5) * SPACING, j * SPACING))
            assert QColor(image.pixel(between)) == theme.background
            darker += QColor(image.pixel(at)).lightness() < theme.background.lightness()
    assert darker == 16
    # zoomed out until the dots would be closer than MIN_SPACING_PX: a plain colour
    view.set_zoom(0.9 * MIN_SPACING_PX / SPACING)
    view.centerOn(QPointF(scene.cards_rect().center().x(), top - 1400))
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, 200, 3) for y in range(0, 200, 3)}
    assert colours == {theme.background.rgb()}


def test_ports_are_whole_in_a_top_to_bottom_layout(qtbot):
    view = CanvasView(DocumentModel(load_preset("lenet5")))
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    assert view.canvas.direction == "TB"
    view.set_zoom(3.0)
    card = next(i for i in view.canvas.nodes.values() if i.type_name == "Conv2d")
    view.centerOn(card.output_port_pos())
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    # the output port's disc reaches PORT_RADIUS below the card's edge: drawn, not cut
    below = card.output_port_pos() + QPointF(0.0, style.PORT_RADIUS - 1.0)
    assert QColor(image.pixel(view.mapFromScene(below))) == card.accent()
    assert card.boundingRect().contains(card.mapFromScene(below))


def test_after_a_zoom_gesture_every_card_ends_crisp(big, qtbot, monkeypatch):
    """Cards turn crisp a few per frame after the wheel stops; in the end the screen is
    the one drawn with every card painting itself at once."""
    view = big
    view.set_zoom(1.6)
    view.centerOn(view.canvas.cards_rect().center())
    qtbot.waitUntil(view.canvas.layers.settled)
    monkeypatch.setattr(layers, "SETTLE_BUDGET_MS", 0.0)  # one card per frame
    for delta in (-120, -120):
        wheel(view, delta)
    assert view.canvas.layers.gesture
    qtbot.waitUntil(lambda: not view.canvas.layers.gesture)
    qtbot.waitUntil(view.canvas.layers.settled, timeout=20000)
    settled = view.viewport().grab().toImage()
    for card in view.canvas.nodes.values():
        card.update()  # each card paints itself again, crisp
    assert view.viewport().grab().toImage() == settled


def test_spatial_grid_bounds_hold_every_item():
    grid = SpatialGrid(cell=100.0)
    assert grid.bounds().isEmpty()
    grid.put("a", QRectF(-250, 30, 10, 10))
    grid.put("b", QRectF(420, 910, 50, 200))
    assert grid.bounds() == QRectF(-300, 0, 800, 1200)
    grid.remove("b")
    assert grid.bounds() == QRectF(-300, 0, 100, 100)


_RIGHT_EDGE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    sys.path.insert(0, sys.argv[1])
    from test_canvas_speedups import _chain
    from netbuilder.core.document import Project
    from netbuilder.ui.canvas import CanvasView, style
    from netbuilder.ui.document_model import DocumentModel
    view = CanvasView(DocumentModel(Project(_chain(400), name="c")))
    view.resize(900, 600)
    view.show()
    for _ in range(10):
        app.processEvents()
    out = {"ratio": view.devicePixelRatioF()}
    for zoom in (0.6, 0.3):  # overview images, boxes
        view.set_zoom(zoom)
        view.centerOn(view.canvas.cards_rect().center())
        app.processEvents()
        image = view.viewport().grab().toImage()
        image.setDevicePixelRatio(1.0)
        ratio = out["ratio"]
        port = view.viewport().rect().adjusted(0, 0, 0, -80)  # (the minimap's corner)
        cards = [c for c in view.canvas.nodes.values()
                 if port.contains(view.mapFromScene(c.sceneBoundingRect()).boundingRect())]
        right = max(cards, key=lambda c: c.sceneBoundingRect().right())
        # a point in its coloured title band
        point = view.mapFromScene(right.mapToScene(right.rect().left() + 30, 8))
        colour = QColor(image.pixel(round(point.x() * ratio), round(point.y() * ratio)))
        out[str(zoom)] = [colour.name(), style.category_color(right.category).name(),
                          point.x() / port.width()]
    view.close()
    print(json.dumps(out))
    """
)


def test_cards_near_the_right_edge_are_drawn_on_a_high_dpi_screen(tmp_path):
    """At a device pixel ratio of 1.5 the layers draw the whole exposed area (they once
    took the device's pixels for logical ones and left the right third empty)."""
    result = run_scaled(_RIGHT_EDGE_SCRIPT, os.path.dirname(__file__))
    assert result["ratio"] == pytest.approx(1.5)
    for zoom in ("0.6", "0.3"):
        drawn, expected, where = result[zoom]
        assert where > 0.8, zoom  # a card in the right fifth of the view
        assert drawn == expected, zoom
