"""Export of the whole canvas as a PNG image or an SVG drawing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from netbuilder.ui.i18n import translate

_BORDER = 24.0


def _source_rect(scene: QGraphicsScene) -> QRectF:
    rect = scene.cards_rect() if hasattr(scene, "cards_rect") else scene.itemsBoundingRect()
    return rect.adjusted(-_BORDER, -_BORDER, _BORDER, _BORDER)


def _render(scene: QGraphicsScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    layers = getattr(scene, "layers", None)
    if layers is None:
        _render_items(scene, painter, target, source)
        return
    with layers.full_detail():  # an export shows every card in full, whatever the zoom
        _render_items(scene, painter, target, source)


def _render_items(scene: QGraphicsScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    selected = scene.selectedItems()
    blocked = scene.blockSignals(True)  # the model's selection is not touched
    for item in selected:  # exports show the network, not the current selection
        item.setSelected(False)
    cached = [(item, item.cacheMode()) for item in scene.items() if item.cacheMode()]
    for item, _ in cached:  # paint vectors and text, not cached pixmaps
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    brush = scene.backgroundBrush()
    theme = getattr(scene, "theme", None)
    scene.setBackgroundBrush(QBrush(theme.background if theme else QColor("white")))
    grid = getattr(scene, "grid", None)
    if grid is not None:
        grid.enabled = False  # a plain background, without the dots
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        if grid is not None:
            grid.enabled = True
        scene.setBackgroundBrush(brush)
        for item, mode in cached:
            item.setCacheMode(mode)
        for item in selected:
            item.setSelected(True)
        scene.blockSignals(blocked)


def render_image(scene: QGraphicsScene, scale: float = 2.0, max_side: int = 16000) -> QImage:
    """The whole scene as an image, ``scale`` pixels per scene unit (capped to ``max_side``)."""
    source = _source_rect(scene)
    scale = min(scale, max_side / max(source.width(), source.height(), 1.0))
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        _render(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    return image


def export_png(scene: QGraphicsScene, path: str | Path, scale: float = 2.0) -> None:
    """Write the whole scene to ``path`` as PNG.

    Raises
    ------
    OSError
        When the file cannot be written.
    """
    image = render_image(scene, scale)
    if not image.save(str(path), "PNG"):
        raise OSError(
            translate("CanvasExport", "Could not write the image to {path}.").format(path=path)
        )


def export_svg(scene: QGraphicsScene, path: str | Path) -> None:
    """Write the whole scene to ``path`` as SVG (vector, text stays text)."""
    source = _source_rect(scene)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(source.width()), round(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(translate("CanvasExport", "NetBuilder network"))
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(
            translate("CanvasExport", "Could not write the drawing to {path}.").format(path=path)
        )
    try:
        _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        painter.end()
    if not Path(path).exists():
        raise OSError(
            translate("CanvasExport", "Could not write the drawing to {path}.").format(path=path)
        )
