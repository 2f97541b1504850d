"""Scene-wide layers that draw many things in one item: every link, and the cards as boxes.

A frame of a 2,000-layer network must not call Python once per link or per card. The
link layer draws the links of the exposed area in one ``paint``; when zoomed out below
:data:`style.READABLE_ZOOM` the cards stop painting themselves and the box layer draws
them all from a few cached paths (one per colour). Both layers keep a device-coordinate
cache, so a pan only draws the newly exposed strip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
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
        exposed = option.exposedRect
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
        selected = [i for i in _edge_items(scene).values() if i.isSelected() or i.highlighted]
        if selected:
            pen = QPen(theme.selection, 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for item in selected:
                path = item.path()
                painter.drawLine(QLineF(path.pointAtPercent(0.0), path.pointAtPercent(1.0)))


class BoxLayer(_Layer):
    """Draws every card as a plain coloured box (only when zoomed out below readable text)."""

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
        if self._paths is None:
            self._paths = self._build(scene)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for color, path in self._paths:
            painter.setBrush(color)
            painter.drawPath(path)

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
        self.links = LinkLayer(self)
        self.boxes = BoxLayer(self)
        self.boxes.setVisible(False)
        scene.sceneRectChanged.connect(self._on_scene_rect)
        self.attach()

    def theme(self) -> style.Theme:
        """The scene's colours."""
        return getattr(self.scene, "theme", style.LIGHT)

    def detach(self) -> None:
        """Take the layers out of the scene (before ``scene.clear()``)."""
        for layer in (self.links, self.boxes):
            if layer.scene() is not None:
                self.scene.removeItem(layer)

    def attach(self) -> None:
        """Put the layers (back) into the scene."""
        for layer in (self.links, self.boxes):
            if layer.scene() is None:
                self.scene.addItem(layer)
        self._on_scene_rect(self.scene.sceneRect())
        self.links.invalidate_lines()
        self.boxes.invalidate()

    def items(self) -> tuple[QGraphicsItem, ...]:
        """The layer items (not cards, not links)."""
        return (self.links, self.boxes)

    def _on_scene_rect(self, rect: QRectF) -> None:
        for layer in (self.links, self.boxes):
            layer.set_rect(rect)

    def set_view(self, zoom: float, device_ratio: float) -> None:
        """Follow the view: pick the level of detail for ``zoom``; returns nothing."""
        self.zoom = zoom
        ratio_changed = device_ratio != self.device_ratio
        self.device_ratio = device_ratio
        detail = style.detail_for(zoom)
        if detail != self.detail or ratio_changed:
            self.detail = detail
            for item in _node_items(self.scene).values():
                item.set_detail(detail)
            self.boxes.setVisible(detail == style.BOXES)
            self.boxes.invalidate()
            self.links.invalidate_lines()
            self.links.update()

    def cards_changed(self) -> None:
        """A card moved, changed look, or came or went."""
        self.boxes.invalidate()
        if self.detail == style.BOXES:
            self.boxes.update()
            self.links.invalidate_lines()
            self.links.update()

    def links_changed(self, rect: QRectF) -> None:
        """A link moved, changed look, or came or went, within ``rect``."""
        self.links.invalidate_lines()
        if self.detail == style.BOXES:
            self.links.update()
        else:
            self.links.update(rect)

    def set_theme(self) -> None:
        """Colours changed: redraw both layers."""
        self.boxes.invalidate()
        self.links.update()
        self.boxes.update()
