"""Recognised torchvision blocks that become one composite node.

A recognised module is traced as a leaf and becomes one composite whose inner layers
carry the module's own sub-module names (``conv1``, ``downsample.0``), so its weights
load as they are. The import is checked afterwards against the module; when a
recognised block does not compute what the composite computes, the importer imports
flat instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from netbuilder.core.blocks.registry import CATALOGUE

Block = tuple[str, dict[str, Any]]


def _square(value: Any) -> int | None:
    values = set(value) if isinstance(value, (tuple, list)) else {value}
    return next(iter(values)) if len(values) == 1 else None


def _plain_bn(bn: Any, eps: float = 1e-5) -> bool:
    from torch import nn

    return (
        type(bn) is nn.BatchNorm2d
        and bn.affine
        and bn.track_running_stats
        and abs(bn.eps - eps) < 1e-12
        and abs((bn.momentum or 0) - 0.1) < 1e-12
    )


def _conv(conv: Any, k: int, stride: int | None = None, padding: int | None = None) -> bool:
    from torch import nn

    return (
        type(conv) is nn.Conv2d
        and conv.bias is None
        and conv.groups == 1
        and _square(conv.dilation) == 1
        and _square(conv.kernel_size) == k
        and (stride is None or _square(conv.stride) == stride)
        and (padding is None or _square(conv.padding) == padding)
        and conv.padding_mode == "zeros"
    )


def _basic_block(m: Any) -> Block | None:
    """torchvision ``BasicBlock`` → Residual (torchvision variant)."""
    from torch import nn

    stride = _square(m.conv1.stride)
    if not (
        _conv(m.conv1, 3, padding=1)
        and _conv(m.conv2, 3, 1, 1)
        and _plain_bn(m.bn1)
        and _plain_bn(m.bn2)
        and stride is not None
    ):
        return None
    shortcut = "identity"
    if m.downsample is not None:
        down = m.downsample
        if not (
            isinstance(down, nn.Sequential)
            and len(down) == 2
            and _conv(down[0], 1, stride, 0)
            and _plain_bn(down[1])
        ):
            return None
        shortcut = "conv1x1"
    params = {
        "variant": "torchvision",
        "out_channels": m.conv1.out_channels,
        "stride": stride,
        "shortcut": shortcut,
    }
    return "Residual", params


def _basic_conv(m: Any, k: int, padding: int) -> bool:
    return _conv(m.conv, k, 1, padding) and _plain_bn(m.bn, 0.001)


def _inception(m: Any) -> Block | None:
    """torchvision GoogLeNet ``Inception`` → Inception (googlenet variant)."""
    from torch import nn

    try:
        b1, (b2a, b2b), (b3a, b3b), (pool, b4) = m.branch1, m.branch2, m.branch3, m.branch4
    except (TypeError, ValueError):
        return None
    convs = [(b1, 1, 0), (b2a, 1, 0), (b2b, 3, 1), (b3a, 1, 0), (b3b, 3, 1), (b4, 1, 0)]
    pool_ok = (
        type(pool) is nn.MaxPool2d
        and (_square(pool.kernel_size), _square(pool.stride), _square(pool.padding)) == (3, 1, 1)
        and pool.ceil_mode
        and _square(pool.dilation) == 1
    )
    if not pool_ok or not all(_basic_conv(c, k, p) for c, k, p in convs):
        return None
    params = {
        "variant": "googlenet",
        "c1": b1.conv.out_channels,
        "c3_reduce": b2a.conv.out_channels,
        "c3": b2b.conv.out_channels,
        "c5_reduce": b3a.conv.out_channels,
        "c5": b3b.conv.out_channels,
        "pool_proj": b4.conv.out_channels,
    }
    return "Inception", params


@lru_cache(maxsize=1)
def _recognisers() -> dict[type, Callable[[Any], Block | None]]:
    out: dict[type, Callable[[Any], Block | None]] = {}
    try:  # the modules, not the functions of the same name in torchvision.models
        resnet = importlib.import_module("torchvision.models.resnet")
        googlenet = importlib.import_module("torchvision.models.googlenet")
    except ImportError:  # torchvision is optional: nothing to recognise then
        return out
    out[resnet.BasicBlock] = _basic_block
    out[googlenet.Inception] = _inception
    return out


def composite_block(module: Any) -> Block | None:
    """The composite that ``module`` is, with its parameters; ``None`` when none is."""
    recognise = _recognisers().get(type(module))
    if recognise is None:
        return None
    try:
        block = recognise(module)
    except (AttributeError, TypeError):
        return None
    if block is None or block[0] not in CATALOGUE:
        return None
    return block
