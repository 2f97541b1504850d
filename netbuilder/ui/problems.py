"""The Problems dock: every error sentence; double-click jumps to the node, and a problem
with a known remedy offers it (context menu, and the Fix button under the list)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.fixes import Fix, no_fix_reason
from netbuilder.core.naming import layer_names
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.fix_actions import add_fix_actions, apply_fix
from netbuilder.ui.i18n import translate
from netbuilder.ui.theme import error_color

NODE_ROLE = Qt.UserRole + 1


class ProblemsView(QListWidget):
    """One line per node error, ``name: sentence``.

    Signals
    -------
    nodeActivated(str)
        A problem was double-clicked; the node is already selected.
    message(str)
        A sentence for the status bar (a fix that could not be made).
    """

    nodeActivated = Signal(str)
    message = Signal(str)

    def __init__(self, model: DocumentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = model
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        model.graphChanged.connect(lambda _e: self._timer.start())
        model.statsChanged.connect(lambda _ids: self.refresh())
        model.documentReset.connect(self.refresh)
        self.itemActivated.connect(self._activate)
        self.itemDoubleClicked.connect(self._activate)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.refresh()

    def problems(self) -> list[tuple[str, str]]:
        """``(node_id, sentence)`` currently listed."""
        return [(self.item(i).data(NODE_ROLE), self.item(i).toolTip()) for i in range(self.count())]

    def refresh(self) -> None:
        """Re-read the errors from the analysis."""
        self._timer.stop()
        errors = self.document.analysis.errors()
        if errors == self.problems():
            return
        names = layer_names(self.document.graph)
        self.clear()
        color = error_color()
        for node_id, sentence in errors:
            shown = tr_core(sentence)
            item = QListWidgetItem(f"{names.get(node_id, node_id)}: {shown}")
            item.setData(NODE_ROLE, node_id)
            item.setToolTip(shown)
            item.setForeground(color)
            self.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        node_id = item.data(NODE_ROLE)
        if node_id in self.document.graph:
            self.document.set_selection([node_id])
            self.nodeActivated.emit(node_id)

    def current_node(self) -> str | None:
        """The node of the current row (``None`` without one)."""
        item = self.currentItem()
        node_id = item.data(NODE_ROLE) if item is not None else None
        return node_id if node_id in self.document.graph else None

    def context_menu(self, item: QListWidgetItem) -> QMenu:
        """The menu of a problem row: its fixes (or why there is none), then "Show"."""
        menu = QMenu(self)
        node_id = item.data(NODE_ROLE)
        if node_id in self.document.graph:
            if not add_fix_actions(menu, self.document, node_id, self.message.emit):
                menu.addAction(no_fix_reason(self.document.analysis, node_id)).setEnabled(False)
            menu.addSeparator()
            show = menu.addAction(translate("Problems", "Show Block"))
            show.triggered.connect(lambda: self._activate(item))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        self.setCurrentItem(item)
        menu = self.context_menu(item)
        menu.exec(self.viewport().mapToGlobal(pos))
        menu.deleteLater()


class ProblemsPanel(QWidget):
    """The Problems list with a Fix button for the current problem below it.

    Attributes
    ----------
    view : ProblemsView
        The list.
    fix_button : QToolButton
        Makes the first fix of the current problem; its menu lists the others.
    """

    def __init__(self, model: DocumentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = model
        self.view = ProblemsView(model, self)
        self.fix_button = QToolButton(self)
        self.fix_button.setObjectName("problemsFixButton")
        self.fix_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.fix_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.fix_button.setMenu(QMenu(self.fix_button))
        self.fix_button.clicked.connect(self._apply_first)
        self.note = QLabel(self)
        self.note.setEnabled(False)
        row = QHBoxLayout()
        row.setContentsMargins(6, 2, 6, 4)
        row.addWidget(self.fix_button)
        row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.fixes: list[Fix] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.update_fix)
        later = self._timer.start
        self.view.currentItemChanged.connect(lambda *_a: later())
        self.view.model().modelReset.connect(later)
        self.view.model().rowsInserted.connect(lambda *_a: later())
        model.statsChanged.connect(lambda _ids: later())
        model.lockedChanged.connect(lambda _locked: later())
        self.update_fix()

    def update_fix(self) -> None:
        """Offer the fixes of the current problem (the first problem when none is current)."""
        self._timer.stop()
        view = self.view
        if view.currentItem() is None and view.count():
            view.setCurrentRow(0)
        node_id = view.current_node()
        menu = self.fix_button.menu()
        menu.clear()
        self.fixes = []
        if node_id is not None:
            self.fixes = add_fix_actions(menu, self.document, node_id, view.message.emit)
        if self.fixes:
            self.fix_button.setText(
                translate("Problems", "Fix: {title}").format(title=self.fixes[0].title)
            )
            self.fix_button.setToolTip(
                translate("Problems", "Make this fix (one undo step); the arrow lists others")
            )
            self.fix_button.setEnabled(not self.document.locked_reason)
            self.fix_button.show()
            self.note.setText("")
        else:
            self.fix_button.hide()
            reason = no_fix_reason(self.document.analysis, node_id) if node_id else ""
            self.note.setText(reason)

    def _apply_first(self) -> None:
        if self.fixes:
            reason = apply_fix(self.document, self.fixes[0])
            if reason:
                self.view.message.emit(reason)
