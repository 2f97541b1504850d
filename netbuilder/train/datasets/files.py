"""Datasets from the user's files: a CSV table, a ``name,country`` list, an image folder."""

from __future__ import annotations

import csv
import gzip
import math
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from netbuilder.core.formatting import one_line
from netbuilder.train.batching import split_indices
from netbuilder.train.datasets.base import Data, DatasetError, Part, split_tensors
from netbuilder.train.datasets.images import adapt_images, image_spec
from netbuilder.train.datasets.registry import Request, register

#: Most classes a classification CSV may have.
MAX_CLASSES = 10_000


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
    """The text of ``path`` (UTF-8 with or without a BOM, gzip when it ends in ``.gz``)."""
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
                return handle.read()
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise DatasetError(f"Cannot read {path}: {one_line(exc, 200)}.") from None


def _number(cell: str) -> float | None:
    """``cell`` as a number, ``None`` when it is not one."""
    try:
        return float(cell)
    except ValueError:
        return None


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """``(line number, cells)`` of every non-empty row; a header row is left out."""
    reader = csv.reader(read_text(path).splitlines())
    rows = [(reader.line_num, r) for r in reader if r and any(c.strip() for c in r)]
    if len(rows) >= 2 and _is_header(rows[0][1], [r for _, r in rows[1:]]):
        rows = rows[1:]
    return rows


def _is_header(first: list[str], rest: list[list[str]]) -> bool:
    """A first row with a non-number feature, or a text label above number labels."""
    if any(_number(c) is None for c in first[:-1]):
        return True
    return _number(first[-1]) is None and all(_number(r[-1]) is not None for r in rest if r)


def _feature_table(rows: list[tuple[int, list[str]]], name: str) -> np.ndarray:
    """The features (every column but the last) as float32, checked cell by cell."""
    width = len(rows[0][1])
    if width < 2:
        raise DatasetError(
            f"{name} has one column; a CSV needs feature columns and the label last."
        )
    table = np.empty((len(rows), width - 1), np.float32)
    for i, (line, cells) in enumerate(rows):
        if len(cells) != width:
            raise DatasetError(
                f"{name}, line {line}: {len(cells)} columns where the first row has {width}; "
                "every row needs the same columns."
            )
        for col, cell in enumerate(cells[:-1]):
            value = _number(cell)
            if value is None or not math.isfinite(value):
                raise DatasetError(
                    f"{name}, line {line}, column {col + 1}: {one_line(repr(cell), 40)} is "
                    "not a finite number; every column but the last must hold numbers."
                )
            table[i, col] = value
    return table


def csv_labels(
    column: list[tuple[int, str]], task: str, name: str
) -> tuple[torch.Tensor, int | None, list[str]]:
    """Labels of the last column for ``task``: the target tensor, classes, class names.

    Classification takes whole numbers 0…K−1 (K ≤ :data:`MAX_CLASSES`) or text, each
    distinct text a class (sorted); binary takes 0 and 1; regression any finite number.

    Raises
    ------
    DatasetError
        Naming the first bad label and its line.
    """
    numbers = [(line, cell, _number(cell)) for line, cell in column]
    text = [(line, cell) for line, cell, value in numbers if value is None]
    if task == "classification" and text:
        classes = sorted({cell.strip() for _, cell in column})
        if len(classes) > MAX_CLASSES:
            raise DatasetError(
                f"{name} has {len(classes):,} different labels; classification takes at "
                f"most {MAX_CLASSES:,} classes."
            )
        lookup = {c: k for k, c in enumerate(classes)}
        y = torch.tensor([lookup[cell.strip()] for _, cell in column], dtype=torch.int64)
        return y, len(classes), classes
    if text:
        line, cell = text[0]
        what = "0 or 1" if task == "binary" else "numbers"
        raise DatasetError(
            f"{name}, line {line}: the label {one_line(repr(cell), 40)} is not a number; "
            f"a {task} task needs {what} in the last column."
        )
    values = np.array([v for _, _, v in numbers], np.float64)
    bad = ~np.isfinite(values)
    if bad.any():
        raise DatasetError(f"{name}, line {_line_of(numbers, bad)}: the label is not finite.")
    if task == "classification":
        return _class_indices(numbers, values, name)
    if task == "binary":
        bad = ~np.isin(values, (0.0, 1.0))
        if bad.any():
            raise DatasetError(
                f"{name}, line {_line_of(numbers, bad)}: a binary task needs labels 0 or 1 "
                "in the last column."
            )
        return torch.from_numpy(values.astype(np.float32)).unsqueeze(1), 2, ["0", "1"]
    return torch.from_numpy(values.astype(np.float32)).unsqueeze(1), None, []


def _line_of(numbers: list[tuple[int, str, float | None]], bad: np.ndarray) -> int:
    return numbers[int(np.argmax(bad))][0]


def _class_indices(
    numbers: list[tuple[int, str, float | None]], values: np.ndarray, name: str
) -> tuple[torch.Tensor, int, list[str]]:
    bad = (values != np.floor(values)) | (values < 0) | (values >= MAX_CLASSES)
    if bad.any():
        k = int(np.argmax(bad))
        raise DatasetError(
            f"{name}, line {numbers[k][0]}: the label {one_line(numbers[k][1].strip(), 40)} "
            f"is not a class: classification labels are whole numbers 0…K−1 with at most "
            f"{MAX_CLASSES:,} classes, or class names."
        )
    k = int(values.max()) + 1
    return torch.from_numpy(values.astype(np.int64)), k, [str(i) for i in range(k)]


