"""Training settings stored in a project document (Qt-free, shared by UI, CLI and trainer)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from netbuilder.core.errors import DocumentError

# One source for every list of choices: the Training dock's combo boxes, the options of
# ``netbuilder train`` / ``export``, the dataset loader, the exported train.py and the README
# read these (tests/train/test_choices.py keeps them in sync).

#: Dataset names in menu order.
DATASETS = ("digits", "mnist", "fashion_mnist", "cifar10", "csv", "images", "hello", "names")
#: Other spellings accepted for a dataset name (lower case).
DATASET_ALIASES = {
    "fashionmnist": "fashion_mnist",
    "fashion-mnist": "fashion_mnist",
    "cifar": "cifar10",
    "cifar-10": "cifar10",
    "cifar_10": "cifar10",
    "imagefolder": "images",
    "image_folder": "images",
    "diabetes": "csv",
}
#: The torchvision class of each dataset read from a local torchvision folder.
TORCHVISION_DATASETS = {"mnist": "MNIST", "fashion_mnist": "FashionMNIST", "cifar10": "CIFAR10"}
#: Datasets a standalone ``train.py`` can be exported for.
SCRIPT_DATASETS = ("digits", *TORCHVISION_DATASETS)
#: Devices; ``auto`` picks cuda > mps > cpu.
DEVICES = ("auto", "cpu", "cuda", "mps")
#: Optimizers (SGD with momentum, Adam, AdamW), all with weight decay.
OPTIMIZERS = ("sgd", "adam", "adamw")
#: Learning-rate schedules over the run.
SCHEDULES = ("none", "step", "cosine", "onecycle")
#: Tasks: cross-entropy on logits, BCE with logits, MSE.
TASKS = ("classification", "binary", "regression")


#: Switches a document holds only when on (files without them stay as they were).
WRITTEN_WHEN_ON = ("tensorboard", "compile", "all_gpus")


def canonical_dataset(name: str) -> str:
    """The dataset name after aliases and case (``FashionMNIST`` → ``fashion_mnist``)."""
    key = name.strip().lower()
    return DATASET_ALIASES.get(key, key)


def one_of(values: tuple[str, ...]) -> str:
    """``a, b, c or d``: a list of choices in a sentence."""
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


@dataclass(frozen=True)
class TrainingConfig:
    """How to train a network; every field has a sensible default.

    Attributes
    ----------
    dataset : str
        Dataset name (``digits`` is embedded and needs no download).
    epochs, batch_size : int
        Passes over the data and samples per step.
    optimizer : str
        One of ``sgd``, ``adam``, ``adamw``.
    lr, momentum, weight_decay : float
        Optimizer settings (momentum for SGD only).
    schedule : str
        Learning-rate schedule: ``none``, ``step``, ``cosine``, ``onecycle``.
    task : str
        ``classification`` (cross-entropy on logits), ``binary`` (BCE with logits) or
        ``regression`` (MSE).
    val_split : float
        Fraction of the data held out for validation.
    seed : int
        Seed of every random generator, for reproducible runs.
    device : str
        ``auto`` (cuda > mps > cpu), ``cpu``, ``cuda`` or ``mps``.
    tensorboard : bool
        Also write TensorBoard event files into the run folder.
    compile : bool
        Train the ``torch.compile``-d network (CUDA: faster after a warm-up).
    all_gpus : bool
        Train on every GPU at once (DDP under ``torchrun``, one process per GPU).
    """

    dataset: str = "digits"
    epochs: int = 5
    batch_size: int = 64
    optimizer: str = "adam"
    lr: float = 0.001
    momentum: float = 0.9
    weight_decay: float = 0.0
    schedule: str = "none"
    task: str = "classification"
    val_split: float = 0.2
    seed: int = 0
    device: str = "auto"
    tensorboard: bool = False
    compile: bool = False
    all_gpus: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; the switches in :data:`WRITTEN_WHEN_ON` only when on."""
        data = asdict(self)
        for key in WRITTEN_WHEN_ON:
            if not data[key]:
                del data[key]
        return data

    @classmethod
    def from_dict(cls, data: Any, path: str = "$.training") -> TrainingConfig:
        """Validate ``data``; raises :class:`DocumentError` with the JSON path."""
        if not isinstance(data, dict):
            raise DocumentError("training settings must be an object", path)
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise DocumentError(f"unknown training setting '{key}'", f"{path}.{key}")
            default = known[key].default
            ok = (
                isinstance(value, bool)
                if isinstance(default, bool)
                else isinstance(value, str)
                if isinstance(default, str)
                else isinstance(value, (int, float)) and not isinstance(value, bool)
                if isinstance(default, float)
                else isinstance(value, int) and not isinstance(value, bool)
            )
            if not ok:
                kind = type(default).__name__
                raise DocumentError(f"'{key}' must be of type {kind}", f"{path}.{key}")
            if isinstance(default, float):
                try:
                    value = float(value)
                except OverflowError:
                    raise DocumentError(f"'{key}' is too large", f"{path}.{key}") from None
            values[key] = value
        config = cls(**values)
        try:
            config.validate()
        except ValueError as exc:
            raise DocumentError(str(exc), path) from None
        return config

    def validate(self) -> None:
        """Raise ``ValueError`` with a sentence for an impossible setting."""
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be {one_of(OPTIMIZERS)}")
        if self.schedule not in SCHEDULES:
            raise ValueError(f"schedule must be {one_of(SCHEDULES)}")
        if self.task not in TASKS:
            raise ValueError(f"task must be {one_of(TASKS)}")
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError("epochs and batch_size must be at least 1")
        if not 0 < self.lr < 100:
            raise ValueError("lr must be between 0 and 100")
        if not 0.0 <= self.val_split < 1.0:
            raise ValueError("val_split must be at least 0 and below 1")
        if self.weight_decay < 0 or not 0 <= self.momentum < 1:
            raise ValueError("weight_decay must be ≥ 0 and momentum in [0, 1)")
        if not 0 <= self.seed < 2**31:
            raise ValueError("seed must be a whole number from 0 to 2147483647")
        if not all(math.isfinite(v) for v in (self.lr, self.momentum, self.weight_decay)):
            raise ValueError("lr, momentum and weight_decay must be finite numbers")
        if self.device not in DEVICES:
            raise ValueError(f"device must be {one_of(DEVICES)}")
