"""Export a standalone ``train.py``: the generated model class plus a training loop.

The script imports only torch (and scikit-learn for ``digits``, torchvision for the image
datasets), never netbuilder: the code it shares with the trainer (validation split,
batches, epoch order, image fitting, optimizer, schedule, atomic save) is the source of the
same functions, copied in with ``inspect.getsource``, so the two cannot drift.

It runs single-process when launched plainly and with ``DistributedDataParallel`` under
``torchrun --nproc_per_node=N`` (gloo on CPU, nccl on GPU), each rank on its shard of the
data, rank 0 printing the metrics and writing the checkpoint.
"""

from __future__ import annotations

import ast
import inspect
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from netbuilder.core.atomic import file_mode, write_and_replace
from netbuilder.core.document import Project, atomic_write_text
from netbuilder.core.graph import Graph
from netbuilder.core.literals import comment_text, escape, py_literal, py_str
from netbuilder.core.naming import frozen_layers, layer_names
from netbuilder.core.training_config import (
    DEVICES,
    SCRIPT_DATASETS,
    TORCHVISION_DATASETS,
    canonical_dataset,
)

if TYPE_CHECKING:  # pragma: no cover
    from netbuilder.core.analysis import Analysis

_STDLIB = (
    "import argparse",
    "import os",
    "import tempfile",
    "import time",
    "from collections.abc import Callable",
    "from typing import BinaryIO",
)
_TORCH = ("import torch", "import torch.distributed as dist")


def shared_functions() -> tuple[Callable[..., Any], ...]:
    """The trainer's functions whose source the script carries (they use only torch, os).

    Imported here, not at the top: exporting (and the app's start) need not load torch.
    """
    from netbuilder.train.batching import batch_bounds, epoch_order, epoch_seed, split_indices
    from netbuilder.train.datasets.images import fit_images
    from netbuilder.train.freezing import train_mode
    from netbuilder.train.optim import make_optimizer, make_schedule

    return (
        split_indices,
        batch_bounds,
        epoch_seed,
        epoch_order,
        fit_images,
        make_optimizer,
        make_schedule,
        train_mode,
        file_mode,
        write_and_replace,
    )


def shared_source() -> str:
    """The source of :func:`shared_functions`, as it appears in ``train.py``."""
    return "\n\n".join(inspect.getsource(f).rstrip("\n") + "\n" for f in shared_functions())


