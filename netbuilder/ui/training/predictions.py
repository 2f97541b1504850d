"""Sample predictions: the first validation inputs as pictures, with predicted and true class."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from netbuilder.ui.i18n import translate
from netbuilder.ui.theme import error_color

#: Pictures shown at most.
MAX_SAMPLES = 12
#: Side of a picture in pixels (before the screen's scale factor).
THUMB = 56


def to_image(sample: np.ndarray) -> QImage | None:
    """A C×H×W sample (C = 1 or 3) as an 8-bit picture scaled to its own range; ``None``
    for other inputs (vectors, sequences)."""
    x = np.asarray(sample, dtype=np.float32)
    if x.ndim != 3 or x.shape[0] not in (1, 3):
        return None
    lo, hi = float(x.min()), float(x.max())
    x = (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)
    pixels = np.ascontiguousarray((x * 255).round().astype(np.uint8).transpose(1, 2, 0))
    h, w, c = pixels.shape
    fmt = QImage.Format_Grayscale8 if c == 1 else QImage.Format_RGB888
    return QImage(pixels.data, w, h, w * c, fmt).copy()  # copy: owns its pixels


class PredictionsView(QWidget):
    """A grid of the first validation samples: picture, prediction, ✓ or ✗ (true class)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.captions: list[str] = []
        self.title = QLabel(translate("TrainingPredictions", "Sample predictions: after training."))
        self.title.setWordWrap(True)
        self.setMinimumWidth(6 * (THUMB + 10))
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        self._cells: list[QWidget] = []

    def clear(self) -> None:
        """No predictions shown."""
        for cell in self._cells:
            self.grid.removeWidget(cell)
            cell.deleteLater()
        self._cells.clear()
        self.captions = []
        self.title.setText(translate("TrainingPredictions", "Sample predictions: after training."))

    def show_predictions(self, info: dict) -> None:
        """``info``: ``pred``, ``true`` (class indices), ``classes`` and ``inputs`` (N×C×H×W
        or absent)."""
        self.clear()
        classes = info["classes"]
        inputs = info.get("inputs")
        pairs = list(zip(info["pred"], info["true"], strict=True))[:MAX_SAMPLES]
        columns = 6
        wrong = error_color().name()
        right = "#2e9a4a"
        for i, (p, t) in enumerate(pairs):
            ok = p == t
            caption = f"{classes[p]} ✓" if ok else f"{classes[p]} ✗ ({classes[t]})"
            self.captions.append(caption)
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            image = to_image(inputs[i]) if inputs is not None and i < len(inputs) else None
            if image is not None:
                picture = QLabel()
                pixmap = QPixmap.fromImage(image).scaled(
                    THUMB, THUMB, Qt.KeepAspectRatio, Qt.FastTransformation
                )
                picture.setPixmap(pixmap)
                picture.setAlignment(Qt.AlignCenter)
                box.addWidget(picture)
            text = QLabel(f"#{i}  {caption}")
            text.setAlignment(Qt.AlignCenter)
            text.setStyleSheet(f"color: {right if ok else wrong}; font-weight: bold;")
            box.addWidget(text)
            row, col = divmod(i, columns)
            self.grid.addWidget(cell, row, col)
            self._cells.append(cell)
        hits = sum(p == t for p, t in pairs)
        self.title.setText(
            translate(
                "TrainingPredictions",
                "Sample predictions: the first {pairs} validation samples, {hits} right "
                "(predicted class, ✗ with the true class).",
            ).format(pairs=len(pairs), hits=hits)
        )
