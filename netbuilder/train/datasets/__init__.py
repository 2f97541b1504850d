"""Datasets for training, adapted to the network's Input block (Qt-free).

Every dataset is returned as a :class:`Data`: training and validation parts plus what the
trainer needs to know (task hints, class names). Small datasets are plain tensors that the
:class:`DeviceLoader` moves to the device once and batches by index; an image folder is
streamed through a ``torch.utils.data.DataLoader``.

Each dataset name of :data:`~netbuilder.core.training_config.DATASETS` has one source in
:data:`~netbuilder.train.datasets.registry.SOURCES`:

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

from pathlib import Path

from netbuilder.core.formatting import one_line
from netbuilder.core.training_config import DATASETS, canonical_dataset
from netbuilder.train.batching import split_indices
from netbuilder.train.datasets import embedded, files, torchvision_sets  # noqa: F401 - register
from netbuilder.train.datasets.base import Data, DatasetError, InputSpec, Part, Transform
from netbuilder.train.datasets.embedded import HELLO_SYMBOLS
from netbuilder.train.datasets.images import adapt_images, vector_shape
from netbuilder.train.datasets.loaders import DeviceLoader, StreamLoader, make_loader
from netbuilder.train.datasets.registry import SOURCES, Request

__all__ = [
    "DATASETS",
    "HELLO_SYMBOLS",
    "SOURCES",
    "Data",
    "DatasetError",
    "DeviceLoader",
    "InputSpec",
    "Part",
    "StreamLoader",
    "Transform",
    "adapt_images",
    "canonical_name",
    "load_dataset",
    "make_loader",
    "split_indices",
    "vector_shape",
]

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
    source = SOURCES.get(canonical_name(name))
    if source is None:
        raise DatasetError(f"Unknown dataset '{name}'. Datasets: {', '.join(DATASETS)}.")
    folder = Path(data_dir) if data_dir is not None else None
    try:
        return source(Request(spec, folder, val_split, seed, task))
    except DatasetError:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader's surprise is still one sentence
        text = one_line(str(exc).strip().splitlines()[0] if str(exc).strip() else "", 200)
        raise DatasetError(
            f"Cannot load the dataset '{one_line(name, 60)}': {type(exc).__name__}"
            f"{': ' + text if text else ''}."
        ) from None
