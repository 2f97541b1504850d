"""The block catalogue: every block type NetBuilder knows, by name."""

from __future__ import annotations

from netbuilder.core.blocks.activation import (
    GELU,
    Dropout,
    Dropout2d,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
)
from netbuilder.core.blocks.base import CATEGORIES, Block, Cost, InnerLayer, Shape
from netbuilder.core.blocks.composite import Composite, Inception, NiNBlock, Residual, VGGBlock
from netbuilder.core.blocks.conv import Conv1d, Conv2d
from netbuilder.core.blocks.io import Input
from netbuilder.core.blocks.linear import Embedding, Flatten, Linear, Reshape
from netbuilder.core.blocks.merge import Add, Concat
from netbuilder.core.blocks.normalization import BatchNorm1d, BatchNorm2d, LayerNorm
from netbuilder.core.blocks.pooling import AdaptiveAvgPool2d, AvgPool2d, MaxPool2d
from netbuilder.core.blocks.recurrent import GRU, LSTM, RNN
from netbuilder.core.errors import GraphError

_ORDER = (
    Input,
    Conv2d,
    Conv1d,
    MaxPool2d,
    AvgPool2d,
    AdaptiveAvgPool2d,
    BatchNorm2d,
    BatchNorm1d,
    LayerNorm,
    Dropout,
    Dropout2d,
    ReLU,
    LeakyReLU,
    Sigmoid,
    Tanh,
    GELU,
    Softmax,
    LogSoftmax,
    RNN,
    LSTM,
    GRU,
    Linear,
    Flatten,
    Reshape,
    Embedding,
    Concat,
    Add,
    Inception,
    Residual,
    VGGBlock,
    NiNBlock,
)

#: Every block by type name, in palette order.
CATALOGUE: dict[str, Block] = {cls.type: cls() for cls in _ORDER}


def get_block(type_name: str) -> Block:
    """Return the catalogue block called ``type_name``.

    Raises
    ------
    GraphError
        ``Unknown block type 'X'.`` when there is none.
    """
    try:
        return CATALOGUE[type_name]
    except KeyError:
        raise GraphError(f"Unknown block type '{type_name}'.") from None


def by_category() -> dict[str, list[Block]]:
    """Blocks grouped by palette category, categories in display order."""
    groups: dict[str, list[Block]] = {c: [] for c in CATEGORIES}
    for block in CATALOGUE.values():
        groups[block.category].append(block)
    return groups


__all__ = [
    "CATALOGUE",
    "CATEGORIES",
    "Block",
    "Composite",
    "Cost",
    "InnerLayer",
    "Shape",
    "by_category",
    "get_block",
]
