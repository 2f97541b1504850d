"""One process of ``bench/train_speed.py`` (c); not run by hand.

``python bench/_train_child.py KIND EPOCHS BATCH`` prepares, prints ``{"ready": ...}``, then
trains lenet5 on digits (CPU) once per ``run`` line read from stdin, printing one JSON line
per run (the epoch times the trainer measured), until ``quit``. ``KIND``:

* ``cli``: ``netbuilder train lenet5 --json`` — the real command's code, in the main thread;
* ``thread``: the headless Trainer in a fresh worker thread per run (a control);
* ``dock``: Train clicked in the real main window (offscreen, every dock live, the Training
  dock raised), started as the app starts (:func:`create_app` first, torch imported by the
  dock's worker).

Each kind has a process of its own, as a user's has: torch's OpenMP threads slow down in a
process where a second thread has used torch (see :mod:`netbuilder.train.openmp`). The
processes live through the whole bench, so that the runs compared are seconds apart.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import redirect_stdout


def _serve(run: Callable[[], dict], ready: dict, finish: Callable[[], dict]) -> None:
    print(json.dumps({"ready": True, **ready}), flush=True)
    for line in sys.stdin:
        if line.strip() == "run":
            print(json.dumps(run()), flush=True)
        elif line.strip() == "quit":
            break
    print(json.dumps({"done": True, **finish()}), flush=True)


def _threads() -> dict:
    import torch

    policy = os.environ.get("OMP_WAIT_POLICY", "")
    return {"threads": torch.get_num_threads(), "omp_wait_policy": policy}


def cli(epochs: int, batch: int, scratch: str) -> None:
    from netbuilder.cli import main

    count = [0]

    def run() -> dict:
        count[0] += 1
        out = io.StringIO()
        args = ["train", "lenet5", "--json", "--epochs", str(epochs), "--batch-size", str(batch),
                "--device", "cpu", "--out", os.path.join(scratch, f"cli-{count[0]}")]  # fmt: skip
        with redirect_stdout(out):
            code = main(args)
        if code != 0:
            raise SystemExit(f"netbuilder train failed ({code})")
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        return {"epoch_seconds": [r["seconds"] for r in records if r["event"] == "epoch"]}

    _serve(run, {}, _threads)


def thread(epochs: int, batch: int) -> None:
    from netbuilder.core.presets import load_preset
    from netbuilder.train.session import make_trainer, training_config

    project = load_preset("lenet5")
    settings = {"epochs": epochs, "batch_size": batch, "device": "cpu"}

    def run() -> dict:
        result: dict = {}

        def train() -> None:
            trainer = make_trainer(project, training_config(project, **settings))
            result["train_samples"] = len(trainer.data.train)
            result["epoch_seconds"] = [e.seconds for e in trainer.run().history]

        worker = threading.Thread(target=train)
        worker.start()
        worker.join()
        return result

    _serve(run, {}, _threads)


def dock(epochs: int, batch: int, scratch: str) -> None:
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
    app.processEvents()

    def run() -> dict:
        training.epochs_box.setValue(epochs)
        training.batch_box.setValue(batch)
        training.device.setCurrentText("cpu")
        app.processEvents()
        seconds: list[float] = []
        lateness: list[int] = []
        loop = QEventLoop()
        training.training_finished.connect(loop.quit)
        clock = QElapsedTimer()
        ticks = QTimer()
        ticks.setInterval(16)
        last = [0]

        def tick() -> None:
            now = clock.elapsed()
            lateness.append(max(0, now - last[0] - 16))
            last[0] = now

        ticks.timeout.connect(tick)
        training.start()
        training.worker.epoch.connect(lambda e: seconds.append(e.seconds))
        gui_clock = GuiClock()  # lives in the GUI thread: its slots run there
        training.worker.started.connect(gui_clock.mark)
        training.worker.epoch.connect(gui_clock.mark)
        clock.start()
        ticks.start()
        QTimer.singleShot(600_000, loop.quit)
        loop.exec()
        ticks.stop()
        training.training_finished.disconnect(loop.quit)
        app.processEvents()
        if training.last_status != "finished" or len(seconds) != epochs:
            raise SystemExit(f"the dock's run did not finish: {training.last_message}")
        (cpu_a, wall_a), (cpu_b, wall_b) = gui_clock.marks[0], gui_clock.marks[-1]
        return {
            "epoch_seconds": seconds,
            "train_samples": gui_clock.samples,
            "lateness_ms": lateness,
            "gui_share": (cpu_b - cpu_a) / (wall_b - wall_a),
        }

    def finish() -> dict:
        facts = _threads()
        training.shutdown()
        window.model.undo_stack.setClean()
        window.close()
        return facts

    _serve(run, {}, finish)


def main() -> None:
    kind, epochs, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    scratch = tempfile.mkdtemp(prefix="netbuilder-bench-")
    if kind == "dock":
        dock(epochs, batch, scratch)
    elif kind == "thread":
        thread(epochs, batch)
    else:
        cli(epochs, batch, scratch)


if __name__ == "__main__":
    main()
