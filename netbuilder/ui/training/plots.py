"""Live loss and accuracy curves of the training dock (pyqtgraph).

Curves are created once and fed with ``setData`` on preallocated numpy buffers sized for
the whole run, so an update costs a slice, never a new item or a growing list.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from netbuilder.ui.plot_theme import follow_palette

#: Weight of the newest batch loss in the smoothed training curve.
SMOOTHING = 0.05


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


class TrainingPlots(QWidget):
    """Loss (per batch, smoothed, validation) and accuracy (train, validation) per epoch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.epochs = 0
        self.batches_per_epoch = 1
        self._n_batches = 0
        self._n_epochs = 0
        self._ema = math.nan
        self._loss_x = np.zeros(0)
        self._loss_y = np.zeros(0)
        self._smooth_y = np.zeros(0)
        self._epoch_x = np.zeros(0)
        self._val_loss = np.zeros(0)
        self._val_acc = np.zeros(0)
        self._train_acc = np.zeros(0)

        self.loss_plot = pg.PlotWidget(title="Loss")
        self.loss_plot.setLabel("bottom", "epoch")
        self.loss_plot.addLegend(offset=(-5, 5))
        self.loss_curve = self.loss_plot.plot(
            pen=pg.mkPen((120, 160, 220, 90)), name="train (batch)"
        )
        self.smooth_curve = self.loss_plot.plot(pen=pg.mkPen((40, 100, 220), width=2), name="train")
        self.val_loss_curve = self.loss_plot.plot(
            pen=pg.mkPen((220, 110, 40), width=2), symbol="o", symbolSize=5, name="val"
        )
        self.acc_plot = pg.PlotWidget(title="Accuracy")
        self.acc_plot.setLabel("bottom", "epoch")
        self.acc_plot.setYRange(0, 1)
        self.acc_plot.addLegend(offset=(-5, -5))
        self.train_acc_curve = self.acc_plot.plot(
            pen=pg.mkPen((40, 100, 220), width=2), symbol="o", symbolSize=5, name="train"
        )
        self.val_acc_curve = self.acc_plot.plot(
            pen=pg.mkPen((220, 110, 40), width=2), symbol="o", symbolSize=5, name="val"
        )
        for plot in (self.loss_plot, self.acc_plot):
            plot.setMinimumHeight(120)
            plot.setMouseEnabled(x=False, y=False)
        for curve in (self.loss_curve, self.smooth_curve):
            # thousands of batches: draw at most about one point per pixel
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot, 1)
        layout.addWidget(self.acc_plot, 1)
        follow_palette(self, (self.loss_plot, self.acc_plot))  # light/dark, live

    def reset(self, epochs: int, batches_per_epoch: int) -> None:
        """Empty curves with room for ``epochs`` × ``batches_per_epoch`` batches."""
        self.epochs = epochs
        self.batches_per_epoch = max(1, batches_per_epoch)
        capacity = epochs * self.batches_per_epoch
        self._loss_x = np.zeros(capacity)
        self._loss_y = np.zeros(capacity)
        self._smooth_y = np.zeros(capacity)
        self._epoch_x = np.zeros(epochs)
        self._val_loss = np.zeros(epochs)
        self._val_acc = np.zeros(epochs)
        self._train_acc = np.zeros(epochs)
        self._n_batches = self._n_epochs = 0
        self._ema = math.nan
        for curve in (
            self.loss_curve,
            self.smooth_curve,
            self.val_loss_curve,
            self.train_acc_curve,
            self.val_acc_curve,
        ):
            curve.setData([], [])
        self.loss_plot.setXRange(0, epochs, padding=0.02)
        self.acc_plot.setXRange(0, epochs, padding=0.02)

    def add_batches(self, losses: np.ndarray) -> None:
        """Append batch losses (beyond the buffer's room they are dropped)."""
        n0 = self._n_batches
        n = min(n0 + len(losses), len(self._loss_y))
        if n <= n0:
            return
        self._loss_y[n0:n] = losses[: n - n0]
        self._loss_x[n0:n] = (np.arange(n0, n) + 1) / self.batches_per_epoch
        self._smooth_y[n0:n], self._ema = smooth(self._loss_y[n0:n], self._ema)
        self._n_batches = n
        self.loss_curve.setData(self._loss_x[:n], self._loss_y[:n])
        self.smooth_curve.setData(self._loss_x[:n], self._smooth_y[:n])

    def add_epoch(self, event: Any) -> None:
        """Append an epoch's validation loss and accuracies (an ``EpochEnd``)."""
        i = self._n_epochs
        if i >= len(self._epoch_x):
            return
        self._epoch_x[i] = event.epoch
        self._val_loss[i] = np.nan if event.val_loss is None else event.val_loss
        self._val_acc[i] = np.nan if event.val_acc is None else event.val_acc
        self._train_acc[i] = np.nan if event.train_acc is None else event.train_acc
        self._n_epochs = n = i + 1
        self.val_loss_curve.setData(self._epoch_x[:n], self._val_loss[:n])
        self.val_acc_curve.setData(self._epoch_x[:n], self._val_acc[:n])
        self.train_acc_curve.setData(self._epoch_x[:n], self._train_acc[:n])

    @property
    def batch_points(self) -> int:
        """Points of the per-batch training-loss curve."""
        return self._n_batches

    @property
    def epoch_points(self) -> int:
        """Points of the per-epoch validation curves."""
        return self._n_epochs

    def last_val_acc(self) -> float:
        """The last epoch's validation accuracy (NaN when there is none)."""
        return float(self._val_acc[self._n_epochs - 1]) if self._n_epochs else math.nan
