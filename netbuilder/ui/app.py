"""Start the app: ``run_app(file=None, preset=None)``.

Imports only Qt and the core on the way to the first painted window (never torch),
so the window appears faster than ``import torch`` alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from netbuilder.ui.settings import APPLICATION, ORGANIZATION

DEFAULT_PRESET = "lenet5"


def create_app(argv: list[str] | None = None) -> QApplication:
    """The ``QApplication`` (existing one reused), high-DPI friendly, with the look applied.

    Also sets OpenMP's wait policy while torch is not loaded yet, so a training keeps
    most of its speed while another thread runs torch (:mod:`netbuilder.train.openmp`).
    """
    from netbuilder.train.openmp import keep_openmp_spinning

    keep_openmp_spinning()
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("netbuilder")
    from netbuilder.ui.settings import stored_theme
    from netbuilder.ui.theme import apply_theme

    apply_theme(app, stored_theme())  # the user's View → Theme choice, else the system's
    from netbuilder.ui.i18n import install_language

    install_language()  # the user's View → Language choice, else the system locale's
    return app


def open_window(file: str | None = None, preset: str | None = None):
    """Create and show the main window with ``file``, ``preset`` or the default network.

    A file or preset that cannot be opened shows a dialog with the core's sentence and
    the window starts with the default network. Documents autosaved by a NetBuilder that
    crashed or was killed are then offered for recovery.
    """
    from netbuilder.core.presets import PRESET_NAMES
    from netbuilder.ui.main_window import MainWindow

    window = MainWindow()
    direct = preset if file is None and preset in PRESET_NAMES else DEFAULT_PRESET
    window.files.open_preset(direct, ask=False)
    window.show()
    # problems are reported over the visible window, which keeps the default network
    if file is not None:
        QTimer.singleShot(0, lambda: window.files.open_path(Path(file), ask=False))
    elif preset is not None and preset != direct:
        QTimer.singleShot(0, lambda: window.files.open_preset(preset, ask=False))
    # after the requested document: what a crash left behind is offered over it
    QTimer.singleShot(0, window.offer_recovery)
    window.fit_later()
    return window


def run_app(file: str | None = None, preset: str | None = None) -> int:
    """Run NetBuilder until the last window closes; returns the exit code.

    Parameters
    ----------
    file : str, optional
        Project file to open.
    preset : str, optional
        Preset name to open (ignored when ``file`` is given).
    """
    app = create_app()
    window = open_window(file, preset)
    code = app.exec()
    del window
    return int(code)
