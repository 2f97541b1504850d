"""Hide the dock tab bars a ``QMainWindow`` leaves behind.

When docks are tabified in more than one area, Qt keeps the tab bar of an earlier step
visible where it once was (e.g. a "Summary | Problems" bar over the block palette). A tab
bar the layout uses sits right under the dock of its current tab, as wide as that dock;
any other is left over and hidden here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar
from shiboken6 import getCppPointer


def _in_use(bar: QTabBar, docks: dict[int, QDockWidget]) -> bool:
    dock = docks.get(bar.tabData(bar.currentIndex()))  # Qt stores the dock's address
    if dock is None or not dock.isVisible():
        return False
    shown, place = dock.geometry(), bar.geometry()
    return (
        shown.x() == place.x()
        and shown.width() == place.width()
        and abs(shown.bottom() + 1 - place.top()) <= 1
    )


def stale_tab_bars(window: QMainWindow) -> list[QTabBar]:
    """Visible dock tab bars of ``window`` that its layout no longer uses."""
    docks = {getCppPointer(d)[0]: d for d in window.findChildren(QDockWidget)}
    return [
        bar
        for bar in window.findChildren(QTabBar)
        if bar.parent() is window and bar.isVisible() and not _in_use(bar, docks)
    ]


def hide_stale_tab_bars(window: QMainWindow) -> int:
    """Hide the left-over tab bars of ``window``; returns how many were hidden."""
    stale = stale_tab_bars(window)
    for bar in stale:
        bar.hide()
    return len(stale)
