"""The canvas scene: cards and links mirroring a :class:`DocumentModel`.

The scene only observes. It rebuilds on ``documentReset``, updates single items on
``graphChanged`` and ``statsChanged``, reads numbers from ``model.analysis.stats`` and
never computes them. User gestures become undo commands pushed through the model.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QUndoCommand
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

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
from netbuilder.core.layout import TB, Direction, graph_drawing, infer_direction
from netbuilder.ui import settings
from netbuilder.ui.canvas import style
from netbuilder.ui.canvas.background import DotGrid
from netbuilder.ui.canvas.edge_item import EdgeItem
from netbuilder.ui.canvas.expansion import offsets
from netbuilder.ui.canvas.formula_tips import card_tip
from netbuilder.ui.canvas.layers import SceneLayers
from netbuilder.ui.canvas.link_gesture import NewLinkGesture, RerouteGesture
from netbuilder.ui.canvas.node_item import NodeItem
from netbuilder.ui.commands import MoveNodesCommand
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.i18n import translate

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
        #: Flow of the layout ("TB" or "LR"): where the cards' ports sit.
        self.direction: Direction = TB
        #: Node id → (dx, dy) it is shown shifted by, making room for open composites.
        self._shift: dict[str, tuple[float, float]] = {}
        self._open: set[str] = set()  # ids of the open composites
        #: Bend points (document coordinates) of long links while their cards stay
        #: where the layered layout put them.
        self._lanes: dict[Edge, list[tuple[float, float]]] = {}
        #: The dotted background (drawn in device pixels, see ``background``)
        self.grid = DotGrid()
        self._apply_background()
        self.layers = SceneLayers(self)
        self._extras_shown = False  # some card shows an optional line
        model.documentReset.connect(self.rebuild)
        model.graphChanged.connect(self._on_graph_event)
        model.statsChanged.connect(self._on_stats)
        model.selectionChanged.connect(self._on_model_selection)
        model.innerSelected.connect(self.select_inner)
        model.trainingChanged.connect(self.refresh_card_extras)
        self.display.card_extras.changed.connect(self.refresh_card_extras)
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
        self.setBackgroundBrush(QBrush(self.theme.background))

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        self.grid.paint(painter, rect, self.backgroundBrush().color(), self.theme.grid)

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
            self._shift = {}
            self._open = set()
            graph = self.model.graph
            stats = self.model.analysis.all()
            self.direction = infer_direction(graph) or settings.layout_direction()
            for node in graph:
                item = NodeItem(node, self.theme)
                item.set_vertical(self.direction == TB)
                item.set_stats(stats[node.id], self.display)
                self.addItem(item)
                self.nodes[node.id] = item
            for edge in graph.edges:
                self._add_edge(edge)
            self.refresh_card_extras()
            self.route_links()
        finally:
            self._syncing_selection = False
        self._fit_scene_rect(reset=True)
        self.layers.attach()  # after sizing the scene: the layers cover the scene rect
        self._on_model_selection(self.model.selected)

    def _add_node(self, node_id: str) -> None:
        node = self.model.graph.node(node_id)
        item = NodeItem(node, self.theme)
        item.set_vertical(self.direction == TB)
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
            if self._open or self._shift:
                self._make_room()
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
            self._drop_lanes(event.node_id)
            item = self.nodes.get(event.node_id)
            if item is not None:
                dx, dy = self._shift.get(event.node_id, (0.0, 0.0))
                pos = QPointF(event.new[0] + dx, event.new[1] + dy)
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
        self.refresh_card_extras()
        if self._open and not self._open.isdisjoint(node_ids):
            self._make_room()  # an open frame may have changed size

    def refresh_card_extras(self, *_args: object) -> None:
        """Recompute the optional card lines (View → Show on Cards) of every card."""
        lines = self.display.card_extras.lines(self.model.analysis, self.model.project.training)
        if not lines and not self._extras_shown:
            return  # nothing shown, nothing to show: an edit costs no walk over every card
        for node_id, item in self.nodes.items():
            item.set_extra_lines(lines.get(node_id, ()))
        self._extras_shown = bool(lines)

    # -- long links ---------------------------------------------------------------------
    def route_links(self) -> None:
        """Let long links run in their lanes where the cards are where the layered layout
        puts them (after an auto-layout, or a document laid out so)."""
        self._lanes = {}
        graph = self.model.graph
        branching = any(
            len(graph.predecessors(n.id)) > 1 or len(graph.successors(n.id)) > 1 for n in graph
        )
        if branching:  # in a graph of plain chains every link joins neighbouring layers
            sizes = {nid: item.layout_size() for nid, item in self.nodes.items()}
            drawing = graph_drawing(graph, self.direction, sizes)
            here = {node.id: node.pos for node in graph}
            if all(here[nid] == pos for nid, pos in drawing.positions.items()):
                for (src, dst, port), points in drawing.bends.items():
                    self._lanes[Edge(src, dst, port)] = points
        self._show_lanes()

    def _drop_lanes(self, node_id: str) -> None:
        for edge in [e for e in self._lanes if node_id in (e.src, e.dst)]:
            del self._lanes[edge]
            item = self.edges.get(edge)
            if item is not None:
                item.bends = []
                item.adjust()

    def _show_lanes(self) -> None:
        for edge, item in self.edges.items():
            points = self._lanes.get(edge, ())
            shift = self._shift.get(edge.src, (0.0, 0.0))
            if points and shift == self._shift.get(edge.dst, (0.0, 0.0)):
                item.bends = [QPointF(x + shift[0], y + shift[1]) for x, y in points]
            else:
                item.bends = []
            item.adjust()

    # -- open composites ----------------------------------------------------------------
    def card_resized(self, item: NodeItem) -> None:
        """A card opened or closed its inner layers: make room, or give it back."""
        if item.expanded:
            self._open.add(item.node_id)
        else:
            self._open.discard(item.node_id)
        self._make_room()

    def _make_room(self) -> None:
        """Show each card at its document position plus the room open frames need."""
        graph = self.model.graph
        self._open = {nid for nid in self._open if nid in self.nodes and self.nodes[nid].expanded}
        grown = {nid: self.nodes[nid].grown() for nid in self._open}
        boxes = {}
        if grown:
            for nid, item in self.nodes.items():
                boxes[nid] = (*graph.node(nid).pos, *item.layout_size())
        self._shift = offsets(boxes, grown, centred=self.direction == TB)
        for nid, item in self.nodes.items():
            x, y = graph.node(nid).pos
            dx, dy = self._shift.get(nid, (0.0, 0.0))
            target = QPointF(x + dx, y + dy)
            if item.pos() != target:
                item.setPos(target)
            self._grow_scene_rect(item.sceneBoundingRect())
        if self._lanes:
            self._show_lanes()

    def document_pos(self, node_id: str, shown: QPointF) -> tuple[float, float]:
        """The document position of a card shown at ``shown`` (room for open frames
        taken out)."""
        dx, dy = self._shift.get(node_id, (0.0, 0.0))
        return (shown.x() - dx, shown.y() - dy)

    def select_inner(self, node_id: str, layer: str) -> None:
        """Open composite ``node_id`` and select the card of its inner layer ``layer``."""
        item = self.nodes.get(node_id)
        if item is None or not item.composite:
            return
        item.set_expanded(True)
        card = item.frame.card(layer) if item.frame is not None else None
        if card is None:
            return
        for other in self.selectedItems():
            if other is not item and other is not card:
                other.setSelected(False)
        item.setSelected(True)
        card.setSelected(True)
        for view in self.views():
            view.ensureVisible(card, 40, 40)

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
        for link in self.edges.values():
            rect = rect.united(link.sceneBoundingRect())
        return rect

    def set_direction(self, direction: Direction) -> None:
        """Put the ports where a ``direction`` flow wants them ("TB": top and bottom)."""
        self.direction = direction
        self._lanes = {}
        for item in self.nodes.values():
            item.set_vertical(direction == TB)
        self._show_lanes()
        if self._open or self._shift:
            self._make_room()

    # -- edits ------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> bool:
        """Push through the model; reports the lock reason when edits are refused."""
        if self.model.push(command):
            return True
        self.statusMessage.emit(
            self.model.locked_reason or translate("CanvasScene", "The document is locked.")
        )
        return False

    # -- mouse: links and moves -------------------------------------------------------------
    def card_at(self, pos: QPointF) -> NodeItem | None:
        """The topmost card under ``pos``."""
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Over a card's shape, params or FLOPs: the formula with its numbers."""
        text = card_tip(self, event.scenePos())
        if text is None:
            super().helpEvent(event)
            return
        QToolTip.showText(event.screenPos(), text, event.widget())
        event.accept()

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
        pressed = self._press_positions
        for node_id, old in pressed.items():
            item = self.nodes.get(node_id)
            if item is None or item.pos() == old:
                continue
            moves[node_id] = (
                self.document_pos(node_id, old),
                self.document_pos(node_id, item.pos()),
            )
        self._press_positions = {}
        if moves and not self.push(MoveNodesCommand(self.model, moves)):
            for node_id in moves:
                self.nodes[node_id].setPos(pressed[node_id])

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
