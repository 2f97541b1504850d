"""The registry of dataset sources: one loader function per dataset name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netbuilder.core.training_config import DATASETS
from netbuilder.train.datasets.base import Data, InputSpec


@dataclass(frozen=True)
class Request:
    """What a source is asked to load.

    Attributes
    ----------
    spec : InputSpec
        The network's Input (the data is adapted to it).
    data_dir : Path or None
        The folder or file given by the user.
    val_split : float
        Fraction held out for validation.
    seed : int
        Seed of the split.
    task : str
        ``classification``, ``binary`` or ``regression``.
    """

    spec: InputSpec
    data_dir: Path | None
    val_split: float
    seed: int
    task: str


Source = Callable[[Request], Data]

#: Dataset name → the function that loads it.
SOURCES: dict[str, Source] = {}


def register(name: str) -> Callable[[Source], Source]:
    """Decorator: ``source`` loads dataset ``name`` (one of the training choices)."""
    if name not in DATASETS:
        raise ValueError(f"'{name}' is not in netbuilder.core.training_config.DATASETS")

    def add(source: Source) -> Source:
        SOURCES[name] = source
        return source

    return add
