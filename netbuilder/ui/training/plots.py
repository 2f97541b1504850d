"""Loss and accuracy side by side on a shared epoch axis (pyqtgraph).

Both follow the palette's light or dark theme
(:func:`~netbuilder.ui.plot_theme.follow_palette`). Live curves are created once and fed
with ``setData`` on preallocated numpy buffers sized for the whole run, so an update costs
a slice, never a new item or a growing list. The per-batch loss is a faint trace; epoch
values are bold points. Saved runs can be shown again (:meth:`TrainingPlots.show_history`)
or overlaid (:meth:`TrainingPlots.overlay`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QWidget

from netbuilder.ui.i18n import translate
from netbuilder.ui.plot_theme import follow_palette

#: Weight of the newest batch loss in the smoothed training curve.
SMOOTHING = 0.05
TRAIN_COLOR = (40, 110, 220)
VAL_COLOR = (225, 110, 30)
#: Colours of overlaid runs (one per run, repeating).
OVERLAY_COLORS = (
    (40, 110, 220),
    (225, 110, 30),
    (40, 160, 70),
    (200, 50, 60),
    (140, 90, 200),
    (130, 100, 60),
    (220, 100, 180),
    (90, 150, 160),
)


def smooth(values: np.ndarray, start: float) -> tuple[np.ndarray, float]:
    """Exponential moving average of ``values`` continuing from ``start`` (NaN: none yet).

    Returns the smoothed values and the last average.
    """
    out = np.empty(len(values), dtype=np.float64)
    ema = start
    for i, v in enumerate(values):
        ema = v if math.isnan(ema) else (1 - SMOOTHING) * ema + SMOOTHING * v
        out[i] = ema
    return out, ema


def _epoch_curve(plot: pg.PlotWidget, color: tuple[int, int, int], name: str) -> Any:
    """A bold line with a point per epoch."""
    pen = pg.mkPen(color, width=2.5)
    return plot.plot(pen=pen, symbol="o", symbolSize=8, symbolBrush=color, name=name)


def _value(v: float | None) -> float:
    return np.nan if v is None else float(v)


class TrainingPlots(QWidget):
    """Loss (per batch faint, smoothed, per epoch bold) beside accuracy (per epoch).

    Both plots share the epoch axis and resize together.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.epochs = 0
        self.batches_per_epoch = 1
        self._n_batches = 0
        self._first_batch = 0
        self._n_epochs = 0
        self._ema = math.nan
        self._loss_x = np.zeros(0)
        self._loss_y = np.zeros(0)
        self._smooth_y = np.zeros(0)
        self._epoch_x = np.zeros(0)
        self._train_loss = np.zeros(0)
        self._val_loss = np.zeros(0)
        self._val_acc = np.zeros(0)
        self._train_acc = np.zeros(0)
        self._overlays: list[Any] = []

        self.loss_plot = pg.PlotWidget(title=translate("TrainingPlots", "Loss"))
        self.loss_plot.setLabel("bottom", translate("TrainingPlots", "epoch"))
        self.loss_plot.addLegend(offset=(-5, 5))
        self.loss_curve = self.loss_plot.plot(
            pen=pg.mkPen((*TRAIN_COLOR, 70)), name=translate("TrainingPlots", "train (batch)")
        )
        self.smooth_curve = self.loss_plot.plot(pen=pg.mkPen((*TRAIN_COLOR, 170), width=1.5))
        self.train_loss_curve = _epoch_curve(
            self.loss_plot, TRAIN_COLOR, translate("TrainingPlots", "train (epoch)")
        )
        self.val_loss_curve = _epoch_curve(
            self.loss_plot, VAL_COLOR, translate("TrainingPlots", "validation")
        )
        self.acc_plot = pg.PlotWidget(title=translate("TrainingPlots", "Accuracy"))
        self.acc_plot.setLabel("bottom", translate("TrainingPlots", "epoch"))
        self.acc_plot.setYRange(0, 1)
        self.acc_plot.addLegend(offset=(-5, -5))
        self.train_acc_curve = _epoch_curve(self.acc_plot, TRAIN_COLOR, "train")
        self.val_acc_curve = _epoch_curve(
            self.acc_plot, VAL_COLOR, translate("TrainingPlots", "validation")
        )
        self.acc_plot.setXLink(self.loss_plot)  # one epoch axis
        for plot in (self.loss_plot, self.acc_plot):
            plot.setMinimumSize(220, 150)
            plot.setMouseEnabled(x=False, y=False)
            plot.showGrid(x=True, y=True, alpha=0.15)
            for side in ("left", "bottom"):
                # an axis draws its ticks' text and the grid over the whole plot, so every
                # new point repainted it (about 2 ms of text each time, taken from the
                # trainer): kept as a pixmap until its range changes
                plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for curve in (self.loss_curve, self.smooth_curve):
            # thousands of batches: draw at most about one point per pixel
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot, 1)
        layout.addWidget(self.acc_plot, 1)
        follow_palette(self, (self.loss_plot, self.acc_plot))  # light/dark, live

    def _live_curves(self) -> tuple[Any, ...]:
        return (
            self.loss_curve,
            self.smooth_curve,
            self.train_loss_curve,
            self.val_loss_curve,
            self.train_acc_curve,
            self.val_acc_curve,
        )

    def _clear_overlays(self) -> None:
        for plot_item, curve in self._overlays:
            plot_item.removeItem(curve)
        self._overlays.clear()
        for curve in self._live_curves():
            curve.setVisible(True)

    def reset(self, epochs: int, batches_per_epoch: int, start_epoch: int = 0) -> None:
        """Empty curves with room for ``epochs`` × ``batches_per_epoch`` batches.

        A resumed run starts at ``start_epoch`` (its earlier epochs come through
        :meth:`add_epoch`; their batches are not kept).
        """
        self._clear_overlays()
        self.epochs = epochs
        self.batches_per_epoch = max(1, batches_per_epoch)
        capacity = max(0, epochs - start_epoch) * self.batches_per_epoch
        self._first_batch = start_epoch * self.batches_per_epoch
        self._loss_x = np.zeros(capacity)
        self._loss_y = np.zeros(capacity)
        self._smooth_y = np.zeros(capacity)
        for name in ("_epoch_x", "_train_loss", "_val_loss", "_val_acc", "_train_acc"):
            setattr(self, name, np.zeros(epochs))
        self._n_batches = self._n_epochs = 0
        self._ema = math.nan
        for curve in self._live_curves():
            curve.setData([], [])
        self.loss_plot.setXRange(0, max(1, epochs), padding=0.02)
        self.loss_plot.enableAutoRange(axis="y")

    def add_batches(self, losses: np.ndarray) -> None:
        """Append batch losses (beyond the buffer's room they are dropped)."""
        n0 = self._n_batches
        n = min(n0 + len(losses), len(self._loss_y))
        if n <= n0:
            return
        self._loss_y[n0:n] = losses[: n - n0]
        first = self._first_batch
        self._loss_x[n0:n] = (np.arange(first + n0, first + n) + 1) / self.batches_per_epoch
        self._smooth_y[n0:n], self._ema = smooth(self._loss_y[n0:n], self._ema)
        self._n_batches = n
        self.loss_curve.setData(self._loss_x[:n], self._loss_y[:n])
        self.smooth_curve.setData(self._loss_x[:n], self._smooth_y[:n])

    def add_epochs(self, events: Sequence[Any]) -> None:
        """Append the losses and accuracies of epochs (``EpochEnd`` or saved records),
        the curves redrawn once."""
        n = self._n_epochs
        for event in events:
            if n >= len(self._epoch_x):
                break
            self._epoch_x[n] = event.epoch
            self._train_loss[n] = _value(event.train_loss)
            self._val_loss[n] = _value(event.val_loss)
            self._val_acc[n] = _value(event.val_acc)
            self._train_acc[n] = _value(event.train_acc)
            n += 1
        if n == self._n_epochs:
            return
        self._n_epochs = n
        x = self._epoch_x[:n]
        self.train_loss_curve.setData(x, self._train_loss[:n])
        self.val_loss_curve.setData(x, self._val_loss[:n])
        self.val_acc_curve.setData(x, self._val_acc[:n])
        self.train_acc_curve.setData(x, self._train_acc[:n])

    def show_history(
        self,
        records: Sequence[Any],
        epochs: int | None = None,
        batches: Sequence[tuple[float, float]] = (),
    ) -> None:
        """Show a saved run: its epochs and, when it kept them, its batch losses
        (``(position in epochs, loss)`` pairs)."""
        total = max(epochs or 0, len(records), 1)
        self.reset(total, 1, start_epoch=total)
        if len(batches):
            pairs = np.asarray(batches, dtype=np.float64)
            self._loss_x, self._loss_y = pairs[:, 0].copy(), pairs[:, 1].copy()
            self._smooth_y, self._ema = smooth(self._loss_y, math.nan)
            self._n_batches = n = len(pairs)
            self.loss_curve.setData(self._loss_x[:n], self._loss_y[:n])
            self.smooth_curve.setData(self._loss_x[:n], self._smooth_y[:n])
        self.add_epochs(records)

    def overlay(
        self,
        runs: Sequence[tuple[str, Sequence[Any]]],
        colors: Sequence[tuple[int, int, int]] | None = None,
    ) -> None:
        """Overlay the epoch curves of several runs: validation loss and accuracy per run
        (train dashed), one colour each (``colors[k]``, else the k-th overlay colour); the
        live curves are hidden until :meth:`reset`."""
        self._clear_overlays()
        for curve in self._live_curves():
            curve.setVisible(False)
        longest = 1
        for k, (label, records) in enumerate(runs):
            color = colors[k] if colors is not None else OVERLAY_COLORS[k % len(OVERLAY_COLORS)]
            x = np.array([r.epoch for r in records], dtype=np.float64)
            longest = max(longest, int(x.max()) if len(x) else 1)
            series = (
                (self.loss_plot, [r.val_loss for r in records], label, True),
                (self.loss_plot, [r.train_loss for r in records], None, False),
                (self.acc_plot, [r.val_acc for r in records], label, True),
                (self.acc_plot, [r.train_acc for r in records], None, False),
            )
            for widget, values, name, solid in series:
                y = np.array([_value(v) for v in values], dtype=np.float64)
                pen = pg.mkPen(color, width=2.5 if solid else 1.2)
                if not solid:
                    pen.setDashPattern([4, 3])
                curve = pg.PlotDataItem(
                    x,
                    y,
                    pen=pen,
                    symbol="o" if solid else None,
                    symbolSize=7,
                    symbolBrush=color,
                    name=name,
                )
                widget.getPlotItem().addItem(curve)
                self._overlays.append((widget.getPlotItem(), curve))
        self.loss_plot.setXRange(0, longest, padding=0.02)
        self.loss_plot.enableAutoRange(axis="y")

    @property
    def overlaid_runs(self) -> int:
        """How many runs are overlaid (0: the live or one run's curves)."""
        return len(self._overlays) // 4

    @property
    def batch_points(self) -> int:
        """Points of the per-batch training-loss curve."""
        return self._n_batches

    @property
    def epoch_points(self) -> int:
        """Points of the per-epoch curves."""
        return self._n_epochs

    def last_val_acc(self) -> float:
        """The last epoch's validation accuracy (NaN when there is none)."""
        return float(self._val_acc[self._n_epochs - 1]) if self._n_epochs else math.nan

    def best_val_acc(self) -> float:
        """The best validation accuracy so far (NaN when there is none)."""
        values = self._val_acc[: self._n_epochs]
        return float(np.nanmax(values)) if np.isfinite(values).any() else math.nan
