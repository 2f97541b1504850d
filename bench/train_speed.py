"""Training speed, side by side in one run.

(a) the compiled ``lenet5`` (codegen) vs the same network written by hand, same data pipeline
    (goal: ≥ 0.98× the hand-written speed);
(b) NetBuilder's device-resident loader vs a plain ``DataLoader(TensorDataset)`` as in the
    seeds' code, on the same training step (goal: ≥ 5× on a GPU; CPU reported too);
(c) GUI dock live vs headless — see ``bench_dock`` (TODO hook).

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


def bench_dock() -> str:
    """(c) GUI training dock live vs headless (goal ≥ 0.95×).

    TODO: run the same lenet5/digits training through ``netbuilder.ui.training_dock``
    with the plots live (offscreen Qt) and compare with ``Trainer.run`` headless, once the
    dock is merged into the main window.
    """
    try:
        import netbuilder.ui.training_dock  # noqa: F401
    except ImportError:
        return "(c) GUI dock live vs headless: skipped — netbuilder.ui.training_dock not available"
    return "(c) GUI dock live vs headless: TODO — dock available, measurement not written yet"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
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
    print(bench_dock())


if __name__ == "__main__":
    main()
