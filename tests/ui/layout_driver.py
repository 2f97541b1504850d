"""Open the real window at a given size (and the ``QT_SCALE_FACTOR`` of the environment),
report its default dock layout as JSON on one line, and quit.

``python layout_driver.py WIDTH HEIGHT SETTINGS_DIR`` with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QSettings


def main() -> None:
    width, height, settings_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, settings_dir)

    from PySide6.QtWidgets import QTabBar

    from netbuilder.ui.app import create_app
    from netbuilder.ui.main_window import MainWindow

    app = create_app()
    window = MainWindow(restore=False, autosave_dir=settings_dir)
    window.resize(width, height)
    window.show()
    for _ in range(50):  # the layout settles and the stale tab bars go
        app.processEvents()
    tree = window.palette.tree
    names = [item.text(0) for item in tree.block_items()]
    widest = max(tree.fontMetrics().horizontalAdvance(n) for n in names)
    bars = [
        [bar.tabText(i) for i in range(bar.count())]
        for bar in window.findChildren(QTabBar)
        if bar.isVisible()
    ]
    palette = window.docks["palette"].geometry()
    report = {
        "window": window.width(),
        "canvas": window.canvas.width(),
        "name_room": tree.viewport().width() - 2 * tree.indentation() - 22,
        "widest_name": widest,
        "tab_bars": sorted(bars),
        "bars_over_palette": sum(
            bar.isVisible() and bar.geometry().intersects(palette)
            for bar in window.findChildren(QTabBar)
        ),
        "ratio": app.devicePixelRatio(),
    }
    print(json.dumps(report), flush=True)
    window.model.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
