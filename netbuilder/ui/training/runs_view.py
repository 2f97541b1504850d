"""The list of the document's runs with Show / Resume / Load / Delete.

It only shows :class:`~netbuilder.train.runs.RunInfo` records and reports what the user
asks for; the dock does the work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.ui.i18n import QT_TRANSLATE_NOOP, translate
from netbuilder.ui.training.info import duration_text

COLUMNS = (
    QT_TRANSLATE_NOOP("TrainingRunsView", "Date"),
    QT_TRANSLATE_NOOP("TrainingRunsView", "Dataset"),
    QT_TRANSLATE_NOOP("TrainingRunsView", "Epochs"),
    QT_TRANSLATE_NOOP("TrainingRunsView", "Best val"),
    QT_TRANSLATE_NOOP("TrainingRunsView", "Time"),
)


def run_row(info: Any) -> list[str]:
    """The cells of one run: date, dataset, epochs done/planned, best val acc, duration."""
    date = info.created.replace("T", " ")[5:16]
    acc = "–" if info.best_val_acc is None else f"{info.best_val_acc:.3f}"
    return [
        date,
        info.dataset,
        f"{info.epochs_done}/{info.epochs}",
        acc,
        duration_text(info.duration),
    ]


def run_tooltip(info: Any) -> str:
    """Everything about one run, for its row's tooltip."""
    return translate(
        "TrainingRunsView", "{id}\nnetwork {name} · {status} on {value}\nstarted {value2}\n{path}"
    ).format(
        id=info.id,
        name=info.name,
        status=info.status,
        value=info.device or "?",
        value2=info.created.replace("T", " "),
        path=info.path,
    )


class RunsView(QWidget):
    """The runs, newest first; several can be selected to overlay their curves.

    Signals
    -------
    showRequested(list)
        Paths of the runs to show (one: its curves and confusion matrix; more: overlaid).
    resumeRequested(object), loadRequested(object), deleteRequested(object)
        The path of the run to resume, to load into the network, to delete.
    """

    showRequested = Signal(list)  # noqa: N815 - Qt naming
    resumeRequested = Signal(object)  # noqa: N815 - Qt naming
    loadRequested = Signal(object)  # noqa: N815 - Qt naming
    deleteRequested = Signal(object)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs: list[Any] = []
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([translate("TrainingRunsView", title) for title in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(80)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self._show())
        self.where = QLabel("")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.show_button = QPushButton(translate("TrainingRunsView", "Show"))
        self.show_button.setToolTip(
            translate("TrainingRunsView", "Curves and confusion matrix; select several to overlay")
        )
        self.resume_button = QPushButton(translate("TrainingRunsView", "Resume"))
        self.resume_button.setToolTip(
            translate("TrainingRunsView", "Continue training this run up to the Epochs setting")
        )
        self.load_button = QPushButton(translate("TrainingRunsView", "Load"))
        self.load_button.setToolTip(
            translate(
                "TrainingRunsView",
                "Load its best weights into the network for predictions and feature maps",
            )
        )
        self.delete_button = QPushButton(translate("TrainingRunsView", "Delete"))
        self.show_button.clicked.connect(self._show)
        self.resume_button.clicked.connect(lambda: self._one(self.resumeRequested))
        self.load_button.clicked.connect(lambda: self._one(self.loadRequested))
        self.delete_button.clicked.connect(lambda: self._one(self.deleteRequested))
        buttons = QHBoxLayout()
        for b in (self.show_button, self.resume_button, self.load_button, self.delete_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.where)
        self._busy = False
        self._update_buttons()

    def set_runs(self, runs: list[Any], folder: Path | None = None) -> None:
        """Show ``runs`` (the selection kept by folder name)."""
        chosen = {p.name for p in self.selected()}
        self.runs = list(runs)
        self.tree.clear()
        for info in self.runs:
            item = QTreeWidgetItem(run_row(info))
            item.setData(0, Qt.UserRole, str(info.path))
            for column in range(len(COLUMNS)):
                item.setToolTip(column, run_tooltip(info))
            for column in (2, 3, 4):
                item.setTextAlignment(column, Qt.AlignRight | Qt.AlignVCenter)
            self.tree.addTopLevelItem(item)
            item.setSelected(info.path.name in chosen)
        for column in range(len(COLUMNS)):
            self.tree.resizeColumnToContents(column)
        if folder is not None:
            self.where.setText(
                translate("TrainingRunsView", "{runs} run(s) in {folder}").format(
                    runs=len(self.runs), folder=folder
                )
            )
        self._update_buttons()

    def select(self, paths: list[Path]) -> None:
        """Select the runs in ``paths`` (tests and the dock)."""
        names = {Path(p).name for p in paths}
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            item.setSelected(Path(item.data(0, Qt.UserRole)).name in names)

    def selected(self) -> list[Path]:
        """The selected runs' folders, in list order."""
        items = [
            self.tree.topLevelItem(i)
            for i in range(self.tree.topLevelItemCount())
            if self.tree.topLevelItem(i).isSelected()
        ]
        return [Path(item.data(0, Qt.UserRole)) for item in items]

    def set_busy(self, busy: bool) -> None:
        """While training: no run can be shown (the live curves stay), resumed or loaded."""
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        n = len(self.selected())
        self.show_button.setEnabled(n >= 1 and not self._busy)
        self.resume_button.setEnabled(n == 1 and not self._busy)
        self.load_button.setEnabled(n == 1 and not self._busy)
        self.delete_button.setEnabled(n == 1)

    def _show(self) -> None:
        paths = self.selected()
        if paths and not self._busy:
            self.showRequested.emit(paths)

    def _one(self, signal: Any) -> None:
        paths = self.selected()
        if len(paths) == 1:
            signal.emit(paths[0])
