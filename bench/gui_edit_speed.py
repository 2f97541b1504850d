"""GUI-thread time of one parameter edit in the real main window, every dock live.

Run: ``QT_QPA_PLATFORM=offscreen python bench/gui_edit_speed.py [--sizes 200 2000 20000]``.

The window is the app's own ``MainWindow`` (canvas, inspector, summary, code preview,
problems, training dock, status bar) at 1600×1000 with the Summary and Code docks raised,
holding a chain of N layers (Input → Linear/ReLU …). One edit is a ``SetParamsCommand``
on a mid-chain Linear, pushed like the inspector pushes it. Its cost is the time the GUI
thread spends busy from the push until the event loop has been idle for ``--window`` ms
(debounced views included), and at least until the code preview shows the edit (its
text is generated in a worker process): the sum of ``processEvents`` durations, minus
the loop's own overhead — the cost of one ``processEvents`` call with nothing to do,
measured over windows with no edit, times the calls the edit's window made (per call,
not per millisecond: while the worker process generates the code on a shared CPU the
loop turns fewer times per millisecond). The idle windows are printed too. The GUI
thread's CPU time is printed beside it (the same overhead subtracted): the work itself,
which other processes on a shared machine do not inflate; the goal is judged on the wall
time, what a user waits for.

The same edits are timed a second time in Qt's own event loop (``QEventLoop.exec``, no
polling loop): the GUI thread's CPU time over the window, minus the idle windows' (the
loop sleeps while it waits, which costs nothing), an independent check of the first.

The idle reference is honest about background work: before the first edit the bench
waits until the canvas has settled (its cards' flags follow the level of detail) and the
loop is quiet (two idle windows in a row cost about the same), and it measures one idle
window after every edit, so the reference is the median of ``2 × edits + 3`` windows
spread over the whole run; a run whose edit costs fall below zero is reported INVALID.

The autosave is measured on its own: the GUI-thread time of the timer's autosave
(snapshot on the GUI thread, serialised and written by a worker thread), from the call
until the ``saved`` signal, beside a synchronous ``save_now`` of the same document. Its
30 s timer is stopped while the edits are timed (a tick would land in a random edit).

Two kinds of edit: ``bias`` (params change, no shape changes downstream — its cost should
not grow with N) and ``width`` (out_features 64 ↔ 32: the next layers' shapes change).
Goals (issue 11): < 16 ms at 2,000 layers, < 50 ms at 20,000, judged on the p95 of
each series: the GUI-thread CPU in Qt's loop (the work) and the polling loop's wall time
(what other processes on a shared machine inflate, and whose overhead subtraction is
noisy over the seconds a 20,000-layer preview takes: a negative sample says INVALID).
Median and spread over ``--edits`` edits; "met" is printed only when the p95 meets it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from netbuilder.core.document import Project  # noqa: E402
from netbuilder.core.graph import Graph  # noqa: E402

GOALS_MS = {2000: 16.0, 20000: 50.0}
COLUMNS = 40


def chain(n: int) -> Graph:
    """Input → (Linear 64, ReLU) × … laid out in rows of ``COLUMNS`` cards."""
    g = Graph()
    prev = g.add_node("Input", {"kind": "vector", "features": 64}, pos=(0, 0))
    for i in range(1, n):
        pos = ((i % COLUMNS) * 240.0, (i // COLUMNS) * 150.0)
        nid = (
            g.add_node("Linear", {"out_features": 64}, pos=pos)
            if i % 2
            else g.add_node("ReLU", pos=pos)
        )
        g.connect(prev, nid)
        prev = nid
    return g


def busy_ms(app: QApplication, window_ms: float, action=None, settled=None) -> float:
    """GUI-thread busy time: ``action`` plus every event processed until ``window_ms``.

    With ``settled``, events are processed for longer, until ``settled()`` holds (the code
    preview's worker process has answered and its text is shown), at most 60 s.
    """
    busy = cpu = 0.0
    calls = 0
    end = time.perf_counter() + window_ms / 1000.0
    limit = end + 60.0
    if action is not None:
        start, clock = time.perf_counter(), time.thread_time()
        action()
        busy += time.perf_counter() - start
        cpu += time.thread_time() - clock
    first = time.perf_counter()
    while time.perf_counter() < end or (
        settled is not None and not settled() and time.perf_counter() < limit
    ):
        start, clock = time.perf_counter(), time.thread_time()
        app.processEvents()
        busy += time.perf_counter() - start
        cpu += time.thread_time() - clock
        calls += 1
        time.sleep(0.0005)
    LAST_SPAN[0] = time.perf_counter() - first
    LAST_CALLS[0] = calls
    LAST_CPU[0] = cpu * 1000.0
    return busy * 1000.0


def loop_cpu_ms(app: QApplication, window_ms: float, action=None, settled=None) -> float:
    """GUI-thread CPU ms of ``action`` plus Qt's own event loop (``QEventLoop.exec``) run
    for ``window_ms`` and, with ``settled``, until ``settled()`` holds (at most 60 s).

    A cross-check of :func:`busy_ms` without its polling loop: the loop sleeps while it
    waits (for the code preview's worker process), which costs no CPU; a 50 ms timer
    that checks for the end is the only overhead (measured by the idle windows).
    """
    clock, first = time.thread_time(), time.perf_counter()
    end = first + window_ms / 1000.0
    limit = end + 60.0
    if action is not None:
        action()
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(50)

    def done() -> None:
        now = time.perf_counter()
        if now >= limit or (now >= end and (settled is None or settled())):
            loop.quit()

    check.timeout.connect(done)
    check.start()
    loop.exec()
    check.stop()
    LAST_SPAN[0] = time.perf_counter() - first
    return (time.thread_time() - clock) * 1000.0


#: Seconds the last :func:`busy_ms` watched the loop.
LAST_SPAN = [0.0]
#: ``processEvents`` calls the last :func:`busy_ms` made (the loop's overhead grows with them).
LAST_CALLS = [0]
#: GUI-thread CPU milliseconds of the last :func:`busy_ms` (the work itself: unlike the
#: wall time it does not grow when other processes share the CPU).
LAST_CPU = [0.0]


def _spread(samples: list[float]) -> str:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(len(s) * 0.95))]
    return (
        f"median {statistics.median(s):8.2f} ms  min {s[0]:8.2f}  p95 {p95:8.2f}  max {s[-1]:8.2f}"
    )


def _verdict(n: int, samples: list[float]) -> str:
    """The goal for ``n`` layers judged on the p95 of ``samples`` ("" without a goal)."""
    goal = GOALS_MS.get(n)
    if goal is None:
        return ""
    if min(samples) < 0:  # the no-edit reference caught background work
        return "  INVALID (the idle reference was busy; run again)"
    p95 = sorted(samples)[min(len(samples) - 1, int(len(samples) * 0.95))]
    return f"  goal < {goal:.0f} ms: {'met' if p95 < goal else 'NOT met'}"


def run(app: QApplication, n: int, edits: int, window_ms: float) -> dict[str, list[float]]:
    from netbuilder.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as autosave:
        start = time.perf_counter()
        window = MainWindow(restore=False, autosave_dir=autosave)
        window.resize(1600, 1000)
        window.show()
        window.model.set_project(Project(chain(n), name=f"chain{n}"))
        for key in ("summary", "code"):
            if key in window.docks:
                window.docks[key].show()
                window.docks[key].raise_()
        busy_ms(app, 300)
        print(f"\n{n} layers: window + document + first paint {time.perf_counter() - start:.2f} s")
        model = window.model
        linears = [node.id for node in model.graph if node.type == "Linear"]
        target = linears[len(linears) // 2]
        window.canvas.centerOn(window.canvas.canvas.nodes[target].sceneBoundingRect().center())
        busy_ms(app, 200)
        code = window.code

        def settled() -> bool:  # the preview shows the edit (its worker process answered)
            return not code.busy() and not code.stale

        window.autosave.timer.stop()  # its 30 s tick is timed on its own, below
        quiet(app, window, window_ms)

        def polled(action, until) -> tuple[float, float, float]:
            wall = busy_ms(app, window_ms, action, until)
            return wall, LAST_CPU[0], float(LAST_CALLS[0])

        idle, raw = timed_edits(model, target, edits, polled, settled, 0)
        # the loop's own cost per empty processEvents call (wall, CPU)
        overhead = statistics.median(wall / max(1.0, calls) for wall, _cpu, calls in idle)
        cpu_overhead = statistics.median(cpu / max(1.0, calls) for _wall, cpu, calls in idle)
        results: dict[str, list[float]] = {
            "idle": [wall for wall, _cpu, _calls in idle],
            "idle cpu": [cpu for _wall, cpu, _calls in idle],
        }
        for kind, samples in raw.items():
            results[kind] = [wall - overhead * calls for wall, _cpu, calls in samples]
            results[f"{kind} cpu"] = [cpu - cpu_overhead * calls for _wall, cpu, calls in samples]
        results.update(real_loop_costs(app, model, target, settled, edits, window_ms))
        results.update(autosave_costs(app, window))
        model.undo_stack.setClean()  # no "Save changes?" question on close
        window.close()
        window.deleteLater()
        busy_ms(app, 100)
    return results


def quiet(app: QApplication, window, window_ms: float, limit_s: float = 120.0) -> None:
    """Process events until the canvas has settled and two idle windows in a row cost
    about the same (background work after the load is over), at most ``limit_s``."""
    layers = getattr(window.canvas.canvas, "layers", None)
    end = time.perf_counter() + limit_s
    while layers is not None and not layers.settled() and time.perf_counter() < end:
        busy_ms(app, 50)
    last = busy_ms(app, window_ms)
    while time.perf_counter() < end:
        now = busy_ms(app, window_ms)
        if abs(now - last) <= max(1.0, 0.25 * min(now, last)):
            return
        last = now
    print("  (the loop never went quiet: the figures below include background work)")


def timed_edits(model, target, edits: int, measure, settled, flip: int):
    """Time ``edits`` edits of each kind with ``measure(action, settled)``, and an idle
    window (``measure(None, None)``) before the first (three) and after each edit.

    ``flip`` (0 or 1) picks which value each edit sets first, so a second series keeps
    changing the document where the first left it. Returns ``(idle, {kind: samples})``.
    """
    from netbuilder.ui.commands import SetParamsCommand

    idle = [measure(None, None) for _ in range(3)]
    raw: dict[str, list] = {"bias": [], "width": []}
    for k in range(edits):
        odd = (k + flip) % 2 == 1
        for kind, params in (
            ("bias", {"bias": odd}),
            ("width", {"out_features": 64 if odd else 32}),
        ):
            push = lambda p=params: model.push(SetParamsCommand(model, target, p))  # noqa: E731
            raw[kind].append(measure(push, settled))
            idle.append(measure(None, None))
    return idle, raw


def real_loop_costs(app, model, target, settled, edits: int, window_ms: float):
    """The same edits timed by :func:`loop_cpu_ms` (GUI-thread CPU in Qt's own loop)."""

    def in_qt_loop(action, until) -> tuple[float, float]:
        cpu = loop_cpu_ms(app, window_ms, action, until)
        return cpu, LAST_SPAN[0] * 1000.0

    idle, raw = timed_edits(model, target, edits, in_qt_loop, settled, 1)
    overhead = statistics.median(cpu / span for cpu, span in idle)  # the end checks, per ms
    out = {"loop idle cpu": [cpu for cpu, _span in idle]}
    for kind, samples in raw.items():
        out[f"{kind} loop cpu"] = [cpu - overhead * span for cpu, span in samples]
    return out


def autosave_costs(app: QApplication, window, runs: int = 5) -> dict[str, list[float]]:
    """GUI-thread ms of the timer's autosave (until ``saved``) and of ``save_now``."""
    saver = window.autosave
    out: dict[str, list[float]] = {"autosave": [], "autosave cpu": [], "save_now": []}
    out["save_now cpu"] = []
    for _ in range(runs):
        saver.mark_changed()
        done: list[object] = []
        saver.saved.connect(done.append)
        out["autosave"].append(busy_ms(app, 0.0, saver.save_in_background, lambda d=done: bool(d)))
        out["autosave cpu"].append(LAST_CPU[0])
        saver.saved.disconnect(done.append)
        saver.mark_changed()
        out["save_now"].append(busy_ms(app, 0.0, saver.save_now))
        out["save_now cpu"].append(LAST_CPU[0])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    parser.add_argument("--edits", type=int, default=7, help="edits of each kind (>= 5)")
    parser.add_argument("--window", type=float, default=250.0, help="ms watched after a push")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as settings_dir:
        QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, settings_dir)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        import torch

        print(
            f"one parameter edit in the real MainWindow, {app.platformName()}, "
            f"GUI thread; torch threads {torch.get_num_threads()}, {os.cpu_count()} cores, "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        for n in args.sizes:
            results = run(app, n, args.edits, args.window)
            print(f"  idle window ({args.window:.0f} ms watched): {_spread(results['idle'])}")
            print(f"    (GUI-thread CPU):            {_spread(results['idle cpu'])}")
            print(f"  idle window, Qt's loop (CPU):  {_spread(results['loop idle cpu'])}")
            for kind in ("bias", "width"):
                samples = results[kind + " loop cpu"]
                print(
                    f"  edit '{kind:5s}' (CPU, Qt's loop): {_spread(samples)}{_verdict(n, samples)}"
                )
            for kind in ("bias", "width"):
                print(f"  edit '{kind:5s}' (GUI CPU):      {_spread(results[kind + ' cpu'])}")
                samples = results[kind]
                print(
                    f"  edit '{kind:5s}' (GUI busy):     {_spread(samples)}{_verdict(n, samples)}"
                )
            print(f"  autosave tick, worker thread:  {_spread(results['autosave'])}")
            print(f"    (GUI-thread CPU):            {_spread(results['autosave cpu'])}")
            print(f"  save_now on the GUI thread:    {_spread(results['save_now'])}")
            print(f"    (GUI-thread CPU):            {_spread(results['save_now cpu'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
