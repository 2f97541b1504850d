"""Training on several GPUs at once: DistributedDataParallel under ``torchrun`` (Qt-free).

:func:`run_distributed` starts ``python -m torch.distributed.run --nproc_per_node N -m
netbuilder.train.distributed PROJECT --out DIR`` and turns what rank 0 prints (one JSON
event per line) back into the trainer's events, so the CLI and the dock show a
distributed run exactly like a local one. Each process (:func:`main`) trains the same
network (same seed) on its shard of the training data with the document's batch size per
process (gloo on the CPU, nccl on GPUs); DDP averages the gradients. Rank 0 alone reports,
validates on the whole validation set and writes the run folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from typing import Any

from netbuilder.train.events import (
    BatchEnd,
    EpochEnd,
    Event,
    Failed,
    Finished,
    Hint,
    Preparing,
)

_EVENTS: dict[str, type] = {
    cls.__name__: cls for cls in (Preparing, BatchEnd, EpochEnd, Hint, Finished, Failed)
}
#: Prefix of rank 0's event lines on stdout (other output passes through).
MARK = "netbuilder-event "


def gpu_count() -> int:
    """CUDA GPUs on this machine (0 without CUDA); "all GPUs" is offered from 2."""
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0


def event_to_json(event: Event) -> str:
    """One line: the event's class name and fields (:func:`event_from_json` reads it)."""
    fields = dataclasses.asdict(event)  # type: ignore[call-overload]
    return json.dumps({"event": type(event).__name__, **fields})


def event_from_json(line: str) -> Event:
    """The event :func:`event_to_json` wrote."""
    data = json.loads(line)
    cls = _EVENTS[data.pop("event")]
    if cls is Finished:
        data["history"] = tuple(EpochEnd(**e) for e in data["history"])
    elif cls is Hint:
        data["changes"] = tuple(tuple(pair) for pair in data["changes"])
    elif cls is BatchEnd:
        data["losses"] = tuple(data["losses"])
    return cls(**data)


def shard(part: Any, rank: int, world: int) -> Any:
    """Rank ``rank``'s share of a training part: every ``world``-th sample, equal sizes.

    Every rank gets ``len(part) // world`` samples, so all take the same number of steps;
    ``world=0`` gives an empty part.
    """
    from netbuilder.train.datasets.base import Part

    per = len(part) // world if world else 0
    world = max(world, 1)
    index = slice(rank, rank + per * world, world)
    if part.x is not None and part.y is not None:
        return Part(part.x[index], part.y[index], transform=part.transform)
    import torch

    subset = torch.utils.data.Subset(part.dataset, range(rank, per * world, world))
    return Part(dataset=subset, transform=part.transform)


def launch_command(project_file: str, nproc: int, out_dir: str | None, args: list[str]) -> list:
    """The ``torch.distributed.run`` command line of a run on ``nproc`` processes."""
    command = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        f"--nproc_per_node={nproc}",
        "-m",
        "netbuilder.train.distributed",
        project_file,
    ]
    if out_dir is not None:
        command += ["--out", out_dir]
    return command + args


def run_distributed(
    project_text: str,
    overrides: dict[str, Any],
    nproc: int,
    on_event: Callable[[Event], object],
    out_dir: str | os.PathLike[str] | None = None,
    data_dir: str | None = None,
    env: dict[str, str] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Train the project on ``nproc`` processes; rank 0's events go to ``on_event``.

    ``should_stop`` is asked after each event; when it says so the processes are
    terminated. Returns the exit status of ``torchrun`` (0 when every process finished).
    """
    with tempfile.TemporaryDirectory(prefix="netbuilder-ddp-") as folder:
        project_file = os.path.join(folder, "project.json")
        with open(project_file, "w", encoding="utf-8") as handle:
            handle.write(project_text)
        extra = ["--overrides", json.dumps(overrides)]
        if data_dir:
            extra += ["--data-dir", data_dir]
        command = launch_command(
            project_file, nproc, os.fspath(out_dir) if out_dir else None, extra
        )
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, env=env, bufsize=1
        ) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith(MARK):
                    on_event(event_from_json(line[len(MARK) :]))
                if should_stop():
                    proc.terminate()
                    break
            return proc.wait()


def main(argv: list[str] | None = None) -> int:
    """One process of a distributed run (started by ``torch.distributed.run``)."""
    import torch
    import torch.distributed as dist

    from netbuilder.core.document import load
    from netbuilder.train.session import make_trainer, training_config

    parser = argparse.ArgumentParser(description="one process of a NetBuilder DDP run")
    parser.add_argument("project")
    parser.add_argument("--out")
    parser.add_argument("--overrides", default="{}")
    parser.add_argument("--data-dir")
    args = parser.parse_args(argv)
    rank = int(os.environ.get("RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    project = load(args.project)
    config = training_config(project, **json.loads(args.overrides))
    cuda = config.device in ("auto", "cuda") and torch.cuda.is_available()
    if cuda:
        torch.cuda.set_device(local_rank)
    else:
        config = dataclasses.replace(config, device="cpu")
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // world))
    dist.init_process_group("nccl" if cuda else "gloo")

    def report(event: Event) -> None:
        print(MARK + event_to_json(event), flush=True)

    lead = rank == 0
    trainer = make_trainer(
        project,
        config,
        data_dir=args.data_dir,
        callbacks=[report] if lead else [],
        out_dir=args.out if lead else None,
    )
    trainer.data = dataclasses.replace(trainer.data, train=shard(trainer.data.train, rank, world))
    if not lead:  # rank 0 alone validates (on the whole validation set)
        trainer.data = dataclasses.replace(trainer.data, val=shard(trainer.data.val, 0, 0))
    trainer.wrap = lambda model: torch.nn.parallel.DistributedDataParallel(
        model, device_ids=[local_rank] if cuda else None
    )
    result = trainer.run()
    dist.barrier()
    dist.destroy_process_group()
    return 0 if result.status != "failed" else 1


if __name__ == "__main__":
    sys.exit(main())
