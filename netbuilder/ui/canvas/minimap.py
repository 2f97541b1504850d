"""The minimap: the whole network in a corner of the canvas, with the part on screen framed.

It appears only while part of the network is off screen. Clicking or dragging in it
centres the canvas on that point. It lives on the canvas' viewport, not beside it: a widget
overlapping the viewport from outside would make Qt repaint the whole viewport on every
pan step instead of scrolling its pixels and painting the newly exposed strip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from netbuilder.core.graph import LabelChanged, ParamsChanged
from netbuilder.ui.canvas import style
from netbuilder.ui.i18n import translate

if TYPE_CHECKING:
    from netbuilder.ui.canvas.view import CanvasView

#: The minimap fits in a square of this many pixels, keeping the network's proportions.
BOX = 180
MIN_SIDE = 56
#: Distance from the canvas' corner.
INSET = 12
_BORDER = 6.0


class Minimap(QWidget):
    """Overview of a :class:`CanvasView`'s network, framed where the view is.

    Parameters
    ----------
    view : CanvasView
        The canvas it belongs to (its viewport is the parent widget).
    """

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view.viewport())
        self._view = view
        self._network: QRectF | None = None
        self._image: QPixmap | None = None
        self.setObjectName("canvasMinimap")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(translate("CanvasMinimap", "Overview: click or drag to move the view"))
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.view_changed)
        model = view.model
        model.graphChanged.connect(self._on_graph_event)
        model.documentReset.connect(self._dirty)
        model.selectionChanged.connect(self._restyle)
        self.hide()

    # -- state ------------------------------------------------------------------------------
    def _on_graph_event(self, event: object) -> None:
        # parameters and labels do not move anything the minimap draws
        if not isinstance(event, (ParamsChanged, LabelChanged)):
            self._dirty()

    def _dirty(self, *_args: object) -> None:
        self._network = None
        self._image = None
        self._later.start()  # once per burst of edits, after they are all in

    def _restyle(self, *_args: object) -> None:
        if self.isVisible():
            self.update()  # the selection is drawn over the cached image

    def network_rect(self) -> QRectF:
        """Every card with a margin (scene coordinates), cached until the graph changes."""
        if self._network is None:
            self._network = self._view.canvas.cards_rect().adjusted(-40, -40, 40, 40)
        return QRectF(self._network)

    def view_changed(self) -> None:
        """The canvas scrolled, zoomed or resized: show, hide or move the frame."""
        visible = self._view.visible_scene_rect().adjusted(-1, -1, 1, 1)
        cards = self.network_rect().adjusted(40, 40, -40, -40)
        needed = bool(self._view.canvas.nodes) and not visible.contains(cards)
        if needed != self.isVisible():
            self.setVisible(needed)
            if needed:
                self.place()
                self.raise_()
        elif needed:
            self.update()

    def place(self) -> None:
        """Size to the network's proportions; sit in the canvas' bottom-right corner."""
        network = self.network_rect()
        ratio = network.width() / max(network.height(), 1.0)
        if ratio >= 1.0:
            size = QSize(BOX, max(MIN_SIDE, round(BOX / ratio)))
        else:
            size = QSize(max(MIN_SIDE, round(BOX * ratio)), BOX)
        if size != self.size():
            self.resize(size)
            self._image = None
        port = self._view.viewport().rect()
        self.move(port.right() - size.width() - INSET, port.bottom() - size.height() - INSET)

    # -- geometry ---------------------------------------------------------------------------
    def _mapping(self) -> tuple[float, QPointF]:
        """Scale and offset from scene to minimap coordinates."""
        network = self.network_rect()
        inner = QRectF(self.rect()).adjusted(_BORDER, _BORDER, -_BORDER, -_BORDER)
        scale = min(
            inner.width() / max(network.width(), 1.0), inner.height() / max(network.height(), 1.0)
        )
        offset = QPointF(
            inner.left() + (inner.width() - network.width() * scale) / 2.0,
            inner.top() + (inner.height() - network.height() * scale) / 2.0,
        )
        return scale, offset

    def to_scene(self, point: QPointF) -> QPointF:
        """The scene point under minimap point ``point``."""
        inverse, _ok = self.transform().inverted()
        return inverse.map(point)

    def transform(self) -> QTransform:
        """Scene to minimap coordinates."""
        scale, offset = self._mapping()
        network = self.network_rect()
        transform = QTransform()
        transform.translate(offset.x(), offset.y())
        transform.scale(scale, scale)
        transform.translate(-network.left(), -network.top())
        return transform

    def from_scene(self, rect: QRectF) -> QRectF:
        """Where scene rectangle ``rect`` lies on the minimap."""
        return self.transform().mapRect(rect)

    # -- painting ---------------------------------------------------------------------------
    def _render(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        image = QPixmap(self.size() * ratio)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.transparent)
        theme = self._view.canvas.theme
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        panel = QColor(theme.surface)
        panel.setAlpha(235)
        painter.setPen(QPen(theme.border, 1.0))
        painter.setBrush(panel)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setTransform(self.transform())
        pen = QPen(theme.link, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        lines = []
        for item in self._view.canvas.edges.values():
            path = item.path()
            if not path.isEmpty():
                lines.append(QLineF(path.pointAtPercent(0.0), path.pointAtPercent(1.0)))
        painter.drawLines(lines)
        painter.setPen(Qt.PenStyle.NoPen)
        groups: dict[str, QPainterPath] = {}
        for item in self._view.canvas.nodes.values():
            path = groups.setdefault(item.category, QPainterPath())
            path.addRect(item.mapRectToScene(item.rect()))
        for category, path in groups.items():
            painter.setBrush(style.category_color(category))
            painter.drawPath(path)
        painter.end()
        return image

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image is None or self._image.size() != self.size() * self.devicePixelRatioF():
            self._image = self._render()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._image)
        theme = self._view.canvas.theme
        nodes = self._view.canvas.nodes
        selected = [nodes[i] for i in self._view.model.selected if i in nodes]
        if selected:
            painter.setTransform(self.transform())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.selection)
            for item in selected:
                painter.drawRect(item.mapRectToScene(item.rect()))
            painter.resetTransform()
        frame = self.from_scene(self._view.visible_scene_rect())
        frame = frame.intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        fill = QColor(theme.selection)
        fill.setAlpha(40)
        painter.setBrush(fill)
        painter.setPen(QPen(theme.selection, 1.5))
        painter.drawRect(frame)
        painter.end()

    # -- mouse ------------------------------------------------------------------------------
    def _go(self, event: QMouseEvent) -> None:
        self._view.user_moved = True
        self._view.centerOn(self.to_scene(event.position()))
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._go(event)
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._go(event)
        else:
            super().mouseMoveEvent(event)
