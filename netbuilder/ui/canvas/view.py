"""The canvas view: zoom, pan, fit, keyboard editing, clipboard and palette drops.

Zoom never leaves text unreadable: every level of detail draws only text of at least
:data:`style.MIN_TEXT_PX` on screen, and opening a document or Fit never zoom out past
:data:`style.READABLE_ZOOM`; a network too large for that is shown from its inputs, with
the minimap saying where the view is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPixmapCache,
    QResizeEvent,
    QShowEvent,
    QUndoCommand,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QMenu, QWidget

from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import one_line
from netbuilder.core.graph import Edge
from netbuilder.core.layout import LR, TB, Direction
from netbuilder.ui import settings
from netbuilder.ui.canvas import clipboard, style
from netbuilder.ui.canvas.arrange import relayout_command
from netbuilder.ui.canvas.edge_item import EdgeItem
from netbuilder.ui.canvas.free_space import group_offset
from netbuilder.ui.canvas.mime import BLOCK_MIME, NODES_MIME
from netbuilder.ui.canvas.minimap import Minimap
from netbuilder.ui.canvas.quick_add import QuickAdd
from netbuilder.ui.canvas.readable import start_view_center
from netbuilder.ui.canvas.scene import CanvasScene
from netbuilder.ui.commands import (
    AddNodeCommand,
    DisconnectCommand,
    InsertOnEdgeCommand,
    MacroCommand,
    PasteCommand,
    RemoveNodesCommand,
)
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.fix_actions import add_fix_actions
from netbuilder.ui.i18n import translate

#: Room for every cached card image and the link layer's screenful (kilobytes).
PIXMAP_CACHE_KB = 256 * 1024
#: A zoom gesture has settled this long after its last step; cards are redrawn crisp.
SETTLE_MS = 150
MIN_ZOOM = 0.05
MAX_ZOOM = 4.0
#: Where the cursor holds a dropped card: the middle of its title bar.
DROP_OFFSET = (style.CARD_WIDTH / 2.0, style.HEADER_HEIGHT / 2.0)
PASTE_STEP = 30.0

_Mod = Qt.KeyboardModifier
_OWN_KEYS = {
    (Qt.Key.Key_C, _Mod.ControlModifier),
    (Qt.Key.Key_X, _Mod.ControlModifier),
    (Qt.Key.Key_V, _Mod.ControlModifier),
    (Qt.Key.Key_D, _Mod.ControlModifier),
    (Qt.Key.Key_A, _Mod.ControlModifier),
    (Qt.Key.Key_Equal, _Mod.ControlModifier),
    (Qt.Key.Key_Plus, _Mod.ControlModifier),
    (Qt.Key.Key_Minus, _Mod.ControlModifier),
    (Qt.Key.Key_0, _Mod.ControlModifier),
    (Qt.Key.Key_Delete, _Mod.NoModifier),
    (Qt.Key.Key_Backspace, _Mod.NoModifier),
    (Qt.Key.Key_F, _Mod.NoModifier),
    (Qt.Key.Key_Escape, _Mod.NoModifier),
}


class CanvasView(QGraphicsView):
    """The node editor widget.

    Parameters
    ----------
    model : DocumentModel
        The document to show; the view builds its :class:`CanvasScene`.
    parent : QWidget, optional
        Parent widget.

    Signals
    -------
    statusMessage(str)
        A sentence for the status bar (refused links, refused drops, locked document).
    zoomChanged(float)
        The zoom factor after every change (1.0 = 100 %).

    Attributes
    ----------
    layout_action, fit_action, zoom_in_action, zoom_out_action : QAction
        Actions a main window may put in its menus (their shortcuts work while the
        canvas has focus).
    """

    statusMessage = Signal(str)
    zoomChanged = Signal(float)

    def __init__(
        self,
        model: DocumentModel,
        parent: QWidget | None = None,
        display: DisplaySettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.canvas = CanvasScene(model, self, display)
        self.setScene(self.canvas)
        self.canvas.statusMessage.connect(self.statusMessage)
        self.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # no background cache: the scene draws its plain colour and dot tiles cheaply, and
        # the cache would cost a screenful copy at every zoom step and pan
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        # the card images and the link layer's screenful must all stay cached while panning
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPoint | None = None
        self._space = False
        self._paste_count = 0
        self._drop_edge: EdgeItem | None = None
        #: Called with the menu and the node id when a card's context menu opens, to add
        #: actions of other parts of the window (a group's "Save to My Blocks").
        self.card_menu_hooks: list[Callable[[QMenu, str], None]] = []
        #: False until the user pans or zooms; while False a resize refits the network
        self.user_moved = False
        self._last_zoom = self.zoom()
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._zoom_done)
        self._space_used = False
        self.quick_add = QuickAdd(self)  # Tab, Space, double-click, a port dragged to nowhere
        self.canvas.addRequested.connect(self.quick_add.open)
        self._make_actions()
        self._show_direction()
        self.minimap = Minimap(self)
        model.documentReset.connect(self._on_reset)

    # -- actions ----------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.layout_action = action(
            translate("CanvasView", "Auto-layout"), self.auto_layout, "Ctrl+Shift+L"
        )
        self.direction_action = action(
            translate("CanvasView", "Lay Out Left to Right"),
            lambda on: self.set_direction(LR if on else TB),
        )
        self.direction_action.setCheckable(True)
        self.fit_action = action(translate("CanvasView", "Fit to window"), self.fit_all)
        self.zoom_in_action = action(translate("CanvasView", "Zoom in"), self.zoom_in)
        self.zoom_out_action = action(translate("CanvasView", "Zoom out"), self.zoom_out)

    def _on_reset(self) -> None:
        self._paste_count = 0
        self._show_direction()
        self.fit_all()

    # -- zoom and pan -----------------------------------------------------------------------
    def zoom(self) -> float:
        """Current zoom factor (1.0 = 100 %)."""
        return self.transform().m11()

    def _scale_to(self, factor: float, gesture: bool = False) -> None:
        """Set the zoom to ``factor`` (clamped) around the transformation anchor."""
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        ratio = factor / self.zoom()
        if abs(ratio - 1.0) > 1e-9:
            self.scale(ratio, ratio)
        self._zoom_done(gesture)

    def _zoom_done(self, gesture: bool = False) -> None:
        """After every zoom change: level of detail, minimap, ``zoomChanged``.

        During a ``gesture`` (wheel, zoom keys) cards are scaled images until the gesture
        settles, then drawn crisp again.
        """
        zoom = self.zoom()
        self.canvas.layers.set_view(zoom, self.devicePixelRatioF(), gesture)
        if gesture:
            self._settle.start()
        self.minimap.view_changed()
        if zoom != self._last_zoom:
            self._last_zoom = zoom
            self.zoomChanged.emit(zoom)

    def set_zoom(self, factor: float) -> None:
        """Zoom to ``factor`` around the view centre."""
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self._scale_to(factor)
        self.setTransformationAnchor(anchor)

    def zoom_by(self, ratio: float) -> None:
        """Multiply the zoom by ``ratio`` (clamped), around the mouse when it is inside."""
        self.user_moved = True
        self._scale_to(self.zoom() * ratio, gesture=True)

    def actual_size(self) -> None:
        """100 % around the view centre (Ctrl+0)."""
        self.user_moved = True
        self.set_zoom(1.0)

    def zoom_in(self) -> None:
        """One step closer (Ctrl+=)."""
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        """One step further (Ctrl+-)."""
        self.zoom_by(0.8)

    def fit_all(self) -> None:
        """Show the network (F) at a zoom where its text is readable.

        The whole network when it fits at a readable zoom (never magnified beyond 125 %);
        otherwise the lowest readable zoom, scrolled to the network's inputs. A resize
        refits until the user pans or zooms.
        """
        rect = self.canvas.cards_rect().adjusted(-40, -40, 40, 40)
        port = self.viewport().rect()
        fit = min(port.width() / max(rect.width(), 1.0), port.height() / max(rect.height(), 1.0))
        self.set_zoom(max(style.READABLE_ZOOM, min(1.25, fit)))
        visible = QRectF(0.0, 0.0, port.width() / self.zoom(), port.height() / self.zoom())
        self.centerOn(start_view_center(rect, self._input_rect(), visible.size()))
        self.user_moved = False
        self.minimap.view_changed()

    def _input_rect(self) -> QRectF:
        """Where the network starts: its Input cards (or the cards nothing feeds)."""
        graph = self.model.graph
        ids = [n.id for n in graph if n.type == "Input"]
        if not ids:
            ids = [n.id for n in graph if not graph.incoming(n.id)]
        rect = QRectF()
        for node_id in ids:
            item = self.canvas.nodes.get(node_id)
            if item is not None:
                rect = rect.united(item.sceneBoundingRect())
        return rect

    def show_node(self, node_id: str) -> None:
        """Select ``node_id`` and scroll it into the middle of the view."""
        item = self.canvas.nodes.get(node_id)
        if item is None:
            return
        self.model.set_selection([node_id])
        if self.zoom() < style.FULL_ZOOM:
            self.set_zoom(1.0)
        self.centerOn(item.sceneBoundingRect().center())
        self.user_moved = True

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y() or event.angleDelta().x()
        if delta:
            self.zoom_by(1.0015**delta)
        event.accept()

    def _pan(self, delta: QPoint) -> None:
        self.user_moved = True
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)  # scrolls the viewport's children too
        if self.minimap.isVisible():
            self.minimap.place()  # back in its corner
        self.minimap.view_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.minimap.place()
        if not self.user_moved:
            self.fit_all()
        else:
            self.minimap.view_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._zoom_done()  # the screen (and its pixel ratio) is known now

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._space_used = self._space_used or self._space
        self.user_moved = self.user_moved or self._space  # Space + drag pans
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            pos = event.position().toPoint()
            self._pan(pos - self._pan_from)
            self._pan_from = pos
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and not self.canvas.items(pos):
            self.model.set_selection([])
            self.quick_add.open(pos)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # -- keyboard ---------------------------------------------------------------------------
    @staticmethod
    def _key(event: QKeyEvent) -> tuple[Qt.Key, Qt.KeyboardModifier]:
        mods = event.modifiers() & ~(_Mod.KeypadModifier | _Mod.ShiftModifier)
        return Qt.Key(event.key()), Qt.KeyboardModifier(mods)

    def event(self, event: QEvent) -> bool:
        # Our keys win over window-wide shortcuts while the canvas has focus, so Ctrl+C
        # copies blocks here and text elsewhere.
        if event.type() == QEvent.Type.ShortcutOverride and self._key(event) in _OWN_KEYS:
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and self._key(event) == (
            Qt.Key.Key_Tab,
            _Mod.NoModifier,
        ):  # Tab adds a block here instead of moving the focus on
            self.quick_add.open_under_mouse()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = self._key(event)
        ctrl = mods == _Mod.ControlModifier
        plain = mods == _Mod.NoModifier
        handlers = {
            (Qt.Key.Key_C, True): self.copy,
            (Qt.Key.Key_X, True): self.cut,
            (Qt.Key.Key_V, True): self.paste,
            (Qt.Key.Key_D, True): self.duplicate,
            (Qt.Key.Key_A, True): self.select_all,
            (Qt.Key.Key_Equal, True): self.zoom_in,
            (Qt.Key.Key_Plus, True): self.zoom_in,
            (Qt.Key.Key_Minus, True): self.zoom_out,
            (Qt.Key.Key_0, True): self.actual_size,
        }
        if ctrl and (key, True) in handlers:
            handlers[(key, True)]()
            event.accept()
            return
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selection()
            event.accept()
            return
        if plain and key == Qt.Key.Key_F:
            self.fit_all()
            event.accept()
            return
        if plain and key == Qt.Key.Key_Escape:
            self.canvas.cancel_gesture()
            self.canvas.clearSelection()
            event.accept()
            return
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self._space_used = False
            self.setInteractive(False)
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space:
            self._space = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            self.setInteractive(True)
            event.accept()
            if not self._space_used:  # a tap, not a pan: add a block
                self.quick_add.open_under_mouse()
            return
        super().keyReleaseEvent(event)

    # -- editing ----------------------------------------------------------------------------
    def _push(self, command: QUndoCommand) -> bool:
        return self.canvas.push(command)

    def select_all(self) -> None:
        """Select every block (Ctrl+A)."""
        self.model.set_selection(list(self.canvas.nodes))

    def delete_selection(self) -> bool:
        """Delete the selected blocks and links as one undo step (Delete)."""
        return self._remove_selection("delete")

    def _remove_selection(self, verb: str) -> bool:
        """Remove the selection as one undo step named ``verb`` (``delete`` or ``cut``)."""
        ids = self.canvas.selected_node_ids()
        chosen = set(ids)
        edges = [e for e in self.canvas.selected_edges() if not {e.src, e.dst} & chosen]
        commands: list[QUndoCommand] = [DisconnectCommand(self.model, e) for e in edges]
        if ids:
            commands.append(RemoveNodesCommand(self.model, ids))
        if not commands:
            return False
        if len(commands) == 1 and verb == "delete":
            return self._push(commands[0])
        # "conv1, relu1" as the block removal names them; else "2 link(s)"
        if ids:
            what = commands[-1].names
        else:
            what = translate("CanvasView", "{count} link(s)").format(count=len(edges))
        if verb == "delete":
            text = translate("CanvasView", "Delete {what}").format(what=what)
        else:
            text = translate("CanvasView", "Cut {what}").format(what=what)
        return self._push(MacroCommand(self.model, text, commands))

    def copy(self) -> bool:
        """Put the selected blocks and the links between them on the clipboard (Ctrl+C)."""
        ids = self.canvas.selected_node_ids()
        if not ids:
            return False
        payload = clipboard.selection_payload(self.model.graph, ids)
        clipboard.put(payload)
        self._paste_count = 0
        return True

    def cut(self) -> bool:
        """Copy, then delete the selection (Ctrl+X)."""
        return self.copy() and self._remove_selection("cut")

    def paste(self) -> list[str]:
        """Add the clipboard's blocks, offset from the originals (Ctrl+V); returns new ids."""
        try:
            payload = clipboard.from_mime(QGuiApplication.clipboard().mimeData())
        except NetBuilderError as exc:
            self.statusMessage.emit(tr_core(exc))
            return []
        if payload is None:
            self.statusMessage.emit(translate("CanvasView", "The clipboard holds no blocks."))
            return []
        self._paste_count += 1
        step = PASTE_STEP * self._paste_count
        return self._paste(payload, (step, step))

    def duplicate(self) -> list[str]:
        """Copy the selection next to itself without touching the clipboard (Ctrl+D)."""
        ids = self.canvas.selected_node_ids()
        if not ids:
            return []
        payload = clipboard.selection_payload(self.model.graph, ids)
        return self._paste(payload, (PASTE_STEP, PASTE_STEP))

    def _free_offset(self, nodes, offset: tuple[float, float]) -> tuple[float, float]:
        """``offset`` moved so the pasted cards land clear of every card."""
        at = [(pos[0] - offset[0], pos[1] - offset[1]) for *_rest, pos in nodes]
        return group_offset(self.canvas, at, offset)

    def _paste(self, payload: dict, offset: tuple[float, float]) -> list[str]:
        try:  # refused whole, with one sentence, before anything reaches the undo stack
            nodes, edges = clipboard.paste_specs(payload, offset)
            free = self._free_offset(nodes, offset)
            if free != offset:
                nodes, edges = clipboard.paste_specs(payload, free)
            command = PasteCommand(self.model, nodes, edges)
        except NetBuilderError as exc:
            self.statusMessage.emit(one_line(tr_core(exc)))
            return []
        if not nodes:
            return []
        if not self._push(command):
            return []
        ids = command.new_ids
        self.model.set_selection(ids)
        return ids

    def auto_layout(self, direction: Direction | None = None) -> bool:
        """Layered layout (in the current direction, or ``direction``) as one undo step,
        then fit."""
        scene = self.canvas
        new = direction or scene.direction
        sizes = {nid: item.layout_size() for nid, item in scene.nodes.items()}
        command = relayout_command(self.model, sizes, (scene.direction, new), self._direct)
        if command is None:
            return False
        done = self._push(command)
        if done:
            self.canvas.route_links()
            self.fit_all()
        return done

    def set_direction(self, direction: Direction) -> bool:
        """Lay the network out top to bottom ("TB") or left to right ("LR"), remembered
        as the preference for new documents."""
        settings.set_layout_direction(direction)
        if not self.auto_layout(direction):
            self._show_direction()
            return False
        return True

    def _direct(self, direction: Direction) -> None:
        self.canvas.set_direction(direction)
        self._show_direction()

    def _show_direction(self) -> None:
        blocked = self.direction_action.blockSignals(True)
        self.direction_action.setChecked(self.canvas.direction == LR)
        self.direction_action.blockSignals(blocked)

    # -- drops from the palette -------------------------------------------------------------
    @staticmethod
    def _block_type(event: QDropEvent | QDragMoveEvent | QDragEnterEvent) -> str | None:
        data = event.mimeData()
        if data is None or not data.hasFormat(BLOCK_MIME):
            return None
        name = bytes(data.data(BLOCK_MIME).data()).decode("utf-8", "replace").strip()
        return name if name in CATALOGUE else None

    @staticmethod
    def _carries_nodes(event: QDropEvent | QDragMoveEvent | QDragEnterEvent) -> bool:
        """The drag carries copied blocks (a saved block from My blocks)."""
        data = event.mimeData()
        return data is not None and data.hasFormat(NODES_MIME)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._block_type(event) is not None or self._carries_nodes(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        type_name = self._block_type(event)
        if type_name is None:
            if self._carries_nodes(event):
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        pos = self.mapToScene(event.position().toPoint())
        edge = None
        if self.canvas.card_at(pos) is None:
            edge = self.canvas.edge_at(pos)
            if edge is not None and self.insert_refusal(type_name, edge.edge) is not None:
                edge = None
        self._set_drop_edge(edge)
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_drop_edge(None)
        event.accept()

    def _set_drop_edge(self, edge: EdgeItem | None) -> None:
        if self._drop_edge is not None and self._drop_edge is not edge:
            self._drop_edge.set_highlighted(False)
        self._drop_edge = edge
        if edge is not None:
            edge.set_highlighted(True)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_edge(None)
        type_name = self._block_type(event)
        if type_name is None:
            if self._carries_nodes(event):
                self.drop_nodes(event.mimeData(), self.mapToScene(event.position().toPoint()))
                event.acceptProposedAction()
            else:
                event.ignore()
            return
        self.drop_block(type_name, self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        self.setFocus()

    def drop_nodes(self, data: QMimeData, scene_pos: QPointF) -> list[str]:
        """Add the copied blocks in ``data`` (with the group definitions they use) with
        the first one's title under ``scene_pos``; returns the new ids."""
        try:
            payload = clipboard.from_mime(data)
        except NetBuilderError as exc:
            self.statusMessage.emit(str(exc))
            return []
        if payload is None:
            return []
        pos = (round(scene_pos.x() - DROP_OFFSET[0]), round(scene_pos.y() - DROP_OFFSET[1]))
        return self._paste(payload, pos)

    def drop_block(self, type_name: str, scene_pos: QPointF) -> str | None:
        """Place a new ``type_name`` block with its title under ``scene_pos``.

        Dropped onto a link it is inserted in between when it can sit there; otherwise it
        is placed beside the link and the reason goes to ``statusMessage``. Returns the
        new node id (``None`` when the document is locked).
        """
        pos = (round(scene_pos.x() - DROP_OFFSET[0]), round(scene_pos.y() - DROP_OFFSET[1]))
        edge_item = None if self.canvas.card_at(scene_pos) else self.canvas.edge_at(scene_pos)
        if edge_item is not None:
            reason = self.insert_refusal(type_name, edge_item.edge)
            if reason is None:
                insert = InsertOnEdgeCommand(self.model, edge_item.edge, type_name, None, pos)
                if self._push(insert):
                    self.model.set_selection([insert.add.node_id])
                    return insert.add.node_id
                return None
            self.statusMessage.emit(
                translate("CanvasView", "{type_name} placed beside the link: {reason}").format(
                    type_name=type_name, reason=reason
                )
            )
        command = AddNodeCommand(self.model, type_name, None, pos)
        if not self._push(command):
            return None
        self.model.set_selection([command.node_id])
        return command.node_id

    def insert_refusal(self, type_name: str, edge: Edge) -> str | None:
        """The core's sentence why ``type_name`` cannot sit on ``edge`` (``None``: it can)."""
        error = self.model.analysis.check_insert(type_name, edge)
        return None if error is None else tr_core(error)

    # -- context menu -----------------------------------------------------------------------
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        card = self.canvas.card_at(self.mapToScene(event.pos()))
        if card is not None and add_fix_actions(
            menu, self.model, card.node_id, self.statusMessage.emit
        ):
            menu.addSeparator()
        if card is not None:
            for hook in self.card_menu_hooks:
                hook(menu, card.node_id)
        has_selection = bool(self.canvas.selected_node_ids())
        for text, slot, keys, enabled in (
            (translate("CanvasView", "Cut"), self.cut, "Ctrl+X", has_selection),
            (translate("CanvasView", "Copy"), self.copy, "Ctrl+C", has_selection),
            (translate("CanvasView", "Paste"), self.paste, "Ctrl+V", True),
            (translate("CanvasView", "Duplicate"), self.duplicate, "Ctrl+D", has_selection),
            (translate("CanvasView", "Delete"), self.delete_selection, "Del", True),
        ):
            act = menu.addAction(text)
            act.setShortcut(QKeySequence(keys))
            act.setEnabled(enabled)
            act.triggered.connect(slot)
        if card is None:
            where = self.mapToScene(event.pos())
            add = menu.addAction(translate("CanvasView", "Add Block…"))
            add.setShortcut(QKeySequence("Tab"))
            add.triggered.connect(lambda: self.quick_add.open(where))
        menu.addSeparator()
        menu.addAction(self.layout_action)
        fit = menu.addAction(translate("CanvasView", "Fit to window"))
        fit.setShortcut(QKeySequence("F"))
        fit.triggered.connect(self.fit_all)
        menu.exec(event.globalPos())

    # -- export -----------------------------------------------------------------------------
    def export_png(self, path: str | Path, scale: float = 2.0) -> None:
        """Write the whole network (not just what is on screen) to a PNG file."""
        self.canvas.export_png(str(path), scale)

    def export_svg(self, path: str | Path) -> None:
        """Write the whole network to an SVG file."""
        self.canvas.export_svg(str(path))

    def visible_scene_rect(self) -> QRectF:
        """The scene area on screen."""
        return self.mapToScene(self.viewport().rect()).boundingRect()
