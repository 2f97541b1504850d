"""``netbuilder train``: training from the command line (Qt-free).

``netbuilder.cli`` registers the sub-command with :func:`add_train_arguments` and calls
:func:`run_train`. Torch is imported only when training starts, so ``netbuilder --help``
stays fast.

Exit codes: 0 trained, 1 training failed (NaN loss, out of memory, or a network too large
for this machine's memory), 2 a usage or data problem; one clear line on stderr, never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from netbuilder.core.training_config import (
    DATASETS,
    DEVICES,
    OPTIMIZERS,
    SCHEDULES,
    TASKS,
    TORCHVISION_DATASETS,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``netbuilder train`` to ``parser``."""
    parser.add_argument("target", help="preset name or project file")
    parser.add_argument(
        "--dataset",
        help=f"{', '.join(DATASETS)}; digits is embedded (default: the project's)",
    )
    parser.add_argument("--epochs", type=int, help="passes over the training data")
    parser.add_argument("--batch-size", type=int, help="samples per step")
    parser.add_argument("--lr", type=float, help="learning rate")
    parser.add_argument("--optimizer", choices=OPTIMIZERS)
    parser.add_argument("--schedule", choices=SCHEDULES)
    parser.add_argument("--weight-decay", type=float)
    parser.add_argument("--task", choices=TASKS)
    parser.add_argument("--val-split", type=float, help="fraction held out for validation")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--device", choices=DEVICES, help="default: auto")
    parser.add_argument(
        "--data-dir",
        help=f"folder of {'/'.join((*TORCHVISION_DATASETS, 'images'))}, or the CSV file",
    )
    parser.add_argument("--input", help="input shape without batch, e.g. 1x28x28")
    parser.add_argument(
        "--out",
        help="run folder for checkpoint.pt, model.pt, best.pt, metrics.csv, settings.json, "
        "project.json (default: a new runs/DATE-NAME beside the project file, or in the "
        "current folder for a preset)",
    )
    parser.add_argument(
        "--resume", help="continue from this checkpoint.pt (a run folder's: in that folder)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON record per epoch on stdout")
    parser.add_argument(
        "--tensorboard",
        action="store_true",
        default=None,
        help="also write TensorBoard event files into the output folder",
    )
    parser.add_argument(
        "--all-gpus",
        action="store_true",
        default=None,
        help="train on every GPU at once (DDP under torchrun; needs two or more)",
    )
    parser.add_argument(
        "--compile",
        action="store_true",
        default=None,
        help="train the torch.compile-d network (faster on a GPU after a warm-up)",
    )


