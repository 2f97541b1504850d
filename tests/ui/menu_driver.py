"""Drive a canvas context menu like a user: right-click, read the entries, pick one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget


def right_click_and_pick(
    viewport: QWidget, pos: QPoint, pick: Callable[[list[QAction]], QAction]
) -> list[QAction]:
    """Send a real context-menu event at ``pos``; once the (modal) menu is up, trigger
    the action ``pick`` chooses from its actions. Returns the menu's actions."""
    seen: list[QAction] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, choose)
            return
        seen.extend(menu.actions())
        action = pick(menu.actions())
        menu.close()
        action.trigger()

    QTimer.singleShot(0, choose)
    event = QContextMenuEvent(QContextMenuEvent.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    return seen
