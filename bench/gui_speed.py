"""Time to the first painted NetBuilder window versus ``python -c "import torch"``.

Both are measured as fresh subprocesses in the same run (best of ``--repeat``), so the
ratio does not depend on the machine. Goal: ratio ≤ 1.0 (torch is imported lazily, off
the startup path). Run::

    QT_QPA_PLATFORM=offscreen python bench/gui_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

WINDOW = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QSettings
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, sys.argv[1])
from netbuilder.ui.app import create_app, open_window

app = create_app()
window = open_window()
painted = []

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint and not painted:
            painted.append(time.perf_counter())
        return False

watch = Watch()
for widget in [window, *window.findChildren(QObject)]:
    if hasattr(widget, "installEventFilter"):
        widget.installEventFilter(watch)
window.canvas.viewport().update() if hasattr(window.canvas, "viewport") else window.update()
while not painted:
    app.processEvents()
    if time.perf_counter() - t0 > 60:
        raise SystemExit("never painted")
# make sure a full frame was rendered, not just the first widget
window.grab()
print(f"{time.perf_counter() - t0:.4f} {'torch' in sys.modules}")
"""

TORCH = r"""
import time
t0 = time.perf_counter()
import torch  # noqa: F401
print(f"{time.perf_counter() - t0:.4f}")
"""


def _run(code: str, *args: str) -> tuple[float, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    wall = time.perf_counter() - start
    return wall, out.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (best is kept)")
    args = parser.parse_args()
    window_in, window_wall, torch_in, torch_wall = [], [], [], []
    torch_loaded = False
    with tempfile.TemporaryDirectory() as settings_dir:
        _run(WINDOW, settings_dir)  # warm the file cache for both
        _run(TORCH)
        for _ in range(args.repeat):
            wall, text = _run(WINDOW, settings_dir)
            inner, loaded = text.split()
            window_in.append(float(inner))
            window_wall.append(wall)
            torch_loaded |= loaded == "True"
            wall, text = _run(TORCH)
            torch_in.append(float(text))
            torch_wall.append(wall)
    best = min(window_wall), min(torch_wall)
    print(f"{'':34}{'in-process':>12}{'process wall':>14}")
    print(f"{'first painted window (lenet5)':34}{min(window_in):>11.3f}s{best[0]:>13.3f}s")
    print(f"{'import torch':34}{min(torch_in):>11.3f}s{best[1]:>13.3f}s")
    print(
        f"ratio window / torch (process wall, best of {args.repeat}): {best[0] / best[1]:.2f}x"
        "  (goal <= 1.0x)"
    )
    print(f"ratio window / torch (in-process): {min(window_in) / min(torch_in):.2f}x")
    print(f"torch imported on the startup path: {'YES (bug)' if torch_loaded else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
