"""MNIST, FashionMNIST and CIFAR-10 read by torchvision from a local folder (never downloaded)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

from netbuilder.core.training_config import TORCHVISION_DATASETS
from netbuilder.train.datasets.base import Data, DatasetError, split_tensors
from netbuilder.train.datasets.images import images_to_input
from netbuilder.train.datasets.registry import Request, register

#: Where each torchvision dataset keeps its files under the data folder, and which files.
_FILES = {
    "mnist": ("MNIST/raw", "train-images-idx3-ubyte and train-labels-idx1-ubyte"),
    "fashion_mnist": ("FashionMNIST/raw", "train-images-idx3-ubyte and train-labels-idx1-ubyte"),
    "cifar10": ("cifar-10-batches-py", "data_batch_1 … data_batch_5 and batches.meta"),
}


def load_torchvision(key: str, request: Request) -> Data:
    """Dataset ``key`` of :data:`~netbuilder.core.training_config.TORCHVISION_DATASETS`."""
    import torchvision

    cls_name = TORCHVISION_DATASETS[key]
    sub, files = _FILES[key]
    root = request.data_dir if request.data_dir is not None else Path("data")
    try:
        ds = getattr(torchvision.datasets, cls_name)(root=str(root), train=True, download=False)
    except (RuntimeError, OSError, ValueError):
        raise DatasetError(
            f"{cls_name} was not found: NetBuilder never downloads it; put its files "
            f"({files}) in {root / sub} or pass --data-dir FOLDER."
        ) from None
    data = ds.data
    x = torch.as_tensor(np.asarray(data)) if not isinstance(data, Tensor) else data
    x = x.unsqueeze(1) if x.ndim == 3 else x.permute(0, 3, 1, 2)  # N×C×H×W uint8
    x = x.contiguous()
    y = torch.as_tensor(np.asarray(ds.targets), dtype=torch.int64)
    transform, shape = images_to_input(x[:1], request.spec, key)
    train, val = split_tensors(x, y, request.val_split, request.seed)
    train.transform = val.transform = transform
    classes = [str(c) for c in getattr(ds, "classes", range(10))]
    return Data(key, train, val, len(classes), classes, shape, "classification")


for _key in TORCHVISION_DATASETS:
    register(_key)(partial(load_torchvision, _key))
