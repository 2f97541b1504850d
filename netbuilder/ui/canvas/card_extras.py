"""Optional lines on the canvas cards: View → Show on Cards.

A small registry of extra card lines. Each :class:`CardExtra` has a key (remembered in
the settings as ``cards/<key>``), its menu text and a function from the document's
analysis (and training settings) to a short line per node. Features add their line with
:func:`register`; the cards, the menu and the settings need no change for a new one.

The lines of every node are computed together (one pass over the analysis), so a line
that needs the whole network (the training memory, the receptive field) costs one
computation per refresh, not one per card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from netbuilder.core.analysis import Analysis
from netbuilder.core.training_config import TrainingConfig
from netbuilder.ui import settings as user_settings

#: Translation context of the menu texts.
CONTEXT = "CardExtras"


@dataclass(frozen=True)
class CardContext:
    """What a card line may be computed from.

    Attributes
    ----------
    analysis : Analysis
        The document's analysis (shapes, parameters, FLOPs of every node).
    training : TrainingConfig
        The document's training settings (batch size, optimizer ...).
    """

    analysis: Analysis
    training: TrainingConfig


@dataclass(frozen=True)
class CardExtra:
    """One optional card line.

    Attributes
    ----------
    key : str
        Identifier (settings key ``cards/<key>``, menu action object name).
    text : str
        Menu text, an English source string translated in the ``CardExtras`` context
        (mark it with ``QT_TRANSLATE_NOOP("CardExtras", ...)`` so lupdate finds it).
    lines : callable
        ``lines(context) -> {node_id: text}``: the line of each node that has one.
    """

    key: str
    text: str
    lines: Callable[[CardContext], Mapping[str, str]]

    def menu_text(self) -> str:
        """The menu text in the user's language."""
        return QCoreApplication.translate(CONTEXT, self.text)


_REGISTRY: dict[str, CardExtra] = {}


def register(extra: CardExtra) -> CardExtra:
    """Add ``extra`` to View → Show on Cards (replacing one with the same key)."""
    _REGISTRY[extra.key] = extra
    return extra


def extras() -> tuple[CardExtra, ...]:
    """Every registered card line, in registration order (the order on the cards)."""
    _load_builtin()
    return tuple(_REGISTRY.values())


def _settings_key(key: str) -> str:
    return f"cards/{key}"


class CardExtras(QObject):
    """Which optional lines the cards show (remembered in the settings).

    Signals
    -------
    changed()
        A line was switched on or off.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        store = user_settings.settings()
        self._on = {
            extra.key
            for extra in extras()
            if str(store.value(_settings_key(extra.key), "false")).lower() == "true"
        }

    def is_enabled(self, key: str) -> bool:
        """Whether the line ``key`` is shown."""
        return key in self._on

    def set_enabled(self, key: str, on: bool) -> None:
        """Show or hide the line ``key`` on every card, and remember the choice."""
        if on == (key in self._on):
            return
        if on:
            self._on.add(key)
        else:
            self._on.discard(key)
        user_settings.settings().setValue(_settings_key(key), bool(on))
        self.changed.emit()

    def enabled(self) -> tuple[CardExtra, ...]:
        """The lines shown, in card order."""
        return tuple(extra for extra in extras() if extra.key in self._on)

    def lines(self, analysis: Analysis, training: TrainingConfig) -> dict[str, tuple[str, ...]]:
        """The extra lines of every node (nodes without any are left out)."""
        shown = self.enabled()
        if not shown:
            return {}
        context = CardContext(analysis, training)
        out: dict[str, list[str]] = {}
        for extra in shown:
            for node_id, text in extra.lines(context).items():
                if text:
                    out.setdefault(node_id, []).append(text)
        return {node_id: tuple(texts) for node_id, texts in out.items()}


def fill_menu(menu: QMenu, state: CardExtras) -> list[QAction]:
    """Add a checkable action per registered line to ``menu`` (View → Show on Cards)."""
    actions = []
    for extra in extras():
        action = QAction(extra.menu_text(), menu)
        action.setObjectName(f"cardExtra_{extra.key}")
        action.setCheckable(True)
        action.setChecked(state.is_enabled(extra.key))
        action.toggled.connect(lambda on, key=extra.key: state.set_enabled(key, on))
        state.changed.connect(lambda a=action, key=extra.key: a.setChecked(state.is_enabled(key)))
        menu.addAction(action)
        actions.append(action)
    return actions


#: Modules that register the lines NetBuilder ships with (imported on first use).
BUILTIN: tuple[str, ...] = (
    "netbuilder.ui.canvas.memory_line",
    "netbuilder.ui.canvas.receptive_line",
)
_loaded = False


def _load_builtin() -> None:
    """Import the :data:`BUILTIN` modules once; each registers its line."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in BUILTIN:
        import_module(name)
