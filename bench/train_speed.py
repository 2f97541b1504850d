"""Training speed, side by side in one run.

(a) the compiled ``lenet5`` (codegen) vs the same network written by hand, same data pipeline
    (goal: ≥ 0.98× the hand-written speed);
(b) NetBuilder's device-resident loader vs a plain ``DataLoader(TensorDataset)`` as in the
    seeds' code, on the same training step (goal: ≥ 5× on a GPU; CPU reported too);
(c) training from the dock of the real main window (offscreen, all docks live, curves and
    kernels drawn; Train clicked once a round) vs ``netbuilder train`` (and the headless
    Trainer in a worker thread as a control), a process per way (``bench/_train_child.py``),
    runs back to back, same thread count, the run a user starts with Train on the default
    document (lenet5's own settings: 12 epochs, batch 16; ``--dock-epochs`` /
    ``--dock-batch`` change them), rounds in rotating order: median and spread of
    throughput and of the per-run ratio (goal: ≥ 0.95×, "met" only when every run meets
    it), and how late a 16 ms GUI timer fires meanwhile;
(d) the whole training loop: NetBuilder's Trainer (data resident on the device, AMP in
    bf16/fp16 on CUDA, optionally ``torch.compile``) vs the course's plain eager loop
    (``DataLoader`` over CPU tensors, ``.to(device)`` per batch, fp32, ``loss.item()`` per
    batch), same network, optimizer and epochs, ``--loop-runs`` alternating rounds:
    median and spread of samples/s and of the per-round ratio (goal: ≥ 1.3× on a GPU; on
    a machine without one the GPU goal is printed as unmeasured).

Usage: ``python bench/train_speed.py [--device auto] [--epochs 3] [--repeats 3] [--threads N]
[--dock-epochs N] [--dock-batch N] [--dock-runs 8] [--only-dock] [--loop-runs 5]
[--loop-epochs 2] [--compile] [--only-loop]``.
Timings of (a) and (b) are the best of ``--repeats`` interleaved runs (robust to a busy
machine).
"""

from __future__ import annotations

