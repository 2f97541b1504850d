"""The canvas scene: cards and links mirroring a :class:`DocumentModel`.

The scene only observes. It rebuilds on ``documentReset``, updates single items on
``graphChanged`` and ``statsChanged``, reads numbers from ``model.analysis.stats`` and
never computes them. User gestures become undo commands pushed through the model.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPixmap, QUndoCommand
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSceneMouseEvent

from netbuilder.core.graph import (
    Edge,
    EdgeAdded,
    EdgeRemoved,
    Event,
    GraphCleared,
    LabelChanged,
    NodeAdded,
    NodeMoved,
    NodeRemoved,
    ParamsChanged,
)
from netbuilder.ui.canvas import style
from netbuilder.ui.canvas.edge_item import EdgeItem
from netbuilder.ui.canvas.layers import SceneLayers
from netbuilder.ui.canvas.link_gesture import NewLinkGesture, RerouteGesture
from netbuilder.ui.canvas.node_item import NodeItem
from netbuilder.ui.commands import MoveNodesCommand
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel

#: Empty space kept around the cards so there is room to pan and drop.
_MARGIN = 1500.0


class CanvasScene(QGraphicsScene):
    """Cards and links of one document.

    Parameters
    ----------
    model : DocumentModel
        The document to show and edit.

    Signals
    -------
    statusMessage(str)
        A sentence for the status bar (a refused link, a locked document ...).
    addRequested(QPointF, object)
        A link was dragged from a port into empty canvas: offer a block there, linked
        as ``("from", node_id, 0)`` or ``("to", node_id, port)``.
    """

    statusMessage = Signal(str)
    addRequested = Signal(QPointF, object)

    def __init__(
        self, model: DocumentModel, parent=None, display: DisplaySettings | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.display = display or DisplaySettings(parent=self)
        self.theme = style.theme_for(self.display.dark)
        self._flops_factor = self.display.flops_factor
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[Edge, EdgeItem] = {}
        self._gesture: NewLinkGesture | None = None
        self._press_positions: dict[str, QPointF] = {}
        self._syncing_selection = False
        self._apply_background()
        self.layers = SceneLayers(self)
        model.documentReset.connect(self.rebuild)
        model.graphChanged.connect(self._on_graph_event)
        model.statsChanged.connect(self._on_stats)
        model.selectionChanged.connect(self._on_model_selection)
        self.selectionChanged.connect(self._on_scene_selection)
        self.display.changed.connect(self._on_display)
        self.rebuild()

    # -- look -------------------------------------------------------------------------------
    def set_theme(self, theme: style.Theme) -> None:
        """Switch light/dark colours (items are repainted, not re-created)."""
        self.theme = theme
        for item in self.items():
            if hasattr(item, "theme"):
                item.theme = theme
                item.update()
        self.layers.set_theme()
        self._apply_background()

    def _on_display(self) -> None:
        theme = style.theme_for(self.display.dark)
        if theme is not self.theme:
            self.set_theme(theme)
        if self.display.flops_factor != self._flops_factor:
            self._flops_factor = self.display.flops_factor
            self._on_stats(set(self.nodes))

    def _apply_background(self) -> None:
        tile = QPixmap(24, 24)
        tile.fill(self.theme.background)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.theme.grid))
        painter.drawEllipse(QPointF(12.0, 12.0), 1.3, 1.3)
        painter.end()
        self.setBackgroundBrush(QBrush(tile))

    # -- model → scene ----------------------------------------------------------------------
    def rebuild(self) -> None:
        """Drop every item and build them again from the model (new document)."""
        self._cancel_gesture()
        self._syncing_selection = True
        try:
            self.layers.detach()
            self.clear()
            self.nodes.clear()
            self.edges.clear()
            graph = self.model.graph
            stats = self.model.analysis.all()
            for node in graph:
                item = NodeItem(node, self.theme)
                item.set_stats(stats[node.id], self.display)
                self.addItem(item)
                self.nodes[node.id] = item
            for edge in graph.edges:
                self._add_edge(edge)
        finally:
            self._syncing_selection = False
        self._fit_scene_rect(reset=True)
        self.layers.attach()  # after sizing the scene: the layers cover the scene rect
        self._on_model_selection(self.model.selected)

    def _add_node(self, node_id: str) -> None:
        node = self.model.graph.node(node_id)
        item = NodeItem(node, self.theme)
        self.addItem(item)
        self.nodes[node_id] = item
        item.set_stats(self.model.analysis.stats(node_id), self.display)
        self._grow_scene_rect(item.sceneBoundingRect())

    def _add_edge(self, edge: Edge) -> None:
        src, dst = self.nodes.get(edge.src), self.nodes.get(edge.dst)
        if src is None or dst is None or edge in self.edges:
            return
        item = EdgeItem(edge, src, dst, self.theme)
        self.addItem(item)
        self.edges[edge] = item

    def _remove_edge(self, edge: Edge) -> None:
        item = self.edges.pop(edge, None)
        if item is not None:
            item.detach()
            self.removeItem(item)

    def _on_graph_event(self, event: Event) -> None:
        # Items removed here must not echo a selection change into the model while the
        # graph event is still being delivered to other views.
        syncing, self._syncing_selection = self._syncing_selection, True
        try:
            self._apply_graph_event(event)
        finally:
            self._syncing_selection = syncing

    def _apply_graph_event(self, event: Event) -> None:
        if isinstance(event, NodeAdded):
            self._add_node(event.node_id)
        elif isinstance(event, NodeRemoved):
            for edge in [e for e in self.edges if event.node_id in (e.src, e.dst)]:
                self._remove_edge(edge)
            item = self.nodes.pop(event.node_id, None)
            if item is not None:
                self.removeItem(item)
        elif isinstance(event, EdgeAdded):
            self._add_edge(event.edge)
        elif isinstance(event, EdgeRemoved):
            self._remove_edge(event.edge)
        elif isinstance(event, (ParamsChanged, LabelChanged)):
            item = self.nodes.get(event.node_id)
            if item is not None:
                item.set_node(self.model.graph.node(event.node_id))
        elif isinstance(event, NodeMoved):
            item = self.nodes.get(event.node_id)
            if item is not None:
                pos = QPointF(*event.new)
                if item.pos() != pos:
                    item.setPos(pos)
                self._grow_scene_rect(item.sceneBoundingRect())
        elif isinstance(event, GraphCleared):
            self.rebuild()

    def _on_stats(self, node_ids: set[str]) -> None:
        analysis = self.model.analysis
        for node_id in node_ids:
            item = self.nodes.get(node_id)
            if item is not None and node_id in self.model.graph:
                item.set_stats(analysis.stats(node_id), self.display)

    # -- selection --------------------------------------------------------------------------
    def _on_model_selection(self, ids: list[str]) -> None:
        if self._syncing_selection:
            return
        wanted = set(ids)
        self._syncing_selection = True
        try:
            for node_id, item in self.nodes.items():
                selected = node_id in wanted
                if item.isSelected() != selected:
                    item.setSelected(selected)
        finally:
            self._syncing_selection = False

    def _on_scene_selection(self) -> None:
        if self._syncing_selection:
            return
        self._syncing_selection = True
        try:
            self.model.set_selection(self.selected_node_ids())
        finally:
            self._syncing_selection = False

    def selected_node_ids(self) -> list[str]:
        """Ids of the selected cards, in graph order."""
        return [nid for nid, item in self.nodes.items() if item.isSelected()]

    def selected_edges(self) -> list[Edge]:
        """Selected links."""
        return [edge for edge, item in self.edges.items() if item.isSelected()]

    # -- scene rect -------------------------------------------------------------------------
    def _fit_scene_rect(self, reset: bool = False) -> None:
        rect = self.itemsBoundingRect() if self.nodes else QRectF(-400, -300, 800, 600)
        rect = rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        self.setSceneRect(rect if reset else self.sceneRect().united(rect))

    def _grow_scene_rect(self, rect: QRectF) -> None:
        current = self.sceneRect()
        if not current.contains(rect):
            self.setSceneRect(current.united(rect.adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)))

    def cards_rect(self) -> QRectF:
        """Bounding rectangle of every card and link (empty scene: a default area)."""
        if not self.nodes:
            return QRectF(-200, -150, 400, 300)
        rect = QRectF()
        for item in self.nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        return rect

    # -- edits ------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> bool:
        """Push through the model; reports the lock reason when edits are refused."""
        if self.model.push(command):
            return True
        self.statusMessage.emit(self.model.locked_reason or "The document is locked.")
        return False

    # -- mouse: links and moves -------------------------------------------------------------
    def card_at(self, pos: QPointF) -> NodeItem | None:
        """The topmost card under ``pos``."""
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._gesture is None:
            card = self.card_at(event.scenePos())
            port = card.port_at(event.scenePos()) if card is not None else None
            if port is not None and self._start_link(card, port, self._visible_rect(event)):
                event.accept()
                return
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_positions = {
                nid: item.pos() for nid, item in self.nodes.items() if item.isSelected()
            }

    def _start_link(self, card: NodeItem, port: tuple[str, int], visible: QRectF) -> bool:
        """Start dragging a link from ``port``; a linked input re-routes its link.

        Returns True when the press is taken (a re-route refused by the lock included).
        """
        edge = None if port[0] == "out" else self.model.graph.incoming(card.node_id)[port[1]]
        if edge is None:
            self._gesture = NewLinkGesture(self, card, port, visible)
        elif self.model.locked_reason:
            self.statusMessage.emit(self.model.locked_reason)
        else:
            self._gesture = RerouteGesture(self, edge, visible)
        return True

    def _visible_rect(self, event: QGraphicsSceneMouseEvent) -> QRectF:
        widget = event.widget()
        view = widget.parent() if widget is not None else None
        if view is not None and hasattr(view, "mapToScene"):
            return view.mapToScene(view.viewport().rect()).boundingRect()
        return self.sceneRect()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._gesture is not None:
            self._gesture.move(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._gesture is not None and event.button() == Qt.MouseButton.LeftButton:
            gesture, self._gesture = self._gesture, None
            gesture.finish(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._commit_moves()

    def _commit_moves(self) -> None:
        moves = {}
        for node_id, old in self._press_positions.items():
            item = self.nodes.get(node_id)
            if item is None or item.pos() == old:
                continue
            new = item.pos()
            moves[node_id] = ((old.x(), old.y()), (new.x(), new.y()))
        self._press_positions = {}
        if moves and not self.push(MoveNodesCommand(self.model, moves)):
            for node_id, (old, _) in moves.items():
                self.nodes[node_id].setPos(QPointF(*old))

    def _cancel_gesture(self) -> None:
        if self._gesture is not None:
            self._gesture.cancel()
            self._gesture = None

    def cancel_gesture(self) -> None:
        """Abort a link being dragged (Escape)."""
        self._cancel_gesture()

    # -- helpers for the view ---------------------------------------------------------------
    def edge_at(self, pos: QPointF) -> EdgeItem | None:
        """The topmost link under ``pos``."""
        for item in self.items(pos):
            if isinstance(item, EdgeItem):
                return item
        return None

    def item_for(self, node_id: str) -> QGraphicsItem | None:
        """The card of ``node_id``."""
        return self.nodes.get(node_id)

    # -- export -----------------------------------------------------------------------------
    def export_png(self, path: str, scale: float = 2.0) -> None:
        """Render every card and link to a PNG file (``scale`` × scene resolution)."""
        from netbuilder.ui.canvas.export import export_png

        export_png(self, path, scale)

    def export_svg(self, path: str) -> None:
        """Write every card and link to an SVG file."""
        from netbuilder.ui.canvas.export import export_svg

        export_svg(self, path)
