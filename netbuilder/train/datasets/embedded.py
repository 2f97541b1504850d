"""Datasets that need no file: scikit-learn's ``digits`` and the seeds' ``hello`` task."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import numpy as np
import torch

from netbuilder.train.datasets.base import Data, DatasetError, Part, split_tensors
from netbuilder.train.datasets.images import images_to_input
from netbuilder.train.datasets.registry import Request, register

HELLO_SYMBOLS = ("e", "h", "l", "o")


def digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's digits: N×8×8 pixel values 0–16 and N labels.

    Read straight from the CSV file scikit-learn ships (what ``load_digits`` reads), so
    training does not wait for scikit-learn's import (seconds); ``load_digits`` itself is
    the fallback when the file is not where it is expected.
    """
    spec = importlib.util.find_spec("sklearn")  # locates the package without importing it
    origin = spec.origin if spec is not None else None
    path = Path(origin).parent / "datasets" / "data" / "digits.csv.gz" if origin else None
    if path is not None and path.is_file():
        with gzip.open(path, "rt") as handle:
            table = np.loadtxt(handle, delimiter=",", dtype=np.float64)
        return table[:, :-1].reshape(-1, 8, 8), table[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    return bunch.images, bunch.target


@register("digits")
def load_digits(request: Request) -> Data:
    """scikit-learn's 8×8 handwritten digits, resized to the Input."""
    images, labels = digits_arrays()
    raw = torch.from_numpy(images.astype(np.float32) / 16.0).unsqueeze(1)  # N×1×8×8
    y = torch.from_numpy(labels.astype(np.int64))
    transform, shape = images_to_input(raw, request.spec, "digits")
    x = transform(raw)  # small: adapt once, not per batch
    train, val = split_tensors(x, y, request.val_split, request.seed)
    return Data("digits", train, val, 10, [str(i) for i in range(10)], shape, "classification")


@register("hello")
def load_hello(request: Request) -> Data:
    """The seeds' task: one-hot ``hello`` (1×5×4) → labels of ``ohlol`` (1×5)."""
    spec = request.spec
    if spec.kind != "sequence" or spec.shape != (5, 4):
        raise DatasetError(
            "The hello task needs a sequence Input of 5 steps × 4 features (one-hot e, h, l, o)."
        )
    index = {c: i for i, c in enumerate(HELLO_SYMBOLS)}
    x = torch.nn.functional.one_hot(torch.tensor([index[c] for c in "hello"]), 4).float()
    y = torch.tensor([index[c] for c in "ohlol"])
    part = Part(x.unsqueeze(0), y.unsqueeze(0))
    # One sample (the seeds' setting): nothing is left to validate on; training accuracy
    # is what the trainer reports.
    empty = Part(part.x[:0], part.y[:0])  # type: ignore[index]
    return Data("hello", part, empty, 4, list(HELLO_SYMBOLS), (5, 4), "classification")