import argparse
import statistics
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
    """(c) training from the dock of the real main window vs ``netbuilder train``.

    Three processes of their own (``bench/_train_child.py``), as a user's are (torch's
    OpenMP threads slow down in a process where a second thread has used torch:
    :mod:`netbuilder.train.openmp`), alive through the whole bench: ``netbuilder train
    lenet5 --json`` (the command's own code, main thread), the headless Trainer in a fresh
    worker thread per run (a control), and the app's main window (offscreen, every dock
    live, the Training dock raised) in which Train is clicked once per round (the first
    round is the window's first Train). Each round runs one training in each, back to
    back, the order rotating, so the runs compared are seconds apart (a shared machine
    changes speed for seconds at a time). lenet5 on digits, CPU, the same epochs and batch
    size: by default the preset's own (what Train does on the default document); torch's
    default thread count in every process. Throughput is the training samples of all
    epochs divided by the epoch times the trainer measures (training and validation); the
    goal compares each dock run with the headless run of its round. The same from each
    run's median epoch is printed beside it: robust to a slow spell, but it leaves out the
    dashboard's updates (about one a second, most epochs see none), so it is not the
    verdict. While the dock trains, a 16 ms timer on the GUI thread records how late it
    fires.
    """
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    project = load_preset("lenet5")
    epochs = epochs or project.training.epochs
    batch = batch or project.training.batch_size
    child = Path(__file__).with_name("_train_child.py")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    kinds = ("cli", "thread", "dock")
    servers = {
        kind: subprocess.Popen(
            [sys.executable, str(child), kind, str(epochs), str(batch)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        for kind in kinds
    }

    def answer(kind: str) -> dict:
        server = servers[kind]
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("{"):
                return json.loads(line)
        raise SystemExit(f"the {kind} process of the bench ended (exit {server.wait()})")

    def ask(kind: str, command: str) -> dict:
        server = servers[kind]
        assert server.stdin is not None
        server.stdin.write(command + "\n")
        server.stdin.flush()
        return answer(kind)

    results: dict[str, list[dict]] = {kind: [] for kind in kinds}
    try:
        for kind in kinds:
            answer(kind)  # ready
        for i in range(runs):
            for kind in kinds[i % 3 :] + kinds[: i % 3]:  # each goes first in turn
                results[kind].append(ask(kind, "run"))
        facts = {kind: ask(kind, "quit") for kind in kinds}
    finally:
        for server in servers.values():
            if server.poll() is None:
                server.kill()
    per_epoch = next(r["train_samples"] for r in results["dock"] if r.get("train_samples"))

    def whole(seconds: list[float]) -> float:  # samples/s over the run's epochs
        return per_epoch * len(seconds) / sum(seconds)

    def steady(seconds: list[float]) -> float:  # samples/s of the run's median epoch
        return per_epoch / statistics.median(seconds)

    totals = {k: [whole(r["epoch_seconds"]) for r in v] for k, v in results.items()}
    rates = {k: [steady(r["epoch_seconds"]) for r in v] for k, v in results.items()}
    ratios = [d / h for d, h in zip(totals["dock"], totals["cli"], strict=True)]
    steady_ratios = [d / h for d, h in zip(rates["dock"], rates["cli"], strict=True)]
    median, worst = statistics.median(ratios), min(ratios)
    rounds = "; ".join(
        f"{h:,.0f} / {t:,.0f} / {d:,.0f}"
        for h, t, d in zip(totals["cli"], totals["thread"], totals["dock"], strict=True)
    )
    if worst >= goal:
        verdict = f"goal ≥{goal}×: met in every run"
    elif median >= goal:
        verdict = f"goal ≥{goal}×: NOT met (median meets it, the worst run does not)"
    else:
        verdict = f"goal ≥{goal}×: NOT met"
    cores = os.cpu_count() or 1
    docks = results["dock"]
    first_lateness = docks[0]["lateness_ms"]
    lateness = [ms for d in docks[1:] for ms in d["lateness_ms"]]
    gui_share = [d["gui_share"] for d in docks]
    p95 = _quantile(lateness, 0.95) if lateness else float("nan")
    policy = facts["dock"].get("omp_wait_policy") or "libgomp's default"
    return (
        f"(c) training dock in the real main window vs `netbuilder train`: lenet5 on digits, "
        f"batch {batch}, {epochs} epochs, CPU, {runs} rounds (order rotating; a process per "
        f"way, alive throughout); load average {os.getloadavg()[0]:.1f} at the end\n"
        f"    threads: every process trains with torch's {facts['dock']['threads']} intra-op "
        f"threads on {cores} cores (the dock keeps every thread; none left to the GUI); "
        f"the app's OpenMP wait policy: {policy}\n"
        f"    samples/s over all epochs of each run (of its median epoch: in brackets)\n"
        f"    netbuilder train (main thread)                 {_spread(totals['cli'])} "
        f"[{_spread(rates['cli'])}]\n"
        f"    headless Trainer in a worker thread (control)  {_spread(totals['thread'])} "
        f"[{_spread(rates['thread'])}]\n"
        f"    dock (Train clicked once a round)              {_spread(totals['dock'])} "
        f"[{_spread(rates['dock'])}]\n"
        f"      of which the window's first Train            {totals['dock'][0]:,.0f} "
        f"[{rates['dock'][0]:,.0f}]\n"
        f"    ratio dock / netbuilder train of the round (all epochs): median {median:.3f}× "
        f"(min {worst:.3f}×, max {max(ratios):.3f}×); {verdict}\n"
        f"    the same of the median epochs (robust to a slow spell of the machine, but "
        f"most epochs see no dashboard update): median {statistics.median(steady_ratios):.3f}× "
        f"(min {min(steady_ratios):.3f}×, max {max(steady_ratios):.3f}×)\n"
        f"    by round, all epochs (train / thread / dock): {rounds}\n"
        f"    GUI thread while the dock trains: a 16 ms timer fired late by median "
        f"{statistics.median(lateness) if lateness else float('nan'):.0f} ms, p95 {p95:.0f} ms, "
        f"max {max(lateness, default=float('nan')):.0f} ms ({len(lateness)} ticks) after the "
        f"first Train; in the first (torch imported by the worker) max "
        f"{max(first_lateness, default=float('nan')):.0f} ms; "
        f"its CPU time from the run's start to its last epoch is median "
        f"{100 * statistics.median(gui_share):.1f} % "
        f"({100 * min(gui_share):.1f} – {100 * max(gui_share):.1f} %) of one core"
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
    parser.add_argument("--dock-runs", type=int, default=8, help="rounds of (c), ≥ 5")
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
