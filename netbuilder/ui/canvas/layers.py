"""Scene-wide layers that draw many things in one item: every link, and zoomed-out cards.

A frame of a 2,000-layer network must not call Python once per link or per card. The
link layer draws the links of the exposed area in one ``paint``. Below full detail the
cards stop painting themselves (the scene's minimum render size skips them) and the card
layer draws them all: each card's overview image, drawn once and scaled per zoom, or below
:data:`style.READABLE_ZOOM` plain boxes from a few cached paths (one per colour). Both
layers keep a device-coordinate cache, so a pan only draws the newly exposed strip.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil, log2
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from netbuilder.ui.canvas import style

if TYPE_CHECKING:
    from netbuilder.ui.canvas.edge_item import EdgeItem


#: Below :data:`style.FULL` the scene skips items smaller than this (scene units) on both
#: axes: every card, never a layer (the scene rect keeps a 1,500-unit margin around them).
_SKIPPED = style.SKIPPED_ITEM_SIZE
#: Cards whose contents flag is switched per idle moment after a change of detail.
_SYNC_BATCH = 250


def _edge_items(scene: QGraphicsScene) -> dict:
    return getattr(scene, "edges", {})


def _node_items(scene: QGraphicsScene) -> dict:
    return getattr(scene, "nodes", {})


class _Layer(QGraphicsItem):
    """An item as large as the scene rect that paints a whole kind of thing."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
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
        self._lines: list[QLineF] | None = None

    def invalidate_lines(self) -> None:
        """Links moved, came or went: rebuild the straight lines when next drawn."""
        self._lines = None

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.scene()
        if scene is None:
            return
        theme = self._owner.theme()
        exposed = _painted_rect(painter, option)
        if self._owner.detail == style.BOXES:
            self._paint_lines(painter, scene, theme)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        normal = QPen(theme.link, 2.0)
        normal.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(normal)
        emphasised: list[EdgeItem] = []
        edge_type = _edge_type()
        for item in scene.items(exposed, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, edge_type):
                if item.isSelected() or item.highlighted:
                    emphasised.append(item)
                else:
                    painter.drawPath(item.path())
        for item in emphasised:
            painter.setPen(item.pen())
            painter.drawPath(item.path())

    def _paint_lines(self, painter: QPainter, scene: QGraphicsScene, theme: style.Theme) -> None:
        if self._lines is None:
            lines = []
            for item in _edge_items(scene).values():
                path = item.path()
                if not path.isEmpty():
                    lines.append(QLineF(path.pointAtPercent(0.0), path.pointAtPercent(1.0)))
            self._lines = lines
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(theme.link, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLines(self._lines)
        edge_type = _edge_type()
        selected = [i for i in scene.selectedItems() if isinstance(i, edge_type)]
        selected += [i for i in self._owner.highlighted if i not in selected]
        if selected:
            pen = QPen(theme.selection, 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for item in selected:
                path = item.path()
                painter.drawLine(QLineF(path.pointAtPercent(0.0), path.pointAtPercent(1.0)))


class CardLayer(_Layer):
    """Draws every card when zoomed out: overview images, or plain coloured boxes."""

    def __init__(self, owner: SceneLayers) -> None:
        super().__init__(0.5)
        self._owner = owner
        self._paths: list[tuple[QColor, QPainterPath]] | None = None

    def invalidate(self) -> None:
        """Cards moved, changed or came and went: rebuild the boxes when next drawn."""
        self._paths = None

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        scene = self.scene()
        if scene is None:
            return
        if self._owner.detail != style.BOXES:
            self._paint_images(painter, scene, _painted_rect(painter, option))
            return
        if self._paths is None:
            self._paths = self._build(scene)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for color, path in self._paths:
            painter.setBrush(color)
            painter.drawPath(path)

    def _paint_images(self, painter: QPainter, scene: QGraphicsScene, exposed: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        detail, scale = self._owner.image_kind()
        node_type = _node_type()
        selected = []
        for item in scene.items(
            exposed, Qt.ItemSelectionMode.IntersectsItemBoundingRect, Qt.SortOrder.AscendingOrder
        ):
            if isinstance(item, node_type):
                image = item.image(detail, scale)
                painter.drawPixmap(item.sceneBoundingRect(), image, QRectF(image.rect()))
                if item.isSelected():
                    selected.append(item)
        if selected:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(self._owner.theme().selection, 2.5))
            for item in selected:
                rect = item.mapRectToScene(item.rect()).adjusted(-1, -1, 1, 1)
                painter.drawRoundedRect(rect, style.RADIUS + 1, style.RADIUS + 1)

    def _build(self, scene: QGraphicsScene) -> list[tuple[QColor, QPainterPath]]:
        theme = self._owner.theme()
        groups: dict[str, QPainterPath] = {}
        for item in _node_items(scene).values():
            if item.isSelected():
                color = theme.selection
            elif item.error:
                color = theme.error
            elif item.waiting:
                color = theme.waiting
            else:
                color = style.category_color(item.category)
            path = groups.get(color.name())
            if path is None:
                path = groups[color.name()] = QPainterPath()
            path.addRect(item.mapRectToScene(item.rect()))
        return [(QColor(name), path) for name, path in groups.items()]


def _node_type() -> type:
    from netbuilder.ui.canvas.node_item import NodeItem

    return NodeItem


def _painted_rect(painter: QPainter, option: QStyleOptionGraphicsItem) -> QRectF:
    """The part of the item actually being painted: exposed and on the painter's device."""
    inverse, ok = painter.worldTransform().inverted()
    device = painter.device()
    if not ok or device is None:
        return option.exposedRect
    ratio = device.devicePixelRatioF() or 1.0
    on_device = inverse.mapRect(QRectF(0, 0, device.width() / ratio, device.height() / ratio))
    return option.exposedRect.intersected(on_device)


def _edge_type() -> type:
    from netbuilder.ui.canvas.edge_item import EdgeItem

    return EdgeItem


class SceneLayers:
    """The layers of one scene and the level of detail it is drawn at.

    Parameters
    ----------
    scene : QGraphicsScene
        The canvas scene; it must re-:meth:`attach` the layers after ``clear()``.

    Attributes
    ----------
    detail : str
        :data:`style.FULL`, :data:`style.OVERVIEW` or :data:`style.BOXES`.
    zoom : float
        The zoom the scene is shown at (logical pixels per scene unit).
    device_ratio : float
        Device pixel ratio of the screen showing it (cards render their images for it).
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
        self.links = LinkLayer(self)
        self.cards = CardLayer(self)
        self.cards.setVisible(False)
        self._unsynced: list[QGraphicsItem] = []
        #: Where each card was when the card layer last heard of it (to repaint its old place)
        self._card_rects: dict[QGraphicsItem, QRectF] = {}
        self._sync_timer = QTimer(scene)
        self._sync_timer.setInterval(0)
        self._sync_timer.timeout.connect(self._sync_some)
        scene.sceneRectChanged.connect(self._on_scene_rect)
        self.attach()

    def theme(self) -> style.Theme:
        """The scene's colours."""
        return getattr(self.scene, "theme", style.LIGHT)

    def detach(self) -> None:
        """Take the layers out of the scene (before ``scene.clear()``)."""
        self._unsynced = []
        for layer in (self.links, self.cards):
            if layer.scene() is not None:
                self.scene.removeItem(layer)

    def attach(self) -> None:
        """Put the layers (back) into the scene."""
        for layer in (self.links, self.cards):
            if layer.scene() is None:
                self.scene.addItem(layer)
        self._on_scene_rect(self.scene.sceneRect())
        self.links.invalidate_lines()
        self.cards.invalidate()
        self._card_rects.clear()

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
        ratio_changed = device_ratio != self.device_ratio
        self.device_ratio = device_ratio
        detail = style.detail_for(zoom)
        if detail != self.detail or ratio_changed:
            self.detail = detail
            cards = list(_node_items(self.scene).values())
            for item in cards:
                item.set_detail(detail, device_ratio)
            self._unsynced = cards
            self._sync_timer.start()
            self.cards.invalidate()
            self.links.invalidate_lines()
            self.links.update()
        self.gesture = gesture
        self._apply_layering()

    def _apply_layering(self) -> None:
        """Cards paint themselves only at rest in full detail with their flags in step."""
        # during a gesture every step redraws the screenful anyway, and boxes are cheaper to
        # draw than a screenful image is to scroll: no cache then
        mode = QGraphicsItem.CacheMode
        uncached = self.gesture or self.detail == style.BOXES
        cache = mode.NoCache if uncached else mode.DeviceCoordinateCache
        for layer in (self.links, self.cards):
            if layer.cacheMode() != cache:
                layer.setCacheMode(cache)
        layered = self.detail != style.FULL or self.gesture or bool(self._unsynced)
        self.scene.setMinimumRenderSize(_SKIPPED * self.zoom if layered else 0.0)
        if layered != self.cards.isVisible():
            self.cards.setVisible(layered)
        self.cards.update()

    @contextmanager
    def full_detail(self) -> Iterator[None]:
        """Every card drawn in full by itself for the duration (exports, whatever the zoom)."""
        saved = (self.zoom, self.device_ratio, self.gesture)
        self.set_view(max(self.zoom, style.FULL_ZOOM), self.device_ratio)
        self._sync_all()
        try:
            yield
        finally:
            self.set_view(*saved)

    def _sync_all(self) -> None:
        while self._unsynced:
            self._sync_some()

    def settled(self) -> bool:
        """Every card's flags follow the current level of detail."""
        return not self._unsynced

    def _sync_some(self) -> None:
        """Between frames: a few hundred cards take the contents flag of their detail."""
        batch, self._unsynced = self._unsynced[:_SYNC_BATCH], self._unsynced[_SYNC_BATCH:]
        for item in batch:
            if item.scene() is not None:
                item.sync_contents_flag()
        if not self._unsynced:
            self._sync_timer.stop()
            self._apply_layering()

    def image_kind(self) -> tuple[str, float]:
        """Which card images the card layer draws now, at what scale (pixels per unit)."""
        if self.detail == style.FULL:
            # a power of two at or above the screen's scale: kept for many zoom steps
            wanted = max(1.0, self.zoom * self.device_ratio)
            return style.FULL, float(2 ** ceil(log2(wanted) - 1e-9))
        return style.OVERVIEW, style.FULL_ZOOM * self.device_ratio

    def cards_changed(self, item: QGraphicsItem | None = None) -> None:
        """A card (``item``) moved, changed look, or came or went.

        Drawn from images, only the card's old and new places are repainted (an edit
        costs one card, not the whole network in view); boxes are rebuilt whole.
        """
        self.cards.invalidate()
        rect = None
        if item is not None and item.scene() is not None:  # with room for the selection outline
            rect = item.sceneBoundingRect().adjusted(-4, -4, 4, 4)
        old = self._card_rects.pop(item, None) if item is not None else None
        if rect is not None:
            self._card_rects[item] = rect
        if self.cards.isVisible():
            if self.detail == style.BOXES or rect is None:
                self.cards.update()
            else:
                self.cards.update(rect.united(old) if old is not None else rect)
        if self.detail == style.BOXES:
            self.links.invalidate_lines()
            self.links.update()

    def card_removed(self, item: QGraphicsItem) -> None:
        """``item`` leaves the scene: repaint its last place and forget it."""
        old = self._card_rects.pop(item, None)
        self.cards.invalidate()
        if self.cards.isVisible():
            if old is None or self.detail == style.BOXES:
                self.cards.update()
            else:
                self.cards.update(old)

    def links_changed(self, rect: QRectF) -> None:
        """A link moved, changed look, or came or went, within ``rect``."""
        self.links.invalidate_lines()
        if self.detail == style.BOXES:
            self.links.update()
        else:
            self.links.update(rect)

    def set_theme(self) -> None:
        """Colours changed: redraw both layers."""
        self.cards.invalidate()
        self.links.update()
        self.cards.update()
