"""The fixed cost before the first batch: each labelled set-up step, in fresh processes.

Usage: python bench/train_startup.py [--runs 5] [--preset lenet5] [--threads 1]

Each run is a new interpreter (imports are part of the cost) that builds the trainer of
``PRESET`` on ``digits`` on the CPU and stops after the first batch. Per step (the
:class:`~netbuilder.train.events.Preparing` events), the first batch and the total from
the start of the process: median and spread over the runs, next to the goal of issue 13
(under 2 s, or shown as labelled steps, which they are).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import torch
torch.set_num_threads(int(sys.argv[2]))
from netbuilder.core.recipes import RECIPES
from netbuilder.train.events import BatchEnd, Preparing
from netbuilder.train.session import make_trainer
import dataclasses
marks = [("imports", t0), ("building the project", time.perf_counter())]
def on_event(event):
    if isinstance(event, Preparing):
        marks.append((event.step or "first batch", time.perf_counter()))
    elif isinstance(event, BatchEnd) and marks[-1][0] != "end":
        marks.append(("end", time.perf_counter()))
        trainer.stop()
project = RECIPES[sys.argv[1]]()
config = dataclasses.replace(project.training, device="cpu", dataset="digits")
trainer = make_trainer(project, config, callbacks=[on_event])
trainer.run()
times = {name: nxt - t for (name, t), (_, nxt) in zip(marks, marks[1:])}
times["total"] = marks[-1][1] - t0
print(json.dumps(times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--preset", default="lenet5")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    runs = []
    for _ in range(max(5, args.runs)):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, args.preset, str(args.threads)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{args.preset} on digits, CPU, {args.threads} thread(s), {len(runs)} fresh processes; "
        "seconds per step"
    )
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(
            f"  {key:<48} median {statistics.median(values):6.2f}  "
            f"({min(values):.2f} – {max(values):.2f})"
        )
    after = sorted(r["total"] - r["imports"] for r in runs)
    worst = after[min(len(after) - 1, int(len(after) * 0.95))]  # p95 of a few runs: the slowest
    print(
        f"  after imports, to the end of the first batch: median {statistics.median(after):.2f} s"
        f" ({after[0]:.2f} – {after[-1]:.2f}; goal < 2 s)"
    )
    print("  goal " + ("met" if worst < 2 else "NOT met (p95); the steps are shown with labels"))


if __name__ == "__main__":
    main()
