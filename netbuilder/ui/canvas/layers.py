"""Scene-wide layers that draw many things in one item: every link, and zoomed-out cards.

A frame of a 2,000-layer network must not call Python once per link or per card, nor ask
the scene which items an area holds (that reads every item's bounds through Python). The
layers keep where each card and link is in :class:`~netbuilder.ui.canvas.spatial.SpatialGrid`
indexes, updated when one changes, and draw what a repaint exposes from them:

* links: their cached curves, or below :data:`style.READABLE_ZOOM` straight lines drawn
  in one call;
* cards, below full detail and during a zoom gesture (Qt then skips the cards themselves
  by the scene's minimum render size): each card's image, drawn once and scaled per zoom,
  or below :data:`style.READABLE_ZOOM` plain boxes, one list of rectangles per colour.

A pan draws only the newly exposed strip (the view scrolls the rest of its pixels).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil, log2
from time import perf_counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from netbuilder.ui.canvas import style
from netbuilder.ui.canvas.spatial import SpatialGrid

if TYPE_CHECKING:
    from netbuilder.ui.canvas.edge_item import EdgeItem
    from netbuilder.ui.canvas.node_item import NodeItem


#: Below :data:`style.FULL` the scene skips items smaller than this (scene units) on both
#: axes: every card, never a layer (the scene rect keeps a 1,500-unit margin around them).
_SKIPPED = style.SKIPPED_ITEM_SIZE
#: Room around a card for its selection outline (scene units).
_OUTLINE = 4.0
#: Width of a link (scene units); below :data:`HAIRLINE_PX` on screen links are drawn as
#: one-pixel (cosmetic) lines.
LINK_WIDTH = 2.0
HAIRLINE_PX = 1.6
#: Longest a paint of the card layer spends drawing card images it has not drawn before
#: (milliseconds); the other cards show a stand-in and are drawn right after the frame.
RENDER_BUDGET_MS = 3.0
#: After a zoom gesture cards are drawn crisp again, as many per frame as this allows
#: (milliseconds, from the start of the frame); the others show their gesture image
#: until the next frame.
SETTLE_BUDGET_MS = 3.0


class _Layer(QGraphicsItem):
    """An item as large as the scene rect that paints a whole kind of thing."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        # no cache: a layer draws just the exposed strip of a pan from its index, cheaper
        # than Qt scrolling and compositing a screenful cache image
        self._rect = QRectF()

    def set_rect(self, rect: QRectF) -> None:
        """Cover ``rect`` (the scene rect)."""
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:  # never hit by the mouse
        return QPainterPath()


