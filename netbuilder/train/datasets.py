"""Datasets for training, adapted to the network's Input block (Qt-free).

Every dataset is returned as a :class:`Data`: training and validation parts plus what the
trainer needs to know (task hints, class names). Small datasets are plain tensors that the
:class:`DeviceLoader` moves to the device once and batches by index; an image folder is
streamed through a ``torch.utils.data.DataLoader``.

Datasets
--------
``digits``
    scikit-learn's 8×8 handwritten digits (embedded, no download), resized to the Input.
``mnist``, ``fashion_mnist``, ``cifar10``
    torchvision datasets read from a local folder (never downloaded).
``csv``
    A numeric CSV file: the last column is the label, the features are standardised.
``images``
    A folder with one sub-folder per class (torchvision ``ImageFolder``).
``hello``
    The seeds' toy task: the characters of ``hello`` (one-hot) → ``ohlol``.
``names``
    Name → country from a CSV file of ``name,country`` rows (ASCII codes as tokens).
"""

from __future__ import annotations

import csv
import gzip
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.training_config import (
    DATASETS,
    TORCHVISION_DATASETS,
    canonical_dataset,
)

Transform = Callable[[Tensor], Tensor]


class DatasetError(NetBuilderError):
    """A dataset cannot be found, read or fitted to the network (one sentence)."""


@dataclass
class InputSpec:
    """What the network's Input block expects.

    Attributes
    ----------
    kind : str
        ``image`` (C×H×W), ``vector`` (F), ``tokens`` (L ids) or ``sequence`` (L×F).
    shape : tuple of int
        The sample shape without the batch dimension.
    vocab : int
        Number of token ids (``tokens`` only).
    """

    kind: str
    shape: tuple[int, ...]
    vocab: int = 128

    @classmethod
    def from_graph(cls, graph) -> InputSpec:
        """The spec of the single Input node of ``graph``.

        Raises
        ------
        DatasetError
            When the graph has no Input or more than one.
        """
        inputs = [n for n in graph if n.type == "Input"]
        if len(inputs) != 1:
            raise DatasetError(
                f"Training needs a network with exactly one Input block; it has {len(inputs)}."
            )
        node = inputs[0]
        shape = tuple(node.block.infer((), node.params))
        return cls(node.params["kind"], shape, int(node.params.get("vocab", 128)))


@dataclass
class Part:
    """One part (train or validation) of a dataset.

    Either tensors ``x``/``y`` (batched on the device by :class:`DeviceLoader`) or a
    ``torch.utils.data.Dataset`` (streamed). ``transform`` runs on each batch of ``x``
    on the device (e.g. ``uint8`` → float in [0, 1] and a resize).
    """

    x: Tensor | None = None
    y: Tensor | None = None
    dataset: torch.utils.data.Dataset | None = None
    transform: Transform | None = None

    def __len__(self) -> int:
        if self.x is not None:
            return int(self.x.shape[0])
        return len(self.dataset) if self.dataset is not None else 0  # type: ignore[arg-type]


@dataclass
class Data:
    """A dataset ready for training.

    Attributes
    ----------
    name : str
        Dataset name shown to users.
    train, val : Part
        Training and validation parts (``val`` may be empty).
    num_classes : int or None
        Number of classes for classification labels, ``None`` for real-valued targets.
    classes : list of str
        Class names (for confusion matrices and predictions).
    sample_shape : tuple of int
        Shape of one network input (after ``transform``), without the batch dimension.
    task : str or None
        The task the data is made for (``classification``, ``binary``, ``regression``).
    """

    name: str
    train: Part
    val: Part
    num_classes: int | None
    classes: list[str] = field(default_factory=list)
    sample_shape: tuple[int, ...] = ()
    task: str | None = None


