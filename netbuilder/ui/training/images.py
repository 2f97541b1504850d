"""Image views of the training dashboard: conv kernels and feature maps.

The tiling functions are pure numpy (:func:`kernel_grid`, :func:`maps_grid`); the widgets
only draw what the worker sends. Images are indexed ``[x, y]`` (pyqtgraph's column-major
``ImageItem``) unless stated otherwise.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netbuilder.ui.i18n import translate
from netbuilder.ui.plot_theme import follow_palette

#: Tiles drawn at most per kernel grid (output × input channels).
MAX_TILES_OUT, MAX_TILES_IN = 64, 16
#: Feature maps drawn at most.
MAX_MAPS = 64


def maps_grid(maps: np.ndarray, columns: int = 8) -> np.ndarray:
    """Tile feature maps C×H×W (at most :data:`MAX_MAPS`) into one image, 1-pixel gaps.

    A vector is one strip, an L×F sequence one map.

    Each map is scaled to [0, 1] on its own; the result is indexed ``[x, y]``.
    """
    m = np.asarray(maps, dtype=np.float32)
    if m.ndim == 0:
        m = m.reshape(1, 1, 1)
    elif m.ndim == 1:  # a vector (a Linear layer's output): one strip
        m = m[None, None, :]
    elif m.ndim == 2:  # a sequence L×F: one map
        m = m[None]
    elif m.ndim > 3:  # e.g. C×D×H×W: the leading dimensions become maps
        m = m.reshape(-1, *m.shape[-2:])
    m = m[:MAX_MAPS]
    c, h, w = m.shape
    cols = min(columns, c)
    rows = -(-c // cols)
    grid = np.zeros((rows * (h + 1) - 1, cols * (w + 1) - 1), dtype=np.float32)
    for k in range(c):
        tile = m[k]
        lo, hi = float(tile.min()), float(tile.max())
        tile = (tile - lo) / (hi - lo) if hi > lo else np.zeros_like(tile)
        r, q = divmod(k, cols)
        grid[r * (h + 1) : r * (h + 1) + h, q * (w + 1) : q * (w + 1) + w] = tile
    return grid.T


def kernel_grid(weights: np.ndarray) -> np.ndarray:
    """Tile conv weights (out, in, kh, kw) into one image, 1-pixel gaps, values in [-1, 1].

    Rows are output channels, columns input channels (at most :data:`MAX_TILES_OUT` ×
    :data:`MAX_TILES_IN`); with one input channel the kernels fill a near-square grid.
    The image is indexed ``[x, y]`` as pyqtgraph's ``ImageItem`` expects (column-major).
    """
    w = np.asarray(weights, dtype=np.float32)
    if w.ndim == 3:  # Conv1d: (out, in, k) → one-row kernels
        w = w[:, :, None, :]
    out_c, in_c, kh, kw = w.shape
    out_c, in_c = min(out_c, MAX_TILES_OUT), min(in_c, MAX_TILES_IN)
    w = w[:out_c, :in_c]
    scale = float(np.abs(w).max()) or 1.0
    if in_c == 1:  # one input channel (a first layer): a near-square grid of kernels
        per_row = math.ceil(math.sqrt(out_c))
        tiles = [(divmod(o, per_row), w[o, 0]) for o in range(out_c)]
        n_rows, n_cols = math.ceil(out_c / per_row), per_row
    else:
        tiles = [((o, i), w[o, i]) for o in range(out_c) for i in range(in_c)]
        n_rows, n_cols = out_c, in_c
    grid = np.zeros((n_rows * (kh + 1) - 1, n_cols * (kw + 1) - 1), dtype=np.float32)
    for (row, col), tile in tiles:
        r, c = row * (kh + 1), col * (kw + 1)
        grid[r : r + kh, c : c + kw] = tile / scale
    return grid.T  # pyqtgraph: first axis is x


def blues_lut() -> np.ndarray:
    """White (0) to dark blue (1), 256 colours."""
    t = np.linspace(0.0, 1.0, 256)[:, None]
    white, blue = np.array([255, 255, 255]), np.array([20, 70, 160])
    return (white + (blue - white) * t).astype(np.ubyte)


def diverging_lut() -> np.ndarray:
    """Blue (negative) – white (0) – red (positive) lookup table of 256 colours."""
    t = np.linspace(-1.0, 1.0, 256)
    lut = np.empty((256, 3), dtype=np.ubyte)
    neg = t < 0
    lut[:, 0] = np.where(neg, 255 * (1 + t), 255)
    lut[:, 1] = 255 * (1 - np.abs(t))
    lut[:, 2] = np.where(neg, 255, 255 * (1 - t))
    return lut


def _picture(min_height: int) -> tuple[pg.GraphicsLayoutWidget, pg.ViewBox, pg.ImageItem]:
    view = pg.GraphicsLayoutWidget()
    view.setMinimumHeight(min_height)
    box = view.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
    item = pg.ImageItem(axisOrder="col-major")
    # repainted with its view whenever the dashboard updates: kept as a pixmap (a scaled
    # image costs about 2 ms a paint, taken from the trainer) until a new image comes
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    box.addItem(item)
    return view, box, item


class KernelView(QWidget):
    """The kernels of a conv layer (the first one by default) with a layer chooser.

    Signals
    -------
    layerChosen(str)
        The user chose another conv layer.
    """

    layerChosen = Signal(str)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kernel_shape: tuple[int, ...] = ()
        self.layer_box = QComboBox()
        self.layer_box.setToolTip(translate("TrainingImages", "Conv layer whose kernels are drawn"))
        self.layer_box.currentTextChanged.connect(self._layer_chosen)
        self.kernel_view, self.kernel_box, self.kernel_item = _picture(90)
        self.kernel_item.setLevels((-1.0, 1.0))
        self.kernel_item.setLookupTable(diverging_lut())
        self.kernel_label = QLabel(translate("TrainingImages", "Kernels: no conv layer yet."))
        self.kernel_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.kernel_label, 1)
        row.addWidget(self.layer_box)
        layout.addLayout(row)
        layout.addWidget(self.kernel_view, 1)
        follow_palette(self, (self.kernel_view,))  # light/dark, live

    def _layer_chosen(self, name: str) -> None:
        if name:
            self.layerChosen.emit(name)

    def set_layers(self, names: list[str]) -> None:
        """The conv layers to choose from (the current choice kept when still there)."""
        self.layer_box.blockSignals(True)
        current = self.layer_box.currentText()
        self.layer_box.clear()
        self.layer_box.addItems(names)
        if current in names:
            self.layer_box.setCurrentText(current)
        self.layer_box.blockSignals(False)
        if not names:
            self.kernel_label.setText(
                translate("TrainingImages", "Kernels: this network has no conv layer.")
            )

    def show_kernels(self, name: str, weights: np.ndarray) -> None:
        """Draw the weights of conv layer ``name``."""
        self.kernel_shape = tuple(weights.shape)
        self.kernel_item.setImage(kernel_grid(weights), autoLevels=False, levels=(-1.0, 1.0))
        self.kernel_box.autoRange(padding=0.02)
        dims = "×".join(str(d) for d in weights.shape)
        self.kernel_label.setText(
            translate("TrainingImages", "Kernels of {name} ({dims})").format(name=name, dims=dims)
        )
        if self.layer_box.currentText() != name:
            self.layer_box.blockSignals(True)
            self.layer_box.setCurrentText(name)
            self.layer_box.blockSignals(False)


class MapsView(QWidget):
    """Feature maps of a chosen layer for a chosen validation sample (after training).

    Signals
    -------
    mapsRequested(str, int)
        The user asked for the feature maps of a layer for a sample.
    """

    mapsRequested = Signal(str, int)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maps_shape: tuple[int, ...] = ()
        self.layer_box = QComboBox()
        self.layer_box.setToolTip(translate("TrainingImages", "Layer whose output is drawn"))
        self.sample_box = QSpinBox()
        self.sample_box.setRange(0, 0)
        self.sample_box.setPrefix("sample ")
        self.sample_box.setToolTip(
            translate("TrainingImages", "Validation sample (numbered as in the predictions)")
        )
        self.maps_button = QPushButton(translate("TrainingImages", "Show"))
        self.maps_button.setToolTip(
            translate("TrainingImages", "The chosen layer's output for the chosen sample")
        )
        self.maps_button.setEnabled(False)
        self.maps_button.clicked.connect(self._clicked)
        self.maps_view, self.maps_box, self.maps_item = _picture(90)
        self.maps_label = QLabel(translate("TrainingImages", "Feature maps: after training."))
        self.maps_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("TrainingImages", "Feature maps of")))
        row.addWidget(self.layer_box, 1)
        row.addWidget(self.sample_box)
        row.addWidget(self.maps_button)
        layout.addLayout(row)
        layout.addWidget(self.maps_label)
        layout.addWidget(self.maps_view, 1)
        follow_palette(self, (self.maps_view,))  # light/dark, live

    def set_layers(self, names: list[str], samples: int) -> None:
        """The layers and the number of validation samples to choose from."""
        current = self.layer_box.currentText()
        self.layer_box.clear()
        self.layer_box.addItems(names)
        if current in names:
            self.layer_box.setCurrentText(current)
        self.sample_box.setRange(0, max(0, samples - 1))

    def _clicked(self) -> None:
        name = self.layer_box.currentText()
        if name:
            self.mapsRequested.emit(name, self.sample_box.value())

    def show_maps(self, name: str, index: int, maps: np.ndarray) -> None:
        """Draw the feature maps of ``name`` for validation sample ``index``."""
        self.maps_shape = tuple(maps.shape)
        self.maps_item.setImage(maps_grid(maps), autoLevels=False, levels=(0.0, 1.0))
        self.maps_box.autoRange(padding=0.02)
        dims = "×".join(str(d) for d in maps.shape)
        self.maps_label.setText(
            translate(
                "TrainingImages", "Feature maps of {name} for validation sample {index} ({dims})"
            ).format(name=name, index=index, dims=dims)
        )

    def show_problem(self, message: str) -> None:
        """Why the feature maps cannot be drawn (one sentence)."""
        self.maps_label.setText(
            translate("TrainingImages", "Feature maps: {message}").format(message=message)
        )
