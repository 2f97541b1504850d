"""One fresh process of ``bench/train_speed.py`` (c); not run by hand.

``python bench/_train_child.py KIND EPOCHS BATCH RUNS`` trains lenet5 on digits (CPU)
``RUNS`` times and prints one JSON line. ``KIND``:

* ``headless``: the Trainer in the main thread, as ``netbuilder train`` runs it;
* ``thread``: the same in a plain worker thread (a control);
* ``dock``: Train clicked ``RUNS`` times in the real main window (offscreen, every dock
  live, the Training dock raised), started as the app starts (:func:`create_app` first,
  torch imported by the dock's worker).

Each process is fresh, as a user's is: torch's OpenMP threads behave differently once a
second thread of the same process has run torch (see :mod:`netbuilder.train.openmp`), so
headless and dock runs never share a process.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time


def headless(epochs: int, batch: int, runs: int, in_thread: bool) -> dict:
    from netbuilder.core.presets import load_preset
    from netbuilder.train.session import make_trainer, training_config

    project = load_preset("lenet5")
    settings = {"epochs": epochs, "batch_size": batch, "device": "cpu"}
    rates: list[float] = []
    epoch_seconds: list[list[float]] = []
    samples = [0]

    def run() -> None:
        trainer = make_trainer(project, training_config(project, **settings))
        samples[0] = len(trainer.data.train)
        result = trainer.run()
        epoch_seconds.append([e.seconds for e in result.history])
        rates.append(samples[0] * epochs / sum(epoch_seconds[-1]))

    for _ in range(runs):
        if in_thread:
            worker = threading.Thread(target=run)
            worker.start()
            worker.join()
        else:
            run()
    import torch

    return {
        "rates": rates,
        "epoch_seconds": epoch_seconds,
        "threads": torch.get_num_threads(),
        "train_samples": samples[0],
    }


def dock(epochs: int, batch: int, runs: int) -> dict:
    scratch = tempfile.mkdtemp(prefix="netbuilder-bench-")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["NETBUILDER_AUTOSAVE_DIR"] = scratch  # never the user's data folder
    os.environ["NETBUILDER_RUNS_DIR"] = os.path.join(scratch, "runs")  # nor its runs
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QSettings, QTimer, Slot

    from netbuilder.ui.app import create_app

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, scratch)
    app = create_app()  # as the app starts: before anything imports torch
    from netbuilder.ui.main_window import MainWindow

    class GuiClock(QObject):
        """GUI-thread CPU and wall clocks when the worker's signals reach the GUI thread."""

        def __init__(self) -> None:
            super().__init__()
            self.marks: list[tuple[float, float]] = []
            self.samples = 0

        @Slot(object)
        def mark(self, info: object) -> None:
            self.marks.append((time.thread_time(), time.perf_counter()))
            if isinstance(info, dict) and "train" in info:  # the run started: its data
                self.samples = int(info["train"])

    window = MainWindow(restore=False)
    window.files.open_preset("lenet5", ask=False)
    window.resize(1360, 860)
    window.show()
    window.docks["training"].raise_()  # its curves and kernels are painted
    training = window.training.training_dock
    rates: list[float] = []
    epoch_seconds: list[list[float]] = []
    lateness: list[float] = []
    gui_share: list[float] = []
    for _ in range(runs):
        training.epochs_box.setValue(epochs)
        training.batch_box.setValue(batch)
        training.device.setCurrentText("cpu")
        app.processEvents()
        seconds: list[float] = []
        loop = QEventLoop()
        training.training_finished.connect(loop.quit)
        clock = QElapsedTimer()
        ticks = QTimer()
        ticks.setInterval(16)
        last = [0]

        def tick(clock: QElapsedTimer = clock, last: list[int] = last) -> None:
            now = clock.elapsed()
            lateness.append(max(0, now - last[0] - 16))
            last[0] = now

        ticks.timeout.connect(tick)
        training.start()
        training.worker.epoch.connect(lambda e, out=seconds: out.append(e.seconds))
        gui_clock = GuiClock()  # lives in the GUI thread: its slots run there
        training.worker.started.connect(gui_clock.mark)
        training.worker.epoch.connect(gui_clock.mark)
        clock.start()
        ticks.start()
        QTimer.singleShot(600_000, loop.quit)
        loop.exec()
        ticks.stop()
        training.training_finished.disconnect(loop.quit)
        (cpu_a, wall_a), (cpu_b, wall_b) = gui_clock.marks[0], gui_clock.marks[-1]
        gui_share.append((cpu_b - cpu_a) / (wall_b - wall_a))
        app.processEvents()
        if training.last_status != "finished" or len(seconds) != epochs:
            raise SystemExit(f"the dock's run did not finish: {training.last_message}")
        rates.append(gui_clock.samples * epochs / sum(seconds))
        epoch_seconds.append(seconds)
    import torch

    training.shutdown()
    window.model.undo_stack.setClean()
    window.close()
    return {
        "rates": rates,
        "epoch_seconds": epoch_seconds,
        "threads": torch.get_num_threads(),
        "lateness_ms": lateness,
        "gui_share": gui_share,
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "train_samples": gui_clock.samples,
    }


def main() -> None:
    kind, epochs, batch, runs = sys.argv[1], *map(int, sys.argv[2:5])
    if kind == "dock":
        result = dock(epochs, batch, runs)
    else:
        result = headless(epochs, batch, runs, in_thread=kind == "thread")
    result["median"] = statistics.median(result["rates"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
