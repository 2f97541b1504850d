"""The Summary dock: a torchinfo-like table, selection synced with the document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.analysis import WAITING
from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.blocks.registry import HIDDEN
from netbuilder.core.formatting import exact, human, shape_text
from netbuilder.core.graph import FrozenChanged, NodeMoved, ParamsChanged
from netbuilder.core.memory import BYTES_PER_VALUE, TrainingMemory, format_bytes
from netbuilder.core.memory_tracker import MemoryTracker
from netbuilder.core.summary import Row, node_rows, rows
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.i18n import QT_TRANSLATE_NOOP, translate
from netbuilder.ui.icons import category_icon
from netbuilder.ui.receptive_text import size_text as field_size
from netbuilder.ui.receptive_text import tooltip as field_tooltip
from netbuilder.ui.theme import error_color

COLUMNS = (
    QT_TRANSLATE_NOOP("SummaryView", "Layer"),
    QT_TRANSLATE_NOOP("SummaryView", "Type"),
    QT_TRANSLATE_NOOP("SummaryView", "Output shape"),
    QT_TRANSLATE_NOOP("SummaryView", "Params"),
    "FLOPs",
    QT_TRANSLATE_NOOP("SummaryView", "Train memory"),
    QT_TRANSLATE_NOOP("SummaryView", "Receptive field"),
)
#: The column of the training-memory estimate.
MEMORY = 5
#: The column of the receptive field (size in input pixels).
FIELD_COLUMN = 6
NODE_ROLE = Qt.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class SummaryModel(QAbstractTableModel):
    """Rows of :func:`netbuilder.core.summary.rows` for a :class:`DocumentModel`.

    Signals
    -------
    expanded(bool)
        The inner layers of composites were shown or hidden.
    memoryChanged()
        The training-memory estimate (:attr:`memory`) was recomputed.
    """

    expanded = Signal(bool)
    memoryChanged = Signal()  # noqa: N815 - Qt naming

    #: Above this many nodes a rebuild of the memory estimate (nodes or links changed)
    #: waits for edits to pause (milliseconds); a parameter edit updates it at once.
    MEMORY_DELAY = 250
    LARGE = 2000

    def __init__(self, model: DocumentModel, display: DisplaySettings) -> None:
        super().__init__()
        self.document = model
        self.display = display
        self.rows: list[Row] = []
        self._first_row: dict[str, int] = {}  # node id -> index of its first row
        self.expand = False
        #: The training memory of every node for the document's training settings.
        self.memory: TrainingMemory | None = None
        self._tracker: MemoryTracker | None = None  # kept up to date edit by edit
        self._memory_timer = QTimer(self)
        self._memory_timer.setSingleShot(True)
        self._memory_timer.timeout.connect(self.update_memory)
        display.changed.connect(self._on_display)
        model.trainingChanged.connect(lambda _config: self._schedule_memory())
        model.graphChanged.connect(self._note)
        self.reload()
        self.update_memory()

    def _note(self, event: object) -> None:
        """Hand a graph event to the memory estimate (its work waits for the update)."""
        if isinstance(event, NodeMoved):
            return
        if self._tracker is not None and self._tracker.analysis is self.document.analysis:
            self._tracker.note(event)
        self._schedule_memory()

    def _current_tracker(self) -> MemoryTracker:
        """The tracker of the document's analysis and Training settings (a new one when
        either changed)."""
        config = self.document.project.training
        settings = (config.batch_size, config.optimizer, "float32", config.momentum, None)
        tracker = self._tracker
        if (
            tracker is None
            or tracker.analysis is not self.document.analysis
            or tracker.settings != settings
        ):
            tracker = self._tracker = MemoryTracker(
                self.document.analysis,
                config.batch_size,
                config.optimizer,
                momentum=config.momentum,
            )
        return tracker

    def _schedule_memory(self) -> None:
        """Update the memory estimate once the current edits are delivered (a rebuild of
        a large network once they pause)."""
        tracker = self._tracker
        rebuild = tracker is None or tracker.stale or tracker.analysis is not self.document.analysis
        large = len(self.document.graph) > self.LARGE
        self._memory_timer.start(self.MEMORY_DELAY if large and rebuild else 0)

    def update_memory(self) -> None:
        """Bring :attr:`memory` up to date for the batch size and optimizer of the Training
        form: only the nodes an edit reached are recomputed, only their rows repainted."""
        self._memory_timer.stop()
        tracker = self._current_tracker()
        rebuilt = tracker.stale
        changed = tracker.update()
        fresh = self.memory is not tracker.memory
        self.memory = tracker.memory
        if not changed and not fresh:
            return
        if self.rows and (rebuilt or fresh):
            self.dataChanged.emit(self.index(0, MEMORY), self.index(len(self.rows) - 1, MEMORY))
        else:
            for nid in changed:
                row = self._first_row.get(nid)
                if row is not None:
                    self.dataChanged.emit(self.index(row, MEMORY), self.index(row, MEMORY))
        self.memoryChanged.emit()

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
            if self.memory is not None:
                self._schedule_memory()
            return
        self.beginResetModel()
        self.rows = new
        self._first_row = {}
        for i, r in enumerate(new):
            self._first_row.setdefault(r.node_id, i)
        self.endResetModel()
        if self.memory is not None:  # other nodes: no stale numbers, not even for a moment
            self.update_memory()

    def update_nodes(self, ids: object) -> None:
        """Re-read only the rows of the nodes ``ids`` (names and row set unchanged).

        Falls back to :meth:`reload` when a node is new or its number of rows changed.
        """
        changed: list[int] = []
        analysis = self.document.analysis
        self._schedule_memory()
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

    def text(self, row: Row, col: int) -> str:
        """What column ``col`` of ``row`` shows."""
        if col == 0:
            return f"    └ {row.name.split('.', 1)[-1]}" if row.depth else row.name
        if col == 1:
            return row.type
        if col == 2:
            if row.error:
                return translate("SummaryView", "error")
            return tr_core(WAITING) if row.waiting else shape_text(row.shape)
        if col == FIELD_COLUMN:
            return field_size(row.receptive_field) if row.shape is not None else ""
        if col == MEMORY:
            node = None if row.depth or self.memory is None else self.memory.nodes.get(row.node_id)
            if node is None:
                return ""
            return format_bytes(node.total) if node.total else "—"
        value = row.params if col == 3 else self.display.flops(row.flops)
        if col == 3 and row.frozen and value:
            return f"❄ {human(value)}"
        return human(value) if value else "—"

    def totals(self) -> tuple[str, ...]:
        """The cells of the totals row: label, layer count, blank, params, FLOPs.

        The sums are the analysis' own totals (every node once, composites included).
        """
        totals = self.document.analysis.totals()
        layers = len(self.document.graph)
        flops = self.display.flops(totals.flops)
        return (
            translate("SummaryView", "Total"),
            translate("SummaryView", "1 layer")
            if layers == 1
            else translate("SummaryView", "{count} layers").format(count=layers),
            "",
            human(totals.params),
            human(flops),
            format_bytes(self.memory.total) if self.memory is not None else "",
            "",
        )

    def totals_tips(self) -> tuple[str, ...]:
        """Tool tips of the totals row's cells (exact numbers)."""
        totals = self.document.analysis.totals()
        flops = self.display.flops(totals.flops)
        weights = format_bytes((totals.params + totals.buffers) * BYTES_PER_VALUE)
        params = translate(
            "SummaryView",
            "{params} trainable parameters\n{buffers} non-trainable buffers\nweights: {weights} "
            "as float32",
        ).format(params=exact(totals.params), buffers=exact(totals.buffers), weights=weights)
        flops_tip = translate("SummaryView", "{flops} {flops_unit} per sample (batch 1)").format(
            flops=exact(flops), flops_unit=self.display.flops_unit()
        )
        return (
            translate("SummaryView", "Sums over every layer"),
            "",
            "",
            params,
            flops_tip,
            self.memory_tip(),
            "",
        )

    def memory_tip(self, node_id: str | None = None) -> str:
        """What the training memory of ``node_id`` (or of the whole network) is made of."""
        memory = self.memory
        part = memory if memory is None or node_id is None else memory.nodes.get(node_id)
        if memory is None or part is None:
            return ""
        parts = part.as_dict()
        return self.tr(
            "Training with batch size {batch} and {optimizer} (Training settings), float32:\n"
            "parameters {parameters}\ngradients {gradients}\noptimizer state {optimizer_state}\n"
            "activations kept for the backward pass {activations}"
        ).format(
            batch=memory.batch_size,
            optimizer=memory.optimizer,
            parameters=format_bytes(parts["parameters"]),
            gradients=format_bytes(parts["gradients"]),
            optimizer_state=format_bytes(parts["optimizer"]),
            activations=format_bytes(parts["activations"]),
        )

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
            if section == FIELD_COLUMN:
                return self.tr("Receptive field")
            return (
                self.display.flops_column()
                if section == 4
                else translate("SummaryView", COLUMNS[section])
            )
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == 4:
            return translate("SummaryView", "Per sample, in {flops_unit}").format(
                flops_unit=self.display.flops_unit()
            )
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == FIELD_COLUMN:
            return self.tr(
                "The window of the input one output unit sees, in input pixels "
                "(height×width; length for sequences)"
            )
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and section == MEMORY:
            return self.tr(
                "Memory to train each layer with the Training settings' batch size and "
                "optimizer: parameters, gradients, optimizer state and the activations "
                "kept for the backward pass"
            )
        if orientation == Qt.Horizontal and role == Qt.TextAlignmentRole and section >= 3:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.DisplayRole:
            return self.text(row, col)
        if role == Qt.ToolTipRole:
            if row.error:
                return tr_core(row.error)
            if col == 3:
                if row.frozen:
                    return translate("SummaryView", "{params} parameters (frozen)").format(
                        params=exact(row.params)
                    )
                return translate("SummaryView", "{params} parameters").format(
                    params=exact(row.params)
                )
            if col == 4:
                flops = self.display.flops(row.flops)
                return translate("SummaryView", "{flops} {flops_unit} per sample").format(
                    flops=exact(flops), flops_unit=self.display.flops_unit()
                )
            if col == FIELD_COLUMN and row.shape is not None:
                return field_tooltip(row.receptive_field)
            if col == MEMORY and not row.depth:
                return self.memory_tip(row.node_id) or None
            return None
        if role == Qt.ForegroundRole and row.error:
            return error_color()
        if role == Qt.TextAlignmentRole and col >= 3:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and row.depth:
            return QColor(QApplication.palette().color(QPalette.PlaceholderText))
        if role == Qt.DecorationRole and col == 0 and not row.depth:
            block = CATALOGUE.get(row.type) or HIDDEN.get(row.type)
            return category_icon(block.category) if block is not None else None
        if role == NODE_ROLE:
            return row.node_id
        return None