def check_splittable(n: int, val_split: float, name: str, least: int = 1) -> None:
    """Refuse data whose training part would hold fewer than ``least`` samples.

    Raises
    ------
    DatasetError
        Saying how many rows there are and what to change.
    """
    train, _ = split_indices(n, val_split, 0)
    if len(train) >= least:
        return
    if val_split > 0 and n >= least:
        raise DatasetError(
            f"{name} has only {n} rows of data: too few to hold out {val_split:.0%} for "
            f"validation and train on at least {least}; add rows or set the validation "
            "split to 0."
        )
    raise DatasetError(
        f"{name} has only {n} row{'s' if n != 1 else ''} of data; training needs at least {least}."
    )


@register("csv")
def load_csv(request: Request) -> Data:
    """A CSV file: number features, the label last; the features are standardised."""
    spec, task = request.spec, request.task
    path = find_file(request.data_dir, "CSV", ("*.csv", "*.csv.gz"))
    rows = _csv_rows(path)
    # two training rows at least: one row has no spread to standardise by
    check_splittable(len(rows), request.val_split, path.name, least=2)
    table = _feature_table(rows, path.name)
    features = table.shape[1]
    if spec.kind != "vector" or spec.shape != (features,):
        raise DatasetError(
            f"{path.name} has {features} feature columns; set the network's Input to a "
            f"vector of {features} features."
        )
    y, num_classes, classes = csv_labels([(line, r[-1]) for line, r in rows], task, path.name)
    train, val = split_tensors(torch.from_numpy(table), y, request.val_split, request.seed)
    mean = train.x.mean(0, keepdim=True)  # type: ignore[union-attr]
    std = train.x.std(0, keepdim=True).clamp_min(1e-8)  # type: ignore[union-attr]
    train.x = (train.x - mean) / std  # type: ignore[operator]
    val.x = (val.x - mean) / std  # type: ignore[operator]
    return Data(path.name, train, val, num_classes, classes, (features,), task)


class _ImageCheck:
    """``is_valid_file`` of ``ImageFolder``: image files that decode; the others noted."""

    def __init__(self) -> None:
        self.readable = 0
        self.unreadable: list[str] = []

    def __call__(self, path: str) -> bool:
        from PIL import Image
        from torchvision.datasets.folder import IMG_EXTENSIONS, has_file_allowed_extension

        if not has_file_allowed_extension(path, IMG_EXTENSIONS):
            return False
        try:
            with Image.open(path) as image:
                image.load()
        except Exception:  # noqa: BLE001 - PIL raises many kinds for a broken file
            self.unreadable.append(path)
            return False
        self.readable += 1
        return True

    def names(self, root: Path, count: int = 3) -> str:
        """The first ``count`` unreadable files relative to ``root``, and "…" for more."""
        shown = [one_line(os.path.relpath(p, root), 60) for p in sorted(self.unreadable)[:count]]
        return ", ".join(shown) + (", …" if len(self.unreadable) > count else "")


@register("images")
def load_image_folder(request: Request) -> Data:
    """A folder with one sub-folder per class (torchvision ``ImageFolder``), streamed.

    Files that do not decode as images are skipped and named in :attr:`Data.notes`.
    """
    import torchvision

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
    check = _ImageCheck()
    try:
        ds = torchvision.datasets.ImageFolder(str(data_dir), transform=tf, is_valid_file=check)
    except (FileNotFoundError, OSError) as exc:
        raise DatasetError(_folder_problem(Path(data_dir), check, exc)) from None
    notes = []
    if check.unreadable:
        n = len(check.unreadable)
        notes.append(
            f"Skipped {n} unreadable image{'s' if n > 1 else ''} in {Path(data_dir).name}: "
            f"{check.names(Path(data_dir))}."
        )
    train_idx, val_idx = split_indices(len(ds), request.val_split, request.seed)
    sub = torch.utils.data.Subset
    train = Part(dataset=sub(ds, train_idx.tolist()), transform=lambda b: adapt_images(b, chw))
    val = Part(dataset=sub(ds, val_idx.tolist()), transform=lambda b: adapt_images(b, chw))
    name = Path(data_dir).name
    return Data(name, train, val, len(ds.classes), list(ds.classes), chw, "classification", notes)


def _folder_problem(root: Path, check: _ImageCheck, exc: Exception) -> str:
    """One sentence for an image folder ``ImageFolder`` refused."""
    if check.unreadable and not check.readable:
        return (
            f"None of the {len(check.unreadable)} images in {root} can be read "
            f"({check.names(root)}); they are damaged or not images."
        )
    text = one_line(str(exc).strip().splitlines()[0] if str(exc).strip() else exc, 200)
    if "no valid file" in text.lower() or "couldn't find any class" in text.lower():
        skipped = f" ({len(check.unreadable)} unreadable skipped)" if check.unreadable else ""
        return (
            f"The image folder {root} needs one sub-folder of readable images per class"
            f"{skipped}: {text.rstrip('.')}."
        )
    return f"Cannot read the image folder {root}: {text.rstrip('.')}."


def _rgb(image):
    return image.convert("RGB")


@register("names")
def load_names(request: Request) -> Data:
    """``name,country`` rows → ASCII codes padded to the Input length, country index.

    Each name is cut or zero-padded at the end to the Input's length; no lengths are
    kept, so a recurrent network reads the padding (token 0) after the name, and its
    final state comes after the padding, not after the name's last letter.
    """
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
