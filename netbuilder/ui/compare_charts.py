"""Grouped bar charts of two networks' stages (pyqtgraph): A's bar left, B's right.

The charts follow the application palette (:func:`~netbuilder.ui.plot_theme.follow_palette`)
and label their value axis like the rest of the app (``61.7K``, ``1.81G``); each stage's
tick names its number and the spatial sizes of A and B.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from netbuilder.core.compare import SEQUENCE, UNKNOWN, VECTOR, Stage
from netbuilder.core.formatting import human
from netbuilder.ui.training.plots import OVERLAY_COLORS

#: Colours of A and B, the same as their curves in the runs plots.
A_COLOR, B_COLOR = OVERLAY_COLORS[0], OVERLAY_COLORS[1]
#: A stage's size where that network has no such stage (its bar is empty).
NONE = "—"
#: Width of one bar (a stage's pair of bars is 2 × this wide).
BAR_WIDTH = 0.38


class HumanAxis(pg.AxisItem):
    """A value axis with K/M/G ticks (:func:`~netbuilder.core.formatting.human`)."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        return [human(v * scale) for v in values]


class StageBars(pg.PlotWidget):
    """One value (params or FLOPs) per stage of A and of B, as bars side by side.

    Parameters
    ----------
    title : str
        The chart's title.
    parent : QWidget, optional
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, axisItems={"left": HumanAxis("left")})
        self.setTitle(title)
        self.setMouseEnabled(x=False, y=False)
        self.setMenuEnabled(False)
        self.hideButtons()
        self.showGrid(y=True, alpha=0.15)
        self.setMinimumSize(260, 200)
        bottom = self.getAxis("bottom")
        bottom.setStyle(tickTextOffset=4, autoExpandTextSpace=False)
        # three lines of tick text: the stage number, A's size, B's size
        bottom.setHeight(self._axis_height(3))
        self._ticks: list[str] = []
        self.full_ticks = True
        self.a_bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=A_COLOR)
        self.b_bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, brush=B_COLOR)
        self.addItem(self.a_bars)
        self.addItem(self.b_bars)

    def set_stages(
        self,
        pairs: Sequence[tuple[Stage | None, Stage | None]],
        value: str,
        factor: int = 1,
    ) -> None:
        """Show ``value`` (``"params"`` or ``"flops"``) × ``factor`` of each stage pair."""
        xs = list(range(1, len(pairs) + 1))
        heights = [
            [getattr(stage, value) * factor if stage is not None else 0 for stage in side]
            for side in zip(*pairs, strict=True)
        ] or [[], []]
        self.a_bars.setOpts(x=[x - BAR_WIDTH / 2 for x in xs], height=heights[0])
        self.b_bars.setOpts(x=[x + BAR_WIDTH / 2 for x in xs], height=heights[1])
        self._ticks = [_tick(a, b, x) for x, (a, b) in zip(xs, pairs, strict=True)]
        self.setToolTip(
            "\n".join(
                f"{x}:  {_side('A', a, ha)};  {_side('B', b, hb)}"
                for x, (a, b), ha, hb in zip(xs, pairs, *heights, strict=True)
            )
        )
        self._update_ticks()
        self.setXRange(0.4, max(1, len(xs)) + 0.6, padding=0)
        top = max([*heights[0], *heights[1], 1])
        self.setYRange(0, top * 1.08, padding=0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if "_ticks" in self.__dict__:  # not during pyqtgraph's own set-up
            self._update_ticks()

    def _update_ticks(self) -> None:
        """Stage numbers with A's and B's sizes where they fit side by side, else the numbers
        alone (the sizes stay in the tooltip)."""
        ticks = self._ticks
        metrics = QFontMetrics(self.getAxis("bottom").font())
        widest = max(
            (metrics.horizontalAdvance(line) for tick in ticks for line in tick.split("\n")),
            default=0,
        )
        # the plot area: the widget less the value axis and the margins (the view box itself
        # is laid out later than this widget's resize)
        plot_width = self.width() - self.getAxis("left").width() - 4
        room = plot_width / max(1, len(ticks) + 0.2)
        full = widest + 4 <= room
        shown = [(i, tick if full else tick.split("\n")[0]) for i, tick in enumerate(ticks, 1)]
        axis = self.getAxis("bottom")
        axis.setTicks([shown])
        height = self._axis_height(3 if full else 1)
        if axis.height() != height:
            axis.setHeight(height)
        self.full_ticks = full

    def _axis_height(self, lines: int) -> int:
        return lines * QFontMetrics(self.getAxis("bottom").font()).lineSpacing() + 12

    def heights(self) -> tuple[list[float], list[float]]:
        """The bar heights shown for A and for B (stage order)."""
        return (
            [float(h) for h in self.a_bars.opts["height"]],
            [float(h) for h in self.b_bars.opts["height"]],
        )


def size_text(size: str) -> str:
    """A stage's size as shown: the core's English words (``vector``, ``sequence``, ``?``)
    translated in the context ``Compare``; ``28×28`` as it is."""
    if size == VECTOR:
        return QCoreApplication.translate("Compare", "vector")
    if size == SEQUENCE:
        return QCoreApplication.translate("Compare", "sequence")
    if size == UNKNOWN:
        return QCoreApplication.translate("Compare", "?")
    return size


def _tick(a: Stage | None, b: Stage | None, number: int) -> str:
    """``'3\\nA 28×28\\nB 14×14'``: the stage number, then A's and B's spatial sizes."""
    return f"{number}\nA {size_text(a.size) if a else NONE}\nB {size_text(b.size) if b else NONE}"


def _side(letter: str, stage: Stage | None, value: float) -> str:
    """``'A 28×28 156'``: one side of a stage in the tooltip."""
    if stage is None:
        return f"{letter} {NONE}"
    return f"{letter} {size_text(stage.size)} {human(value)}"


def key_html(a: str, b: str) -> str:
    """Rich text naming A's and B's colours (``■ A: name   ■ B: name``), names escaped."""

    def entry(color: tuple[int, int, int], text: str) -> str:
        hex_color = "#{:02x}{:02x}{:02x}".format(*color)
        return f'<span style="color:{hex_color}">■</span>&nbsp;{html.escape(text)}'

    return f"{entry(A_COLOR, a)}&nbsp;&nbsp;&nbsp;&nbsp;{entry(B_COLOR, b)}"
