"""Recognised torchvision blocks that become one composite node.

``BasicBlock`` → Residual, ``Bottleneck`` → Bottleneck, GoogLeNet's ``Inception`` →
Inception, MobileNetV2's ``InvertedResidual``, DenseNet's dense block and transition,
SqueezeNet's ``Fire``.

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


def _conv(
    conv: Any, k: int, stride: int | None = None, padding: int | None = None, groups: int = 1
) -> bool:
    from torch import nn

    return (
        type(conv) is nn.Conv2d
        and conv.bias is None
        and conv.groups == groups
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
        type(m.relu) is nn.ReLU
        and _conv(m.conv1, 3, padding=1)
        and _conv(m.conv2, 3, 1, 1)
        and _plain_bn(m.bn1)
        and _plain_bn(m.bn2)
        and stride is not None
    ):
        return None
    shortcut = _shortcut(m, m.conv1.out_channels, stride)
    if shortcut is None:
        return None
    params = {
        "variant": "torchvision",
        "out_channels": m.conv1.out_channels,
        "stride": stride,
        "shortcut": shortcut,
    }
    return "Residual", params


def _shortcut(m: Any, out: int, stride: int) -> str | None:
    """``identity`` / ``conv1x1`` for torchvision's ``downsample``; None for another one."""
    from torch import nn

    down = m.downsample
    if down is None:
        return "identity"
    ok = (
        isinstance(down, nn.Sequential)
        and len(down) == 2
        and _conv(down[0], 1, stride, 0)
        and down[0].out_channels == out
        and _plain_bn(down[1])
    )
    return "conv1x1" if ok else None


def _bottleneck(m: Any) -> Block | None:
    """torchvision ``Bottleneck`` (ResNet-50) → Bottleneck."""
    from torch import nn

    if type(m.relu) is not nn.ReLU:
        return None
    width, stride = m.conv1.out_channels, _square(m.conv2.stride)
    convs = (
        _conv(m.conv1, 1, 1, 0)
        and _conv(m.conv2, 3, padding=1)
        and _conv(m.conv3, 1, 1, 0)
        and m.conv2.out_channels == width
        and m.conv3.out_channels == 4 * width
    )
    if not convs or stride is None or not all(_plain_bn(b) for b in (m.bn1, m.bn2, m.bn3)):
        return None
    shortcut = _shortcut(m, 4 * width, stride)
    if shortcut is None:
        return None
    return "Bottleneck", {"channels": width, "stride": stride, "shortcut": shortcut}


def _conv_bn_relu6(seq: Any, k: int, stride: int, groups: int) -> bool:
    from torch import nn

    return (
        len(seq) == 3
        and _conv(seq[0], k, stride, (k - 1) // 2, groups)
        and _plain_bn(seq[1])
        and type(seq[2]) is nn.ReLU6
    )


def _inverted_residual(m: Any) -> Block | None:
    """torchvision MobileNetV2 ``InvertedResidual`` → InvertedResidual."""
    layers = list(m.conv)
    expand = len(layers) == 4
    first = layers[0][0]
    inp = first.in_channels
    hidden = first.out_channels if expand else inp
    stride = _square(layers[-3][0].stride)
    ok = (
        len(layers) in (3, 4)
        and hidden % inp == 0
        and stride is not None
        and (not expand or _conv_bn_relu6(layers[0], 1, 1, 1))
        and _conv_bn_relu6(layers[-3], 3, stride, hidden)
        and layers[-3][0].out_channels == hidden
        and _conv(layers[-2], 1, 1, 0)
        and _plain_bn(layers[-1])
    )
    out = layers[-2].out_channels if ok else 0
    if not ok or m.use_res_connect != (stride == 1 and inp == out):
        return None
    params = {"out_channels": out, "stride": stride, "expand_ratio": hidden // inp}
    return "InvertedResidual", params


def _pre_activation(norm: Any, relu: Any, conv: Any, k: int) -> bool:
    from torch import nn

    return _plain_bn(norm) and type(relu) is nn.ReLU and _conv(conv, k, 1, (k - 1) // 2)


def _dense_block(m: Any) -> Block | None:
    """torchvision DenseNet ``_DenseBlock`` → DenseBlock."""
    layers = list(m.values())
    if not layers:
        return None
    growth = layers[0].conv2.out_channels
    width = layers[0].conv1.out_channels
    rates = {float(layer.drop_rate) for layer in layers}
    for layer in layers:
        ok = (
            _pre_activation(layer.norm1, layer.relu1, layer.conv1, 1)
            and _pre_activation(layer.norm2, layer.relu2, layer.conv2, 3)
            and (layer.conv1.out_channels, layer.conv2.out_channels) == (width, growth)
        )
        if not ok:
            return None
    if width % growth or len(rates) != 1:
        return None
    params = {
        "num_layers": len(layers),
        "growth_rate": growth,
        "bn_size": width // growth,
        "drop_rate": rates.pop(),
    }
    return "DenseBlock", params


def _transition(m: Any) -> Block | None:
    """torchvision DenseNet ``_Transition`` → Transition."""
    from torch import nn

    pool = m.pool
    ok = (
        _pre_activation(m.norm, m.relu, m.conv, 1)
        and type(pool) is nn.AvgPool2d
        and (_square(pool.kernel_size), _square(pool.stride), _square(pool.padding)) == (2, 2, 0)
        and not pool.ceil_mode
        and pool.count_include_pad
        and len(m) == 4
    )
    return ("Transition", {"out_channels": m.conv.out_channels}) if ok else None


def _fire(m: Any) -> Block | None:
    """torchvision SqueezeNet ``Fire`` → Fire."""
    from torch import nn

    convs = ((m.squeeze, 1, 0), (m.expand1x1, 1, 0), (m.expand3x3, 3, 1))
    ok = all(
        type(c) is nn.Conv2d
        and c.bias is not None
        and c.groups == 1
        and _square(c.kernel_size) == k
        and _square(c.padding) == pad
        and _square(c.stride) == 1
        and _square(c.dilation) == 1
        for c, k, pad in convs
    )
    if not ok:
        return None
    params = {
        "squeeze": m.squeeze.out_channels,
        "expand1x1": m.expand1x1.out_channels,
        "expand3x3": m.expand3x3.out_channels,
    }
    return "Fire", params


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
        mobilenet = importlib.import_module("torchvision.models.mobilenetv2")
        densenet = importlib.import_module("torchvision.models.densenet")
        squeezenet = importlib.import_module("torchvision.models.squeezenet")
    except ImportError:  # torchvision is optional: nothing to recognise then
        return out
    out[resnet.BasicBlock] = _basic_block
    out[resnet.Bottleneck] = _bottleneck
    out[googlenet.Inception] = _inception
    out[mobilenet.InvertedResidual] = _inverted_residual
    out[densenet._DenseBlock] = _dense_block
    out[densenet._Transition] = _transition
    out[squeezenet.Fire] = _fire
    return out


def composite_block(module: Any) -> Block | None:
    """The composite that ``module`` is, with its parameters; ``None`` when none is."""
    recognise = _recognisers().get(type(module))
    if recognise is None:
        return None
    try:
        block = recognise(module)
    except (AttributeError, TypeError, IndexError):
        return None
    if block is None or block[0] not in CATALOGUE:
        return None
    return block
