"""Canvas speed on a 2,000-node chain: pan frame time and edit-to-repaint time.

Run: ``QT_QPA_PLATFORM=offscreen python bench/gui_canvas_speed.py``. Goals: a pan frame
under 16 ms, and under 16 ms from a ``SetParamsCommand`` to repainted stats.
Each frame is a synchronous ``viewport().repaint()`` after scrolling, so the time is
the real painting work, not an event-loop guess.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from netbuilder.core.document import Project  # noqa: E402
from netbuilder.core.graph import Graph  # noqa: E402
from netbuilder.ui.canvas import CanvasView  # noqa: E402
from netbuilder.ui.commands import SetParamsCommand  # noqa: E402
from netbuilder.ui.document_model import DocumentModel  # noqa: E402

NODES = 2000
COLUMNS = 40
GOAL_MS = 16.0


def chain(n: int = NODES) -> Graph:
    """Input → (Linear, ReLU) × … in a snake of ``COLUMNS`` cards per row."""
    g = Graph()
    prev = g.add_node("Input", {"kind": "vector", "features": 64}, pos=(0, 0))
    for i in range(1, n):
        pos = ((i % COLUMNS) * 240.0, (i // COLUMNS) * 150.0)
        if i % 2:
            nid = g.add_node("Linear", {"out_features": 64}, pos=pos)
        else:
            nid = g.add_node("ReLU", pos=pos)
        g.connect(prev, nid)
        prev = nid
    return g


def _ms(samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return f"median {statistics.median(samples):6.2f} ms   p95 {p95:6.2f} ms"


def pan_frames(view: CanvasView, zoom: float, frames: int = 120) -> list[float]:
    """Scroll by 25 px per frame (right, then down) and repaint synchronously."""
    view.set_zoom(zoom)
    view.centerOn(view.canvas.cards_rect().center())
    QApplication.processEvents()
    view.viewport().repaint()
    bar_h, bar_v = view.horizontalScrollBar(), view.verticalScrollBar()
    times = []
    for k in range(frames):
        start = time.perf_counter()
        if k % 2:
            bar_v.setValue(bar_v.value() + 25)
        else:
            bar_h.setValue(bar_h.value() + 25)
        view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def edit_to_repaint(view: CanvasView, node_id: str, edits: int = 60) -> list[float]:
    """Push a ``SetParamsCommand`` and repaint; the card text must show the new shape."""
    model = view.model
    view.centerOn(view.canvas.nodes[node_id].sceneBoundingRect().center())
    QApplication.processEvents()
    view.viewport().repaint()
    card = view.canvas.nodes[node_id]
    times = []
    for k in range(edits):
        width = 32 if k % 2 == 0 else 64
        start = time.perf_counter()
        model.push(SetParamsCommand(model, node_id, {"out_features": width}))
        view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000.0)
        assert card.texts()["shape"] == str(width), card.texts()
    return times


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    start = time.perf_counter()
    model = DocumentModel(Project(chain(), name="chain2000"))
    view = CanvasView(model)
    view.resize(1600, 1000)
    view.show()
    QApplication.processEvents()
    build = (time.perf_counter() - start) * 1000.0
    print(f"canvas speed, {NODES}-node chain, 1600×1000 viewport, {app.platformName()}")
    print(f"  build document + scene + first paint: {build:7.1f} ms")
    worst = 0.0
    for zoom in (1.0, 0.5, 0.25):
        times = pan_frames(view, zoom)
        visible = len(view.canvas.items(view.visible_scene_rect()))
        worst = max(worst, statistics.median(times))
        print(f"  pan frame  zoom {zoom:4.2f} ({visible:4d} items on screen): {_ms(times)}")
    view.set_zoom(1.0)
    middle = [n.id for n in model.graph if n.type == "Linear"][len(model.graph) // 4]
    times = edit_to_repaint(view, middle)
    worst_edit = statistics.median(times)
    print(f"  SetParamsCommand → repainted stats (mid-chain Linear): {_ms(times)}")
    ok = worst < GOAL_MS and worst_edit < GOAL_MS
    print(f"  goal < {GOAL_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
