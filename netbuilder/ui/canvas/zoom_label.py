"""The zoom percentage shown in the status bar, following the canvas live."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from netbuilder.ui.canvas.view import CanvasView
from netbuilder.ui.i18n import translate


def zoom_text(zoom: float) -> str:
    """``zoom`` as the status bar shows it: ``"45 %"``."""
    return f"{round(zoom * 100)} %"


class ZoomLabel(QLabel):
    """A status-bar label with the canvas' zoom in percent.

    Parameters
    ----------
    view : CanvasView
        The canvas to follow (its ``zoomChanged`` signal).
    parent : QWidget, optional
        Parent widget.
    """

    def __init__(self, view: CanvasView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("zoomLabel")
        self.setContentsMargins(8, 0, 8, 0)
        self.setToolTip(
            translate("CanvasZoomLabel", "Canvas zoom (Ctrl+0: 100 %, F: fit the network)")
        )
        view.zoomChanged.connect(self.show_zoom)
        self.show_zoom(view.zoom())

    def show_zoom(self, zoom: float) -> None:
        """Show ``zoom`` (1.0 = 100 %)."""
        self.setText(zoom_text(zoom))
