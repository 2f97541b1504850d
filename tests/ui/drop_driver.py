"""Drive the end of a drag onto a canvas: enter, move, drop (QDrag.exec can't be driven)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QGraphicsView

LEFT = Qt.MouseButton.LeftButton
NOMOD = Qt.KeyboardModifier.NoModifier


def drop_data(view: QGraphicsView, data: QMimeData, at: QPoint) -> None:
    """Send ``data`` to ``view`` as a drag entering, moving and dropping at ``at``;
    asserts that the view accepts the enter and the move."""
    copy = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(at, copy, data, LEFT, NOMOD)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(at, copy, data, LEFT, NOMOD)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted()
    QApplication.sendEvent(view.viewport(), QDropEvent(QPointF(at), copy, data, LEFT, NOMOD))
