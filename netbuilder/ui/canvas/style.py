"""Colours, fonts and metrics of the canvas (one place, so cards, links and exports agree).

Card geometry is in scene units; fonts use pixel sizes so the text always fits its card
whatever the screen's DPI. High-DPI (200 %) screens get crisp text from the device pixel
ratio, not from bigger fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics

from netbuilder.ui.theme import ERROR_DARK, ERROR_LIGHT, is_dark

# -- metrics (scene units) ------------------------------------------------------------------
CARD_WIDTH = 184.0
HEADER_HEIGHT = 26.0
LINE_HEIGHT = 16.0
PADDING = 8.0
RADIUS = 8.0
PORT_RADIUS = 5.5
PORT_HIT = 11.0
PORT_SPACING = 20.0
#: Most space between input ports along a card's top edge (top-to-bottom layout).
TOP_PORT_SPACING = 36.0
#: Below this zoom level cards are drawn as plain coloured boxes (no text).
DETAIL_LOD = 0.35

#: Accent colour of each palette category: mid-tone hues that carry white bold text and
#: stay distinct on both light and dark backgrounds.
CATEGORY_COLORS: dict[str, str] = {
    "Input": "#546E7A",
    "Convolution": "#2F6FD0",
    "Pooling": "#00897B",
    "Normalization": "#8E5AC8",
    "Activation": "#D9621C",
    "Recurrent": "#C2185B",
    "Linear": "#3D8B37",
    "Merge": "#A37800",
    "Composite": "#4F52B8",
}
FALLBACK_COLOR = "#6B7280"

_GLYPHS = "×→−·▸▾"
_FAMILIES = ("Inter", "Segoe UI", "SF Pro Text", "Cantarell", "Noto Sans", "DejaVu Sans")


@dataclass(frozen=True)
class Theme:
    """Colours of one theme (light or dark)."""

    dark: bool
    background: QColor
    grid: QColor
    surface: QColor
    border: QColor
    text: QColor
    muted: QColor
    link: QColor
    selection: QColor
    error: QColor
    ok_port: QColor
    waiting: QColor


def _theme(dark: bool) -> Theme:
    if dark:
        return Theme(
            dark=True,
            background=QColor("#1C1E22"),
            grid=QColor("#2A2D33"),
            surface=QColor("#2A2D33"),
            border=QColor("#40444C"),
            text=QColor("#E8EAED"),
            muted=QColor("#A3A9B3"),
            link=QColor("#8A919C"),
            selection=QColor("#5EA2FF"),
            error=QColor(ERROR_DARK),
            ok_port=QColor("#4CD17A"),
            waiting=QColor("#7D838C"),
        )
    return Theme(
        dark=False,
        background=QColor("#F4F5F7"),
        grid=QColor("#DCDFE4"),
        surface=QColor("#FFFFFF"),
        border=QColor("#CDD2D9"),
        text=QColor("#1F2328"),
        muted=QColor("#5A6270"),
        link=QColor("#7C8594"),
        selection=QColor("#1F6FEB"),
        error=QColor(ERROR_LIGHT),
        ok_port=QColor("#1E9E4A"),
        waiting=QColor("#9AA0A8"),
    )


LIGHT = _theme(False)
DARK = _theme(True)


def port_x(i: int, n: int, width: float) -> float:
    """Where input port ``i`` of ``n`` sits along the top edge of a card ``width`` wide."""
    spacing = min(TOP_PORT_SPACING, (width - 4.0 * PORT_RADIUS) / max(1, n - 1))
    return width / 2.0 + (i - (n - 1) / 2.0) * spacing


def theme_for(dark: bool) -> Theme:
    """:data:`DARK` or :data:`LIGHT`."""
    return DARK if dark else LIGHT


def current_theme() -> Theme:
    """:data:`DARK` or :data:`LIGHT`, following the application."""
    return theme_for(is_dark())


def category_color(category: str) -> QColor:
    """Accent colour of a block category."""
    return QColor(CATEGORY_COLORS.get(category, FALLBACK_COLOR))


@lru_cache(maxsize=1)
def _family() -> str:
    base = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    candidates = [base.family(), *_FAMILIES]
    for family in candidates:
        font = QFont(family)
        metrics = QFontMetrics(font)
        if all(metrics.inFontUcs4(ord(c)) for c in _GLYPHS):
            return family
    return base.family()


@lru_cache(maxsize=16)
def font(pixel_size: int, bold: bool = False) -> QFont:
    """A UI font of ``pixel_size`` pixels that has ``×`` and ``→``."""
    result = QFont(_family())
    result.setPixelSize(pixel_size)
    result.setBold(bold)
    result.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return result


def title_font() -> QFont:
    """Card titles."""
    return font(13, bold=True)


def body_font() -> QFont:
    """Card body lines."""
    return font(12)


def small_font() -> QFont:
    """Port labels and inner-layer rows."""
    return font(11)
