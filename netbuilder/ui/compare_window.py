"""File → Compare…: the open document (A, or another network chosen) next to another (B).

B is the document's saved version on disk, an autosave, a preset or a project file. The
window shows both networks' totals with B − A and B / A, their params and FLOPs per stage
as bar charts (:mod:`~netbuilder.ui.compare_charts`; the stage rule is
:mod:`netbuilder.core.compare`'s), and when runs exist, the loss and accuracy curves of
each network's latest run on the same axes (re-read whenever the window is shown or B
changes). A follows the document's edits; FLOPs follow
the window's FLOPs convention (View → FLOPs ×2).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.autosave import AutosaveStore
from netbuilder.core.compare import (
    TOTALS,
    Comparison,
    Network,
    network,
    number_cells,
    of_project,
    shape_cell,
    shapes_cell,
)
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import one_line
from netbuilder.ui import compare_sources
from netbuilder.ui.compare_charts import A_COLOR, B_COLOR, StageBars, key_html
from netbuilder.ui.compare_sources import Source
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.files import PROJECT_FILTER
from netbuilder.ui.plot_theme import follow_palette, style_plots
from netbuilder.ui.training.plots import TrainingPlots

#: Delay between an edit of the document and the refreshed comparison (ms).
REFRESH_MS = 150


class CompareWindow(QDialog):
    """Two networks side by side: totals, params and FLOPs per stage, run curves.

    Parameters
    ----------
    model : DocumentModel
        The open document (A).
    display : DisplaySettings, optional
        The window's FLOPs convention (multiply-adds when omitted).
    autosave_store : AutosaveStore, optional
        Where the document's autosaves are looked for.
    parent : QWidget, optional

    Attributes
    ----------
    choice_a : QComboBox
        What A is: "Open document" (the default, following its edits), then the same
        entries as ``choice``.
    choice : QComboBox
        What B is: saved version, autosaves, presets, "Project file…".
    totals : QTableWidget
        Rows of totals; columns A, B, B − A, B / A.
    params_chart, flops_chart : StageBars
        Params and FLOPs per stage.
    curves : TrainingPlots
        Loss and accuracy of A's and B's latest runs (hidden while neither has one).
    """

    def __init__(
        self,
        model: DocumentModel,
        display: DisplaySettings | None = None,
        autosave_store: AutosaveStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowTitle(self.tr("Compare Networks"))
        self.model = model
        self.display = display
        self.store = autosave_store
        self.sources: list[Source] = []
        self.source: Source | None = None
        self.a_source: Source | None = None  # None: the open document
        self.a_fixed: Network | None = None  # A's numbers when it is not the document
        self.b: Network | None = None
        self.comparison: Comparison | None = None
        self._shown_index = -1

        self.choice = QComboBox(self)
        self.choice.setObjectName("compareChoice")
        self.choice.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.choice.activated.connect(self._chosen)
        self.choice_a = QComboBox(self)
        self.choice_a.setObjectName("compareChoiceA")
        self.choice_a.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.choice_a.activated.connect(self._chosen_a)
        self.message = QLabel(self)
        self.message.setObjectName("compareMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.key = QLabel(self)
        self.key.setObjectName("compareKey")
        self.key.setTextFormat(Qt.RichText)

        self.totals = QTableWidget(2 + len(TOTALS), 4, self)
        self.totals.setObjectName("compareTotals")
        self.totals.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.totals.setSelectionMode(QAbstractItemView.NoSelection)
        self.totals.setFocusPolicy(Qt.NoFocus)
        self.totals.setWordWrap(False)
        self.totals.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.totals.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.totals.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)

        self.params_chart = StageBars(self.tr("Params per stage"), self)
        self.params_chart.setObjectName("compareParams")
        self.flops_chart = StageBars("", self)
        self.flops_chart.setObjectName("compareFlops")
        self.runs_note = QLabel(self)
        self.runs_note.setObjectName("compareRuns")  # one line, never word-wrapped: a
        # wrapped label makes the scroll area size the content by its preferred height
        # (heightForWidth), which scrolls at every window size
        self.curves = TrainingPlots(self)
        self.curves.setObjectName("compareCurves")
        self.curves.setMinimumHeight(180)
        for plot, curves in (
            (self.curves.loss_plot, ("loss_curve", "train_loss_curve", "val_loss_curve")),
            (self.curves.acc_plot, ("train_acc_curve", "val_acc_curve")),
        ):
            for name in curves:  # only the runs' curves are named here
                plot.getPlotItem().legend.removeItem(getattr(self.curves, name))
        self.curves.hide()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Compare (A):"), self))
        top.addWidget(self.choice_a, 1)
        top.addWidget(QLabel(self.tr("with (B):"), self))
        top.addWidget(self.choice, 1)
        charts = QHBoxLayout()
        charts.addWidget(self.params_chart, 1)
        charts.addWidget(self.flops_chart, 1)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.key)
        column.addWidget(self.totals)
        column.addLayout(charts, 1)
        column.addWidget(self.runs_note)
        column.addWidget(self.curves, 1)
        self.scroll = QScrollArea(self)  # small screens (or large fonts) scroll, never squash
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        follow_palette(self, (self.params_chart, self.flops_chart))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        model.statsChanged.connect(self._timer.start)
        model.documentReset.connect(self._document_changed)
        model.pathChanged.connect(self._document_changed)
        if display is not None:
            display.changed.connect(self.refresh)
        self._fit_screen()
        self.fill_sources()
        for index in range(len(self.sources)):  # the first that can be read
            if self.choose(index):
                break

    # -- what B is ---------------------------------------------------------------------------
    def fill_sources(self) -> None:
        """List what B can be: the saved version, autosaves, presets, then "Project file…"."""
        path = self.model.path
        saved = compare_sources.saved_version(path)
        self.sources = [saved] if saved is not None else []
        self.sources += compare_sources.autosaves(self.store, path)
        self.sources += compare_sources.presets()
        for chosen in (self.source, self.a_source):
            if chosen is not None and chosen not in self.sources:
                self.sources.append(chosen)  # a file chosen earlier stays listed
        self.choice.clear()
        self.choice_a.clear()
        self.choice_a.addItem(self.tr("Open document"))
        for source in self.sources:
            self.choice.addItem(source.label)
            self.choice_a.addItem(source.label)
        self.choice.addItem(self.tr("Project file…"))
        self.choice_a.addItem(self.tr("Project file…"))
        if self.source in self.sources:
            self._select(self.sources.index(self.source))
        self._select_a()

    def _select_a(self) -> None:
        a = self.a_source
        self.choice_a.setCurrentIndex(self.sources.index(a) + 1 if a in self.sources else 0)

    def _chosen_a(self, index: int) -> None:
        if index == len(self.sources) + 1:
            path, _filter = QFileDialog.getOpenFileName(
                self, self.tr("Compare a project"), "", PROJECT_FILTER
            )
            if not path or not self.set_a_file(path):
                self._select_a()  # cancelled or unreadable: keep A
            return
        self.set_a(self.sources[index - 1] if index > 0 else None)

    def set_a(self, source: Source | None) -> bool:
        """Read ``source`` as A (``None``: the open document, following its edits); on
        failure show why and keep the current A."""
        fixed = None
        if source is not None:
            try:
                fixed = of_project(source.load(), source.name)
            except (NetBuilderError, OSError) as exc:
                self._say(
                    self.tr("Cannot compare {what}: {why}").format(what=source.label, why=exc)
                )
                self._select_a()
                return False
        self._say("")
        self.a_source, self.a_fixed = source, fixed
        self._select_a()
        self.refresh()
        self.refresh_runs()
        return True

    def set_a_file(self, path: str | Path) -> bool:
        """Make the project file ``path`` A (it joins the lists)."""
        if not self.set_a(compare_sources.project_file(path)):
            return False
        self.fill_sources()
        return True

    def _select(self, index: int) -> None:
        self._shown_index = index
        self.choice.setCurrentIndex(index)

    def _chosen(self, index: int) -> None:
        if index == len(self.sources):
            path, _filter = QFileDialog.getOpenFileName(
                self, self.tr("Compare with a project"), "", PROJECT_FILTER
            )
            if not path or not self.compare_file(path):
                self._select(self._shown_index)  # cancelled or unreadable: keep B
            return
        self.choose(index)

    def choose(self, index: int) -> bool:
        """Compare with ``sources[index]``; False (and a sentence shown) when it cannot be read."""
        if not 0 <= index < len(self.sources):
            return False
        if not self.set_source(self.sources[index]):
            self._select(self._shown_index)
            return False
        self._select(index)
        return True

    def compare_file(self, path: str | Path) -> bool:
        """Compare with the project file ``path`` (it joins the list)."""
        source = compare_sources.project_file(path)
        if not self.set_source(source):
            return False
        self.fill_sources()
        return True

    def set_source(self, source: Source) -> bool:
        """Read ``source`` as B; on failure show why and keep the current B."""
        try:
            project = source.load()
        except (NetBuilderError, OSError) as exc:
            self._say(
                self.tr("Cannot compare with {what}: {why}").format(what=source.label, why=exc)
            )
            return False
        self._say("")
        self.source = source
        self.b = of_project(project, source.name)
        self.refresh()
        self.refresh_runs()
        return True

    def _say(self, text: str) -> None:
        self.message.setText(one_line(text))
        self.message.setVisible(bool(text))

    # -- A and the views -------------------------------------------------------------------------
    def a_name(self) -> str:
        """A's heading: the document's file or project name."""
        path = self.model.path
        return self.tr("{name} (open)").format(name=path.name if path else self.model.project.name)

    def _document_changed(self, *_args: object) -> None:
        self.fill_sources()
        self.refresh()
        self.refresh_runs()

    def refresh(self) -> None:
        """Recompute A from the document and redraw the totals and the charts."""
        self._timer.stop()
        if self.b is None:
            return
        a = self.a_fixed or network(self.model.analysis, self.a_name())
        self.comparison = Comparison(a, self.b)
        factor = self.display.flops_factor if self.display is not None else 1
        self._fill_totals(self.comparison, factor)
        pairs = self.comparison.stage_pairs()
        self.key.setText(key_html(f"A: {a.name}", f"B: {self.b.name}"))
        self.params_chart.set_stages(pairs, "params")
        self.flops_chart.setTitle(self.tr("{flops} per stage").format(flops=self._flops_title()))
        style_plots((self.flops_chart,), self.palette())  # the new title in the theme's colour
        self.flops_chart.set_stages(pairs, "flops", factor)

    def _flops_title(self) -> str:
        return self.display.flops_column() if self.display is not None else self.tr("FLOPs (MACs)")

    def _fill_totals(self, c: Comparison, factor: int) -> None:
        table = self.totals
        table.setHorizontalHeaderLabels(
            [f"A: {c.a.name}", f"B: {c.b.name}", self.tr("B − A"), self.tr("B / A")]
        )
        titles = {
            "params": self.tr("Params"),
            "trainable": self.tr("Trainable params"),
            "flops": self._flops_title(),
            "layers": self.tr("Layers"),
        }
        rows = [
            (self.tr("Input shape"), shape_cell(c.a.input_shape), shape_cell(c.b.input_shape)),
            (
                self.tr("Output shape"),
                shapes_cell(c.a.output_shapes),
                shapes_cell(c.b.output_shapes),
            ),
        ]
        for key, _english in TOTALS:
            scale = factor if key == "flops" else 1
            a, b = getattr(c.a, key) * scale, getattr(c.b, key) * scale
            rows.append((titles[key], *number_cells(a, b)))
        table.setVerticalHeaderLabels([row[0] for row in rows])
        for r, row in enumerate(rows):
            for col in range(4):
                text = row[col + 1] if col + 1 < len(row) else ""
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                table.setItem(r, col, item)
        header = table.horizontalHeader()
        table.resizeColumnsToContents()
        table.setMinimumWidth(
            table.verticalHeader().sizeHint().width()
            + sum(header.sectionSizeHint(col) for col in range(4))
            + 2 * table.frameWidth()
        )
        rows_height = sum(table.verticalHeader().sectionSize(r) for r in range(len(rows)))
        table.setFixedHeight(header.sizeHint().height() + rows_height + 2 * table.frameWidth())

    # -- runs ------------------------------------------------------------------------------
    def refresh_runs(self) -> None:
        """Re-read and overlay the latest runs of A and of B, whichever exist."""
        if self.source is None:
            return
        if self.a_source is not None:
            run_a = compare_sources.latest_run(self.a_source.project_file, self.a_source.name)
        else:
            run_a = compare_sources.latest_run(self.model.path, self.model.project.name)
        run_b = compare_sources.latest_run(self.source.project_file, self.source.name)
        none = self.tr("none")
        ids = {"a": run_a[0].id if run_a else none, "b": run_b[0].id if run_b else none}
        if run_a is None and run_b is None:
            self.curves.hide()
            self.runs_note.setText(
                self.tr(
                    "Loss and accuracy curves appear when a network has runs (A: {a}; B: {b})."
                ).format(**ids)
            )
            return
        if run_a is not None and run_b is not None and run_a[0].path == run_b[0].path:
            shown = [(self.tr("A and B: {run}").format(run=run_a[0].id), run_a[1], A_COLOR)]
        else:
            shown = [
                (f"{side}: {run[0].id}", run[1], color)
                for side, run, color in (("A", run_a, A_COLOR), ("B", run_b, B_COLOR))
                if run is not None
            ]
        self.curves.overlay(
            [(label, records) for label, records, _color in shown],
            colors=[color for _label, _records, color in shown],
        )
        self.curves.show()
        self.runs_note.setText(
            self.tr("Latest runs, validation solid, training dashed: A {a}; B {b}.").format(**ids)
        )

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Shown again: runs may have finished meanwhile."""
        super().showEvent(event)
        self.refresh_runs()

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = 1180, 800
        if area is not None:
            width, height = (
                min(width, int(area.width() * 0.95)),
                min(height, int(area.height() * 0.9)),
            )
        self.resize(width, height)
