"""An expanded composite block: its inner layers as read-only cards and links in a frame.

The frame is a child of the composite's card, so it moves with it. The inner graph and
its numbers come from the analysis (:func:`~netbuilder.core.composite_graph.graph_from_results`
on the node's stats), laid out by the core's layered layout in the canvas' direction:
Inception's four branches side by side, a residual shortcut as a path of its own.
Inner cards are read-only; they are edited through the composite's parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from netbuilder.core.analysis import NodeStats
from netbuilder.core.blocks import get_block
from netbuilder.core.blocks.composite import InnerResult
from netbuilder.core.composite_graph import INPUT, InnerGraph, InnerNode, graph_from_results
from netbuilder.core.graph import Node
from netbuilder.core.layout import LR, TB
from netbuilder.ui.canvas.edge_item import LinkItem
from netbuilder.ui.canvas.node_item import NodeItem
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.i18n import translate

#: Space between inner cards of one layer, and between inner layers.
INNER_NODE_GAP = 28.0
INNER_LAYER_GAP = 40.0
#: Margin between the frame's edge and the inner cards.
FRAME_PAD = 22.0
#: Breadth of the point where the block's input enters the frame.
ENTRY = 24.0


class InnerCardItem(NodeItem):
    """The read-only card of one inner layer of a composite.

    Parameters
    ----------
    owner : NodeItem
        The composite's card.
    inner : InnerNode
        The layer and its stats.
    display : DisplaySettings
        FLOPs convention.

    Attributes
    ----------
    owner_id : str
        Id of the composite node in the graph.
    layer : str
        The inner layer's name (``branch2.1.conv``).
    inner : InnerNode
        The layer, its input shapes and its stats.
    """

    editable = False

    def __init__(self, owner: NodeItem, inner: InnerNode, display: DisplaySettings) -> None:
        block = get_block(inner.type)
        params = block.params(dict(inner.params))
        node = Node(f"{owner.node_id}/{inner.name}", inner.type, params, inner.name)
        super().__init__(node, owner.theme)
        self.owner = owner
        self.owner_id = owner.node_id
        self.layer = inner.name
        self.inner = inner  # its input shapes and parameters, for the formula tooltips
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, False)
        self.set_vertical(owner.vertical)
        stats = NodeStats(inner.output_shape, inner.params_count, inner.flops, inner.buffers)
        self.set_stats(stats, display)
        self.setToolTip(
            translate(
                "CanvasCompositeFrame",
                "{toolTip}\nA layer inside {title}: change it through {title}'s parameters.",
            ).format(toolTip=self.toolTip(), title=owner.title)
        )

    def port_at(self, scene_pos: QPointF) -> None:
        """Inner cards take no links."""
        return None

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        # picking an inner card also picks its block (whose parameters edit it)
        if (
            change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged
            and value
            and not self.owner.isSelected()
        ):
            self.owner.setSelected(True)
        return super().itemChange(change, value)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()  # nothing to expand, and the block must not collapse under it


class CompositeFrame(QGraphicsItem):
    """Inner cards and links of one expanded composite (a child of its card).

    Parameters
    ----------
    owner : NodeItem
        The composite's card.
    """

    def __init__(self, owner: NodeItem) -> None:
        super().__init__(owner)
        self.owner = owner
        self.cards: dict[str, InnerCardItem] = {}
        self.links: list[LinkItem] = []
        self.graph: InnerGraph | None = None
        self._rect = QRectF()
        self._entry = QPointF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach the card

    def rebuild(self, results: Sequence[InnerResult], display: DisplaySettings) -> None:
        """Show the inner layers in ``results`` (the node's analysis stats)."""
        selected = {name for name, card in self.cards.items() if card.isSelected()}
        scene = self.scene()
        for item in [*self.cards.values(), *self.links]:
            if scene is not None:
                scene.removeItem(item)
            else:
                item.setParentItem(None)
        self.cards.clear()
        self.links.clear()
        self.graph = graph = graph_from_results(results)
        if not graph.nodes:
            self.prepareGeometryChange()
            self._rect = QRectF()
            return
        for inner in graph.nodes:
            card = InnerCardItem(self.owner, inner, display)
            card.setParentItem(self)
            self.cards[inner.name] = card
        sizes = {name: card.layout_size() for name, card in self.cards.items()}
        vertical = self.owner.vertical
        sizes[INPUT] = (ENTRY, 1.0) if vertical else (1.0, ENTRY)
        drawing = graph.drawing(TB if vertical else LR, sizes, INNER_NODE_GAP, INNER_LAYER_GAP)
        positions = drawing.positions
        width = max(x + sizes[n][0] for n, (x, _) in positions.items()) + 2 * FRAME_PAD
        height = max(y + sizes[n][1] for n, (_, y) in positions.items()) + 2 * FRAME_PAD
        for name, (x, y) in positions.items():
            if name in self.cards:
                self.cards[name].setPos(QPointF(x + FRAME_PAD, y + FRAME_PAD))
        x, y = positions[INPUT]
        w, h = sizes[INPUT]
        self._entry = QPointF(x + FRAME_PAD + w / 2.0, y + FRAME_PAD + h / 2.0)
        self.prepareGeometryChange()
        self._rect = QRectF(0.0, 0.0, width, height)
        self._link_up(graph, drawing.bends)
        for name in selected & set(self.cards):
            self.cards[name].setSelected(True)

    def _link_up(self, graph: InnerGraph, bends: dict) -> None:
        entry, exit_ = self.anchors()
        pad = QPointF(FRAME_PAD, FRAME_PAD)
        for src, dst, port in graph.edges:
            start = entry if src == INPUT else self._local(self.cards[src].output_port_pos())
            lane = [QPointF(*point) + pad for point in bends.get((src, dst, port), ())]
            self._add_link(start, self._local(self.cards[dst].input_port_pos(port)), lane)
        self._add_link(self._local(self.cards[graph.output].output_port_pos()), exit_)

    def _local(self, scene_point: QPointF) -> QPointF:
        return self.mapFromScene(scene_point)

    def _add_link(self, start: QPointF, end: QPointF, bends: Sequence[QPointF] = ()) -> None:
        link = LinkItem(self.owner.theme)
        link.vertical = self.owner.vertical
        link.setParentItem(self)
        link.setZValue(-1.0)
        link.set_ends(start, end, bends)
        self.links.append(link)

    def anchors(self) -> tuple[QPointF, QPointF]:
        """Where the block's input enters and its output leaves (frame coordinates)."""
        rect = self._rect
        if self.owner.vertical:
            return QPointF(self._entry), QPointF(rect.center().x(), rect.bottom())
        return QPointF(self._entry), QPointF(rect.right(), rect.center().y())

    def card(self, layer: str) -> InnerCardItem | None:
        """The card of inner layer ``layer``."""
        return self.cards.get(layer)

    def size(self) -> tuple[float, float]:
        """Width and height of the frame's contents."""
        return self._rect.width(), self._rect.height()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """The dot where the block's input enters (the card draws the frame)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self.owner.theme.link, 2.0))
        painter.setBrush(self.owner.theme.surface)
        painter.drawEllipse(self._entry, 5.0, 5.0)
