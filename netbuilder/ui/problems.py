"""The Problems dock: every error sentence; double-click jumps to the node."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from netbuilder.core.naming import layer_names
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.theme import error_color

NODE_ROLE = Qt.UserRole + 1


class ProblemsView(QListWidget):
    """One line per node error, ``name: sentence``.

    Signals
    -------
    nodeActivated(str)
        A problem was double-clicked; the node is already selected.
    """

    nodeActivated = Signal(str)

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
            item = QListWidgetItem(f"{names.get(node_id, node_id)}: {sentence}")
            item.setData(NODE_ROLE, node_id)
            item.setToolTip(sentence)
            item.setForeground(color)
            self.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        node_id = item.data(NODE_ROLE)
        if node_id in self.document.graph:
            self.document.set_selection([node_id])
            self.nodeActivated.emit(node_id)
