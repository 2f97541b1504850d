"""Training speed, side by side in one run.

(a) the compiled ``lenet5`` (codegen) vs the same network written by hand, same data pipeline
    (goal: ≥ 0.98× the hand-written speed);
(b) NetBuilder's device-resident loader vs a plain ``DataLoader(TensorDataset)`` as in the
    seeds' code, on the same training step (goal: ≥ 5× on a GPU; CPU reported too);
(c) the GUI training dock live (offscreen, curves drawn) vs the headless Trainer
    (goal: ≥ 0.95×).

Usage: ``python bench/train_speed.py [--device auto] [--epochs 3] [--repeats 3] [--threads N]``.
Timings are the best of ``--repeats`` interleaved runs (robust to a busy machine).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterable

import torch
from torch import nn

from netbuilder.core.presets import load_preset
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


def bench_dock(epochs: int, repeats: int) -> str:
    """(c) the training dock live (offscreen Qt, curves and kernels drawn) vs headless.

    Both train lenet5 on digits with the same settings on the CPU/GPU chosen by ``auto``;
    the time compared is the sum of the epoch times the trainer measures.
    """
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from netbuilder.ui.training import TrainingDock
    except ImportError as exc:
        return f"(c) GUI dock live vs headless: skipped ({exc})"
    from netbuilder.train.session import make_trainer, training_config

    app = QApplication.instance() or QApplication([])
    project = load_preset("lenet5")
    settings = {"epochs": epochs, "batch_size": 32, "device": "cpu"}
    live_t, headless_t = [], []
    for _ in range(repeats):
        result = make_trainer(project, training_config(project, **settings)).run()
        headless_t.append(sum(e.seconds for e in result.history))

        dock = TrainingDock(lambda: project)
        dock.resize(500, 900)
        dock.show()
        dock.epochs_box.setValue(epochs)
        dock.batch_box.setValue(32)
        dock.device.setCurrentText("cpu")
        seconds: list[float] = []
        loop = QEventLoop()
        dock.training_finished.connect(loop.quit)
        dock.start()
        dock.worker.epoch.connect(lambda e, out=seconds: out.append(e.seconds))
        QTimer.singleShot(600_000, loop.quit)
        loop.exec()
        app.processEvents()
        live_t.append(sum(seconds))
        dock.shutdown()
        dock.close()
        dock.deleteLater()
    ratio = min(headless_t) / min(live_t)
    return (
        "(c) GUI dock live vs headless, lenet5 on digits (epoch time sum)\n"
        f"    headless      best {min(headless_t):.3f}s\n"
        f"    dock live     best {min(live_t):.3f}s\n"
        f"    ratio live/headless speed = {ratio:.3f}x (goal ≥0.95x)\n"
        f"    (headless: {torch.get_num_threads()} torch threads; on the CPU the dock trains "
        f"with min(that, cores − 1 = {max(1, (os.cpu_count() or 1) - 1)}) so the GUI keeps a core)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    parser.add_argument("--dock-epochs", type=int, default=10, help="epochs of (c)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
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
    print(bench_dock(args.dock_epochs, args.repeats))


if __name__ == "__main__":
    main()
