"""The Summary dock: a torchinfo-like table, selection synced with the document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

from netbuilder.core.analysis import WAITING
from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.formatting import exact, human, shape_text
from netbuilder.core.graph import NodeMoved, ParamsChanged
from netbuilder.core.summary import Row, node_rows, rows
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.icons import category_icon
from netbuilder.ui.theme import error_color

COLUMNS = ("Layer", "Type", "Output shape", "Params", "FLOPs")
NODE_ROLE = Qt.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class SummaryModel(QAbstractTableModel):
    """Rows of :func:`netbuilder.core.summary.rows` for a :class:`DocumentModel`.

    Signals
    -------
    expanded(bool)
        The inner layers of composites were shown or hidden.
    """

    expanded = Signal(bool)

    def __init__(self, model: DocumentModel, display: DisplaySettings) -> None:
        super().__init__()
        self.document = model
        self.display = display
        self.rows: list[Row] = []
        self._first_row: dict[str, int] = {}  # node id -> index of its first row
        self.expand = False
        display.changed.connect(self._on_display)
        self.reload()

    def set_expand(self, on: bool) -> None:
        """Also list the layers inside composite blocks (Inception, Residual ...)."""
        if on != self.expand:
            self.expand = on
            self.reload()
            self.expanded.emit(on)

    def _on_display(self) -> None:
        self.headerDataChanged.emit(Qt.Horizontal, 4, 4)
        if self.rows:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self.rows) - 1, 4))

    def reload(self) -> None:
        """Re-read every row; a reset only when the set of rows changed."""
        new = rows(self.document.analysis, expand=self.expand)
        if [(r.node_id, r.name) for r in new] == [(r.node_id, r.name) for r in self.rows]:
            changed = [i for i, (a, b) in enumerate(zip(self.rows, new, strict=True)) if a != b]
            self.rows = new
            self._emit_changed(changed)
            return
        self.beginResetModel()
        self.rows = new
        self._first_row = {}
        for i, r in enumerate(new):
            self._first_row.setdefault(r.node_id, i)
        self.endResetModel()

    def update_nodes(self, ids: object) -> None:
        """Re-read only the rows of the nodes ``ids`` (names and row set unchanged).

        Falls back to :meth:`reload` when a node is new or its number of rows changed.
        """
        changed: list[int] = []
        analysis = self.document.analysis
        for nid in ids:  # type: ignore[attr-defined]
            first = self._first_row.get(nid)
            if first is None or nid not in analysis.graph:
                self.reload()
                return
            count = 1
            while first + count < len(self.rows) and self.rows[first + count].node_id == nid:
                count += 1
            new = node_rows(analysis, nid, self.rows[first].name, self.expand)
            if len(new) != count:
                self.reload()
                return
            for offset, row in enumerate(new):
                if self.rows[first + offset] != row:
                    self.rows[first + offset] = row
                    changed.append(first + offset)
        self._emit_changed(changed)

    def _emit_changed(self, changed: list[int]) -> None:
        """One ``dataChanged`` per run of consecutive changed rows."""
        last = len(COLUMNS) - 1
        start = None
        for i, row in enumerate(sorted(changed)):
            if start is None:
                start = prev = row
            elif row != prev + 1:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last))
                start = row
            prev = row
            if i == len(changed) - 1:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last))

    def row_of(self, node_id: str) -> int:
        """Row index of a node (-1 when absent)."""
        return self._first_row.get(node_id, -1)

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole
    ) -> Any:
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.display.flops_header() if section == 4 else COLUMNS[section]
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == 4:
            return f"Per sample, in {self.display.flops_unit()}"
        if orientation == Qt.Horizontal and role == Qt.TextAlignmentRole and section >= 3:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            if col == 0:
                return f"    └ {row.name.split('.', 1)[-1]}" if row.depth else row.name
            if col == 1:
                return row.type
            if col == 2:
                return "error" if row.error else WAITING if row.waiting else shape_text(row.shape)
            value = row.params if col == 3 else self.display.flops(row.flops)
            return human(value) if value else "—"
        if role == Qt.ToolTipRole:
            if row.error:
                return row.error
            if col == 3:
                return f"{exact(row.params)} parameters"
            if col == 4:
                flops = self.display.flops(row.flops)
                return f"{exact(flops)} {self.display.flops_unit()} per sample"
            return None
        if role == Qt.ForegroundRole and row.error:
            return error_color()
        if role == Qt.TextAlignmentRole and col >= 3:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and row.depth:
            return QColor(QApplication.palette().color(QPalette.PlaceholderText))
        if role == Qt.DecorationRole and col == 0 and not row.depth:
            block = CATALOGUE.get(row.type)
            return category_icon(block.category) if block is not None else None
        if role == NODE_ROLE:
            return row.node_id
        return None


class SummaryView(QTableView):
    """The table; selecting rows selects nodes and the other way round."""

    def __init__(
        self,
        model: DocumentModel,
        parent: QWidget | None = None,
        display: DisplaySettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = model
        self.table = SummaryModel(model, display or DisplaySettings(parent=self))
        self.setModel(self.table)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setIconSize(self.iconSize().boundedTo(QSize(16, 16)))
        header = self.horizontalHeader()
        # widths are measured once per document (``fit_columns``): a ResizeToContents
        # header would re-read every row on every change
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        self._syncing = False
        self._fitted = False  # column widths measured for this document
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        model.graphChanged.connect(self._on_graph)
        model.statsChanged.connect(self._on_stats)
        model.documentReset.connect(self._on_reset)
        model.selectionChanged.connect(self._select_nodes)
        self.selectionModel().selectionChanged.connect(self._on_table_selection)
        self.table.modelReset.connect(lambda: self._select_nodes(self.document.selected))
        self.table.expanded.connect(lambda _on: self._on_reset())
        self._on_reset()

    def _on_graph(self, event: object) -> None:
        # moves change nothing here; a parameter edit changes stats only (statsChanged)
        if not isinstance(event, NodeMoved | ParamsChanged):
            self._timer.start()

    def _on_stats(self, ids: object) -> None:
        if self._timer.isActive():  # a structural change: the whole table follows soon
            return
        self.table.update_nodes(ids)

    def _on_reset(self) -> None:
        """A new document: re-read every row and measure the columns once."""
        self._fitted = False
        self.refresh()

    def fit_columns(self) -> None:
        """Size the columns to their contents (once per document, not per edit)."""
        self._fitted = True
        header = self.horizontalHeader()
        for column in range(len(COLUMNS)):
            if column != 2:
                width = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
                self.setColumnWidth(column, width + (24 if column else 0))

    def refresh(self) -> None:
        """Re-read the rows from the analysis and keep the selection."""
        self._timer.stop()
        self.table.reload()
        if not self._fitted and self.table.rows:
            self.fit_columns()

    def _select_nodes(self, ids: list[str]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            selection = QItemSelection()
            for node_id in ids:
                row = self.table.row_of(node_id)
                if row >= 0:
                    selection.select(
                        self.table.index(row, 0), self.table.index(row, len(COLUMNS) - 1)
                    )
            self.selectionModel().select(selection, QItemSelectionModel.ClearAndSelect)
            if ids and self.table.row_of(ids[0]) >= 0:
                self.scrollTo(self.table.index(self.table.row_of(ids[0]), 0))
        finally:
            self._syncing = False

    def _on_table_selection(self, *_args: object) -> None:
        if self._syncing:
            return
        rows_ = sorted({i.row() for i in self.selectionModel().selectedRows()})
        ids = list(dict.fromkeys(self.table.rows[r].node_id for r in rows_))
        self._syncing = True
        try:
            self.document.set_selection(ids)
            if len(rows_) == 1 and self.table.rows[rows_[0]].depth:
                row = self.table.rows[rows_[0]]  # a layer inside a composite
                self.document.select_inner(row.node_id, row.name.split(".", 1)[1])
        finally:
            self._syncing = False
