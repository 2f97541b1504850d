"""Validation accuracy each preset reaches with its own training settings (CPU).

Usage: python bench/preset_accuracy.py [PRESET ...] [--threads N]

Trains every preset whose default dataset is ``digits`` (or those named) with exactly
its document's settings on the CPU and prints, per preset, the epochs, the final and
best validation accuracy, the time to the first batch and the whole run, next to the
goal from issue 13 (0.95). A miss is printed as a miss. The README's table comes from
this script.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import torch

from netbuilder.core.recipes import RECIPES
from netbuilder.train.events import BatchEnd
from netbuilder.train.session import make_trainer

GOAL = 0.95


def measure(name: str) -> dict[str, object]:
    """Train ``name`` with its own settings on the CPU; accuracies and times."""
    project = RECIPES[name]()  # what presets/NAME.json holds (tests/test_presets.py)
    config = dataclasses.replace(project.training, device="cpu")
    start = time.perf_counter()
    first: list[float] = []

    def on_event(event: object) -> None:
        if isinstance(event, BatchEnd) and not first:
            first.append(time.perf_counter() - start)

    result = make_trainer(project, config, callbacks=[on_event]).run()
    accs = [e.val_acc for e in result.history if e.val_acc is not None]
    return {
        "name": name,
        "status": result.status,
        "epochs": config.epochs,
        "settings": f"{config.optimizer} lr {config.lr:g}, batch {config.batch_size}"
        + (f", {config.schedule}" if config.schedule != "none" else ""),
        "final": accs[-1] if accs else float("nan"),
        "best": max(accs) if accs else float("nan"),
        "first_batch_s": first[0] if first else float("nan"),
        "total_s": time.perf_counter() - start,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="*")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    names = args.presets or [
        n for n, recipe in RECIPES.items() if recipe().training.dataset == "digits"
    ]
    print(f"CPU, {torch.get_num_threads()} thread(s), torch {torch.__version__}")
    print(
        f"{'preset':<16} {'settings':<32} {'epochs':>6} {'final':>6} {'best':>6} "
        f"{'1st batch':>9} {'total':>7}  goal {GOAL}"
    )
    for name in names:
        r = measure(name)
        verdict = "met" if r["final"] >= GOAL else "MISSED"  # type: ignore[operator]
        print(
            f"{name:<16} {r['settings']:<32} {r['epochs']:>6} {r['final']:>6.3f} "
            f"{r['best']:>6.3f} {r['first_batch_s']:>8.1f}s {r['total_s']:>6.0f}s  {verdict}",
            flush=True,
        )


if __name__ == "__main__":
    main()
