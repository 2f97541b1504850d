"""Node cards: title, key parameters, output shape, params and FLOPs, ports.

A card only displays what it is given: :meth:`NodeItem.set_node` for what the graph
stores (type, label, parameters) and :meth:`NodeItem.set_stats` for what the analysis
computed. It never computes stats itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from netbuilder.core.analysis import WAITING, NodeStats
from netbuilder.core.formatting import exact, human, shape_text
from netbuilder.core.graph import Node
from netbuilder.ui.canvas import style

#: Drawn in the header of a frozen layer's card and before its stats line.
FROZEN_BADGE = "❄"

if TYPE_CHECKING:
    from netbuilder.core.blocks.composite import InnerResult
    from netbuilder.ui.canvas.composite_frame import CompositeFrame
    from netbuilder.ui.canvas.edge_item import EdgeItem
    from netbuilder.ui.display import DisplaySettings

#: Port identifiers: ``("in", index)`` or ``("out", 0)``.
Port = tuple[str, int]


class NodeItem(QGraphicsItem):
    """The card of one graph node.

    Parameters
    ----------
    node : Node
        The graph node (read for type, label, parameters and position).
    theme : style.Theme
        Colours to draw with.

    Attributes
    ----------
    node_id : str
        Id of the node in the graph.
    edges : set of EdgeItem
        Links attached to this card (kept up to date by the links themselves).
    frame : CompositeFrame or None
        The inner layers' cards while an expanded composite shows them.
    """

    #: False for read-only cards (the layers inside an expanded composite).
    editable = True

    def __init__(self, node: Node, theme: style.Theme) -> None:
        super().__init__()
        self.node_id = node.id
        self.theme = theme
        self.edges: set[EdgeItem] = set()
        self.expanded = False
        #: Ports on the top/bottom edges (top-to-bottom layout) rather than the sides.
        self.vertical = False
        self.title = ""
        self.subtitle = ""
        self.shape_line = ""
        self.stats_line = ""
        self.category = ""
        self.port_names: tuple[str, ...] = ()
        self.composite = False
        self.error: str | None = None
        self.waiting = False
        self.frozen = False
        self.inner_rows: list[tuple[str, str, str, str]] = []
        self.frame: CompositeFrame | None = None
        self._inner: Sequence[InnerResult] = ()
        self._display: DisplaySettings | None = None
        self.port_marks: dict[int, bool] = {}
        self._rect = QRectF()
        self._collapsed_height = 0.0
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable | flags.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_node(node)
        self.setPos(QPointF(*node.pos))

    # -- content ----------------------------------------------------------------------------
    def set_node(self, node: Node) -> None:
        """Show what the graph stores: title, key parameters, ports."""
        block = node.block
        self.category = block.category
        self.composite = bool(block.composite)
        self.title = node.label or node.type
        described = block.describe(node.params)
        if node.label:
            self.subtitle = f"{node.type} · {described}" if described else node.type
        else:
            self.subtitle = described
        ports = block.input_ports(node.params)
        if ports != self.port_names:
            self.port_names = ports
            self.port_marks = {}
        self._relayout()

    def set_stats(self, stats: NodeStats, display: DisplaySettings) -> None:
        """Show what the analysis computed for this node, in ``display``'s FLOPs convention."""
        self.error = stats.error
        self.waiting = stats.waiting
        self.frozen = stats.frozen
        if stats.error:
            self.shape_line = stats.error
        elif stats.waiting or stats.shape is None:
            self.shape_line = WAITING
        else:
            self.shape_line = shape_text(stats.shape)
        if stats.shape is None:
            self.stats_line = ""
        else:
            self.stats_line = (
                f"{human(stats.params)} params · {human(display.flops(stats.flops))} FLOPs"
            )
            if stats.frozen:
                self.stats_line = f"{FROZEN_BADGE} frozen · {self.stats_line}"
        self.inner_rows = [
            (
                r.layer.name,
                shape_text(r.output_shape),
                human(r.cost.params),
                human(display.flops(r.cost.flops)),
            )
            for r in stats.inner
        ]
        self._inner, self._display = stats.inner, display
        self.setToolTip(self._tooltip(stats, display))
        if self.frame is not None:
            if stats.inner:
                self.frame.rebuild(stats.inner, display)
            else:  # the block cannot compute its layers now: back to one card
                self.set_expanded(False)
        self._relayout()

    def _tooltip(self, stats: NodeStats, display: DisplaySettings) -> str:
        if stats.error:
            return stats.error
        if stats.waiting or stats.shape is None:
            return f"{self.title}: waiting for input — an upstream layer has no shape yet."
        return (
            f"{self.title}: output {shape_text(stats.shape)}\n"
            f"{exact(stats.params)} parameters"
            f"{' (frozen: not trained)' if stats.frozen else ''}\n"
            f"{exact(display.flops(stats.flops))} {display.flops_unit()} per sample"
        )

    def texts(self) -> dict[str, Any]:
        """What the card shows, as plain text (for tests and accessibility)."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "shape": self.shape_line,
            "stats": self.stats_line,
            "error": self.error,
            "waiting": self.waiting,
            "frozen": self.frozen,
            "inner": list(self.inner_rows) if self.expanded else [],
        }

    # -- expansion --------------------------------------------------------------------------
    def set_expanded(self, expanded: bool) -> None:
        """Show the inner layers of a composite block as cards in a frame, or one card."""
        expanded = expanded and self.composite and bool(self._inner)
        if expanded == self.expanded:
            return
        self.expanded = expanded
        if expanded:
            from netbuilder.ui.canvas.composite_frame import CompositeFrame  # (imports us)

            self.frame = CompositeFrame(self)
            self.frame.rebuild(self._inner, self._display)
        elif self.frame is not None:
            frame, self.frame = self.frame, None
            if self.scene() is not None:
                self.scene().removeItem(frame)
        self.setZValue(1.0 if expanded else 0.0)
        self._relayout()
        scene = self.scene()
        if scene is not None and hasattr(scene, "card_resized"):
            scene.card_resized(self)

    def grown(self) -> tuple[float, float]:
        """How much wider and taller than its collapsed self the card is (expanded)."""
        width, height = self.layout_size()
        return self._rect.width() - width, self._rect.height() - height

    def toggle_rect(self) -> QRectF:
        """Where the expand/collapse chevron sits (item coordinates)."""
        return QRectF(self._rect.width() - 24.0, 4.0, 18.0, 18.0)

    # -- geometry ---------------------------------------------------------------------------
    def _relayout(self) -> None:
        n = max(1, len(self.port_names))
        body = max(3 * style.LINE_HEIGHT + style.PADDING + 2.0, n * style.PORT_SPACING + 8.0)
        self._collapsed_height = style.HEADER_HEIGHT + body
        height = self._collapsed_height
        width = style.CARD_WIDTH
        if self.frame is not None:
            frame_w, frame_h = self.frame.size()
            width = max(width, frame_w + 2 * style.PADDING)
            self.frame.setPos((width - frame_w) / 2.0, height)
            height += frame_h + style.PADDING
        rect = QRectF(0.0, 0.0, width, height)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
            for edge in list(self.edges):
                edge.adjust()
        self.update()

    def layout_size(self) -> tuple[float, float]:
        """Width and height of the collapsed card (what an auto-layout places)."""
        return (style.CARD_WIDTH, self._collapsed_height)

    def rect(self) -> QRectF:
        """The card rectangle in item coordinates."""
        return QRectF(self._rect)

    def boundingRect(self) -> QRectF:
        m = style.PORT_RADIUS + 3.0
        return self._rect.adjusted(-m, -3.0, m, 3.0)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        path.addRoundedRect(self._rect, style.RADIUS, style.RADIUS)
        for i in range(len(self.port_names)):
            path.addEllipse(self._input_local(i), style.PORT_HIT, style.PORT_HIT)
        path.addEllipse(self._output_local(), style.PORT_HIT, style.PORT_HIT)
        return path

    def _port_y(self, i: int, n: int) -> float:
        body_top = style.HEADER_HEIGHT
        middle = body_top + (self._collapsed_height - body_top) / 2.0
        return middle + (i - (n - 1) / 2.0) * style.PORT_SPACING

    def _input_local(self, i: int) -> QPointF:
        if self.vertical:  # inputs along the top edge, in port order from the left
            return QPointF(style.port_x(i, len(self.port_names), self._rect.width()), 0.0)
        return QPointF(0.0, self._port_y(i, len(self.port_names)))

    def _output_local(self) -> QPointF:
        if self.vertical:
            return QPointF(self._rect.width() / 2.0, self._rect.height())
        return QPointF(self._rect.width(), self._port_y(0, 1))

    def set_vertical(self, vertical: bool) -> None:
        """Ports on the top and bottom edges (top-to-bottom flow) or on the sides."""
        if vertical != self.vertical:
            self.prepareGeometryChange()
            self.vertical = vertical
            if self.frame is not None:  # the inner layers follow the flow too
                self.frame.rebuild(self._inner, self._display)
                self._relayout()
            for edge in list(self.edges):
                edge.adjust()
            self.update()

    def input_port_pos(self, i: int) -> QPointF:
        """Scene position of input port ``i``."""
        return self.mapToScene(self._input_local(i))

    def output_port_pos(self) -> QPointF:
        """Scene position of the output port."""
        return self.mapToScene(self._output_local())

    def port_at(self, scene_pos: QPointF) -> Port | None:
        """The port under ``scene_pos`` (within a generous radius), or ``None``."""
        local = self.mapFromScene(scene_pos)
        best: tuple[float, Port] | None = None
        candidates: list[tuple[QPointF, Port]] = [(self._output_local(), ("out", 0))]
        candidates += [(self._input_local(i), ("in", i)) for i in range(len(self.port_names))]
        for point, port in candidates:
            d = (point - local).manhattanLength()
            if d <= style.PORT_HIT * 1.4 and (best is None or d < best[0]):
                best = (d, port)
        return best[1] if best else None

    def nearest_input(self, scene_pos: QPointF) -> int | None:
        """Index of the input port closest to ``scene_pos`` (``None`` without inputs)."""
        if not self.port_names:
            return None
        local = self.mapFromScene(scene_pos)
        axis = QPointF.x if self.vertical else QPointF.y
        return min(
            range(len(self.port_names)),
            key=lambda i: abs(axis(self._input_local(i)) - axis(local)),
        )

    def set_port_marks(self, marks: dict[int, bool]) -> None:
        """Highlight input ports: True accepts the dragged link, False refuses it."""
        if marks != self.port_marks:
            self.port_marks = dict(marks)
            self.update()

    # -- Qt hooks ---------------------------------------------------------------------------
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
        return super().itemChange(change, value)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if (
            self.composite
            and event.button() == Qt.MouseButton.LeftButton
            and self.toggle_rect().adjusted(-3, -3, 3, 3).contains(event.pos())
        ):
            self.set_expanded(not self.expanded)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.composite:
            self.set_expanded(not self.expanded)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    # -- painting ---------------------------------------------------------------------------
    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        theme = self.theme
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        accent = style.category_color(self.category)
        if self.waiting:
            accent = QColor(theme.waiting)
        rect = self._rect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

        if lod < style.DETAIL_LOD:
            if self.frame is not None:  # an open block: its own strip, then its frame
                self._paint_frame(painter)
                rect = QRectF(rect.x(), rect.y(), rect.width(), self._collapsed_height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._outline_color() or accent)
            painter.drawRoundedRect(rect, style.RADIUS, style.RADIUS)
            return

        # body and header
        outline = self._outline_color()
        painter.setPen(QPen(theme.border, 1.0))
        painter.setBrush(theme.surface)
        painter.drawRoundedRect(rect, style.RADIUS, style.RADIUS)
        header = QPainterPath()
        header.addRoundedRect(rect, style.RADIUS, style.RADIUS)
        clip = QPainterPath()
        clip.addRect(QRectF(rect.x(), rect.y(), rect.width(), style.HEADER_HEIGHT))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawPath(header.intersected(clip))
        if outline is not None:
            painter.setPen(QPen(outline, 2.5 if self.isSelected() else 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), style.RADIUS + 1, style.RADIUS + 1)

        if self.frame is not None:
            self._paint_frame(painter)
        self._paint_text(painter)
        self._paint_ports(painter, accent)

    def _outline_color(self) -> QColor | None:
        if self.isSelected():
            return self.theme.selection
        if self.error:
            return self.theme.error
        return None

    def _paint_text(self, painter: QPainter) -> None:
        theme = self.theme
        width = self._rect.width()
        pad = style.PADDING + 2.0
        # title
        title_font = style.title_font()
        painter.setFont(title_font)
        painter.setPen(QColor("#FFFFFF"))
        right = 30.0 if self.composite else pad
        if self.frozen:
            right += 18.0
            painter.drawText(
                QRectF(width - right, 0.0, 18.0, style.HEADER_HEIGHT),
                Qt.AlignmentFlag.AlignCenter,
                FROZEN_BADGE,
            )
        title = QFontMetrics(title_font).elidedText(
            self.title, Qt.TextElideMode.ElideRight, int(width - pad - right)
        )
        painter.drawText(
            QRectF(pad, 0.0, width - pad - right, style.HEADER_HEIGHT),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            title,
        )
        if self.composite:
            painter.drawText(
                self.toggle_rect(),
                Qt.AlignmentFlag.AlignCenter,
                "▾" if self.expanded else "▸",
            )
        # port labels
        left = pad
        if len(self.port_names) > 1 and not self.vertical:
            small = style.small_font()
            painter.setFont(small)
            painter.setPen(theme.muted)
            metrics = QFontMetrics(small)
            label_w = max(metrics.horizontalAdvance(n) for n in self.port_names)
            for i, name in enumerate(self.port_names):
                y = self._input_local(i).y()
                painter.drawText(
                    QRectF(style.PORT_RADIUS + 4.0, y - 8.0, label_w + 2.0, 16.0),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                    name,
                )
            left = style.PORT_RADIUS + 4.0 + label_w + 8.0
        text_w = width - left - pad
        top = style.HEADER_HEIGHT + style.PADDING / 2.0 + 1.0
        if len(self.port_names) > 1 and not self.vertical:
            top = style.HEADER_HEIGHT + (self._collapsed_height - style.HEADER_HEIGHT) / 2.0
            top -= 1.5 * style.LINE_HEIGHT
        body = style.body_font()
        metrics = QFontMetrics(body)
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.setFont(body)
        painter.setPen(theme.muted)
        painter.drawText(
            QRectF(left, top, text_w, style.LINE_HEIGHT),
            align,
            metrics.elidedText(self.subtitle, Qt.TextElideMode.ElideRight, int(text_w)),
        )
        # output shape (or the error / waiting sentence)
        strong = style.font(13, bold=True)
        if self.error:
            painter.setFont(body)
            painter.setPen(theme.error)
            text = metrics.elidedText("⚠ " + self.error, Qt.TextElideMode.ElideRight, int(text_w))
        elif self.waiting or not self.stats_line:
            painter.setFont(body)
            painter.setPen(theme.waiting)
            text = self.shape_line
        else:
            painter.setFont(strong)
            painter.setPen(theme.text)
            text = QFontMetrics(strong).elidedText(
                self.shape_line, Qt.TextElideMode.ElideRight, int(text_w)
            )
        painter.drawText(
            QRectF(left, top + style.LINE_HEIGHT, text_w, style.LINE_HEIGHT + 2), align, text
        )
        if self.stats_line:
            small = style.small_font()
            painter.setFont(small)
            painter.setPen(theme.muted)
            painter.drawText(
                QRectF(left, top + 2 * style.LINE_HEIGHT + 2, text_w, style.LINE_HEIGHT),
                align,
                QFontMetrics(small).elidedText(
                    self.stats_line, Qt.TextElideMode.ElideRight, int(text_w)
                ),
            )

    def _paint_ports(self, painter: QPainter, accent: QColor) -> None:
        theme = self.theme
        r = style.PORT_RADIUS
        for i in range(len(self.port_names)):
            mark = self.port_marks.get(i)
            center = self._input_local(i)
            if mark is True:
                painter.setPen(QPen(theme.ok_port, 2.0))
                painter.setBrush(QBrush(theme.ok_port))
                painter.drawEllipse(center, r + 2.0, r + 2.0)
            elif mark is False:
                painter.setPen(QPen(theme.waiting, 1.5))
                painter.setBrush(QBrush(theme.surface))
                painter.drawEllipse(center, r - 1.0, r - 1.0)
            else:
                painter.setPen(QPen(accent, 2.0))
                painter.setBrush(QBrush(theme.surface))
                painter.drawEllipse(center, r, r)
        painter.setPen(QPen(theme.surface, 1.5))
        painter.setBrush(QBrush(accent))
        painter.drawEllipse(self._output_local(), r + 0.5, r + 0.5)

    def _paint_frame(self, painter: QPainter) -> None:
        """The tinted area holding the inner layers' cards, under the card's own lines."""
        assert self.frame is not None
        area = self.frame.mapRectToParent(self.frame.boundingRect())
        fill = QColor(self.theme.grid)
        fill.setAlpha(110)
        painter.setPen(QPen(self.theme.border, 1.0, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(area, style.RADIUS, style.RADIUS)