def _run_on_all_gpus(
    project: Any, config: Any, args: argparse.Namespace, out_dir: Path, on_event, progress
) -> int:
    """The same training on every GPU (DDP under torchrun), rank 0 reporting here."""
    import dataclasses

    from netbuilder.core.document import dumps
    from netbuilder.train.distributed import gpu_count, run_distributed
    from netbuilder.train.events import Failed, Finished

    count = gpu_count()
    if count < 2:
        print(
            f"netbuilder: --all-gpus needs two or more CUDA GPUs; this machine has {count}. "
            "Train without --all-gpus.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    ended: list[Any] = []

    def record(event: Any) -> None:
        on_event(event)
        if isinstance(event, Finished | Failed):
            ended.append(event)

    overrides = {k: v for k, v in dataclasses.asdict(config).items() if k != "all_gpus"}
    try:
        status = run_distributed(
            dumps(project), overrides, count, record, out_dir=out_dir, data_dir=args.data_dir
        )
    finally:
        progress.close()
    if status != 0 or not ended or isinstance(ended[-1], Failed):
        message = ended[-1].message if ended and isinstance(ended[-1], Failed) else ""
        print(f"netbuilder: the run on {count} GPUs failed. {message}".rstrip(), file=sys.stderr)
        return EXIT_FAILED
    last = ended[-1].history[-1] if ended[-1].history else None
    if last is not None and last.val_acc is not None:
        print(f"val_acc={last.val_acc:.3f}")
    return EXIT_OK


def _gpus() -> int:
    from netbuilder.train.distributed import gpu_count

    return gpu_count()


def _is_run(folder: Path) -> bool:
    from netbuilder.train.runs import RUN_FILE

    return (folder / RUN_FILE).is_file()


def _open_run(project: Any, config: Any, args: argparse.Namespace) -> Any:
    """The run folder of this training (created, or the resumed run's).

    ``--out`` names the folder; ``--resume`` of a run's checkpoint continues in that run;
    otherwise a new ``runs/DATE-NAME`` beside the project file (a preset: in the current
    folder).
    """
    from netbuilder.train.runs import create_run, read_run, update_settings

    resumed = Path(args.resume).parent if args.resume else None
    if resumed is not None and _is_run(resumed) and (not args.out or Path(args.out) == resumed):
        run = update_settings(read_run(resumed), config)
    elif args.out:
        run = create_run(project, config, folder=args.out)
    else:
        target = Path(args.target)
        project_file = target if target.is_file() else None
        root = None if project_file is not None else Path("runs")
        run = create_run(project, config, root=root, project_file=project_file)
    return run


def run_train(project: Any, args: argparse.Namespace) -> int:
    """Train ``project`` as ``args`` say; returns the exit code."""
    from netbuilder.core.errors import NetBuilderError
    from netbuilder.core.formatting import error_line
    from netbuilder.core.memory import MemoryNeedError
    from netbuilder.train.progress import Progress
    from netbuilder.train.runs import attach_run, check_resume
    from netbuilder.train.session import make_trainer, training_config
    from netbuilder.train.trainer import EpochEnd

    try:
        config = training_config(
            project,
            dataset=args.dataset,
            epochs=args.epochs,
            batch_size=args.batch_size,
            lr=args.lr,
            optimizer=args.optimizer,
            schedule=args.schedule,
            weight_decay=args.weight_decay,
            task=args.task,
            val_split=args.val_split,
            seed=args.seed,
            device=args.device,
            tensorboard=args.tensorboard,
            compile=args.compile,
            all_gpus=args.all_gpus,
        )
        progress = Progress(sys.stderr, config.epochs, target=args.target, quiet=args.json)

        def on_event(event: Any) -> None:
            progress(event)
            if isinstance(event, EpochEnd) and args.json:
                record = {"event": "epoch", **vars(event)}
                print(json.dumps(record), flush=True)

        trainer = make_trainer(
            project,
            config,
            data_dir=args.data_dir,
            callbacks=[on_event],
            resume_from=args.resume,
        )
        if args.resume and _is_run(Path(args.resume).parent):
            check_resume(Path(args.resume).parent, project, trainer.model)
        out_dir = attach_run(trainer, _open_run(project, config, args)).info.path
    except MemoryNeedError as exc:  # the network itself is impossible here
        print(f"netbuilder: {error_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except NetBuilderError as exc:
        print(f"netbuilder: {error_line(exc, doing='train')}", file=sys.stderr)
        return EXIT_USAGE

    if config.all_gpus and (args.all_gpus or _gpus() > 1):  # a document's wish needs GPUs
        return _run_on_all_gpus(project, config, args, out_dir, on_event, progress)
    for note in trainer.data.notes:
        print(f"netbuilder: {error_line(note)}", file=sys.stderr)
    if not args.json:
        print(
            f"training {project.name} on {trainer.data.name} "
            f"({len(trainer.data.train)} train / {len(trainer.data.val)} val samples)",
            file=sys.stderr,
        )
    try:
        result = trainer.run()
    finally:
        progress.close()
    if result.status == "failed":
        if args.json:
            print(
                json.dumps({"event": "failed", "reason": result.reason, "message": result.message})
            )
        print(f"netbuilder: {error_line(result.message)}", file=sys.stderr)
        return EXIT_USAGE if result.reason == "setup" else EXIT_FAILED
    last = result.last
    summary: dict[str, Any] = {
        "event": "finished",
        "status": result.status,
        "epochs": len(result.history),
        "device": str(trainer.device),
        "out": str(out_dir),
    }
    if last is not None:
        summary.update(
            val_loss=last.val_loss,
            val_acc=last.val_acc,
            train_loss=last.train_loss,
            train_acc=last.train_acc,
        )
    if args.json:
        print(json.dumps(summary), flush=True)
        return EXIT_OK
    print(f"checkpoint and metrics in {out_dir}", file=sys.stderr)
    if last is None:
        print("no epoch completed")
    elif last.val_acc is not None:
        print(f"val_acc={last.val_acc:.3f}")
    elif last.val_loss is not None:
        print(f"val_loss={last.val_loss:.4g}")
    elif last.train_acc is not None:
        print(
            "no validation data: the accuracy below is measured on the training data",
            file=sys.stderr,
        )
        print(f"train_acc={last.train_acc:.3f}")
    else:
        print(f"train_loss={last.train_loss:.4g}")
    return EXIT_OK
