"""Node cards: title, key parameters, output shape, params and FLOPs, ports.

A card only displays what it is given: :meth:`NodeItem.set_node` for what the graph
stores (type, label, parameters) and :meth:`NodeItem.set_stats` for what the analysis
computed. It never computes stats itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import ceil
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from netbuilder.core.analysis import WAITING, NodeStats
from netbuilder.core.formatting import exact, human, shape_text
from netbuilder.core.graph import Node
from netbuilder.ui.canvas import style
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.i18n import translate

#: Drawn in the header of a frozen layer's card and before its stats line.
FROZEN_BADGE = "❄"

if TYPE_CHECKING:
    from netbuilder.core.blocks.composite import InnerResult
    from netbuilder.ui.canvas.composite_frame import CompositeFrame
    from netbuilder.ui.canvas.edge_item import EdgeItem
    from netbuilder.ui.canvas.layers import SceneLayers
    from netbuilder.ui.display import DisplaySettings

#: Port identifiers: ``("in", index)`` or ``("out", 0)``.
Port = tuple[str, int]
#: One line of card text: box, font, colour role, text, alignment.
_Text = tuple[QRectF, QFont, str, str, Qt.AlignmentFlag]


def _layers(item: QGraphicsItem) -> SceneLayers | None:
    return getattr(item.scene(), "layers", None)


def _role_color(theme: style.Theme, role: str) -> QColor:
    return QColor("#FFFFFF") if role == "white" else getattr(theme, role)


@lru_cache(maxsize=4096)
def _fitting_font(text: str, pixel_size: int, width: float, bold: bool) -> QFont:
    """``pixel_size``, or down to :data:`style.OVERVIEW_MIN_PX` so that ``text`` fits."""
    for size in range(pixel_size, style.OVERVIEW_MIN_PX - 1, -1):
        font = style.font(size, bold=bold)
        if QFontMetrics(font).horizontalAdvance(text) <= width:
            return font
    return style.font(style.OVERVIEW_MIN_PX, bold=bold)


def _stats_regions(box: QRectF, line: str, font: QFont) -> dict[str, QRectF]:
    """The params and FLOPs parts of the stats line ``… params · … FLOPs`` in ``box``."""
    split = QFontMetrics(font).horizontalAdvance(line[: line.rfind(" · ")])
    split = min(split, box.width())
    params = QRectF(box.left(), box.top(), split, box.height())
    flops = QRectF(box.left() + split, box.top(), box.width() - split, box.height())
    return {"params": params, "flops": flops}


def _elide(text: str, font: QFont, width: float) -> str:
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, int(width))


class NodeItem(QGraphicsRectItem):
    """The card of one graph node.

    Its bounding rectangle is the C++ rectangle of a ``QGraphicsRectItem`` (the card with
    room for its ports), set when the card changes size: Qt reads it thousands of times
    per frame (drawing, its item index) without calling into Python. :meth:`rect` is the
    card itself.

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
        self._theme = theme
        self._overview_header = QPainterPath()
        self._version = 0
        #: Look version and cache key of the last image drawn (see :meth:`stand_in`)
        self._last_image: tuple[int, str] = (-1, "")
        self._full_cache: list[_Text] | None = None
        #: Where the full card shows its shape, params and FLOPs (item coordinates).
        self._regions: dict[str, QRectF] = {}
        self._header = QPainterPath()
        self.setPen(Qt.PenStyle.NoPen)  # the bounding rect is the rect, no pen around it
        self.type_name = node.type
        self.edges: set[EdgeItem] = set()
        self.expanded = False
        #: Ports on the top/bottom edges (top-to-bottom layout) rather than the sides.
        self.vertical = False
        self.title = ""
        self.subtitle = ""
        self.shape_line = ""
        self.stats_line = ""
        #: Optional lines under the stats (View → Show on Cards, see ``card_extras``).
        self.extra_lines: tuple[str, ...] = ()
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

    @property
    def theme(self) -> style.Theme:
        """Colours the card is drawn with; setting them repaints the card."""
        return self._theme

    @theme.setter
    def theme(self, theme: style.Theme) -> None:
        if theme is not self._theme:
            self._theme = theme
            self._changed()

    def _changed(self) -> None:
        """The look changed: new overview image and text layout, repaint, tell the layers."""
        self._full_cache = None
        self._version += 1
        self.update()
        layers = _layers(self)
        if layers is not None:
            layers.cards_changed(self)

    # -- level of detail --------------------------------------------------------------------
    @property
    def detail(self) -> str:
        """The level of detail the scene is drawn at (:data:`style.FULL` off a scene).

        Below :data:`style.FULL` the scene's card layer draws this card.
        """
        layers = _layers(self)
        return layers.detail if layers is not None else style.FULL

    # -- content ----------------------------------------------------------------------------
    def set_node(self, node: Node) -> None:
        """Show what the graph stores: title, key parameters, ports."""
        block = node.block
        self.type_name = node.type
        self.category = block.category
        self.composite = bool(block.composite)
        self.title = node.label or block.title(node.params)
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
        self.error = tr_core(stats.error) if stats.error else None
        self.waiting = stats.waiting
        self.frozen = stats.frozen
        if stats.error:
            self.shape_line = self.error
        elif stats.waiting or stats.shape is None:
            self.shape_line = tr_core(WAITING)
        else:
            self.shape_line = shape_text(stats.shape)
        if stats.shape is None:
            self.stats_line = ""
        else:
            params, flops = human(stats.params), human(display.flops(stats.flops))
            self.stats_line = translate("CanvasNodeItem", "{params} params · {flops} FLOPs").format(
                params=params, flops=flops
            )
            if stats.frozen:
                self.stats_line = translate(
                    "CanvasNodeItem", "{FROZEN_BADGE} frozen · {stats_line}"
                ).format(FROZEN_BADGE=FROZEN_BADGE, stats_line=self.stats_line)
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

    def set_extra_lines(self, lines: Sequence[str]) -> None:
        """Show ``lines`` under the stats line (the card grows by a line each)."""
        lines = tuple(lines)
        if lines != self.extra_lines:
            self.extra_lines = lines
            self._relayout()

    def _tooltip(self, stats: NodeStats, display: DisplaySettings) -> str:
        if stats.error:
            return tr_core(stats.error)
        if stats.waiting or stats.shape is None:
            return translate(
                "CanvasNodeItem", "{title}: waiting for input — an upstream layer has no shape yet."
            ).format(title=self.title)
        return translate(
            "CanvasNodeItem",
            "{title}: output {shape}\n{params} parameters{value}\n{flops} {flops_unit} per sample",
        ).format(
            title=self.title,
            shape=shape_text(stats.shape),
            params=exact(stats.params),
            value=" (frozen: not trained)" if stats.frozen else "",
            flops=exact(display.flops(stats.flops)),
            flops_unit=display.flops_unit(),
        )

    def texts(self) -> dict[str, Any]:
        """What the card shows, as plain text (for tests and accessibility)."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "shape": self.shape_line,
            "stats": self.stats_line,
            "extras": list(self.extra_lines),
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
        lines = 3 + len(self.extra_lines)
        body = max(lines * style.LINE_HEIGHT + style.PADDING + 2.0, n * style.PORT_SPACING + 8.0)
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
            self._rect = rect
            m = style.PORT_RADIUS + 3.0  # ports on any side, with their outline
            self.setRect(rect.adjusted(-m, -m, m, m))  # the bounding rect
            header = QPainterPath()
            header.addRoundedRect(rect, style.RADIUS, style.RADIUS)
            clip = QPainterPath()
            clip.addRect(QRectF(rect.x(), rect.y(), rect.width(), style.HEADER_HEIGHT))
            self._header = header.intersected(clip)
            clip = QPainterPath()
            clip.addRect(QRectF(rect.x(), rect.y(), rect.width(), style.OVERVIEW_HEADER))
            self._overview_header = header.intersected(clip)
            for edge in list(self.edges):
                edge.adjust()
        self._changed()

    def layout_size(self) -> tuple[float, float]:
        """Width and height of the collapsed card (what an auto-layout places)."""
        return (style.CARD_WIDTH, self._collapsed_height)

    def rect(self) -> QRectF:
        """The card rectangle in item coordinates (the bounding rect has room for ports)."""
        return QRectF(self._rect)

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
            self._version += 1  # the card's images show the marks too
            self.update()
            layers = _layers(self)
            if layers is not None:
                layers.cards_changed(self)

    # -- Qt hooks ---------------------------------------------------------------------------
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        kind = QGraphicsItem.GraphicsItemChange
        if change == kind.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
        if change in (kind.ItemPositionHasChanged, kind.ItemSelectedHasChanged):
            layers = _layers(self)
            if layers is not None:
                layers.cards_changed(self)
        elif change == kind.ItemSceneChange and value is None:
            layers = _layers(self)  # still the old scene: forget where this card was
            if layers is not None:
                layers.card_removed(self)
        elif change == kind.ItemSceneHasChanged:
            layers = _layers(self)
            if layers is not None:
                layers.cards_changed(self)
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
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        layers = _layers(self)
        if self.detail != style.FULL:  # normally skipped: the card layer draws these
            self._paint_overview(painter)
        elif layers is not None and layers.card_may_wait():
            self._paint_stand_in(painter)
            layers.card_waits(self)  # crisp in the next frame
        else:
            self._paint_full(painter)

    def _paint_stand_in(self, painter: QPainter) -> None:
        """The card's last image, scaled (or its plain shape), with its outline."""
        image = self.stand_in()
        if image is None:
            self.paint_plain(painter, self._rect)
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawPixmap(self.boundingRect(), image, QRectF(image.rect()))
        outline = self._outline_color()
        if outline is not None:
            self._paint_outline(painter, outline)

    def paint_plain(self, painter: QPainter, card: QRectF) -> None:
        """The card's shape in its colours, without text, in ``card`` (painter coordinates):
        what stands in for a card not drawn yet."""
        theme = self.theme
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(theme.border, 1.0))
        painter.setBrush(theme.surface)
        painter.drawRoundedRect(card, style.RADIUS, style.RADIUS)
        header = QRectF(card.left(), card.top(), card.width(), style.OVERVIEW_HEADER)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.accent())
        painter.drawRoundedRect(header, style.RADIUS, style.RADIUS)
        painter.restore()

    def _paint_full(self, painter: QPainter, selected: bool = True) -> None:
        theme = self.theme
        accent = self.accent()
        rect = self._rect
        outline = self._outline_color() if selected else (theme.error if self.error else None)
        painter.setPen(QPen(theme.border, 1.0))
        painter.setBrush(theme.surface)
        painter.drawRoundedRect(rect, style.RADIUS, style.RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawPath(self._header)
        if outline is not None:
            self._paint_outline(painter, outline)
        if self.frame is not None:
            self._paint_frame(painter)
        for box, font, role, text, align in self._full_layout():
            painter.setFont(font)
            painter.setPen(_role_color(theme, role))
            painter.drawText(box, align, text)
        self._paint_ports(painter, accent)

    def accent(self) -> QColor:
        """The card's colour: its category's, grey while it waits for an input shape."""
        return QColor(self.theme.waiting) if self.waiting else style.category_color(self.category)

    def _paint_outline(self, painter: QPainter, outline: QColor) -> None:
        painter.setPen(QPen(outline, 2.5 if self.isSelected() else 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(
            self._rect.adjusted(-1, -1, 1, 1), style.RADIUS + 1, style.RADIUS + 1
        )

    def _outline_color(self) -> QColor | None:
        if self.isSelected():
            return self.theme.selection
        if self.error:
            return self.theme.error
        return None

    def drawn_text_sizes(self) -> list[float]:
        """Pixel sizes (scene units) of the text this card draws at its level of detail.

        For tests and tools that check readability; painting uses the same layouts.
        """
        if self.detail == style.BOXES:
            return []
        if self.detail == style.OVERVIEW:
            layout = self._overview_layout()
        else:
            layout = self._full_layout()
        return [float(font.pixelSize()) for _box, font, _role, text, _a in layout if text]

    # -- full card ----------------------------------------------------------------------
    def _full_layout(self) -> list[_Text]:
        if self._full_cache is None:
            self._full_cache = self._make_full_layout()
        return self._full_cache

    def _make_full_layout(self) -> list[_Text]:
        self._regions = {}
        width = self._rect.width()
        pad = style.PADDING + 2.0
        left_mid = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        out: list[_Text] = []
        title_font = style.title_font()
        right = 30.0 if self.composite else pad
        if self.frozen:
            right += 18.0
            out.append(
                (
                    QRectF(width - right, 0.0, 18.0, style.HEADER_HEIGHT),
                    title_font,
                    "white",
                    FROZEN_BADGE,
                    Qt.AlignmentFlag.AlignCenter,
                )
            )
        title = QFontMetrics(title_font).elidedText(
            self.title, Qt.TextElideMode.ElideRight, int(width - pad - right)
        )
        out.append(
            (
                QRectF(pad, 0.0, width - pad - right, style.HEADER_HEIGHT),
                title_font,
                "white",
                title,
                left_mid,
            )
        )
        if self.composite:
            out.append(
                (
                    self.toggle_rect(),
                    title_font,
                    "white",
                    "▾" if self.expanded else "▸",
                    Qt.AlignmentFlag.AlignCenter,
                )
            )
        left = pad
        if len(self.port_names) > 1 and not self.vertical:
            small = style.small_font()
            label_w = max(QFontMetrics(small).horizontalAdvance(n) for n in self.port_names)
            for i, name in enumerate(self.port_names):
                y = self._input_local(i).y()
                out.append(
                    (
                        QRectF(style.PORT_RADIUS + 4.0, y - 8.0, label_w + 2.0, 16.0),
                        small,
                        "muted",
                        name,
                        left_mid,
                    )
                )
            left = style.PORT_RADIUS + 4.0 + label_w + 8.0
        text_w = width - left - pad
        top = style.HEADER_HEIGHT + style.PADDING / 2.0 + 1.0
        if len(self.port_names) > 1 and not self.vertical:
            top = style.HEADER_HEIGHT + (self._collapsed_height - style.HEADER_HEIGHT) / 2.0
            top -= (1.5 + len(self.extra_lines) / 2.0) * style.LINE_HEIGHT
        body = style.body_font()
        metrics = QFontMetrics(body)
        out.append(
            (
                QRectF(left, top, text_w, style.LINE_HEIGHT),
                body,
                "muted",
                metrics.elidedText(self.subtitle, Qt.TextElideMode.ElideRight, int(text_w)),
                left_mid,
            )
        )
        # output shape (or the error / waiting sentence)
        shape_box = QRectF(left, top + style.LINE_HEIGHT, text_w, style.LINE_HEIGHT + 2)
        if self.error:
            text = metrics.elidedText("⚠ " + self.error, Qt.TextElideMode.ElideRight, int(text_w))
            out.append((shape_box, body, "error", text, left_mid))
        elif self.waiting or not self.stats_line:
            out.append((shape_box, body, "waiting", self.shape_line, left_mid))
        else:
            strong = style.font(style.TITLE_PX, bold=True)
            text = QFontMetrics(strong).elidedText(
                self.shape_line, Qt.TextElideMode.ElideRight, int(text_w)
            )
            out.append((shape_box, strong, "text", text, left_mid))
            self._regions["shape"] = shape_box
        if self.stats_line:
            small = style.small_font()
            stats_box = QRectF(left, top + 2 * style.LINE_HEIGHT + 2, text_w, style.LINE_HEIGHT)
            self._regions.update(_stats_regions(stats_box, self.stats_line, small))
            out.append(
                (
                    stats_box,
                    small,
                    "muted",
                    QFontMetrics(small).elidedText(
                        self.stats_line, Qt.TextElideMode.ElideRight, int(text_w)
                    ),
                    left_mid,
                )
            )
        small = style.small_font()
        for i, line in enumerate(self.extra_lines, start=3):
            out.append(
                (
                    QRectF(left, top + i * style.LINE_HEIGHT + 2, text_w, style.LINE_HEIGHT),
                    small,
                    "muted",
                    QFontMetrics(small).elidedText(line, Qt.TextElideMode.ElideRight, int(text_w)),
                    left_mid,
                )
            )
        return out

    def stat_rect(self, name: str) -> QRectF | None:
        """Where the full card shows ``name`` (``"shape"``, ``"params"``, ``"flops"``), in
        item coordinates; ``None`` when it shows no such number."""
        self._full_layout()
        box = self._regions.get(name)
        return QRectF(box) if box is not None else None

    def stat_at(self, pos: QPointF) -> str | None:
        """Which number the full card shows at ``pos`` (item coordinates): ``"shape"``,
        ``"params"``, ``"flops"``, or ``None``."""
        if self.detail != style.FULL:
            return None
        self._full_layout()
        return next((name for name, box in self._regions.items() if box.contains(pos)), None)

    # -- overview card ------------------------------------------------------------------
    def _overview_layout(self) -> list[_Text]:
        """Type and output shape in large text; the small lines are left out."""
        width = self._rect.width()
        pad = style.PADDING + 2.0
        text_w = width - 2 * pad
        left_mid = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        title_font = _fitting_font(self.type_name, style.OVERVIEW_TITLE_PX, text_w, bold=True)
        out: list[_Text] = [
            (
                QRectF(pad, 0.0, text_w, style.OVERVIEW_HEADER),
                title_font,
                "white",
                _elide(self.type_name, title_font, text_w),
                left_mid,
            )
        ]
        if self.error:
            shape, role = translate("CanvasNodeItem", "⚠ error"), "error"
        elif self.waiting or not self.stats_line:
            shape, role = "waiting", "waiting"
        else:
            shape, role = self.shape_line, "text"
        shape_font = _fitting_font(shape, style.OVERVIEW_SHAPE_PX, text_w, bold=True)
        top = style.OVERVIEW_HEADER + 1.0
        out.append(
            (
                QRectF(pad, top, text_w, style.OVERVIEW_SHAPE_PX + 4.0),
                shape_font,
                role,
                _elide(shape, shape_font, text_w),
                left_mid,
            )
        )
        return out

    def image(self, detail: str, scale: float, render: bool = True) -> QPixmap | None:
        """The card drawn at ``detail`` as an image of ``scale`` pixels per scene unit.

        Selection is left out (the card layer outlines selected cards). Kept in Qt's
        pixmap cache (bounded, least recently used goes first) until the card's look
        changes, so the card layer scales the same image for many zoom steps. Without
        ``render``, ``None`` when the image is not drawn yet.
        """
        key = f"netbuilder-card-{id(self)}-{self._version}-{detail}-{scale:g}"
        image = QPixmapCache.find(key)
        if image is None:
            if not render:
                return None
            bounds = self.boundingRect()
            image = QPixmap(ceil(bounds.width() * scale), ceil(bounds.height() * scale))
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            painter.scale(image.width() / bounds.width(), image.height() / bounds.height())
            painter.translate(-bounds.topLeft())
            if detail == style.FULL:
                self._paint_full(painter, selected=False)
            else:
                self._paint_overview(painter, selected=False)
            painter.end()
            QPixmapCache.insert(key, image)
        self._last_image = (self._version, key)
        return image

    def stand_in(self) -> QPixmap | None:
        """The last image drawn of the card as it looks now, at whatever detail and scale
        (``None`` when there is none, or Qt's pixmap cache let it go)."""
        version, key = self._last_image
        return QPixmapCache.find(key) if version == self._version else None

    def _paint_overview(self, painter: QPainter, selected: bool = True) -> None:
        theme = self.theme
        accent = self.accent()
        painter.setPen(QPen(theme.border, 1.0))
        painter.setBrush(theme.surface)
        painter.drawRoundedRect(self._rect, style.RADIUS, style.RADIUS)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawPath(self._overview_header)
        outline = self._outline_color() if selected else (theme.error if self.error else None)
        if outline is not None:
            self._paint_outline(painter, outline)
        if self.frame is not None:
            self._paint_frame(painter)
        for box, font, role, text, align in self._overview_layout():
            painter.setFont(font)
            painter.setPen(_role_color(theme, role))
            painter.drawText(box, align, text)
        self._paint_ports(painter, accent)

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
