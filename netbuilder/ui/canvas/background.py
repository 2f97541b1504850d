"""The canvas background: a plain colour under a grid of dots, drawn in device pixels.

A background brush made of a small tile is scaled with the view, and Qt fills the whole
viewport through a filtered, transformed texture after every zoom step (several
milliseconds on worker threads). Here the dots are drawn from a tile made for the current
zoom and screen, copied pixel for pixel; where dots would sit closer than
:data:`MIN_SPACING_PX` on screen they are left out (plain colour).
"""

from __future__ import annotations

from math import floor

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap, QTransform

#: Distance between dots (scene units) and their radius.
SPACING = 24.0
DOT_RADIUS = 1.3
#: Dots closer than this on screen (logical pixels) are not drawn.
MIN_SPACING_PX = 10.0
#: A tile holds as many dots as fit in about this many device pixels (a new tile is drawn
#: at every zoom step: a few dozen dots); the rounding of the tile to whole pixels shifts
#: the dots by at most half a pixel per tile.
_TILE_PX = 128


class DotGrid:
    """Paints the background of one scene; keeps the tile of the last zoom."""

    def __init__(self) -> None:
        #: False while exporting: a plain background.
        self.enabled = True
        self._key: tuple | None = None
        self._tile = QPixmap()
        self._period = 0.0

    def paint(self, painter: QPainter, rect: QRectF, background: QColor, dots: QColor) -> None:
        """Fill ``rect`` (scene coordinates) with ``background`` and the dots over it."""
        transform = painter.worldTransform()
        if transform.type().value > QTransform.TransformationType.TxScale.value:
            painter.fillRect(rect, background)
            return
        # whole device pixels, no antialiasing: Qt's plain memory fill (a fractional,
        # antialiased rectangle goes through its span filler, split over worker threads)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(transform.mapRect(rect).toAlignedRect(), background)
        painter.restore()
        if not self.enabled:
            return
        zoom = transform.m11()
        if zoom * SPACING < MIN_SPACING_PX:
            return
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        tile = self._tile_for(zoom, ratio, background, dots)
        period = tile.width() / ratio  # logical pixels covered by one tile
        # where the scene's dot at (12, 12) is on the device
        anchor = transform.map(QPointF(SPACING / 2.0, SPACING / 2.0))
        target = transform.mapRect(rect)
        first = self._period / 2.0 / ratio  # where the tile's first dot sits (logical px)
        # whole tiles, each copied as it is (a tiled fill would go through Qt's span
        # filler, split over worker threads), from whole device pixels (the dots move by
        # under half a pixel): a tile copied to a fraction of a pixel would be resampled
        left = round((anchor.x() - first) * ratio) / ratio
        top = round((anchor.y() - first) * ratio) / ratio
        x0 = left + floor((target.left() - left) / period) * period
        y0 = top + floor((target.top() - top) / period) * period
        painter.save()
        painter.resetTransform()
        y = y0
        while y < target.bottom():
            x = x0
            while x < target.right():
                painter.drawPixmap(QPointF(x, y), tile)
                x += period
            y += period
        painter.restore()

    def _tile_for(self, zoom: float, ratio: float, background: QColor, dots: QColor) -> QPixmap:
        """A square tile of dots ``SPACING * zoom * ratio`` device pixels apart, for a
        screen of device pixel ratio ``ratio``."""
        key = (round(zoom, 6), ratio, background.rgba(), dots.rgba())
        if key == self._key:
            return self._tile
        scale = zoom * ratio
        spacing = SPACING * scale
        count = max(1, round(_TILE_PX / spacing))
        size = max(1, round(spacing * count))
        period = size / count
        tile = QPixmap(size, size)
        tile.fill(background)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(dots)
        radius = DOT_RADIUS * scale
        for i in range(count):
            for j in range(count):
                center = QPointF((i + 0.5) * period, (j + 0.5) * period)
                painter.drawEllipse(center, radius, radius)
        painter.end()
        tile.setDevicePixelRatio(ratio)
        self._key, self._tile, self._period = key, tile, period
        return tile