# -- loaders ---------------------------------------------------------------------------------
class DeviceLoader:
    """Batches of tensors kept on the device: one permutation per epoch, index_select per batch.

    Parameters
    ----------
    x, y : Tensor
        All samples and labels; moved to ``device`` once.
    batch_size : int
        Samples per batch (the last batch may be smaller).
    device : torch.device or str
        Where the tensors live.
    shuffle : bool
        Draw a new permutation each epoch (from ``seed`` and the epoch number, so a resumed
        run sees the same order as an uninterrupted one).
    seed : int
        Seed of the permutation.
    transform : callable, optional
        Applied to each batch of ``x`` on the device.
    """

    def __init__(
        self,
        x: Tensor,
        y: Tensor,
        batch_size: int,
        device: torch.device | str = "cpu",
        shuffle: bool = True,
        seed: int = 0,
        transform: Transform | None = None,
    ) -> None:
        self.device = torch.device(device)
        non_blocking = self.device.type == "cuda"
        self.x = x.to(self.device, non_blocking=non_blocking)
        self.y = y.to(self.device, non_blocking=non_blocking)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.seed = seed
        self.transform = transform
        self.epoch = 0

    @property
    def num_samples(self) -> int:
        """Samples per epoch."""
        return int(self.x.shape[0])

    def __len__(self) -> int:
        return len(self._bounds())

    def _bounds(self) -> list[tuple[int, int]]:
        """``(start, stop)`` of each batch. While training (``shuffle``), a last batch of a
        single sample joins the one before: BatchNorm cannot normalise one sample."""
        n, size = self.num_samples, self.batch_size
        bounds = [(start, min(start + size, n)) for start in range(0, n, size)]
        if self.shuffle and len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] == 1:
            bounds[-2:] = [(bounds[-2][0], n)]
        return bounds

    def set_epoch(self, epoch: int) -> None:
        """Select the permutation of ``epoch`` (0-based)."""
        self.epoch = epoch

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        n = self.num_samples
        if self.shuffle:
            gen = torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch)
            order = torch.randperm(n, generator=gen).to(self.device)
        else:
            order = None
        for start, stop in self._bounds():
            if order is None:
                xb = self.x[start:stop]
                yb = self.y[start:stop]
            else:
                idx = order[start:stop]
                xb = self.x.index_select(0, idx)
                yb = self.y.index_select(0, idx)
            if self.transform is not None:
                xb = self.transform(xb)
            yield xb, yb


class StreamLoader:
    """A ``DataLoader`` over a ``Dataset`` with the :class:`DeviceLoader` interface."""

    def __init__(
        self,
        dataset: torch.utils.data.Dataset,
        batch_size: int,
        device: torch.device | str = "cpu",
        shuffle: bool = True,
        seed: int = 0,
        transform: Transform | None = None,
        workers: int = 0,
    ) -> None:
        self.dataset = dataset
        self.device = torch.device(device)
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.seed = seed
        self.transform = transform
        self.workers = workers
        self.epoch = 0

    @property
    def num_samples(self) -> int:
        """Samples per epoch."""
        return len(self.dataset)  # type: ignore[arg-type]

    def _drop_last(self) -> bool:
        # a last training batch of one sample would break BatchNorm: skip it this epoch
        return self.shuffle and self.num_samples > 1 and self.num_samples % self.batch_size == 1

    def __len__(self) -> int:
        if self._drop_last():
            return self.num_samples // self.batch_size
        return math.ceil(self.num_samples / self.batch_size)

    def set_epoch(self, epoch: int) -> None:
        """Select the order of ``epoch`` (0-based)."""
        self.epoch = epoch

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        gen = torch.Generator().manual_seed(self.seed * 1_000_003 + self.epoch)
        loader = torch.utils.data.DataLoader(
            self.dataset,
            batch_size=self.batch_size,
            shuffle=self.shuffle,
            generator=gen,
            num_workers=self.workers,
            pin_memory=self.device.type == "cuda",
            drop_last=self._drop_last(),
        )
        for xb, yb in loader:
            xb = xb.to(self.device, non_blocking=True)
            yb = yb.to(self.device, non_blocking=True)
            if self.transform is not None:
                xb = self.transform(xb)
            yield xb, yb


