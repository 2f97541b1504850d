"""Quick-add: type a block's name on the canvas and press Enter.

Tab, Space (pressed and released without panning), a double-click on empty canvas, "Add
Block…" in the canvas menu, or a link dragged from a port into empty canvas open a search
popup (:func:`~netbuilder.core.block_search.search`: fuzzy, with synonyms such as "dense"
or "fc" for Linear). Enter adds the chosen block, linked to the selected block (or the
dragged port), selects it and keeps the keyboard on the canvas, so ``Tab conv ↵ Tab relu ↵
Tab pool ↵`` types a chain; each add is one undo step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.analysis import node_output
from netbuilder.core.block_search import search
from netbuilder.core.blocks import CATALOGUE, get_block
from netbuilder.core.errors import NetBuilderError, RankError
from netbuilder.core.layout import TB
from netbuilder.core.naming import layer_names
from netbuilder.ui.canvas.free_space import CARD_SIZE, free_position
from netbuilder.ui.commands import AddLinkedNodeCommand
from netbuilder.ui.core_text import tr_block, tr_core
from netbuilder.ui.i18n import translate

if TYPE_CHECKING:
    from netbuilder.ui.canvas.view import CanvasView

TYPE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Rows shown without scrolling.
VISIBLE_ROWS = 9


class QuickAddPopup(QFrame):
    """A search field over a list of matching blocks.

    Signals
    -------
    chosen(str)
        A block type was picked (Enter, click); the popup has closed.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("quickAddPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setObjectName("quickAddTitle")
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(
            translate("CanvasQuickAdd", "Type a block: conv, relu, dense, pool…")
        )
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setUniformItemSizes(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self.field.textChanged.connect(self.fill)
        self.field.returnPressed.connect(self.pick)
        self.field.installEventFilter(self)
        self.results.itemClicked.connect(lambda _item: self.pick())
        self.results.currentItemChanged.connect(self._show_summary)
        self._size_for_font()

    def _size_for_font(self) -> None:
        metrics = self.fontMetrics()
        width = max(300, metrics.horizontalAdvance("AdaptiveAvgPool2d  — Pooling") + 80)
        rows = VISIBLE_ROWS * (max(metrics.height(), 16) + 6)
        self.results.setMinimumHeight(rows)
        self.setFixedWidth(width)
        self.summary.setMinimumHeight(2 * metrics.height())

    def fill(self, text: str = "") -> None:
        """List the blocks found for ``text``, best first, the first one current."""
        # ui.icons reads the canvas style, whose package imports the view, which imports
        # this module: a module-level import would be circular when icons is imported first
        from netbuilder.ui.icons import category_icon

        self.results.clear()
        for type_name in search(text):
            block = CATALOGUE[type_name]
            item = QListWidgetItem(category_icon(block.category), type_name)
            item.setData(TYPE_ROLE, type_name)
            item.setToolTip(tr_block(block.summary))
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        else:
            self.summary.setText(
                translate("CanvasQuickAdd", "No block matches “{strip}”.").format(
                    strip=text.strip()
                )
            )

    def _show_summary(self, item: QListWidgetItem | None, _old=None) -> None:
        if item is not None:
            block = CATALOGUE[item.data(TYPE_ROLE)]
            self.summary.setText(f"{block.category} · {block.summary}")

    def current_type(self) -> str | None:
        """The block Enter would add."""
        item = self.results.currentItem()
        return item.data(TYPE_ROLE) if item is not None else None

    def open_at(self, global_pos: QPoint, title: str) -> None:
        """Show at ``global_pos`` (kept on screen) with an empty search."""
        self.title.setText(title)
        self.field.clear()
        self.fill("")
        self.adjustSize()
        screen = QGuiApplication.screenAt(global_pos) or QGuiApplication.primaryScreen()
        pos = QPoint(global_pos)
        if screen is not None:
            area = screen.availableGeometry()
            pos.setX(max(area.left(), min(pos.x(), area.right() - self.width())))
            pos.setY(max(area.top(), min(pos.y(), area.bottom() - self.height())))
        self.move(pos)
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)

    def pick(self) -> None:
        """Close and report the current block (nothing when the list is empty)."""
        type_name = self.current_type()
        if type_name is None:
            return
        self.hide()
        self.chosen.emit(type_name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Up/Down/Page keys in the field move through the list; Escape closes."""
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            moves = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: VISIBLE_ROWS,
                Qt.Key.Key_PageUp: -VISIBLE_ROWS,
            }
            if key in moves and self.results.count():
                row = self.results.currentRow() + moves[key]
                self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Enter):
                self.pick()
                return True
        return super().eventFilter(watched, event)


class QuickAdd(QObject):
    """Quick-add for one canvas view: opens the popup and adds the chosen block.

    Parameters
    ----------
    view : CanvasView
        The canvas.
    """

    def __init__(self, view: CanvasView) -> None:
        super().__init__(view)
        self.view = view
        self._popup: QuickAddPopup | None = None
        self._at: QPointF | None = None
        self._link: tuple[str, str, int] | None = None

    @property
    def popup(self) -> QuickAddPopup:
        """The popup (made on first use, a child of the view)."""
        if self._popup is None:
            self._popup = QuickAddPopup(self.view)
            self._popup.chosen.connect(self._chosen)
        return self._popup

    # -- opening -------------------------------------------------------------------------------
    def open(
        self, scene_pos: QPointF | None = None, link: tuple[str, str, int] | None = None
    ) -> QuickAddPopup | None:
        """Open the popup.

        Parameters
        ----------
        scene_pos : QPointF, optional
            Where the new card's title goes (the mouse); ``None``: beside the selected
            block, or under the mouse, or in the middle of the view.
        link : tuple, optional
            ``("from", node_id, 0)`` to feed the new block from a block's output, or
            ``("to", node_id, port)`` to feed that input port from the new block; by
            default the new block follows the selected block.

        Returns ``None`` (and says why) while the document is locked.
        """
        model = self.view.model
        if model.locked_reason:
            self.view.statusMessage.emit(model.locked_reason)
            return None
        if link is None and model.selected:
            link = ("from", model.selected[-1], 0)
        self._at, self._link = scene_pos, link
        names = layer_names(model.graph)
        if link is None:
            title = translate("CanvasQuickAdd", "Add a block")
        elif link[0] == "from":
            title = translate("CanvasQuickAdd", "Add after {link}").format(
                link=names.get(link[1], link[1])
            )
        else:
            title = translate("CanvasQuickAdd", "Add before {link}").format(
                link=names.get(link[1], link[1])
            )
        view = self.view
        if scene_pos is not None:
            anchor = view.mapFromScene(scene_pos)
        else:
            cursor = view.viewport().mapFromGlobal(view.cursor().pos())
            inside = view.viewport().rect().contains(cursor)
            anchor = cursor if inside else view.viewport().rect().center()
        popup = self.popup
        popup.open_at(view.viewport().mapToGlobal(anchor), title)
        return popup

    def open_under_mouse(self) -> QuickAddPopup | None:
        """Open for the keyboard (Tab, Space): placed by :meth:`position` when picked."""
        return self.open(None)

    # -- adding --------------------------------------------------------------------------------
    def _chosen(self, type_name: str) -> None:
        self.add(type_name, self._at, self._link)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def add(
        self,
        type_name: str,
        scene_pos: QPointF | None = None,
        link: tuple[str, str, int] | None = None,
    ) -> str | None:
        """Add ``type_name`` (one undo step), linked as ``link`` says when shapes allow.

        A link the shapes refuse is left out and the reason goes to the status bar.
        Returns the new node id (``None`` when nothing was added).
        """
        view, model = self.view, self.view.model
        if link is not None and link[1] not in model.graph:
            link = None
        src = link[1] if link is not None and link[0] == "from" else None
        dst = (link[1], link[2]) if link is not None and link[0] == "to" else None
        note = ""
        if src is not None:
            reason = _refusal(model, type_name, src)
            if reason:
                note = translate(
                    "CanvasQuickAdd", "{type_name} added without a link: {reason}"
                ).format(type_name=type_name, reason=reason)
                src = None
        pos = self.position(scene_pos, src or (dst[0] if dst else None), dst is not None)
        try:
            command = AddLinkedNodeCommand(model, type_name, pos, src=src, dst=dst)
        except NetBuilderError as exc:
            note = translate("CanvasQuickAdd", "{type_name} added without a link: {exc}").format(
                type_name=type_name, exc=tr_core(exc)
            )
            command = AddLinkedNodeCommand(model, type_name, pos)
        if not view.canvas.push(command):
            return None
        model.set_selection([command.node_id] if command.node_id else [])
        if note:
            view.statusMessage.emit(note)
        return command.node_id

    def position(
        self, scene_pos: QPointF | None, neighbour: str | None, before: bool = False
    ) -> tuple[float, float]:
        """Top-left of the new card: its title under ``scene_pos``, else one step along the
        links' direction from ``neighbour`` (``before``: against it), else under the mouse
        or in the middle of the view; moved to the nearest free place."""
        view, graph = self.view, self.view.model.graph
        width, height = CARD_SIZE
        if scene_pos is not None:
            want = (scene_pos.x() - width / 2, scene_pos.y() - 13.0)
        elif neighbour is not None and neighbour in graph:
            x, y = graph.node(neighbour).pos
            dx, dy = (0.0, 1.0) if view.canvas.direction == TB else (1.0, 0.0)
            sign = -1.0 if before else 1.0
            want = (x + sign * dx * (width + 60.0), y + sign * dy * (height + 50.0))
        else:
            cursor = view.viewport().mapFromGlobal(view.cursor().pos())
            if not view.viewport().rect().contains(cursor):
                cursor = view.viewport().rect().center()
            point = view.mapToScene(cursor)
            want = (point.x() - width / 2, point.y() - 13.0)
        return free_position(view.canvas, want)


def _refusal(model, type_name: str, src: str) -> str:
    """Why ``src``'s output cannot feed a new ``type_name`` (wrong rank), or ``""``."""
    stats = model.analysis.stats(src)
    if stats.shape is None:
        return ""
    block = get_block(type_name)
    try:
        node_output(block, [stats.shape], [stats.vocab], block.params({}))
    except RankError as exc:
        return tr_core(exc)
    except NetBuilderError:
        return ""  # another problem (a kernel too big ...): linked, the card says it
    return ""
