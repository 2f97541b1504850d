"""Training speed, side by side in one run.

(a) the compiled ``lenet5`` (codegen) vs the same network written by hand, same data pipeline
    (goal: ≥ 0.98× the hand-written speed);
(b) NetBuilder's device-resident loader vs a plain ``DataLoader(TensorDataset)`` as in the
    seeds' code, on the same training step (goal: ≥ 5× on a GPU; CPU reported too);
(c) training from the dock of the real main window (offscreen, all docks live, curves and
    kernels drawn) vs the headless Trainer (main thread, and a worker thread as a control),
    same thread count, the run a user starts with Train on the default document (lenet5's
    own settings: 12 epochs, batch 16; ``--dock-epochs`` / ``--dock-batch`` change them),
    rounds in rotating order: median and
    spread of throughput and of the per-run ratio (goal: ≥ 0.95×, "met" only when every run
    meets it), and how late a 16 ms GUI timer fires meanwhile;
(d) the whole training loop: NetBuilder's Trainer (data resident on the device, AMP in
    bf16/fp16 on CUDA, optionally ``torch.compile``) vs the course's plain eager loop
    (``DataLoader`` over CPU tensors, ``.to(device)`` per batch, fp32, ``loss.item()`` per
    batch), same network, optimizer and epochs, ``--loop-runs`` alternating rounds:
    median and spread of samples/s and of the per-round ratio (goal: ≥ 1.3× on a GPU; on
    a machine without one the GPU goal is printed as unmeasured).

Usage: ``python bench/train_speed.py [--device auto] [--epochs 3] [--repeats 3] [--threads N]
[--dock-epochs N] [--dock-batch N] [--dock-runs 5] [--only-dock] [--loop-runs 5]
[--loop-epochs 2] [--compile] [--only-loop]``.
Timings of (a) and (b) are the best of ``--repeats`` interleaved runs (robust to a busy
machine).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial

import torch
from torch import nn

from netbuilder.core.presets import load_preset
from netbuilder.core.recipes import RECIPES
from netbuilder.train.datasets import DeviceLoader, InputSpec, load_dataset
from netbuilder.train.session import build_model
from netbuilder.train.trainer import pick_device


class HandLeNet5(nn.Module):
    """d2l LeNet-5, written by hand (the reference of (a))."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, kernel_size=5, padding=2)
        self.pool1 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.pool2 = nn.AvgPool2d(kernel_size=2, stride=2)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool1(torch.sigmoid(self.conv1(x)))
        x = self.pool2(torch.sigmoid(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = torch.sigmoid(self.fc1(x))
        x = torch.sigmoid(self.fc2(x))
        return self.fc3(x)


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def train_epochs(
    model: nn.Module,
    make_batches: Callable[[int], Iterable[tuple[torch.Tensor, torch.Tensor]]],
    epochs: int,
    device: torch.device,
) -> float:
    """Seconds for ``epochs`` epochs of Adam + cross-entropy (the Trainer's inner step)."""
    model.to(device).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    # one warm-up batch (allocations, cuDNN autotune)
    xb, yb = next(iter(make_batches(0)))
    loss_fn(model(xb.to(device)), yb.to(device)).backward()
    opt.zero_grad(set_to_none=True)
    sync(device)
    t0 = time.perf_counter()
    for epoch in range(epochs):
        for xb, yb in make_batches(epoch):
            xb = xb.to(device, non_blocking=True)
            yb = yb.to(device, non_blocking=True)
            loss = loss_fn(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    sync(device)
    return time.perf_counter() - t0


def iterate_only(make_batches, epochs: int, device: torch.device) -> float:
    """Seconds to deliver every batch to the device without training."""
    sync(device)
    t0 = time.perf_counter()
    for epoch in range(epochs):
        for xb, yb in make_batches(epoch):
            xb = xb.to(device, non_blocking=True)
            yb = yb.to(device, non_blocking=True)
    sync(device)
    return time.perf_counter() - t0


def _spread(values: list[float]) -> str:
    """``median (min – max)`` of ``values``."""
    return f"median {statistics.median(values):,.0f} ({min(values):,.0f} – {max(values):,.0f})"


def _quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (linear interpolation)."""
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def bench_dock(epochs: int | None, runs: int, batch: int | None = None, goal: float = 0.95) -> str:
    """(c) training from the dock of the real main window vs the headless Trainer.

    All train lenet5 on digits (CPU) with the same torch thread count, the same epochs and
    batch size: by default the preset's own (what Train does on the default document). Each round
    runs the headless Trainer in the main thread (as ``netbuilder train``), the same in a
    plain worker thread (a control: the dock's worker trains outside the main thread too,
    and on a loaded machine OpenMP threads behave differently there) and the dock; which
    goes first rotates. The goal compares the dock with the faster headless run of its
    round. Throughput is the samples
    trained divided by the epoch times the trainer measures (training and validation).
    While the dock trains, a 16 ms timer on the GUI thread records how late it fires.
    """
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.mkdtemp(prefix="netbuilder-bench-")
    os.environ["NETBUILDER_AUTOSAVE_DIR"] = scratch  # never the user's data folder
    os.environ["NETBUILDER_RUNS_DIR"] = os.path.join(scratch, "runs")  # nor its runs
    try:
        from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, QSettings, QTimer, Slot

        from netbuilder.ui.app import create_app
        from netbuilder.ui.main_window import MainWindow
    except ImportError as exc:
        return f"(c) GUI dock live vs headless: skipped ({exc})"
    from netbuilder.train.session import make_trainer, training_config

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, scratch)
    app = create_app()
    project = load_preset("lenet5")
    epochs = epochs or project.training.epochs
    batch = batch or project.training.batch_size
    settings = {"epochs": epochs, "batch_size": batch, "device": "cpu"}
    samples = None
    headless: list[float] = []
    threaded: list[float] = []
    dock_rates: list[float] = []
    lateness: list[float] = []
    gui_share: list[float] = []  # GUI thread CPU time / the dock run's wall time
    gui_training: list[float] = []  # the same from the worker's `started` to its last epoch

    class GuiClock(QObject):
        """GUI-thread CPU and wall clocks when the worker's signals reach the GUI thread."""

        def __init__(self) -> None:
            super().__init__()
            self.marks: list[tuple[float, float]] = []

        @Slot(object)
        def mark(self, _info: object) -> None:
            self.marks.append((time.thread_time(), time.perf_counter()))

    def run_headless(out: list[float]) -> None:
        nonlocal samples
        trainer = make_trainer(project, training_config(project, **settings))
        samples = len(trainer.data.train) * epochs
        result = trainer.run()
        out.append(samples / sum(e.seconds for e in result.history))

    def run_headless_in_a_thread() -> None:
        # the control: the dock's worker also trains outside the main thread
        worker = threading.Thread(target=run_headless, args=(threaded,))
        worker.start()
        worker.join()

    def run_dock() -> None:
        window = MainWindow(restore=False)
        window.files.open_preset("lenet5", ask=False)
        window.resize(1360, 860)
        window.show()
        window.docks["training"].raise_()  # its curves and kernels are painted
        dock = window.training.training_dock
        dock.epochs_box.setValue(epochs)
        dock.batch_box.setValue(batch)
        dock.device.setCurrentText("cpu")
        app.processEvents()
        seconds: list[float] = []
        loop = QEventLoop()
        dock.training_finished.connect(loop.quit)
        clock = QElapsedTimer()
        ticks = QTimer()
        ticks.setInterval(16)
        last = [0]

        def tick() -> None:
            now = clock.elapsed()
            lateness.append(max(0, now - last[0] - 16))
            last[0] = now

        ticks.timeout.connect(tick)
        cpu0, wall0 = time.thread_time(), time.perf_counter()
        dock.start()
        dock.worker.epoch.connect(lambda e, out=seconds: out.append(e.seconds))
        gui_clock = GuiClock()  # lives in the GUI thread: its slots run there
        dock.worker.started.connect(gui_clock.mark)
        dock.worker.epoch.connect(gui_clock.mark)
        clock.start()
        ticks.start()
        QTimer.singleShot(600_000, loop.quit)
        loop.exec()
        ticks.stop()
        gui_share.append((time.thread_time() - cpu0) / (time.perf_counter() - wall0))
        (cpu_a, wall_a), (cpu_b, wall_b) = gui_clock.marks[0], gui_clock.marks[-1]
        gui_training.append((cpu_b - cpu_a) / (wall_b - wall_a))
        app.processEvents()
        if dock.last_status != "finished" or len(seconds) != epochs:
            raise SystemExit(f"the dock's run did not finish: {dock.last_message}")
        dock_rates.append(samples / sum(seconds))
        dock.shutdown()
        window.model.undo_stack.setClean()
        window.hide()
        window.deleteLater()
        app.processEvents()

    run_headless([])  # warm-up (imports, allocations), not counted
    steps = [partial(run_headless, headless), run_headless_in_a_thread, run_dock]
    for i in range(runs):
        for step in steps[i % 3 :] + steps[: i % 3]:  # each goes first in turn
            step()
    # the goal is against the faster headless way of each round
    best = [max(h, t) for h, t in zip(headless, threaded, strict=True)]
    ratios = [d / b for d, b in zip(dock_rates, best, strict=True)]
    median, worst = statistics.median(ratios), min(ratios)
    if worst >= goal:
        verdict = f"goal ≥{goal}×: met in every run"
    elif median >= goal:
        verdict = f"goal ≥{goal}×: NOT met (median meets it, the worst run does not)"
    else:
        verdict = f"goal ≥{goal}×: NOT met"
    cores = os.cpu_count() or 1
    p95 = _quantile(lateness, 0.95) if lateness else float("nan")
    return (
        f"(c) training dock in the real main window vs headless Trainer: lenet5 on digits, "
        f"batch {batch}, {epochs} epochs, CPU, {runs} rounds (order rotating), "
        f"load average {os.getloadavg()[0]:.1f} at the end\n"
        f"    threads: both train with torch's {torch.get_num_threads()} intra-op threads "
        f"on {cores} cores (the dock keeps every thread; none left to the GUI)\n"
        f"    headless, main thread (as `netbuilder train`)  {_spread(headless)} samples/s\n"
        f"    headless, in a worker thread (control)         {_spread(threaded)} samples/s\n"
        f"    dock live (worker thread, GUI painting)        {_spread(dock_rates)} samples/s\n"
        f"    ratio dock / faster headless of the round: median {median:.3f}× "
        f"(min {worst:.3f}×, max {max(ratios):.3f}×); {verdict}\n"
        f"    GUI thread while the dock trains: a 16 ms timer fired late by median "
        f"{statistics.median(lateness) if lateness else float('nan'):.0f} ms, p95 {p95:.0f} ms, "
        f"max {max(lateness, default=float('nan')):.0f} ms ({len(lateness)} ticks); "
        f"its CPU time is median {100 * statistics.median(gui_share):.1f} % of the run "
        f"({100 * min(gui_share):.1f} – {100 * max(gui_share):.1f} %), "
        f"{100 * statistics.median(gui_training):.1f} % "
        f"({100 * min(gui_training):.1f} – {100 * max(gui_training):.1f} %) "
        "from the run's start to its last epoch (one core = 100 %)"
    )


def plain_course_loop(model: nn.Module, x, y, epochs: int, bs: int, device) -> float:
    """The course's loop (DataLoader on CPU tensors, per-batch copies, fp32, item() each
    batch); seconds from the end of the first batch to the end, as for the Trainer."""
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(x, y), batch_size=bs, shuffle=True
    )
    model.to(device).train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    t0 = None
    for _ in range(epochs):
        running = 0.0
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            running += loss.item()
            if t0 is None:
                t0 = time.perf_counter()
    sync(device)
    return time.perf_counter() - (t0 or 0.0)


def trainer_loop(epochs: int, bs: int, device, compile_: bool) -> float:
    """NetBuilder's Trainer on lenet5/digits (no validation, no files): seconds of training."""
    import dataclasses

    from netbuilder.train.events import BatchEnd, Finished
    from netbuilder.train.session import make_trainer

    project = RECIPES["lenet5"]()
    config = dataclasses.replace(
        project.training,
        epochs=epochs,
        batch_size=bs,
        optimizer="adam",
        lr=1e-3,
        schedule="none",
        val_split=0.0,
        device=device.type,
        compile=compile_,
    )
    marks: dict[str, float] = {}

    def on_event(event: object) -> None:
        if isinstance(event, BatchEnd) and "start" not in marks:
            marks["start"] = time.perf_counter()  # after the first batch (fixed cost apart)
        elif isinstance(event, Finished):
            marks["end"] = time.perf_counter()

    trainer = make_trainer(project, config, callbacks=[on_event])
    trainer.run()
    return marks["end"] - marks["start"]


def bench_loop(device, epochs: int, runs: int, bs: int, compile_: bool, goal: float = 1.3) -> str:
    """(d): the whole loop, ours vs the course's, alternating rounds."""
    data = load_dataset("digits", InputSpec("image", (1, 28, 28)), val_split=0.0)
    x, y = data.train.x, data.train.y
    n = int(x.shape[0])
    # both timed from the end of the first batch to the end, on the same number of samples
    per_batch = n / -(-n // bs)
    samples = n * epochs - per_batch
    ours_rate, plain_rate, ratios = [], [], []
    for i in range(runs):
        pair = ["ours", "plain"] if i % 2 == 0 else ["plain", "ours"]
        got: dict[str, float] = {}
        for which in pair:
            if which == "ours":
                got[which] = samples / trainer_loop(epochs, bs, device, compile_)
            else:
                model = build_model(RECIPES["lenet5"]())
                got[which] = samples / plain_course_loop(model, x, y, epochs, bs, device)
        ours_rate.append(got["ours"])
        plain_rate.append(got["plain"])
        ratios.append(got["ours"] / got["plain"])
    lines = [
        f"(d) whole loop on {device}: Trainer (resident data"
        + (", AMP" if device.type == "cuda" else "")
        + (", torch.compile" if compile_ else "")
        + f") vs the course's eager DataLoader loop; {runs} rounds, {epochs} epochs, "
        f"batch {bs}, {torch.get_num_threads()} thread(s)",
        f"    ours   {_spread(ours_rate)} samples/s",
        f"    plain  {_spread(plain_rate)} samples/s",
        f"    ratio  median {statistics.median(ratios):.2f}x "
        f"({min(ratios):.2f} – {max(ratios):.2f})",
    ]
    if device.type == "cuda":
        met = min(ratios) >= goal
        lines.append(f"    goal ≥{goal}x on a GPU: {'met' if met else 'NOT met'}")
    else:
        lines.append(f"    goal ≥{goal}x on a GPU: unmeasured (no GPU here; CPU figures only)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    parser.add_argument("--dock-epochs", type=int, default=0, help="epochs of (c) (0: lenet5's)")
    parser.add_argument("--dock-batch", type=int, default=0, help="batch of (c) (0: lenet5's)")
    parser.add_argument("--dock-runs", type=int, default=5, help="rounds of (c), ≥ 5")
    parser.add_argument("--only-dock", action="store_true", help="run (c) only")
    parser.add_argument("--loop-runs", type=int, default=5, help="rounds of (d), ≥ 5")
    parser.add_argument("--loop-epochs", type=int, default=2, help="epochs of (d)")
    parser.add_argument("--compile", action="store_true", help="(d) with torch.compile")
    parser.add_argument("--only-loop", action="store_true", help="run (d) only")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.only_dock:
        print(bench_dock(args.dock_epochs, max(5, args.dock_runs), args.dock_batch))
        return
    device = pick_device(args.device)
    loop = partial(
        bench_loop, device, args.loop_epochs, max(5, args.loop_runs), args.batch_size, args.compile
    )
    if args.only_loop:
        print(loop())
        return
    data = load_dataset("digits", InputSpec("image", (1, 28, 28)), val_split=0.0)
    x, y = data.train.x, data.train.y
    n, bs = int(x.shape[0]), args.batch_size
    print(
        f"device={device} torch={torch.__version__} threads={torch.get_num_threads()} "
        f"data=digits {n}×1×28×28 batch={bs} epochs={args.epochs} repeats={args.repeats}"
    )

    loader = DeviceLoader(x, y, bs, device, shuffle=True, seed=0)

    def ours(epoch: int):
        loader.set_epoch(epoch)
        return loader

    dataset = torch.utils.data.TensorDataset(x, y)
    plain_loader = torch.utils.data.DataLoader(dataset, batch_size=bs, shuffle=True)

    def plain(epoch: int):
        return plain_loader

    project = load_preset("lenet5")
    compiled_t, hand_t, ours_t, plain_t, ours_it, plain_it = ([] for _ in range(6))
    for repeat in range(args.repeats):
        compiled = build_model(project, seed=0)
        torch.manual_seed(0)
        hand = HandLeNet5()
        # alternate which goes first, so warm caches favour neither
        pair = [(compiled, compiled_t), (hand, hand_t)]
        for model, times in pair if repeat % 2 == 0 else pair[::-1]:
            times.append(train_epochs(model, ours, args.epochs, device))
        torch.manual_seed(0)
        ours_t.append(train_epochs(HandLeNet5(), ours, args.epochs, device))
        torch.manual_seed(0)
        plain_t.append(train_epochs(HandLeNet5(), plain, args.epochs, device))
        ours_it.append(iterate_only(ours, args.epochs, device))
        plain_it.append(iterate_only(plain, args.epochs, device))

    samples = n * args.epochs

    def rate(times: list[float]) -> str:
        best = min(times)
        spread = statistics.median(times)
        return f"{samples / best:>10,.0f} samples/s (best {best:.3f}s, median {spread:.3f}s)"

    print("(a) compiled lenet5 vs hand-written nn.Module, same device loader")
    print(f"    compiled      {rate(compiled_t)}")
    print(f"    hand-written  {rate(hand_t)}")
    ratio = min(hand_t) / min(compiled_t)
    print(f"    ratio compiled/hand-written speed = {ratio:.3f}x (goal ≥0.98x)")
    print("(b) device-resident loader vs DataLoader(TensorDataset), training LeNet-5")
    print(f"    ours (train)  {rate(ours_t)}")
    print(f"    plain (train) {rate(plain_t)}")
    print(f"    ratio = {min(plain_t) / min(ours_t):.2f}x (goal ≥5x on GPU)")
    print("    delivering batches only (no training):")
    print(f"    ours          {rate(ours_it)}")
    print(f"    plain         {rate(plain_it)}")
    print(f"    ratio = {min(plain_it) / min(ours_it):.2f}x")
    print(bench_dock(args.dock_epochs, max(5, args.dock_runs), args.dock_batch))
    print(loop())


if __name__ == "__main__":
    main()
