"""The hint under the training controls when a run does not learn.

Shows a :class:`~netbuilder.train.events.Hint` (what is wrong and its likely cause) with a
button that applies its one change of the training settings to the form, as a user edit
(one undo step).
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from netbuilder.ui.core_text import tr_core
from netbuilder.ui.i18n import translate


class HintBar(QWidget):
    """A hidden bar that :meth:`show_hint` fills and shows.

    Signals
    -------
    applied(object)
        The user clicked the change: a dict of TrainingConfig fields to set.
    """

    applied = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingHint")
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.button = QPushButton(self)
        self.button.clicked.connect(self._apply)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button, 0, Qt.AlignTop)
        self.changes: dict[str, Any] = {}
        self.hide()

    def show_hint(self, hint: Any) -> None:
        """Show ``hint`` (a :class:`~netbuilder.train.events.Hint`)."""
        self.changes = dict(hint.changes)
        self.text.setText(
            translate("TrainingHintBar", "<b>Hint:</b> {message} {cause}").format(
                message=escape(tr_core(hint.message)), cause=escape(tr_core(hint.cause))
            )
        )
        self.button.setText(tr_core(hint.label))
        self.button.setToolTip(
            translate("TrainingHintBar", "Change the training settings; press Train to try again")
        )
        self.button.setEnabled(True)
        self.show()

    def clear(self) -> None:
        """Hide the hint (a new run starts)."""
        self.changes = {}
        self.hide()

    def _apply(self) -> None:
        if self.changes:
            self.applied.emit(dict(self.changes))
            self.button.setEnabled(False)