def make_loader(
    part: Part,
    batch_size: int,
    device: torch.device | str = "cpu",
    shuffle: bool = True,
    seed: int = 0,
) -> DeviceLoader | StreamLoader:
    """The right loader for ``part``: on-device tensors or a streamed dataset."""
    if part.x is not None and part.y is not None:
        return DeviceLoader(part.x, part.y, batch_size, device, shuffle, seed, part.transform)
    if part.dataset is None:
        raise DatasetError("This part of the dataset is empty.")
    return StreamLoader(part.dataset, batch_size, device, shuffle, seed, part.transform)


# -- splits ----------------------------------------------------------------------------------
def split_indices(n: int, val_split: float, seed: int = 0) -> tuple[Tensor, Tensor]:
    """Shuffled train and validation indices; ``val_split`` of ``n`` (rounded) for validation.

    With ``val_split > 0`` and ``n ≥ 2`` both parts hold at least one sample.
    """
    gen = torch.Generator().manual_seed(seed)
    order = torch.randperm(n, generator=gen)
    n_val = int(round(n * val_split))
    if val_split > 0 and n >= 2:
        n_val = min(max(n_val, 1), n - 1)
    return order[n_val:], order[:n_val]


def kfold_indices(n: int, k: int, seed: int = 0) -> list[tuple[Tensor, Tensor]]:
    """``k`` (train, validation) index pairs; every sample is validated exactly once.

    Raises
    ------
    ValueError
        When ``k`` is below 2 or above ``n``.
    """
    if not 2 <= k <= n:
        raise ValueError(f"K-fold needs 2 ≤ k ≤ {n} (the number of samples), not {k}.")
    gen = torch.Generator().manual_seed(seed)
    order = torch.randperm(n, generator=gen)
    folds = torch.tensor_split(order, k)
    pairs = []
    for i, val in enumerate(folds):
        train = torch.cat([f for j, f in enumerate(folds) if j != i])
        pairs.append((train, val))
    return pairs


def _split(x: Tensor, y: Tensor, val_split: float, seed: int) -> tuple[Part, Part]:
    train_idx, val_idx = split_indices(int(x.shape[0]), val_split, seed)
    return Part(x[train_idx], y[train_idx]), Part(x[val_idx], y[val_idx])


# -- image adaptation ------------------------------------------------------------------------
def adapt_images(x: Tensor, shape: Sequence[int]) -> Tensor:
    """Float images N×C×H×W in [0, 1] adapted to ``shape`` (C×H×W): channels and size.

    One channel is repeated to three; three channels become one by their mean; the size is
    changed with bilinear interpolation.
    """
    c, h, w = shape
    if x.dtype == torch.uint8:
        x = x.float().div_(255.0)
    if x.shape[1] != c:
        if x.shape[1] == 1:
            x = x.expand(-1, c, -1, -1)
        elif c == 1:
            x = x.mean(dim=1, keepdim=True)
        else:
            raise DatasetError(
                f"The images have {x.shape[1]} channels and the network's Input has {c}; "
                "set the Input to 1 or 3 channels."
            )
    if tuple(x.shape[2:]) != (h, w):
        x = torch.nn.functional.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)
        x = x.clamp_(0.0, 1.0)
    return x.contiguous()


def _image_spec(spec: InputSpec, name: str) -> tuple[int, int, int] | None:
    """C×H×W for an image Input, or ``None`` for a vector Input (images are flattened)."""
    if spec.kind == "image":
        return tuple(spec.shape)  # type: ignore[return-value]
    if spec.kind == "vector":
        return None
    raise DatasetError(
        f"'{name}' holds images, but the network's Input is of kind '{spec.kind}'; "
        "use an image or vector Input."
    )


