"""Datasets from the user's files: a CSV table, a ``name,country`` list, an image folder."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from netbuilder.train.datasets.base import Data, DatasetError, Part, split_tensors
from netbuilder.train.datasets.images import adapt_images, image_spec
from netbuilder.train.datasets.registry import Request, register


def find_file(data_dir: Path | None, what: str, patterns: Sequence[str]) -> Path:
    """The file ``data_dir`` names, or the one file matching ``patterns`` in that folder."""
    if data_dir is None:
        raise DatasetError(f"The {what} dataset needs a file: pass --data-dir PATH.")
    path = Path(data_dir)
    if path.is_dir():
        found = sorted(p for pat in patterns for p in path.glob(pat))
        if len(found) != 1:
            raise DatasetError(
                f"Expected exactly one {'/'.join(patterns)} file in {path}, found {len(found)}."
            )
        path = found[0]
    if not path.is_file():
        raise DatasetError(f"The {what} file {path} does not exist.")
    return path


def read_text(path: Path) -> str:
    """The text of ``path`` (UTF-8, gzip when it ends in ``.gz``)."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return handle.read()
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise DatasetError(f"Cannot read {path}: {exc}.") from None


@register("csv")
def load_csv(request: Request) -> Data:
    """A numeric CSV file: the last column is the label, the features are standardised."""
    spec, task = request.spec, request.task
    path = find_file(request.data_dir, "CSV", ("*.csv", "*.csv.gz"))
    rows = [r for r in csv.reader(read_text(path).splitlines()) if r and any(c.strip() for c in r)]
    if rows:
        try:
            [float(c) for c in rows[0]]
        except ValueError:
            rows = rows[1:]  # a header
    if len(rows) < 2:
        raise DatasetError(f"{path} holds fewer than two rows of data.")
    width = len(rows[0])
    try:
        table = np.array([[float(c) for c in r] for r in rows if len(r) == width], np.float32)
    except ValueError:
        raise DatasetError(
            f"{path} must hold numbers only (the last column is the label)."
        ) from None
    if table.shape[0] != len(rows) or width < 2:
        raise DatasetError(f"Every row of {path} must have the same number (≥ 2) of columns.")
    if not np.isfinite(table).all():
        raise DatasetError(f"{path} holds empty or non-finite values.")
    features = width - 1
    if spec.kind != "vector" or spec.shape != (features,):
        raise DatasetError(
            f"{path.name} has {features} feature columns; set the network's Input to a "
            f"vector of {features} features."
        )
    x = torch.from_numpy(table[:, :-1].copy())
    labels = table[:, -1]
    classes: list[str] = []
    num_classes: int | None = None
    if task == "classification":
        if not np.all(labels == np.round(labels)) or labels.min() < 0:
            raise DatasetError(f"Classification needs whole-number labels ≥ 0 in {path.name}.")
        y = torch.from_numpy(labels.astype(np.int64))
        num_classes = int(labels.max()) + 1
        classes = [str(i) for i in range(num_classes)]
    elif task == "binary":
        if not np.isin(labels, (0.0, 1.0)).all():
            raise DatasetError(
                f"A binary task needs labels 0 or 1 in the last column of {path.name}."
            )
        y = torch.from_numpy(labels).unsqueeze(1)
        num_classes, classes = 2, ["0", "1"]
    else:
        y = torch.from_numpy(labels).unsqueeze(1)
    train, val = split_tensors(x, y, request.val_split, request.seed)
    mean = train.x.mean(0, keepdim=True)  # type: ignore[union-attr]
    std = train.x.std(0, keepdim=True).clamp_min(1e-8)  # type: ignore[union-attr]
    train.x = (train.x - mean) / std  # type: ignore[operator]
    val.x = (val.x - mean) / std  # type: ignore[operator]
    return Data(path.name, train, val, num_classes, classes, (features,), task)


@register("images")
def load_image_folder(request: Request) -> Data:
    """A folder with one sub-folder per class (torchvision ``ImageFolder``), streamed."""
    import torchvision

    from netbuilder.train.batching import split_indices

    data_dir = request.data_dir
    if data_dir is None or not Path(data_dir).is_dir():
        raise DatasetError(
            "The images dataset needs --data-dir FOLDER with one sub-folder of images per class."
        )
    chw = image_spec(request.spec, "images")
    if chw is None:
        raise DatasetError("An image folder needs an image Input (C×H×W).")
    c, h, w = chw
    tf = torchvision.transforms.Compose(
        [
            torchvision.transforms.Grayscale(1) if c == 1 else _rgb,
            torchvision.transforms.Resize((h, w)),
            torchvision.transforms.PILToTensor(),
        ]
    )
    try:
        ds = torchvision.datasets.ImageFolder(str(data_dir), transform=tf)
    except (FileNotFoundError, OSError) as exc:
        raise DatasetError(f"Cannot read the image folder {data_dir}: {exc}") from None
    train_idx, val_idx = split_indices(len(ds), request.val_split, request.seed)
    sub = torch.utils.data.Subset
    train = Part(dataset=sub(ds, train_idx.tolist()), transform=lambda b: adapt_images(b, chw))
    val = Part(dataset=sub(ds, val_idx.tolist()), transform=lambda b: adapt_images(b, chw))
    return Data(
        Path(data_dir).name, train, val, len(ds.classes), list(ds.classes), chw, "classification"
    )


def _rgb(image):
    return image.convert("RGB")


@register("names")
def load_names(request: Request) -> Data:
    """``name,country`` rows → ASCII codes padded to the Input length, country index."""
    spec = request.spec
    if spec.kind != "tokens":
        raise DatasetError("The names task needs a tokens Input (ASCII codes of the name).")
    path = find_file(request.data_dir, "names", ("*.csv", "*.csv.gz"))
    rows = [r for r in csv.reader(read_text(path).splitlines()) if len(r) >= 2 and r[0].strip()]
    if not rows:
        raise DatasetError(f"{path} holds no name,country rows.")
    length, vocab = spec.shape[0], spec.vocab
    countries = sorted({r[1].strip() for r in rows})
    lookup = {c: i for i, c in enumerate(countries)}
    x = torch.zeros(len(rows), length, dtype=torch.int64)
    for i, row in enumerate(rows):
        codes = [min(ord(ch), vocab - 1) for ch in row[0].strip()[:length]]
        x[i, : len(codes)] = torch.tensor(codes, dtype=torch.int64)
    y = torch.tensor([lookup[r[1].strip()] for r in rows], dtype=torch.int64)
    train, val = split_tensors(x, y, request.val_split, request.seed)
    return Data(path.name, train, val, len(countries), countries, (length,), "classification")