class LinkLayer(_Layer):
    """Draws every link: bezier curves, or straight lines when the cards are boxes."""

    def __init__(self, owner: SceneLayers) -> None:
        super().__init__(-1.5)
        self._owner = owner
        #: Every link's straight line (boxes), and all of them as one list once asked for.
        self._lines: dict[EdgeItem, QLineF] = {}
        self._line_list: list[QLineF] | None = None

    def invalidate_lines(self) -> None:
        """Forget every straight line (the links are re-read when next drawn as lines)."""
        self._lines.clear()
        self._line_list = None

    def line_changed(self, item: EdgeItem | None, line: QLineF | None = None) -> None:
        """``item``'s straight line is ``line`` now (``None``: it went)."""
        if item is None:
            return
        if line is None:
            self._lines.pop(item, None)
        else:
            self._lines[item] = line
        self._line_list = None

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.scene() is None:
            return
        self._owner.new_frame()  # (drawn before the cards: a new frame's budget starts)
        theme = self._owner.theme()
        exposed = _painted_rect(painter, option)
        if self._owner.detail == style.BOXES:
            self._paint_lines(painter, theme, exposed)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._owner.zoom * LINK_WIDTH < HAIRLINE_PX:  # a one-pixel line looks the same
            normal = QPen(theme.link, 1.0)
            normal.setCosmetic(True)  # and Qt draws it several times faster
        else:
            normal = QPen(theme.link, LINK_WIDTH)
            normal.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(normal)
        emphasised: list[EdgeItem] = []
        for item, _rect in self._owner.link_grid.query(exposed):
            if item.highlighted or item.isSelected():
                emphasised.append(item)
            else:
                painter.drawPath(item.path())
        for item in emphasised:
            painter.setPen(item.pen())
            painter.drawPath(item.path())

    def _paint_lines(self, painter: QPainter, theme: style.Theme, exposed: QRectF) -> None:
        links = self._owner.link_grid
        if len(self._lines) != len(links):  # read the links not known yet
            for item in links:
                if item not in self._lines:
                    self._lines[item] = _straight(item.path())
            self._line_list = None
        if _mostly(exposed, self._owner.card_grid):
            if self._line_list is None:
                self._line_list = list(self._lines.values())
            lines = self._line_list
        else:  # a part of the network: only its lines
            known = self._lines
            lines = [known[item] for item, _rect in links.query(exposed) if item in known]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(theme.link, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(lines)
        edge_type = _edge_type()
        scene = self.scene()
        selected = [i for i in scene.selectedItems() if isinstance(i, edge_type)]
        selected += [i for i in self._owner.highlighted if i not in selected]
        if selected:
            pen = QPen(theme.selection, 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines([_straight(item.path()) for item in selected])


def _straight(path: QPainterPath) -> QLineF:
    """From a link's first point to its last."""
    if path.isEmpty():
        return QLineF()
    first = path.elementAt(0)
    return QLineF(QPointF(first.x, first.y), path.currentPosition())


class CardLayer(_Layer):
    """Draws every card when zoomed out or zooming: images, or plain coloured boxes."""

    def __init__(self, owner: SceneLayers) -> None:
        super().__init__(0.5)
        self._owner = owner
        #: Per card: the colour its box is drawn in and its rectangle (scene coordinates).
        self._boxes: dict[NodeItem, tuple[str, QRectF]] = {}
        #: The boxes as one list of rectangles per colour, rebuilt when a box changed.
        self._box_lists: list[tuple[QColor, list[QRectF]]] | None = None

    def invalidate(self) -> None:
        """Every card's box is read again when next drawn (colours changed)."""
        self._boxes.clear()
        self._box_lists = None

    def box_changed(self, item: NodeItem, present: bool = True) -> None:
        """``item``'s box changed colour or place, or it went (``present`` False).

        Boxes are read when first drawn; until then nothing is kept up to date.
        """
        if present:
            if self._boxes:
                self._put_box(item)
        elif self._boxes.pop(item, None) is not None:
            self._box_lists = None

    def _put_box(self, item: NodeItem) -> None:
        box = (self._box_color(item).name(), item.mapRectToScene(item.rect()))
        if self._boxes.get(item) != box:
            self._boxes[item] = box
            self._box_lists = None

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if self.scene() is None:
            return
        exposed = _painted_rect(painter, option)
        self._owner.painting(exposed)
        if self._owner.detail != style.BOXES:
            self._paint_images(painter, exposed)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        boxes = self._box_list()
        if not _mostly(exposed, self._owner.card_grid):  # a part of the network: its boxes
            known = self._boxes
            groups: dict[str, list[QRectF]] = {}
            for item, _rect in self._owner.card_grid.query(exposed):
                name, rect = known[item]
                groups.setdefault(name, []).append(rect)
            boxes = [(QColor(name), rects) for name, rects in groups.items()]
        for color, rects in boxes:
            painter.setBrush(color)
            painter.drawRects(rects)

    def _box_list(self) -> list[tuple[QColor, list[QRectF]]]:
        if self._box_lists is None:
            cards = self._owner.card_grid
            if len(self._boxes) != len(cards):  # read the cards not known yet
                for item in cards:
                    if item not in self._boxes:
                        self._put_box(item)
            groups: dict[str, list[QRectF]] = {}
            for name, rect in self._boxes.values():
                groups.setdefault(name, []).append(rect)
            self._box_lists = [(QColor(name), rects) for name, rects in groups.items()]
        return self._box_lists

    def _box_color(self, item: NodeItem) -> QColor:
        theme = self._owner.theme()
        if item.isSelected():
            return theme.selection
        if item.error:
            return theme.error
        if item.waiting:
            return theme.waiting
        return style.category_color(item.category)

    def _paint_images(self, painter: QPainter, exposed: QRectF) -> None:
        # during a zoom gesture the images are scaled by the nearest pixel (several times
        # cheaper); at rest, and when the gesture settles, smoothly
        smooth = not self._owner.gesture
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        detail, scale = self._owner.image_kind()
        selected = []
        budget = _Budget()
        for item, rect in self._owner.card_grid.query(exposed):
            if not _draw_image(painter, item, rect, detail, scale, budget):
                self._owner.draw_later(rect)
            if item.frame is not None:  # an open composite: its inner cards and links
                self._paint_inner(painter, item, detail, scale, selected, budget)
            if item.isSelected():
                selected.append(item)
        if selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(self._owner.theme().selection, 2.5))
            for item in selected:
                rect = item.mapRectToScene(item.rect()).adjusted(-1, -1, 1, 1)
                painter.drawRoundedRect(rect, style.RADIUS + 1, style.RADIUS + 1)

    def _paint_inner(
        self,
        painter: QPainter,
        card: NodeItem,
        detail: str,
        scale: float,
        selected: list,
        budget: _Budget,
    ) -> None:
        frame = card.frame
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for link in frame.links:
            painter.setPen(link.pen())
            painter.drawPath(link.mapToScene(link.path()))
        painter.restore()
        for inner in frame.cards.values():
            rect = inner.sceneBoundingRect()
            if not _draw_image(painter, inner, rect, detail, scale, budget):
                self._owner.draw_later(rect)
            if inner.isSelected():
                selected.append(inner)


class _Budget:
    """How long one paint may spend drawing card images it has not drawn before
    (:data:`RENDER_BUDGET_MS` unless told); the first is always allowed, so every paint
    makes progress."""

    def __init__(self, seconds: float | None = None, first_free: bool = True) -> None:
        if seconds is None:
            seconds = RENDER_BUDGET_MS / 1000.0
        self._end = perf_counter() + seconds
        self._first = first_free

    def left(self) -> bool:
        if self._first:
            self._first = False
            return True
        return perf_counter() < self._end


def _mostly(area: QRectF, grid: SpatialGrid) -> bool:
    """``area`` covers most of what ``grid`` holds: drawing it all costs less than asking."""
    bounds = grid.bounds()
    if bounds.isEmpty():
        return True
    part = area.intersected(bounds)
    return part.width() * part.height() > 0.5 * bounds.width() * bounds.height()


def _draw_image(
    painter: QPainter, item: NodeItem, rect: QRectF, detail: str, scale: float, budget: _Budget
) -> bool:
    """Draw ``item``'s image in ``rect``; False when it had to stand in for it (the image
    of another zoom, or a plain card) because this paint's budget is spent."""
    image = item.image(detail, scale, render=False)
    if image is None and budget.left():
        image = item.image(detail, scale)
    exact = image is not None
    if image is None:
        image = item.stand_in()
    if image is None:
        item.paint_plain(painter, item.mapRectToScene(item.rect()))
    else:
        painter.drawPixmap(rect, image, QRectF(image.rect()))
    return exact


def _painted_rect(painter: QPainter, option: QStyleOptionGraphicsItem) -> QRectF:
    """The part of the layer being painted (scene coordinates): the layers are never
    cached, so Qt's exposed rect is what the repaint covers on this device."""
    return option.exposedRect


def _edge_type() -> type:
    from netbuilder.ui.canvas.edge_item import EdgeItem

    return EdgeItem


class SceneLayers:
    """The layers of one scene and the level of detail it is drawn at.

    Parameters
    ----------
    scene : QGraphicsScene
        The canvas scene; it must :meth:`detach` the layers before ``clear()`` and
        re-:meth:`attach` them after.

    Attributes
    ----------
    detail : str
        :data:`style.FULL`, :data:`style.OVERVIEW` or :data:`style.BOXES`.
    zoom : float
        The zoom the scene is shown at (logical pixels per scene unit).
    device_ratio : float
        Device pixel ratio of the screen showing it (cards render their images for it).
    card_grid, link_grid : SpatialGrid
        Where each top-level card (its bounding rect) and each link is, in scene
        coordinates; kept up to date by the cards and links as they change.
    """

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.detail = style.FULL
        self.zoom = 1.0
        self.device_ratio = 1.0
        #: True during a zoom gesture: full cards are drawn by the card layer from images
        #: that survive zoom steps, and become crisp again when the gesture settles
        self.gesture = False
        #: Links emphasised while a block is dragged over them
        self.highlighted: set[QGraphicsItem] = set()
        self.card_grid = SpatialGrid()
        self.link_grid = SpatialGrid()
        self.links = LinkLayer(self)
        self.cards = CardLayer(self)
        self.cards.setVisible(False)
        #: Where the card layer drew stand-ins, to draw properly right after the frame
        self._later: list[QRectF] = []
        #: The places of that repaint, asked for and not painted yet (a paint queued
        #: before the request, covering other places, leaves them waiting)
        self._awaited: list[QRectF] = []
        #: True from the end of a zoom gesture until every card on screen is crisp again
        self.settling = False
        self._frame = _Budget(0.0)
        self._waiting_cards: set[QGraphicsItem] = set()
        self._crisp = 0  # cards drawn crisp in it
        self._settle_frames = 0  # frames painted since the gesture settled
        self._later_timer = QTimer(scene)
        self._later_timer.setSingleShot(True)
        self._later_timer.setInterval(0)
        self._later_timer.timeout.connect(self._draw_now)
        scene.sceneRectChanged.connect(self._on_scene_rect)
        self.attach()

    @property
    def _card_rects(self) -> SpatialGrid:
        """Where each card was when the card layer last heard of it (tests read it)."""
        return self.card_grid

    def theme(self) -> style.Theme:
        """The scene's colours."""
        return getattr(self.scene, "theme", style.LIGHT)

    def detach(self) -> None:
        """Take the layers out of the scene (before ``scene.clear()``) and forget every
        card and link."""
        for layer in (self.links, self.cards):
            if layer.scene() is not None:
                self.scene.removeItem(layer)
        self.card_grid.clear()
        self.link_grid.clear()
        self.highlighted.clear()
        self.cards.invalidate()
        self.links.invalidate_lines()

    def attach(self) -> None:
        """Put the layers (back) into the scene."""
        for layer in (self.links, self.cards):
            if layer.scene() is None:
                self.scene.addItem(layer)
        self._on_scene_rect(self.scene.sceneRect())
        self._apply_layering()

    def items(self) -> tuple[QGraphicsItem, ...]:
        """The layer items (not cards, not links)."""
        return (self.links, self.cards)

    def _on_scene_rect(self, rect: QRectF) -> None:
        for layer in (self.links, self.cards):
            layer.set_rect(rect)

    def set_view(self, zoom: float, device_ratio: float, gesture: bool = False) -> None:
        """Follow the view: pick the level of detail for ``zoom`` on a ``device_ratio`` screen.

        Below full detail, and during a zoom ``gesture``, Qt skips every card (the scene's
        minimum render size exceeds any card, never the layers, which cover the scene rect
        with its margin) and the card layer draws them all in one go.
        """
        self.zoom = zoom
        self.device_ratio = device_ratio
        detail = style.detail_for(zoom)
        if detail != self.detail:
            self.detail = detail
            self.links.update()
        if gesture:
            self.settling = False
        elif self.gesture and detail == style.FULL:
            self.settling = True
            self._settle_frames = 0
        self.gesture = gesture
        self._apply_layering()

    def _apply_layering(self) -> None:
        """Cards paint themselves only at rest in full detail."""
        layered = self.detail != style.FULL or self.gesture
        self.scene.setMinimumRenderSize(_SKIPPED * self.zoom if layered else 0.0)
        if layered != self.cards.isVisible():
            self.cards.setVisible(layered)
        self.cards.update()

    @contextmanager
    def full_detail(self) -> Iterator[None]:
        """Every card drawn in full by itself for the duration (exports, whatever the zoom)."""
        saved = (self.zoom, self.device_ratio, self.gesture)
        self.set_view(max(self.zoom, style.FULL_ZOOM), self.device_ratio)
        self.settling = False
        try:
            yield
        finally:
            self.set_view(*saved)

    def new_frame(self) -> None:
        """A paint of the scene starts (the link layer, drawn first, says so)."""
        if self.settling:
            self._settle_frames += 1
            self._later_timer.start()  # after the frame: were all cards crisp?
        self._crisp = 0
        self._frame = _Budget(SETTLE_BUDGET_MS / 1000.0, first_free=False)

    def card_may_wait(self) -> bool:
        """A card about to draw itself crisp may show its gesture image instead: the
        gesture settled, this frame drew a card crisp already and its budget is spent."""
        if not self.settling or self._crisp == 0 or self._frame.left():
            self._crisp += 1
            return False
        return True

    def card_waits(self, item: QGraphicsItem) -> None:
        """``item`` showed its gesture image: draw it crisp right after this frame."""
        self._waiting_cards.add(item)
        self._later_timer.start()

    def painting(self, exposed: QRectF) -> None:
        """The card layer paints ``exposed``: the repaints asked for by :meth:`draw_later`
        that it covers are done."""
        if self._awaited:
            # (a pixel of slack for the rounding between scene and device coordinates)
            slack = 1.0 / max(self.zoom * self.device_ratio, 1e-3)
            covers = exposed.adjusted(-slack, -slack, slack, slack)
            self._awaited = [rect for rect in self._awaited if not covers.contains(rect)]

    def draw_later(self, rect: QRectF) -> None:
        """The card layer drew a stand-in in ``rect``: repaint it right after this frame."""
        self._later.append(rect)
        self._later_timer.start()

    def _draw_now(self) -> None:
        waiting, self._waiting_cards = self._waiting_cards, set()
        if self.settling and self._settle_frames and not waiting:
            self.settling = False  # the last frame drew every card crisp
        for item in waiting:
            if item.scene() is self.scene:
                item.update()
        rects, self._later = self._later, []
        if not self.cards.isVisible():
            return
        shown = [v.mapToScene(v.viewport().rect()).boundingRect() for v in self.scene.views()]
        for rect in rects:  # each place apart: their union may cover the whole view
            for area in shown:  # (places out of view will not be painted)
                if area.intersects(rect):
                    self._awaited.append(rect.intersected(area))
                    self.cards.update(rect)
                    break

    def settled(self) -> bool:
        """Every card on screen is drawn as it should be: no stand-in waits to be replaced
        (after a change of detail cards need nothing else: Qt reads their bounds without
        Python)."""
        if self._awaited and not self.cards.isVisible():
            self._awaited = []
        return not (self._awaited or self._later_timer.isActive() or self._later or self.settling)

    def image_kind(self) -> tuple[str, float]:
        """Which card images the card layer draws now, at what scale (pixels per unit)."""
        if self.detail == style.FULL:
            # a power of two at or above the screen's scale: kept for many zoom steps
            wanted = max(1.0, self.zoom * self.device_ratio)
            return style.FULL, float(2 ** ceil(log2(wanted) - 1e-9))
        return style.OVERVIEW, style.FULL_ZOOM * self.device_ratio

    # -- bookkeeping: cards and links tell the layers when they change ------------------------
    def cards_changed(self, item: QGraphicsItem | None = None) -> None:
        """A card (``item``) moved, changed look, or came or went.

        Drawn from images, only the card's old and new places are repainted (an edit
        costs one card, not the whole network in view). A card inside an open composite
        counts as a change of the composite's card.
        """
        if item is None:
            self.cards.invalidate()
            self.cards.update()
            return
        while item.parentItem() is not None:
            item = item.parentItem()
        if item.scene() is not self.scene:
            return
        rect = item.sceneBoundingRect()
        old = self.card_grid.rect(item)
        self.card_grid.put(item, rect)
        self.cards.box_changed(item)
        if self.cards.isVisible():
            rect = rect.adjusted(-_OUTLINE, -_OUTLINE, _OUTLINE, _OUTLINE)
            if old is not None:
                rect = rect.united(old.adjusted(-_OUTLINE, -_OUTLINE, _OUTLINE, _OUTLINE))
            self.cards.update(rect)

    def card_removed(self, item: QGraphicsItem) -> None:
        """``item`` leaves the scene: repaint its last place and forget it."""
        if item.parentItem() is not None:  # an inner card: its composite's card repaints
            self.cards_changed(item)
            return
        old = self.card_grid.remove(item)
        self.cards.box_changed(item, present=False)
        if old is not None and self.cards.isVisible():
            self.cards.update(old.adjusted(-_OUTLINE, -_OUTLINE, _OUTLINE, _OUTLINE))

    def link_changed(self, item: EdgeItem, rect: QRectF) -> None:
        """Link ``item`` moved, changed look, or came, within ``rect`` (old and new place)."""
        if item.scene() is self.scene:
            self.link_grid.put(item, item.boundingRect())
            self.links.line_changed(item, _straight(item.path()))
        self._repaint_links(rect)

    def link_removed(self, item: EdgeItem) -> None:
        """Link ``item`` leaves the scene: repaint its last place and forget it."""
        old = self.link_grid.remove(item)
        self.links.line_changed(item, None)
        if old is not None:
            self._repaint_links(old)

    def _repaint_links(self, rect: QRectF) -> None:
        if self.detail == style.BOXES:
            self.links.update()  # uncached: one call draws them all anyway
        else:
            self.links.update(rect)

    def set_theme(self) -> None:
        """Colours changed: redraw both layers."""
        self.cards.invalidate()
        self.links.update()
        self.cards.update()
