"""Time to the first painted NetBuilder window versus ``python -c "import torch"``.

What a user waits for: a fresh process each time (cold interpreter; the file cache is
warmed once for both, and so is the bytecode cache: an installed package has its ``.pyc``
files, written by ``pip install``; torch's are in site-packages already, NetBuilder's
source tree has none where ``PYTHONDONTWRITEBYTECODE`` is set, so without this the window
would compile its ~120 modules on every start and torch none. Both commands keep their
bytecode in one temporary ``PYTHONPYCACHEPREFIX``, nothing is written beside the sources),
measured from process start to the first paint of the main window
with the default network (LeNet-5) and every dock built as ``netbuilder`` opens them.
Both commands alternate in the same run, so the ratio does not depend on the machine.
Goal (issue 11): window ≤ 0.5× ``import torch``.

Reported per command: median and spread (min–max) over ``--repeat`` runs (≥ 5) of the
process wall time and of its CPU time (user + system, the children's rusage: what the
work costs when the machine is shared). The window's own phases (imports, building the
window, first paint) come from inside its process. The goal is judged on the slowest
window run against the median ``import torch`` (never "met" when a run misses it).
Threads: Qt's defaults; torch's default intra-op threads (importing spawns none).

Run::

    QT_QPA_PLATFORM=offscreen python bench/gui_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

GOAL = 0.5
HEAVY = ("torch", "numpy", "pyqtgraph", "networkx", "pygments", "onnx", "sklearn")

WINDOW = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QSettings
QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, sys.argv[1])
from netbuilder.ui.app import create_app, open_window
import netbuilder.ui.main_window  # noqa: F401  (imports counted apart from building)
t_imports = time.perf_counter()
app = create_app()
window = open_window()
t_built = time.perf_counter()
painted = []

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint and obj is window.canvas.viewport() and not painted:
            painted.append(time.perf_counter())
        return False

watch = Watch()
window.canvas.viewport().installEventFilter(watch)
window.canvas.viewport().update()
while not painted:
    app.processEvents()
    if time.perf_counter() - t0 > 120:
        raise SystemExit("never painted")
window.grab()  # a full frame of every dock, not just the canvas
t_frame = time.perf_counter()
heavy = ",".join(m for m in sys.argv[2].split(",") if m in sys.modules) or "-"
print(f"{t_imports - t0:.4f} {t_built - t_imports:.4f} {t_frame - t_built:.4f} {heavy}")
window.model.undo_stack.setClean()
window.close()
"""

TORCH = r"""
import time
t0 = time.perf_counter()
import torch  # noqa: F401
print(f"{time.perf_counter() - t0:.4f}")
"""


def _run(code: str, *args: str, pycache: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of a fresh ``python -c code args`` and its output (bytecode
    kept in ``pycache``)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    if args:  # the window: settings and autosaves in the run's temporary folder
        env["NETBUILDER_AUTOSAVE_DIR"] = args[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, out.stdout.strip().splitlines()[-1]


def spread(values: list[float]) -> str:
    """``median (min–max)`` in seconds."""
    return f"{statistics.median(values):6.3f} s ({min(values):.3f}–{max(values):.3f})"


def verdict(window: list[float], torch: list[float]) -> str:
    """The goal judged on the slowest window run against the median ``import torch``."""
    worst = max(window) / statistics.median(torch)
    median = statistics.median(window) / statistics.median(torch)
    if worst <= GOAL:
        return f"goal <= {GOAL}x: met (slowest run {worst:.2f}x)"
    if median <= GOAL:
        return f"goal <= {GOAL}x: median meets it, slowest run misses ({worst:.2f}x)"
    return f"goal <= {GOAL}x: MISSED (median {median:.2f}x, slowest {worst:.2f}x)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each (at least 5)")
    args = parser.parse_args()
    runs = max(5, args.repeat)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {platform.python_version()}, {platform.machine()} x{os.cpu_count()}, "
        f"load average {load:.1f}; {runs} alternating runs of each, fresh processes, "
        "bytecode cached for both"
    )
    win_wall, win_cpu, torch_wall, torch_cpu = [], [], [], []
    phases: list[tuple[float, float, float]] = []
    heavy_seen: set[str] = set()
    with tempfile.TemporaryDirectory() as settings_dir, tempfile.TemporaryDirectory() as pyc:
        # warm the file and bytecode caches for both
        _run(WINDOW, settings_dir, ",".join(HEAVY), pycache=pyc)
        _run(TORCH, pycache=pyc)
        for _ in range(runs):
            wall, cpu, text = _run(WINDOW, settings_dir, ",".join(HEAVY), pycache=pyc)
            imports, built, frame, heavy = text.split()
            phases.append((float(imports), float(built), float(frame)))
            heavy_seen.update(m for m in heavy.split(",") if m != "-")
            win_wall.append(wall)
            win_cpu.append(cpu)
            wall, cpu, _text = _run(TORCH, pycache=pyc)
            torch_wall.append(wall)
            torch_cpu.append(cpu)
    print(f"{'':36}{'wall, median (min–max)':>28}{'CPU, median (min–max)':>28}")
    print(f"{'first painted window (lenet5)':36}{spread(win_wall):>28}{spread(win_cpu):>28}")
    print(f"{'import torch':36}{spread(torch_wall):>28}{spread(torch_cpu):>28}")
    for i, name in enumerate(("  window: imports", "  window: build + open", "  window: paint")):
        print(f"{name:36}{spread([p[i] for p in phases]):>28}")
    for label, win, tor in (("wall", win_wall, torch_wall), ("CPU", win_cpu, torch_cpu)):
        ratio = statistics.median(win) / statistics.median(tor)
        print(f"ratio window / torch, {label}: {ratio:.2f}x median; {verdict(win, tor)}")
    print(f"imported before the first paint: {', '.join(sorted(heavy_seen)) or 'none of'}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"  (checked: {', '.join(HEAVY)}; torch, numpy and pyqtgraph must not be there)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
