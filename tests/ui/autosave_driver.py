"""Run the real app on a project file, make one edit, report each autosave, run until killed.

``python autosave_driver.py PROJECT SETTINGS_DIR`` with ``QT_QPA_PLATFORM=offscreen`` and
``NETBUILDER_AUTOSAVE_DIR`` set. The edit sets ``out_channels`` of the first Conv2d to 7;
the autosave timer runs at 100 ms instead of 30 s so the test need not wait. Prints
``AUTOSAVED <path>`` after each autosave.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings


def main() -> None:
    project, settings_dir = sys.argv[1], sys.argv[2]
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, settings_dir)

    from netbuilder.ui.app import create_app, open_window
    from netbuilder.ui.commands import SetParamsCommand

    app = create_app()
    window = open_window()
    assert window.files.open_path(project, ask=False)
    window.autosave.saved.connect(lambda path: print(f"AUTOSAVED {path}", flush=True))
    window.autosave.timer.setInterval(100)
    conv = next(n for n in window.model.graph if n.type == "Conv2d")
    window.model.push(SetParamsCommand(window.model, conv.id, {"out_channels": 7}))
    print("EDITED", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