class SummaryView(QTableView):
    """The table; selecting rows selects nodes and the other way round."""

    #: Rows read to measure the columns of a long document (evenly spread).
    MEASURED_ROWS = 2000

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
        self.setTextElideMode(Qt.ElideMiddle)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setIconSize(QSize(16, 16))
        header = self.horizontalHeader()
        # widths are measured once per document (``fit_columns``): a ResizeToContents or
        # Stretch header would re-read rows on every change and push the numbers around
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("000.0M") + 12)
        self._syncing = False
        self._fitted = False  # column widths measured for this document
        self._fitted_rows = 0  # rows when they were measured
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
        self.table.expanded.connect(lambda _on: self._refit())
        self._on_reset()

    def _on_graph(self, event: object) -> None:
        # moves change nothing here; a parameter edit or a freeze changes stats only
        if not isinstance(event, NodeMoved | ParamsChanged | FrozenChanged):
            self._timer.start()

    def _on_stats(self, ids: object) -> None:
        if self._timer.isActive():  # a structural change: the whole table follows soon
            return
        self.table.update_nodes(ids)

    def _on_reset(self) -> None:
        """A new document: re-read every row, measure the columns once, scroll to the top."""
        self._refit()
        self.scrollToTop()
        self.horizontalScrollBar().setValue(0)

    def _refit(self) -> None:
        self._fitted = False
        self.refresh()

    def column_width(self, column: int) -> int:
        """The width ``column`` needs for its title, the totals and (a sample of) its rows."""
        rows_ = self.table.rows
        step = max(1, len(rows_) // self.MEASURED_ROWS)
        texts = {self.table.text(row, column) for row in rows_[::step]}
        texts.add(self.table.totals()[column])
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        widest = max(metrics.horizontalAdvance(t) for t in texts)
        widest = max(widest, QFontMetrics(bold).horizontalAdvance(self.table.totals()[column]))
        title = str(self.table.headerData(column, Qt.Horizontal))
        widest = max(widest, self.horizontalHeader().fontMetrics().horizontalAdvance(title) + 8)
        if column == 0:  # the category icon and its spacing
            widest += self.iconSize().width() + 12
        if column in (0, 2):  # a very long label or shape is elided, never the numbers
            widest = min(widest, metrics.horizontalAdvance("x") * 36)
        return widest + 20

    def fit_columns(self) -> None:
        """Size the columns to their contents (once per document, not per edit).

        A document built up from nothing is measured again each time its row count
        doubles (amortised constant work per added row).
        """
        self._fitted = True
        self._fitted_rows = len(self.table.rows)
        for column in range(len(COLUMNS)):
            self.setColumnWidth(column, self.column_width(column))

    def refresh(self) -> None:
        """Re-read the rows from the analysis and keep the selection."""
        self._timer.stop()
        self.table.reload()
        count = len(self.table.rows)
        if count and (not self._fitted or count >= 2 * self._fitted_rows):
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


class TotalsBar(QWidget):
    """The totals row under the table, aligned with its columns and always visible.

    Parameters
    ----------
    view : SummaryView
        The table whose columns the row follows.
    """

    def __init__(self, view: SummaryView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryTotals")
        self.view = view
        self.cells: tuple[str, ...] = ("",) * len(COLUMNS)
        self.tips: tuple[str, ...] = ("",) * len(COLUMNS)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.Button)
        self.setFixedHeight(view.verticalHeader().defaultSectionSize() + 2)
        self._timer = QTimer(self)  # several stats signals of one edit: one refresh
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        header = view.horizontalHeader()
        header.sectionResized.connect(lambda *_a: self.update())
        header.geometriesChanged.connect(self.update)
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self.update())
        document = view.document
        document.statsChanged.connect(lambda _ids: self._timer.start())
        document.graphChanged.connect(
            lambda event: None if isinstance(event, NodeMoved) else self._timer.start()
        )
        document.documentReset.connect(self.refresh)
        view.table.display.changed.connect(self.refresh)
        view.table.memoryChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the sums (running sums of the analysis: no walk over the rows)."""
        self._timer.stop()
        self.cells = self.view.table.totals()
        self.tips = self.view.table.totals_tips()
        self.update()

    def cell_rect(self, column: int) -> QRect:
        """Where ``column`` is drawn, in this widget's coordinates."""
        header = self.view.horizontalHeader()
        left = self.view.viewport().mapTo(self.window(), QPoint(0, 0)).x()
        left -= self.mapTo(self.window(), QPoint(0, 0)).x()
        x = left + header.sectionViewportPosition(column)
        return QRect(x, 0, header.sectionSize(column), self.height())

    def column_at(self, x: int) -> int:
        """The column under ``x`` (-1 when none)."""
        for column in range(len(COLUMNS)):
            rect = self.cell_rect(column)
            if rect.left() <= x <= rect.right():
                return column
        return -1

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.Mid))
        painter.drawLine(0, 0, self.width(), 0)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ButtonText))
        metrics = QFontMetrics(font)
        for column, text in enumerate(self.cells):
            if not text:
                continue
            rect = self.cell_rect(column).adjusted(6, 1, -6, 0)
            align = Qt.AlignRight if column >= 3 else Qt.AlignLeft
            shown = metrics.elidedText(text, Qt.ElideRight, rect.width())
            painter.drawText(rect, int(align | Qt.AlignVCenter), shown)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.ToolTip:
            column = self.column_at(event.pos().x())  # type: ignore[attr-defined]
            tip = self.tips[column] if column >= 0 else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class SummaryPanel(QWidget):
    """The Summary dock's content: the table (:attr:`view`) and its totals row (:attr:`totals`)."""

    def __init__(
        self,
        model: DocumentModel,
        parent: QWidget | None = None,
        display: DisplaySettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPanel")
        self.view = SummaryView(model, self, display)
        self.totals = TotalsBar(self.view, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.totals)