def _vector_shape(features: int, channels: int, name: str) -> tuple[int, int, int]:
    side = math.isqrt(features // channels) if features % channels == 0 else 0
    if side * side * channels != features:
        side = math.isqrt(features)
        if side * side != features:
            raise DatasetError(
                f"'{name}' holds images; a vector Input needs a square number of features "
                f"(e.g. 64 or 784), not {features}."
            )
        return (1, side, side)
    return (channels, side, side)


def _images_to_input(x: Tensor, spec: InputSpec, name: str) -> tuple[Transform, tuple[int, ...]]:
    """A per-batch transform from raw images (N×C×H×W) to the Input, and the sample shape."""
    chw = _image_spec(spec, name)
    if chw is not None:
        return (lambda b: adapt_images(b, chw)), chw
    features = spec.shape[0]
    vshape = _vector_shape(features, int(x.shape[1]), name)
    return (lambda b: adapt_images(b, vshape).flatten(1)), (features,)


# -- the datasets ----------------------------------------------------------------------------
#: The dataset name after aliases (``FashionMNIST`` → ``fashion_mnist``).
canonical_name = canonical_dataset


def load_dataset(
    name: str,
    spec: InputSpec,
    *,
    data_dir: str | Path | None = None,
    val_split: float = 0.2,
    seed: int = 0,
    task: str = "classification",
) -> Data:
    """Load dataset ``name`` adapted to ``spec`` (the network's Input).

    Parameters
    ----------
    name : str
        One of :data:`DATASETS` (a path to a ``.csv`` file is accepted as well).
    spec : InputSpec
        The network's Input.
    data_dir : str or Path, optional
        Folder of the torchvision datasets and image folders, or the file of ``csv`` /
        ``names`` (a folder holding exactly one such file works too).
    val_split : float
        Fraction held out for validation (seeded).
    seed : int
        Seed of the split.
    task : str
        ``classification``, ``binary`` or ``regression``: decides the label type of ``csv``.

    Raises
    ------
    DatasetError
        With one sentence: unknown name, missing files, or data that cannot fit the Input.
    """
    if str(name).lower().endswith((".csv", ".csv.gz")) and data_dir is None:
        data_dir, name = name, "csv"
    key = canonical_name(name)
    if key == "digits":
        return _digits(spec, val_split, seed)
    if key in TORCHVISION_DATASETS:
        return _torchvision(key, spec, data_dir, val_split, seed)
    if key == "csv":
        return _csv(spec, data_dir, val_split, seed, task)
    if key == "images":
        return _image_folder(spec, data_dir, val_split, seed)
    if key == "hello":
        return _hello(spec, val_split, seed)
    if key == "names":
        return _names(spec, data_dir, val_split, seed)
    raise DatasetError(f"Unknown dataset '{name}'. Datasets: {', '.join(DATASETS)}.")


def _digits(spec: InputSpec, val_split: float, seed: int) -> Data:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    raw = torch.from_numpy(bunch.images.astype(np.float32) / 16.0).unsqueeze(1)  # N×1×8×8
    y = torch.from_numpy(bunch.target.astype(np.int64))
    transform, shape = _images_to_input(raw, spec, "digits")
    x = transform(raw)  # small: adapt once, not per batch
    train, val = _split(x, y, val_split, seed)
    return Data("digits", train, val, 10, [str(i) for i in range(10)], shape, "classification")


#: Where each torchvision dataset keeps its files under the data folder, and which files.
_TV_FILES = {
    "mnist": ("MNIST/raw", "train-images-idx3-ubyte and train-labels-idx1-ubyte"),
    "fashion_mnist": ("FashionMNIST/raw", "train-images-idx3-ubyte and train-labels-idx1-ubyte"),
    "cifar10": ("cifar-10-batches-py", "data_batch_1 … data_batch_5 and batches.meta"),
}


def _torchvision(
    key: str, spec: InputSpec, data_dir: str | Path | None, val_split: float, seed: int
) -> Data:
    import torchvision

    cls_name = TORCHVISION_DATASETS[key]
    sub, files = _TV_FILES[key]
    root = Path(data_dir) if data_dir is not None else Path("data")
    try:
        ds = getattr(torchvision.datasets, cls_name)(root=str(root), train=True, download=False)
    except (RuntimeError, OSError, ValueError) as exc:
        del exc
        raise DatasetError(
            f"{cls_name} was not found: NetBuilder never downloads it; put its files "
            f"({files}) in {root / sub} or pass --data-dir FOLDER."
        ) from None
    data = ds.data
    x = torch.as_tensor(np.asarray(data)) if not isinstance(data, Tensor) else data
    x = x.unsqueeze(1) if x.ndim == 3 else x.permute(0, 3, 1, 2)  # N×C×H×W uint8
    x = x.contiguous()
    y = torch.as_tensor(np.asarray(ds.targets), dtype=torch.int64)
    transform, shape = _images_to_input(x[:1], spec, key)
    train, val = _split(x, y, val_split, seed)
    train.transform = val.transform = transform
    classes = [str(c) for c in getattr(ds, "classes", range(10))]
    return Data(key, train, val, len(classes), classes, shape, "classification")


def _find_file(data_dir: str | Path | None, what: str, patterns: Sequence[str]) -> Path:
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


def _read_text(path: Path) -> str:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return handle.read()
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise DatasetError(f"Cannot read {path}: {exc}.") from None


def _csv(
    spec: InputSpec, data_dir: str | Path | None, val_split: float, seed: int, task: str
) -> Data:
    path = _find_file(data_dir, "CSV", ("*.csv", "*.csv.gz"))
    rows = [r for r in csv.reader(_read_text(path).splitlines()) if r and any(c.strip() for c in r)]
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
    train, val = _split(x, y, val_split, seed)
    mean = train.x.mean(0, keepdim=True)  # type: ignore[union-attr]
    std = train.x.std(0, keepdim=True).clamp_min(1e-8)  # type: ignore[union-attr]
    train.x = (train.x - mean) / std  # type: ignore[operator]
    val.x = (val.x - mean) / std  # type: ignore[operator]
    return Data(path.name, train, val, num_classes, classes, (features,), task)


def _image_folder(
    spec: InputSpec, data_dir: str | Path | None, val_split: float, seed: int
) -> Data:
    import torchvision

    if data_dir is None or not Path(data_dir).is_dir():
        raise DatasetError(
            "The images dataset needs --data-dir FOLDER with one sub-folder of images per class."
        )
    chw = _image_spec(spec, "images")
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
    train_idx, val_idx = split_indices(len(ds), val_split, seed)
    sub = torch.utils.data.Subset
    to_float: Transform = lambda b: adapt_images(b, chw)  # noqa: E731
    train = Part(dataset=sub(ds, train_idx.tolist()), transform=to_float)
    val = Part(dataset=sub(ds, val_idx.tolist()), transform=to_float)
    return Data(
        Path(data_dir).name, train, val, len(ds.classes), list(ds.classes), chw, "classification"
    )


def _rgb(image):
    return image.convert("RGB")


HELLO_SYMBOLS = ("e", "h", "l", "o")


def _hello(spec: InputSpec, val_split: float, seed: int) -> Data:
    """The seeds' task: one-hot ``hello`` (1×5×4) → labels of ``ohlol`` (1×5)."""
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


def _names(spec: InputSpec, data_dir: str | Path | None, val_split: float, seed: int) -> Data:
    """``name,country`` rows → ASCII codes padded to the Input length, country index."""
    if spec.kind != "tokens":
        raise DatasetError("The names task needs a tokens Input (ASCII codes of the name).")
    path = _find_file(data_dir, "names", ("*.csv", "*.csv.gz"))
    rows = [r for r in csv.reader(_read_text(path).splitlines()) if len(r) >= 2 and r[0].strip()]
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
    train, val = _split(x, y, val_split, seed)
    return Data(path.name, train, val, len(countries), countries, (length,), "classification")
