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
INNER_ROW = 15.0
EXPANDED_WIDTH = 372.0

# -- readability and level of detail --------------------------------------------------------
#: The smallest text the canvas ever puts on screen, in logical pixels (on a 1.5× or 2×
#: screen that is 13.5 or 18 device pixels). Every zoom threshold below follows from it.
MIN_TEXT_PX = 9.0
#: Pixel sizes of the full card's fonts (title, body, small lines).
TITLE_PX = 13
BODY_PX = 12
SMALL_PX = 11
#: Pixel sizes of the overview card: type and output shape large, small lines dropped.
OVERVIEW_TITLE_PX = 22
OVERVIEW_SHAPE_PX = 22
#: The overview card shrinks a long type name or shape down to this size, then elides.
OVERVIEW_MIN_PX = 20
#: Height of the overview card's coloured title band (scene units).
OVERVIEW_HEADER = 32.0

#: Below full detail the scene skips items smaller than this (scene units) on both axes,
#: so Qt never calls a card's ``paint``; the layers are larger (the scene rect's margin).
SKIPPED_ITEM_SIZE = 1000.0

#: Levels of detail, from the full card down to plain boxes.
FULL, OVERVIEW, BOXES = "full", "overview", "boxes"


def readable_scale(pixel_size: float) -> float:
    """The lowest zoom at which text of ``pixel_size`` is :data:`MIN_TEXT_PX` on screen."""
    return MIN_TEXT_PX / pixel_size


#: Zoom from which the full card (its smallest line included) is readable.
FULL_ZOOM = readable_scale(SMALL_PX)
#: Lowest zoom at which any card text is drawn; below it cards are plain boxes. Opening a
#: document and Fit never go below it.
READABLE_ZOOM = readable_scale(OVERVIEW_MIN_PX)


def detail_for(zoom: float) -> str:
    """The level of detail drawn at ``zoom`` (logical pixels per scene unit).

    Each level draws only text that is at least :data:`MIN_TEXT_PX` on screen.
    """
    if zoom >= FULL_ZOOM - 1e-9:
        return FULL
    if zoom >= READABLE_ZOOM - 1e-9:
        return OVERVIEW
    return BOXES


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
    return font(TITLE_PX, bold=True)


def body_font() -> QFont:
    """Card body lines."""
    return font(BODY_PX)


def small_font() -> QFont:
    """Port labels and inner-layer rows."""
    return font(SMALL_PX)
