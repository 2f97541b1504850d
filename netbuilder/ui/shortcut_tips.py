"""Tooltips that name the shortcut: "Undo conv1: out_channels 6 → 16 (Ctrl+Z)".

Each action keeps its own tooltip (or its text when it has none) and gains its first
shortcut in parentheses, in the platform's spelling; the tooltip follows later changes
of the text (the undo action's text names the step it undoes) and of the shortcut.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from shiboken6 import isValid

_BASE = "netbuilderTipBase"


def plain_text(action: QAction) -> str:
    """The action's text without mnemonics (``&``) and a trailing ellipsis."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".").strip()


def tip_for(action: QAction) -> str:
    """``tooltip (shortcut)``, or the tooltip alone for an action without a shortcut."""
    base = action.property(_BASE) or plain_text(action)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{base} ({keys})" if keys else base


def show_shortcuts_in_tips(actions: Iterable[QAction]) -> None:
    """Give every action of ``actions`` a tooltip naming its shortcut, kept up to date."""
    for action in actions:
        if action.property(_BASE) is not None or action.property(_BASE + "Set"):
            continue  # already handled
        own = action.toolTip()
        action.setProperty(_BASE, own if own and own != plain_text(action) else "")
        action.setProperty(_BASE + "Set", True)
        _update(action)
        action.changed.connect(lambda a=action: _update(a))


def _update(action: QAction) -> None:
    if not isValid(action):  # a last ``changed`` while the window is destroyed
        return
    tip = tip_for(action)
    if action.toolTip() != tip:
        action.setToolTip(tip)  # emits changed again; then the tips are equal
