"""Persistent user settings (window state, recent files) through QSettings.

Always INI format in the user scope, organisation ``NetBuilder``; tests redirect it with
``QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tmp_dir)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "NetBuilder"
APPLICATION = "NetBuilder"
MAX_RECENT = 8


def settings() -> QSettings:
    """The application's settings store."""
    return QSettings(QSettings.IniFormat, QSettings.UserScope, ORGANIZATION, APPLICATION)


def layout_direction() -> str:
    """The preferred layout direction: ``"TB"`` (top to bottom, the default) or ``"LR"``."""
    value = settings().value("layoutDirection", "TB")
    return value if value in ("TB", "LR") else "TB"


def set_layout_direction(direction: str) -> None:
    """Remember the preferred layout direction (``"TB"`` or ``"LR"``)."""
    settings().setValue("layoutDirection", direction)


def recent_files() -> list[str]:
    """Recently opened or saved project files, newest first, existing files only."""
    value = settings().value("recentFiles", [])
    if isinstance(value, str):
        value = [value]
    return [p for p in (value or []) if isinstance(p, str) and Path(p).exists()]


def add_recent_file(path: str | Path) -> list[str]:
    """Put ``path`` first in the recent files list; returns the new list."""
    text = str(Path(path).resolve())
    files = [text] + [p for p in recent_files() if p != text]
    files = files[:MAX_RECENT]
    settings().setValue("recentFiles", files)
    return files


def clear_recent_files() -> None:
    """Forget every recent file."""
    settings().setValue("recentFiles", [])


def stored_theme() -> str:
    """The theme chosen in View → Theme (``system`` when none or unknown)."""
    from netbuilder.ui.theme import THEMES

    value = settings().value("theme", "system")
    return value if value in THEMES else "system"


def store_theme(theme: str) -> None:
    """Remember the chosen theme for the next start."""
    settings().setValue("theme", theme)
