"""Category colours and small painted icons (no image files needed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from netbuilder.ui.canvas.style import CATEGORY_COLORS, FALLBACK_COLOR


def category_color(category: str) -> QColor:
    """The colour of a category (grey for an unknown one)."""
    return QColor(CATEGORY_COLORS.get(category, FALLBACK_COLOR))


def _paint(painter: QPainter, category: str, size: float) -> None:
    color = category_color(category)
    m = size * 0.1
    rect = QRectF(m, m, size - 2 * m, size - 2 * m)
    painter.setPen(Qt.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(rect, size * 0.22, size * 0.22)
    pen = QPen(QColor("white"), max(1.0, size * 0.08))
    pen.setCapStyle(Qt.RoundCap)
    pen.setJoinStyle(Qt.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.NoBrush)
    c, r = size / 2, size * 0.22
    if category == "Convolution":
        for dx in (-1, 1):
            for dy in (-1, 1):
                painter.drawRect(
                    QRectF(
                        c + dx * r * 0.55 - r * 0.4, c + dy * r * 0.55 - r * 0.4, r * 0.8, r * 0.8
                    )
                )
    elif category == "Pooling":
        painter.drawRect(QRectF(c - r, c - r, 2 * r, 2 * r))
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(c - r * 0.35, c - r * 0.35, r * 0.7, r * 0.7))
    elif category == "Normalization":
        path = QPainterPath()
        path.moveTo(c - r * 1.2, c + r)
        path.cubicTo(c - r * 0.4, c + r, c - r * 0.4, c - r, c, c - r)
        path.cubicTo(c + r * 0.4, c - r, c + r * 0.4, c + r, c + r * 1.2, c + r)
        painter.drawPath(path)
    elif category == "Activation":
        painter.drawPolyline(
            [_pt(c - r * 1.1, c + r * 0.6), _pt(c, c + r * 0.6), _pt(c + r * 1.1, c - r)]
        )
    elif category == "Recurrent":
        painter.drawArc(QRectF(c - r, c - r, 2 * r, 2 * r), 60 * 16, 280 * 16)
    elif category == "Linear":
        for y in (-0.7, 0, 0.7):
            painter.drawLine(_pt(c - r, c - r * 0.7), _pt(c + r, c + y * r))
            painter.drawLine(_pt(c - r, c + r * 0.7), _pt(c + r, c + y * r))
    elif category == "Merge":
        painter.drawLine(_pt(c - r, c - r), _pt(c, c))
        painter.drawLine(_pt(c - r, c + r), _pt(c, c))
        painter.drawLine(_pt(c, c), _pt(c + r, c))
    elif category == "Composite":
        painter.drawRect(QRectF(c - r, c - r, 2 * r, 2 * r))
        painter.drawRect(QRectF(c - r * 0.4, c - r * 0.4, r * 0.8, r * 0.8))
    else:  # Input
        painter.drawLine(_pt(c - r, c), _pt(c + r, c))
        painter.drawLine(_pt(c + r * 0.3, c - r * 0.6), _pt(c + r, c))
        painter.drawLine(_pt(c + r * 0.3, c + r * 0.6), _pt(c + r, c))


def _pt(x: float, y: float):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


@cache
def category_icon(category: str) -> QIcon:
    """A rounded square in the category colour with a small glyph, crisp at 1× and 2×."""
    icon = QIcon()
    for size in (16, 20, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        _paint(painter, category, float(size))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def app_icon() -> QIcon:
    """The application icon (the Composite glyph on the convolution colour)."""
    return category_icon("Convolution")


def resource_file(*parts: str) -> Path:
    """A file of the top-level ``resources/`` folder (the source tree's when present, so a
    checkout finds its own files; else the installed ``netbuilder.resources`` package)."""
    source = Path(__file__).resolve().parents[2] / "resources"
    candidate = source.joinpath(*parts)
    if candidate.is_file():
        return candidate
    from importlib import resources

    return Path(str(resources.files("netbuilder.resources").joinpath(*parts)))


def themed_icon(name: str) -> QIcon:
    """The desktop theme's icon ``name`` (freedesktop naming, e.g. ``edit-undo``), or the
    bundled ``resources/icons/<name>.svg`` when the theme has none."""
    fallback = QIcon(str(resource_file("icons", f"{name}.svg")))
    return QIcon.fromTheme(name, fallback)
