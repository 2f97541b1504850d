"""The block catalogue: every block type NetBuilder knows, by name (see ``registry``)."""

from __future__ import annotations

from netbuilder.core.blocks.activation import (
    GELU,
    Dropout,
    Dropout2d,
    Hardsigmoid,
    Hardswish,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Tanh,
)
from netbuilder.core.blocks.base import CATEGORIES, Block, Cost, InnerLayer, Shape
from netbuilder.core.blocks.composite import (
    Composite,
    Inception,
    InnerLayerError,
    NiNBlock,
    Residual,
    VGGBlock,
)
from netbuilder.core.blocks.composite_zoo import (
    Bottleneck,
    DenseBlock,
    Fire,
    InvertedResidual,
    Transition,
)
from netbuilder.core.blocks.conv import Conv1d, Conv2d, ConvTranspose2d
from netbuilder.core.blocks.group import GROUP_TYPE, Group, GroupDef
from netbuilder.core.blocks.io import Input
from netbuilder.core.blocks.linear import Embedding, Flatten, Linear, Reshape
from netbuilder.core.blocks.merge import Add, Concat, Multiply
from netbuilder.core.blocks.normalization import (
    BatchNorm1d,
    BatchNorm2d,
    GroupNorm,
    InstanceNorm2d,
    LayerNorm,
    LocalResponseNorm,
)
from netbuilder.core.blocks.pooling import (
    AdaptiveAvgPool2d,
    AdaptiveMaxPool2d,
    AvgPool1d,
    AvgPool2d,
    MaxPool1d,
    MaxPool2d,
)
from netbuilder.core.blocks.recurrent import GRU, LSTM, RNN
from netbuilder.core.blocks.registry import (
    CATALOGUE,
    by_category,
    get_block,
    register,
    register_hidden,
)
from netbuilder.core.blocks.upsample import Upsample

_ORDER = (
    Input,
    Conv2d,
    Conv1d,
    ConvTranspose2d,
    MaxPool2d,
    AvgPool2d,
    AdaptiveAvgPool2d,
    AdaptiveMaxPool2d,
    MaxPool1d,
    AvgPool1d,
    Upsample,
    BatchNorm2d,
    BatchNorm1d,
    LayerNorm,
    GroupNorm,
    InstanceNorm2d,
    LocalResponseNorm,
    Dropout,
    Dropout2d,
    ReLU,
    ReLU6,
    LeakyReLU,
    Sigmoid,
    Tanh,
    GELU,
    SiLU,
    Hardswish,
    Hardsigmoid,
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
    Multiply,
    Inception,
    Residual,
    VGGBlock,
    NiNBlock,
    Bottleneck,
    InvertedResidual,
    DenseBlock,
    Transition,
    Fire,
)

register(*_ORDER)
register_hidden(Group)

__all__ = [
    "CATALOGUE",
    "CATEGORIES",
    "Block",
    "Composite",
    "Cost",
    "GROUP_TYPE",
    "Group",
    "GroupDef",
    "InnerLayer",
    "InnerLayerError",
    "Shape",
    "by_category",
    "get_block",
]
