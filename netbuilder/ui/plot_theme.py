"""Plots follow the application palette: light or dark, switched live.

pyqtgraph draws with its own colours (black background by default). :func:`follow_palette`
colours a widget's plots from its palette now and again on every palette change, so a
View → Theme switch (or the system's) reaches plots that are built lazily, long after the
theme was chosen. Imported only with the plots (pyqtgraph is not a startup import).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

#: Events after which a widget's palette may differ.
_PALETTE_EVENTS = (QEvent.PaletteChange, QEvent.ApplicationPaletteChange)


def plot_colors(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """Background, text and axis colours of plots drawn on ``palette``."""
    return (
        palette.color(QPalette.Base),
        palette.color(QPalette.Text),
        palette.color(QPalette.PlaceholderText),
    )


def style_plots(views: Sequence[pg.GraphicsView], palette: QPalette) -> None:
    """Colour ``views`` (``PlotWidget`` or ``GraphicsLayoutWidget``) from ``palette``."""
    background, text, axis = plot_colors(palette)
    for view in views:
        view.setBackground(background)
        item = view.getPlotItem() if isinstance(view, pg.PlotWidget) else None
        if item is None:
            continue
        for name in ("left", "bottom"):
            ax = item.getAxis(name)
            ax.setPen(pg.mkPen(axis))
            ax.setTextPen(pg.mkPen(text))
        title = item.titleLabel
        if title.text:
            title.setText(title.text, color=text.name())
        if item.legend is not None:
            item.legend.setLabelTextColor(text)
            for _sample, label in item.legend.items:  # labels made before the switch
                label.setText(label.text, color=text.name())


class _Follower(QObject):
    """Re-styles its parent's plots after each palette change of the parent."""

    def __init__(self, owner: QWidget, views: Sequence[pg.GraphicsView]) -> None:
        super().__init__(owner)
        self.owner = owner
        self.views = list(views)
        owner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.owner and event.type() in _PALETTE_EVENTS:
            style_plots(self.views, self.owner.palette())
        return False


def follow_palette(owner: QWidget, views: Sequence[pg.GraphicsView]) -> QObject:
    """Colour ``views`` from ``owner``'s palette now and after each palette change.

    Returns the follower (a child of ``owner``, gone with it).
    """
    style_plots(views, owner.palette())
    return _Follower(owner, views)
