"""Export a standalone ``train.py``: the generated model class plus a training loop.

The script imports only torch (and scikit-learn for ``digits``, torchvision for the image
datasets), never netbuilder. It runs single-process when launched plainly and with
``DistributedDataParallel`` under ``torchrun --nproc_per_node=N`` (gloo on CPU, nccl on GPU),
each rank on its shard of the data, rank 0 printing the metrics and writing the checkpoint.
"""

from __future__ import annotations

import ast
import os
from typing import Any

from netbuilder.core.document import Project, atomic_write_text
from netbuilder.core.literals import escape, py_literal, py_str
from netbuilder.core.training_config import SCRIPT_DATASETS, TORCHVISION_DATASETS
from netbuilder.train.datasets import DatasetError, InputSpec, canonical_name, vector_shape

_STDLIB = ("import argparse", "import os", "import time")
_TORCH = ("import torch", "import torch.distributed as dist")


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
    from netbuilder.core.codegen import generate_code

    key = canonical_name(dataset or "digits")
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
    code = generate_code(project.graph, "Net")
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
        name=py_str(project.name or "model"),
        imports="\n".join(all_imports),
        model=body,
        settings=settings_text,
        image_shape=py_literal(image_shape),
        flatten=py_literal(flatten),
        tv_name=py_str(TORCHVISION_DATASETS.get(key, "")),
    )
    return text


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
TORCHVISION_NAME = {tv_name}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batch_size"])
    parser.add_argument("--lr", type=float, default=SETTINGS["lr"])
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda or mps")
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


def adapt(x):
    """Images adapted to the network's Input: channels, size, flattening."""
    channels, height, width = IMAGE_SHAPE
    if x.shape[1] != channels:
        x = (
            x.expand(-1, channels, -1, -1)
            if x.shape[1] == 1
            else x.mean(1, keepdim=True)
        )
    if tuple(x.shape[2:]) != (height, width):
        x = torch.nn.functional.interpolate(x, size=(height, width), mode="bilinear")
        x = x.clamp(0.0, 1.0)
    return x.flatten(1) if FLATTEN else x.contiguous()


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


def make_optimizer(model, lr):
    params = model.parameters()
    decay = SETTINGS["weight_decay"]
    if SETTINGS["optimizer"] == "sgd":
        return torch.optim.SGD(
            params, lr=lr, momentum=SETTINGS["momentum"], weight_decay=decay
        )
    if SETTINGS["optimizer"] == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=decay)
    return torch.optim.Adam(params, lr=lr, weight_decay=decay)


def make_schedule(optimizer, lr, epochs, steps_per_epoch):
    total = max(1, epochs * steps_per_epoch)
    if SETTINGS["schedule"] == "step":
        step = max(1, epochs // 3) * steps_per_epoch
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=step, gamma=0.1)
    if SETTINGS["schedule"] == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total)
    if SETTINGS["schedule"] == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=lr, total_steps=total
        )
    return None


def batch_bounds(n, size):
    """(start, stop) of each batch; a last batch of a single sample joins the one before
    (BatchNorm cannot normalise one sample)."""
    bounds = [(start, min(start + size, n)) for start in range(0, n, size)]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
        bounds[-2:] = [(bounds[-2][0], n)]
    return bounds


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
    tmp = path + ".tmp"
    torch.save(state_dict, tmp)
    os.replace(tmp, path)


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
    x, y = load_images(args.data_dir)
    x = adapt(x)
    order = torch.randperm(
        x.shape[0], generator=torch.Generator().manual_seed(SETTINGS["seed"])
    )
    n_val = round(x.shape[0] * SETTINGS["val_split"])
    val_idx, train_idx = order[:n_val], order[n_val:]
    x_train, y_train = x[train_idx].to(device), y[train_idx].to(device)
    x_val, y_val = x[val_idx].to(device), y[val_idx].to(device)

    model = Net().to(device)
    net = model
    if distributed:
        ids = [local_rank] if device.type == "cuda" else None
        net = torch.nn.parallel.DistributedDataParallel(model, device_ids=ids)
    # every rank gets the same number of samples, so all ranks take the same steps
    per_rank = x_train.shape[0] // world
    batches = batch_bounds(per_rank, args.batch_size)
    steps = len(batches)
    optimizer = make_optimizer(model, args.lr)
    schedule = make_schedule(optimizer, args.lr, args.epochs, steps)
    if rank == 0:
        os.makedirs(args.out, exist_ok=True)
        print(
            f"training on {{device}} x{{world}}: {{x_train.shape[0]}} train / "
            f"{{x_val.shape[0]}} val samples, {{steps}} steps per epoch per rank",
            flush=True,
        )

    for epoch in range(args.epochs):
        start_time = time.perf_counter()
        generator = torch.Generator().manual_seed(SETTINGS["seed"] * 1_000_003 + epoch)
        permutation = torch.randperm(x_train.shape[0], generator=generator)
        shard = permutation[rank * per_rank : (rank + 1) * per_rank].to(device)
        total = torch.zeros(2, device=device)  # loss sum, samples
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
                evaluate(model, x_val, y_val) if n_val else (float("nan"), 0.0)
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
