"""Show a tooltip computed only when the mouse rests on a widget.

Formulas of a large composite take a while to build, so a view does not compute them on
every edit: it installs a :class:`HoverTip` whose provider runs on the help event.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip, QWidget


class HoverTip(QObject):
    """An event filter that shows ``provider()`` as ``widget``'s tooltip on hover.

    Parameters
    ----------
    widget : QWidget
        The widget to watch (also the filter's parent, so it goes with it).
    provider : callable
        Returns the (rich) text to show; "" shows none.
    """

    def __init__(self, widget: QWidget, provider: Callable[[], str]) -> None:
        super().__init__(widget)
        self._provider = provider
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        text = self._provider()
        if text:
            QToolTip.showText(event.globalPos(), text, watched)  # type: ignore[arg-type]
        else:
            QToolTip.hideText()
            event.ignore()
        return True
