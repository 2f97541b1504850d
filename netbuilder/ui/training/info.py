"""The info panel of the training dashboard: elapsed, epoch / iteration, LR, speed, ETA."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from netbuilder.ui.i18n import QT_TRANSLATE_NOOP, translate

#: The status words the dock and the trainer show (translated where shown).
STATUS_WORDS = (
    QT_TRANSLATE_NOOP("TrainingStatus", "loading"),
    QT_TRANSLATE_NOOP("TrainingStatus", "loading the run"),
    QT_TRANSLATE_NOOP("TrainingStatus", "loaded"),
    QT_TRANSLATE_NOOP("TrainingStatus", "training"),
    QT_TRANSLATE_NOOP("TrainingStatus", "paused"),
    QT_TRANSLATE_NOOP("TrainingStatus", "stopped"),
    QT_TRANSLATE_NOOP("TrainingStatus", "finished"),
    QT_TRANSLATE_NOOP("TrainingStatus", "failed"),
    QT_TRANSLATE_NOOP("TrainingStatus", "interrupted"),
    QT_TRANSLATE_NOOP("TrainingStatus", "running"),
)

#: Rows of the panel: key → title.
ROWS = {
    "status": QT_TRANSLATE_NOOP("TrainingInfo", "Status"),
    "elapsed": QT_TRANSLATE_NOOP("TrainingInfo", "Elapsed"),
    "epoch": QT_TRANSLATE_NOOP("TrainingInfo", "Epoch"),
    "iteration": QT_TRANSLATE_NOOP("TrainingInfo", "Iteration"),
    "lr": QT_TRANSLATE_NOOP("TrainingInfo", "Learning rate"),
    "speed": QT_TRANSLATE_NOOP("TrainingInfo", "Samples/s"),
    "eta": QT_TRANSLATE_NOOP("TrainingInfo", "ETA"),
    "device": QT_TRANSLATE_NOOP("TrainingInfo", "Device"),
    "best": QT_TRANSLATE_NOOP("TrainingInfo", "Best val acc"),
    "run": QT_TRANSLATE_NOOP("TrainingInfo", "Run folder"),
}


def duration_text(seconds: float) -> str:
    """``42s``, ``3m05s``, ``1h02m``; ``?`` when unknown."""
    if not math.isfinite(seconds) or seconds < 0:
        return "?"
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class InfoPanel(QWidget):
    """One label per row of :data:`ROWS`; :meth:`set` fills them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(4, 0, 0, 0)
        form.setVerticalSpacing(2)
        form.setLabelAlignment(Qt.AlignRight)
        for key, title in ROWS.items():
            value = QLabel("–")
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            if key == "run":
                value.setWordWrap(True)
            self.values[key] = value
            name = QLabel(translate("TrainingInfo", title))
            name.setStyleSheet("font-weight: bold;")
            form.addRow(name, value)
        self.setMinimumWidth(190)

    def set(self, **values: str) -> None:
        """Show ``values`` (keys of :data:`ROWS`)."""
        for key, text in values.items():
            if key == "status":  # a word of the trainer's: shown translated
                text = translate("TrainingStatus", text)
            self.values[key].setText(text)

    def text(self, key: str) -> str:
        """What row ``key`` shows."""
        return self.values[key].text()

    def clear(self) -> None:
        """Every row back to ``–``."""
        for label in self.values.values():
            label.setText("–")
