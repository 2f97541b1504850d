"""Links between cards: a bezier from an output port to an input port.

A model link (:class:`EdgeItem`) is hit-tested and selected as an item of its own, but it
paints nothing itself: the scene's link layer (:mod:`netbuilder.ui.canvas.layers`) draws
every link in one item, so a frame never calls into Python once per link.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from netbuilder.core.graph import Edge
from netbuilder.ui.canvas import style

if TYPE_CHECKING:
    from netbuilder.ui.canvas.node_item import NodeItem


def link_path(
    start: QPointF, end: QPointF, vertical: bool = False, bends: Sequence[QPointF] = ()
) -> QPainterPath:
    """A cubic bezier from ``start`` (output) to ``end`` (input), leaving and entering
    horizontally, or vertically when ``vertical`` (top-to-bottom layout); through the
    ``bends`` (a long link's lane) when given."""
    path = QPainterPath(start)
    points = [start, *bends, end]
    for a, b in zip(points, points[1:], strict=False):
        if vertical:
            dy = max(40.0 if not bends else 0.0, abs(b.y() - a.y()) * 0.5)
            path.cubicTo(a + QPointF(0.0, dy), b - QPointF(0.0, dy), b)
        else:
            dx = max(40.0 if not bends else 0.0, abs(b.x() - a.x()) * 0.5)
            path.cubicTo(a + QPointF(dx, 0.0), b - QPointF(dx, 0.0), b)
    return path


class LinkItem(QGraphicsItem):
    """A bezier curve with a cached shape; base of links and of the live drag link."""

    def __init__(self, theme: style.Theme) -> None:
        super().__init__()
        self.theme = theme
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self._rect = QRectF()
        #: Leave and enter ports vertically (top-to-bottom layout).
        self.vertical = False

    def set_ends(self, start: QPointF, end: QPointF, bends: Sequence[QPointF] = ()) -> None:
        """Route the curve between two points (through ``bends``)."""
        old = QRectF(self._rect)
        self.prepareGeometryChange()
        self._path = link_path(start, end, self.vertical, bends)
        stroker = QPainterPathStroker()
        stroker.setWidth(12.0)
        self._shape = stroker.createStroke(self._path)
        self._rect = self._shape.boundingRect().adjusted(-2, -2, 2, 2)
        self._repaint(old.united(self._rect) if not old.isEmpty() else self._rect)

    def _repaint(self, rect: QRectF) -> None:
        self.update()

    def path(self) -> QPainterPath:
        """The curve in scene coordinates."""
        return self._path

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return self._shape

    def pen(self) -> QPen:
        """Pen of the curve."""
        pen = QPen(self.theme.link, 2.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self.pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)


class EdgeItem(LinkItem):
    """One model edge; selectable (Delete removes it through a command)."""

    def __init__(self, edge: Edge, src: NodeItem, dst: NodeItem, theme: style.Theme) -> None:
        super().__init__(theme)
        self.edge = edge
        self.src = src
        self.dst = dst
        self.highlighted = False
        #: Scene points a long link passes through (its lane in a layered layout).
        self.bends: list[QPointF] = []
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setZValue(-1.0)
        src.edges.add(self)
        dst.edges.add(self)
        self.adjust()

    def adjust(self) -> None:
        """Follow the ports after a card moved or changed size."""
        self.vertical = self.dst.vertical
        start, end = self.src.output_port_pos(), self.dst.input_port_pos(self.edge.port)
        self.set_ends(start, end, self.bends)

    def detach(self) -> None:
        """Forget the cards (before removal from the scene)."""
        self.src.edges.discard(self)
        self.dst.edges.discard(self)
        layers = getattr(self.scene(), "layers", None)
        if layers is not None:
            layers.link_removed(self)

    def _repaint(self, rect: QRectF) -> None:
        layers = getattr(self.scene(), "layers", None)
        if layers is not None:
            layers.link_changed(self, rect)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        kind = QGraphicsItem.GraphicsItemChange
        if change == kind.ItemSelectedHasChanged:
            self._repaint(self._rect)
        elif change == kind.ItemSceneChange and value is None:
            layers = getattr(self.scene(), "layers", None)  # still the old scene
            if layers is not None:
                layers.link_removed(self)
        elif change == kind.ItemSceneHasChanged:
            self._repaint(self._rect)
        return super().itemChange(change, value)

    def set_highlighted(self, on: bool) -> None:
        """Emphasise the link (a block dragged from the palette would be inserted here)."""
        if on != self.highlighted:
            self.highlighted = on
            layers = getattr(self.scene(), "layers", None)
            if layers is not None:
                (layers.highlighted.add if on else layers.highlighted.discard)(self)
            self._repaint(self._rect)

    def pen(self) -> QPen:
        if self.isSelected() or self.highlighted:
            pen = QPen(self.theme.selection, 3.0)
        else:
            pen = QPen(self.theme.link, 2.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen


class LiveLinkItem(LinkItem):
    """The dashed curve following the mouse while a link is dragged."""

    def __init__(self, theme: style.Theme) -> None:
        super().__init__(theme)
        self.setZValue(10.0)
        self.valid = False

    def boundingRect(self) -> QRectF:
        # never smaller than what a zoomed-out scene skips (cards are drawn by a layer then)
        rect = QRectF(self._rect)
        grow = max(0.0, style.SKIPPED_ITEM_SIZE - min(rect.width(), rect.height())) / 2.0 + 1.0
        return rect.adjusted(-grow, -grow, grow, grow)

    def set_valid(self, valid: bool) -> None:
        """Solid accent colour over a port that accepts the link, dashed grey otherwise."""
        if valid != self.valid:
            self.valid = valid
            self.update()

    def pen(self) -> QPen:
        pen = QPen(self.theme.ok_port if self.valid else self.theme.selection, 2.0)
        if not self.valid:
            pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen
