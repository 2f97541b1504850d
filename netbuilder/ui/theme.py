"""The look: Fusion style, light and dark palettes (following the system or chosen), fonts.

The user's choice (:data:`THEMES`: ``system``, ``light``, ``dark``) is applied with
:func:`apply_theme`; every view follows the application palette (the canvas and code
view through :class:`~netbuilder.ui.display.DisplaySettings`, plots through their
palette-change events), so a switch is live.

Shape texts use ``×`` and arrows use ``→``; :func:`ui_font` picks a family that has
both glyphs so no missing-glyph boxes appear.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

#: Characters every UI font must have.
REQUIRED_GLYPHS = "×→−·"
_PREFERRED = ("Inter", "Segoe UI", "SF Pro Text", "Cantarell", "Noto Sans", "DejaVu Sans")
_MONO = ("JetBrains Mono", "Cascadia Code", "Consolas", "Menlo", "DejaVu Sans Mono")

#: Semantic colours for light and dark themes.
ERROR_LIGHT, ERROR_DARK = "#c62828", "#ff8a80"


#: The themes a user can pick (View → Theme), the first is the default.
THEMES = ("system", "light", "dark")
_CHOSEN = "netbuilderTheme"  # application property: the user's choice
_DARK = "netbuilderDark"  # application property: the palette applied is dark
_SYSTEM_DARK = "netbuilderSystemDark"  # the platform's own palette was dark


class LookNotifier(QObject):
    """Tells subscribers that :func:`apply_look` applied a palette (one per application).

    Signals
    -------
    applied(bool)
        A palette was applied; True when it is dark.
    """

    applied = Signal(bool)


def look_notifier(app: QGuiApplication | None = None) -> LookNotifier | None:
    """The application's :class:`LookNotifier` (``None`` without an application)."""
    app = app or QGuiApplication.instance()
    if app is None:
        return None
    notifier = app.findChild(LookNotifier, "netbuilderLook")
    if notifier is None:
        notifier = LookNotifier(app)
        notifier.setObjectName("netbuilderLook")
    return notifier


def is_dark(app: QGuiApplication | None = None) -> bool:
    """True when the palette NetBuilder applied is dark (else: what the system asks for)."""
    app = app or QGuiApplication.instance()
    applied = app.property(_DARK) if app is not None else None
    if isinstance(applied, bool):
        return applied
    return system_dark(app)


def system_dark(app: QGuiApplication | None = None) -> bool:
    """True when the system asks for a dark theme.

    The platform's colour scheme when it tells one; otherwise the palette the platform
    gave before NetBuilder applied its own (remembered by :func:`apply_look`).
    """
    app = app or QGuiApplication.instance()
    hints = app.styleHints() if app is not None else None
    scheme = getattr(hints, "colorScheme", None)
    if scheme is not None:
        value = scheme()
        if value == Qt.ColorScheme.Dark:
            return True
        if value == Qt.ColorScheme.Light:
            return False
    if app is None:
        return False
    original = app.property(_SYSTEM_DARK)
    if isinstance(original, bool):
        return original
    return app.palette().color(QPalette.Window).lightness() < 128


def error_color() -> QColor:
    """Red readable on the current background."""
    return QColor(ERROR_DARK if is_dark() else ERROR_LIGHT)


def _has_glyphs(font: QFont) -> bool:
    metrics = QFontMetrics(font)
    return all(metrics.inFontUcs4(ord(c)) for c in REQUIRED_GLYPHS)


def ui_font(base: QFont | None = None) -> QFont:
    """The application font: the system font if it has every glyph, else a known good one."""
    font = QFont(base) if base is not None else QFontDatabase.systemFont(QFontDatabase.GeneralFont)
    if _has_glyphs(font):
        return font
    families = set(QFontDatabase.families())
    for family in _PREFERRED:
        if family in families:
            candidate = QFont(font)
            candidate.setFamily(family)
            if _has_glyphs(candidate):
                return candidate
    return font


def mono_font() -> QFont:
    """A fixed-pitch font for code."""
    font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
    families = set(QFontDatabase.families())
    for family in _MONO:
        if family in families:
            font.setFamily(family)
            break
    font.setStyleHint(QFont.Monospace)
    return font


