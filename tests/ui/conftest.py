"""Fixtures of the GUI tests: settings in a temporary folder, a main window, dialogs.

QSettings always points into ``tmp_path`` so no test touches the real user config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every QSettings store of the test lives in a fresh temporary folder."""
    folder = str(tmp_path_factory.mktemp("settings"))
    QSettings.setDefaultFormat(QSettings.IniFormat)
    for scope in (QSettings.UserScope, QSettings.SystemScope):
        QSettings.setPath(QSettings.IniFormat, scope, folder)
    yield folder


@pytest.fixture
def window(qtbot):
    """The main window as ``netbuilder`` opens it (lenet5), shown offscreen."""
    from netbuilder.ui.app import create_app, open_window

    create_app()
    win = open_window()
    qtbot.waitExposed(win)
    yield win
    # closed here, not by qtbot (whose teardown runs first and would meet "Save changes?")
    win.model.undo_stack.setClean()
    win.close()
    win.deleteLater()


@pytest.fixture
def answer_dialog() -> Callable[..., dict]:
    """Answer the next modal QMessageBox with ``button``; returns what it showed.

    The box is real: a timer polls for the active modal widget, records its title and
    text, then clicks the button, so the code under test runs its normal ``exec()``.
    """

    def arm(button: QMessageBox.StandardButton = QMessageBox.Ok) -> dict:
        seen: dict = {}

        def poll() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen["title"] = box.windowTitle()
                seen["text"] = box.text()
                seen["name"] = box.objectName()
                target = box.button(button) or box.defaultButton()
                target.click()
            else:
                QTimer.singleShot(10, poll)

        QTimer.singleShot(0, poll)
        return seen

    return arm


@pytest.fixture(autouse=True)
def isolated_autosave(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> str:
    """Autosaves of every test go to a fresh temporary folder, never the user's."""
    folder = str(tmp_path_factory.mktemp("autosave"))
    monkeypatch.setenv("NETBUILDER_AUTOSAVE_DIR", folder)
    return folder
