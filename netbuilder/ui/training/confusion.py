"""The confusion matrix: class names on both axes, a count in every cell, axis titles."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netbuilder.ui.i18n import translate
from netbuilder.ui.plot_theme import follow_palette
from netbuilder.ui.training.images import blues_lut

#: Above this many classes the cells carry no count (they would be unreadable).
MAX_COUNTED_CLASSES = 20


def confusion_summary(matrix: np.ndarray) -> str:
    """``"359 validation samples, accuracy 0.975"`` (rows true, columns predicted)."""
    total = int(matrix.sum())
    acc = float(np.trace(matrix) / total) if total else math.nan
    return translate(
        "TrainingConfusion", "{total:,} validation samples, accuracy {acc:.3f}"
    ).format(total=total, acc=acc)


class ConfusionView(QWidget):
    """Rows are true classes, columns predicted ones; colour is the share of the row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confusion_matrix: np.ndarray | None = None
        self.classes: list[str] = []
        self.plot = pg.PlotWidget()
        self.plot.setMinimumSize(200, 160)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        item = self.plot.getPlotItem()
        item.invertY(True)
        item.setAspectLocked(True)
        item.setLabel("bottom", translate("TrainingConfusion", "predicted class"))
        item.setLabel("left", translate("TrainingConfusion", "true class"))
        self.confusion_item = pg.ImageItem(axisOrder="row-major")
        self.confusion_item.setLookupTable(blues_lut())
        item.addItem(self.confusion_item)
        self._texts: list[pg.TextItem] = []
        self.confusion_label = QLabel(
            translate("TrainingConfusion", "Confusion matrix: after training.")
        )
        self.confusion_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.confusion_label)
        layout.addWidget(self.plot, 1)
        follow_palette(self, (self.plot,))  # light/dark, live

    @property
    def counts(self) -> list[str]:
        """The texts written in the cells, row by row (empty above many classes)."""
        return [t.textItem.toPlainText() for t in self._texts]

    def clear(self) -> None:
        """No matrix (a run without one)."""
        self.confusion_matrix = None
        self.confusion_item.clear()
        for text in self._texts:
            self.plot.removeItem(text)
        self._texts.clear()
        self.confusion_label.setText(
            translate("TrainingConfusion", "Confusion matrix: after training.")
        )

    def show_confusion(self, info: dict) -> None:
        """Draw ``info["matrix"]`` (k×k counts) with ``info["classes"]`` on both axes."""
        matrix = np.asarray(info["matrix"], dtype=np.float64)
        classes = [str(c) for c in info["classes"]]
        self.confusion_matrix, self.classes = matrix, classes
        k = len(matrix)
        rows = matrix.sum(axis=1, keepdims=True)
        share = np.divide(matrix, rows, out=np.zeros_like(matrix), where=rows > 0)
        self.confusion_item.setImage(share, autoLevels=False, levels=(0.0, 1.0))
        ticks = [[(i + 0.5, name[:12]) for i, name in enumerate(classes)]]
        if k > MAX_COUNTED_CLASSES:  # every fifth name only
            ticks = [[t for i, t in enumerate(ticks[0]) if i % 5 == 0]]
        item = self.plot.getPlotItem()
        item.getAxis("bottom").setTicks(ticks)
        item.getAxis("left").setTicks(ticks)
        for text in self._texts:
            self.plot.removeItem(text)
        self._texts.clear()
        if k <= MAX_COUNTED_CLASSES:
            for r in range(k):
                for c in range(k):
                    color = "#ffffff" if share[r, c] > 0.5 else "#1a1a1a"
                    text = pg.TextItem(str(int(matrix[r, c])), color=color, anchor=(0.5, 0.5))
                    text.setPos(c + 0.5, r + 0.5)
                    self.plot.addItem(text)
                    self._texts.append(text)
        item.setRange(xRange=(0, k), yRange=(0, k), padding=0.02)
        self.confusion_label.setText(
            translate(
                "TrainingConfusion",
                "Confusion matrix: {matrix} (rows: true class, columns: predicted; colour: share "
                "of the row).",
            ).format(matrix=confusion_summary(matrix))
        )