def _palette(colors: dict, disabled_text: str) -> QPalette:
    """A palette from role → colour, with disabled text in ``disabled_text``."""
    palette = QPalette()
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText):
        palette.setColor(QPalette.Disabled, role, QColor(disabled_text))
    return palette


def light_palette() -> QPalette:
    """A calm light palette."""
    colors = {
        QPalette.Window: "#f4f5f7",
        QPalette.WindowText: "#1f2328",
        QPalette.Base: "#ffffff",
        QPalette.AlternateBase: "#f6f8fa",
        QPalette.ToolTipBase: "#ffffff",
        QPalette.ToolTipText: "#1f2328",
        QPalette.PlaceholderText: "#8c959f",
        QPalette.Text: "#1f2328",
        QPalette.Button: "#eef0f3",
        QPalette.ButtonText: "#1f2328",
        QPalette.BrightText: "#cf222e",
        QPalette.Highlight: "#2f6feb",
        QPalette.HighlightedText: "#ffffff",
        QPalette.Link: "#0969da",
        QPalette.Mid: "#d0d7de",
        QPalette.Midlight: "#e6e9ed",
        QPalette.Dark: "#afb8c1",
        QPalette.Shadow: "#8c959f",
    }
    return _palette(colors, disabled_text="#8c959f")


def dark_palette() -> QPalette:
    """A dark palette with enough contrast for small text."""
    colors = {
        QPalette.Window: "#1e2125",
        QPalette.WindowText: "#e6edf3",
        QPalette.Base: "#16181c",
        QPalette.AlternateBase: "#202328",
        QPalette.ToolTipBase: "#2d3139",
        QPalette.ToolTipText: "#e6edf3",
        QPalette.PlaceholderText: "#7d8590",
        QPalette.Text: "#e6edf3",
        QPalette.Button: "#2a2e34",
        QPalette.ButtonText: "#e6edf3",
        QPalette.BrightText: "#ff7b72",
        QPalette.Highlight: "#388bfd",
        QPalette.HighlightedText: "#ffffff",
        QPalette.Link: "#58a6ff",
        QPalette.Mid: "#3d444d",
        QPalette.Midlight: "#30363d",
        QPalette.Dark: "#0d1117",
        QPalette.Shadow: "#000000",
    }
    return _palette(colors, disabled_text="#6e7681")


def apply_look(app: QApplication, dark: bool | None = None) -> None:
    """Fusion style, a palette matching the system scheme (or ``dark``), a complete font."""
    if not isinstance(app.property(_SYSTEM_DARK), bool):  # before replacing the palette
        app.setProperty(_SYSTEM_DARK, app.palette().color(QPalette.Window).lightness() < 128)
    app.setStyle("Fusion")
    app.setFont(ui_font(app.font()))
    use_dark = system_dark(app) if dark is None else dark
    app.setProperty(_DARK, use_dark)  # before the palette: its change events read it
    app.setPalette(dark_palette() if use_dark else light_palette())
    look_notifier(app).applied.emit(use_dark)  # type: ignore[union-attr]
    hints = app.styleHints()
    if hasattr(hints, "colorSchemeChanged") and not app.property("lookHooked"):
        app.setProperty("lookHooked", True)
        hints.colorSchemeChanged.connect(lambda _scheme: _follow_system(app))


def _follow_system(app: QApplication) -> None:
    """The system switched light/dark: follow it unless the user chose a theme."""
    if chosen_theme(app) == "system":
        apply_look(app)


def chosen_theme(app: QApplication | None = None) -> str:
    """The theme the user chose (one of :data:`THEMES`)."""
    app = app or QApplication.instance()
    value = app.property(_CHOSEN) if app is not None else None
    return value if value in THEMES else "system"


def apply_theme(app: QApplication, theme: str) -> None:
    """Apply ``theme`` (``system``, ``light`` or ``dark``) to the whole application, live.

    Raises
    ------
    ValueError
        When ``theme`` is not one of :data:`THEMES`.
    """
    if theme not in THEMES:
        raise ValueError(f"Unknown theme {theme!r}: use one of {', '.join(THEMES)}.")
    app.setProperty(_CHOSEN, theme)
    apply_look(app, dark=None if theme == "system" else theme == "dark")
