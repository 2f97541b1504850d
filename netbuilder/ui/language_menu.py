"""View → Language: English or 简体中文, remembered for the next start.

The choice installs the new catalogue at once (dialogs opened afterwards and texts
refreshed later show it); the window's menus and panels are built once, so a message
asks to restart NetBuilder to show the whole window in the new language.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from netbuilder.ui.i18n import (
    LANGUAGES,
    current_language,
    install_language,
    set_stored_language,
    translate,
)


class LanguageMenu(QMenu):
    """The View → Language submenu of ``window``.

    Parameters
    ----------
    window : QWidget
        The main window: the restart message is shown over it.

    Attributes
    ----------
    language_actions : dict of str to QAction
        One checkable action per language of :data:`~netbuilder.ui.i18n.LANGUAGES`.
    notice : QMessageBox or None
        The last "restart to apply" message (non-modal).
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(translate("LanguageMenu", "&Language"), window)
        self.setObjectName("languageMenu")
        self.window_ = window
        self.notice: QMessageBox | None = None
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)  # each language named in itself, never translated
            action.setObjectName(f"action_language_{code}")
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.choose(c))
            group.addAction(action)
            self.addAction(action)
            self.language_actions[code] = action

    def choose(self, language: str) -> str:
        """Remember ``language``, install its catalogue and say that a restart applies it.

        Returns the language installed (English when the catalogue cannot be loaded).
        """
        set_stored_language(language)
        changed = language != current_language()
        installed = install_language(language)
        self.language_actions[installed].setChecked(True)
        if changed:
            self.notice = QMessageBox(
                QMessageBox.Information,
                translate("LanguageMenu", "Language"),
                translate(
                    "LanguageMenu",
                    "The language is now English. Restart NetBuilder to show the whole window "
                    "in it.",
                ),
                QMessageBox.Ok,
                self.window_,
            )
            self.notice.setObjectName("languageNotice")
            self.notice.open()  # window-modal, does not block
        return installed