def _split_generated(source: str) -> tuple[list[str], str, str]:
    """The generated module's import lines, its docstring, and its body without either."""
    tree = ast.parse(source)
    lines = source.splitlines()
    imports: list[str] = []
    drop: set[int] = set()
    doc = ast.get_docstring(tree) or ""
    for node in tree.body:
        is_doc = (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if isinstance(node, ast.Import | ast.ImportFrom) or is_doc:
            start, end = node.lineno, node.end_lineno or node.lineno
            if not is_doc:
                imports.append("\n".join(lines[start - 1 : end]))
            drop.update(range(start, end + 1))
    body = "\n".join(line for i, line in enumerate(lines, 1) if i not in drop).strip("\n")
    return imports, doc, body


def train_script_source(project: Project, dataset: str = "digits") -> str:
    """The text of ``train.py`` for ``project`` on ``dataset``.

    Raises
    ------
    netbuilder.core.errors.NetBuilderError
        When the graph has errors, or the dataset or Input cannot be scripted.
    """
    from netbuilder.core.analysis import Analysis
    from netbuilder.core.codegen import generate_code
    from netbuilder.train.datasets import DatasetError, InputSpec, vector_shape

    key = canonical_dataset(dataset or "digits")
    if key not in SCRIPT_DATASETS:
        raise DatasetError(
            f"A training script can be exported for {', '.join(SCRIPT_DATASETS)}; "
            f"not for '{dataset}'. Use 'netbuilder train' for the other datasets."
        )
    spec = InputSpec.from_graph(project.graph)
    if spec.kind == "image":
        image_shape, flatten = tuple(spec.shape), False
    elif spec.kind == "vector":
        channels = 3 if key == "cifar10" else 1
        image_shape, flatten = vector_shape(spec.shape[0], channels, key), True
    else:
        raise DatasetError(
            f"'{key}' holds images but the network's Input is of kind '{spec.kind}'; "
            "use an image or vector Input."
        )
    analysis = Analysis.snapshot(project.graph)
    code = generate_code(project.graph, "Net", analysis=analysis)
    frozen = _frozen_with_params(project.graph, analysis)
    imports, doc, body = _split_generated(code)
    cfg = project.training
    # the docstring text is decoded by ast: escape it again before it goes back in
    doc_lines = [escape(line) for line in doc.splitlines()] or ["Net"]
    settings: dict[str, Any] = {
        "dataset": key,
        "epochs": cfg.epochs,
        "batch_size": cfg.batch_size,
        "optimizer": cfg.optimizer,
        "lr": cfg.lr,
        "momentum": cfg.momentum,
        "weight_decay": cfg.weight_decay,
        "schedule": cfg.schedule,
        "val_split": cfg.val_split,
        "seed": cfg.seed,
    }
    all_imports = list(_STDLIB)
    all_imports.append("")
    seen: set[str] = set()
    for line in (*_TORCH, *imports):
        if line not in seen:
            seen.add(line)
            all_imports.append(line)
    settings_text = "\n".join(f"    {py_str(k)}: {py_literal(v)}," for k, v in settings.items())
    text = _TEMPLATE.format(
        title=doc_lines[0],
        model_doc="\n".join(doc_lines[1:]).strip(),
        name=comment_text(project.name or "model"),
        imports="\n".join(all_imports),
        model=body,
        settings=settings_text,
        image_shape=py_literal(image_shape),
        flatten=py_literal(flatten),
        frozen=py_literal(frozen),
        tv_name=py_str(TORCHVISION_DATASETS.get(key, "")),
        devices=py_literal(DEVICES),
        shared=shared_source(),
    )
    return text


def _frozen_with_params(graph: Graph, analysis: Analysis) -> list[str]:
    """Names of the frozen layers that hold parameters (the ones the script freezes)."""
    names = frozen_layers(graph)
    if not names:
        return []
    by_name = {name: nid for nid, name in layer_names(graph).items()}
    return [n for n in names if analysis.stats(by_name[n]).params > 0]


def export_train_script(
    project: Project, path: str | os.PathLike[str], dataset: str = "digits"
) -> str:
    """Write ``train.py`` for ``project`` atomically; returns the text written.

    Parameters
    ----------
    project : Project
        The network and its training settings (the script's defaults).
    path : str or Path
        Where to write the script (an existing file is replaced atomically).
    dataset : str
        ``digits`` (scikit-learn, no download), ``mnist``, ``fashion_mnist`` or ``cifar10``
        (torchvision, from ``--data-dir``).

    Raises
    ------
    netbuilder.core.errors.NetBuilderError
        When the graph has errors, the dataset cannot be scripted, or the file cannot be
        written (one sentence).
    """
    text = train_script_source(project, dataset)
    atomic_write_text(path, text)
    return text


_TEMPLATE = '''\
"""{title} — standalone training script exported by NetBuilder.

{model_doc}

Single process:   python train.py [--epochs N] [--batch-size N] [--lr X] [--device auto]
Distributed:      torchrun --standalone --nproc_per_node=2 train.py  (gloo on CPU, nccl on GPU)

Each rank trains on its shard of the data with --batch-size samples per step; rank 0
prints the metrics and writes OUT/model.pt (a state_dict of Net).
"""

{imports}

# -- the network (generated by NetBuilder from {name}) ----------------------------------


{model}


# -- training ------------------------------------------------------------------------------
SETTINGS = {{
{settings}
}}
IMAGE_SHAPE = {image_shape}  # C×H×W the images are adapted to
FLATTEN = {flatten}  # the network takes a flat vector
FROZEN = {frozen}  # layers not trained (frozen in NetBuilder)
TORCHVISION_NAME = {tv_name}
DEVICES = {devices}


# -- shared with NetBuilder's trainer (the same source) -------------------------------------
{shared}

# -- this script -----------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"])
    parser.add_argument("--lr", type=float, default=SETTINGS["lr"])
    parser.add_argument("--device", default="auto", choices=DEVICES)
    parser.add_argument(
        "--data-dir", default="data", help="folder of the torchvision data"
    )
    parser.add_argument("--out", default="checkpoints", help="folder for model.pt")
    return parser.parse_args()


def load_images(data_dir):
    """All images as float N×C×H×W in [0, 1] and their labels."""
    if SETTINGS["dataset"] == "digits":
        from sklearn.datasets import load_digits

        digits = load_digits()
        x = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0
        return x, torch.tensor(digits.target, dtype=torch.int64)
    import torchvision

    dataset_class = getattr(torchvision.datasets, TORCHVISION_NAME)
    try:
        data = dataset_class(root=data_dir, train=True, download=False)
    except RuntimeError:
        raise SystemExit(
            f"{{TORCHVISION_NAME}} was not found in {{data_dir}}: put its files there "
            "(this script never downloads) or pass --data-dir FOLDER."
        ) from None
    x = torch.as_tensor(data.data)
    x = x.unsqueeze(1) if x.ndim == 3 else x.permute(0, 3, 1, 2)
    return x.float() / 255.0, torch.as_tensor(data.targets, dtype=torch.int64)


def prepare_data(data_dir):
    """Training and validation images fitted to the network, and their labels."""
    x, y = load_images(data_dir)
    x = fit_images(x, IMAGE_SHAPE)
    if FLATTEN:
        x = x.flatten(1)
    train_idx, val_idx = split_indices(
        x.shape[0], SETTINGS["val_split"], SETTINGS["seed"]
    )
    return x[train_idx], y[train_idx], x[val_idx], y[val_idx]


def pick_device(name, local_rank):
    if name == "auto":
        if torch.cuda.is_available():
            name = "cuda"
        elif getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            name = "mps"
        else:
            name = "cpu"
    if name == "cuda":
        torch.cuda.set_device(local_rank)
        return torch.device("cuda", local_rank)
    return torch.device(name)


def evaluate(model, x, y, batch_size=1024):
    model.eval()
    loss = correct = 0.0
    with torch.no_grad():
        for start in range(0, x.shape[0], batch_size):
            out = model(x[start : start + batch_size])
            target = y[start : start + batch_size]
            loss += torch.nn.functional.cross_entropy(
                out, target, reduction="sum"
            ).item()
            correct += (out.argmax(1) == target).sum().item()
    model.train()
    count = max(1, x.shape[0])
    return loss / count, correct / count


def save(state_dict, path):
    """``torch.save`` to a temporary file next to ``path``, then replace ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    write_and_replace(fd, tmp, path, lambda handle: torch.save(state_dict, handle))


def main():
    args = parse_args()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    distributed = world > 1
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    device = pick_device(args.device, local_rank)
    rank = 0
    if distributed:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if device.type == "cpu":
            torch.set_num_threads(max(1, (os.cpu_count() or 1) // world))

    torch.manual_seed(SETTINGS["seed"])
    x_train, y_train, x_val, y_val = prepare_data(args.data_dir)
    x_train, y_train = x_train.to(device), y_train.to(device)
    x_val, y_val = x_val.to(device), y_val.to(device)

    model = Net().to(device)
    for name in FROZEN:
        model.get_submodule(name).requires_grad_(False)
    net = model
    if distributed:
        ids = [local_rank] if device.type == "cuda" else None
        net = torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)
    # every rank gets the same number of samples, so all ranks take the same steps
    per_rank = x_train.shape[0] // world
    batches = batch_bounds(per_rank, args.batch_size)
    steps = len(batches)
    optimizer = make_optimizer(
        [p for p in model.parameters() if p.requires_grad],
        SETTINGS["optimizer"],
        args.lr,
        SETTINGS["momentum"],
        SETTINGS["weight_decay"],
    )
    schedule = make_schedule(
        optimizer, SETTINGS["schedule"], args.lr, args.epochs, steps
    )
    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
        print(
            f"training on {{device}} x{{world}}: {{x_train.shape[0]}} train / "
            f"{{x_val.shape[0]}} val samples, {{steps}} steps per epoch per rank",
            flush=True,
        )

    for epoch in range(args.epochs):
        start_time = time.perf_counter()
        permutation = epoch_order(x_train.shape[0], SETTINGS["seed"], epoch)
        shard = permutation[rank * per_rank : (rank + 1) * per_rank].to(device)
        total = torch.zeros(2, device=device)  # loss sum, samples
        train_mode(model, FROZEN)
        for start, stop in batches:
            idx = shard[start:stop]
            xb, yb = x_train.index_select(0, idx), y_train.index_select(0, idx)
            loss = torch.nn.functional.cross_entropy(net(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if schedule is not None:
                schedule.step()
            total[0] += loss.detach() * xb.shape[0]
            total[1] += xb.shape[0]
        if distributed:
            dist.all_reduce(total)
        if not torch.isfinite(total[0]):
            if rank == 0:
                print(
                    "the loss became NaN or infinite: lower --lr and train again",
                    flush=True,
                )
            break
        if rank == 0:
            val_loss, val_acc = (
                evaluate(model, x_val, y_val) if len(y_val) else (float("nan"), 0.0)
            )
            train_loss = (total[0] / total[1]).item()
            seconds = time.perf_counter() - start_time
            print(
                f"epoch {{epoch + 1}}/{{args.epochs}} train_loss={{train_loss:.4f}} "
                f"val_loss={{val_loss:.4f}} val_acc={{val_acc:.4f}} time={{seconds:.2f}}s",
                flush=True,
            )
            save(model.state_dict(), os.path.join(args.out, "model.pt"))

    if distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
'''
