"""Composite blocks of the torchvision zoo: Bottleneck, InvertedResidual, DenseBlock,
Transition and Fire.

Each is one node on the canvas whose numbers come from its inner layers (ordinary
catalogue blocks, see :mod:`netbuilder.core.blocks.composite`). Each class template has
the attribute names of its torchvision counterpart (``conv1``, ``downsample.0``,
``conv.0.0``, ``denselayer1.norm1``, ``expand3x3``), so torchvision's weights load into
it with ``strict=True``; tests check that and the outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from textwrap import dedent

from netbuilder.core.blocks.base import InnerLayer, Params, Shape, code_value
from netbuilder.core.blocks.composite import SHORTCUT, Composite, ShortcutBlock, conv_params
from netbuilder.core.params import Param


def _source(text: str) -> str:
    return dedent(text).strip("\n")


def _bn_relu_conv(
    layers: list[InnerLayer], prefix: str, src: str, names: tuple[str, str, str], conv: dict
) -> str:
    """Append BatchNorm, ReLU, Conv2d (DenseNet's pre-activation order); returns the last."""
    norm, relu, convolution = (f"{prefix}{n}" for n in names)
    layers.append(InnerLayer(norm, "BatchNorm2d", {}, (src,)))
    layers.append(InnerLayer(relu, "ReLU", {}, (norm,)))
    layers.append(InnerLayer(convolution, "Conv2d", conv, (relu,)))
    return convolution


# -- Bottleneck (ResNet-50/101/152) ---------------------------------------------------------
_BOTTLENECK_SOURCE = _source(
    """
    class Bottleneck(nn.Module):
        expansion = 4

        def __init__(self, in_channels, channels, stride=1, use_1x1conv=False):
            super().__init__()
            out_channels = channels * self.expansion
            self.conv1 = nn.Conv2d(in_channels, channels, kernel_size=1, bias=False)
            self.bn1 = nn.BatchNorm2d(channels)
            self.conv2 = nn.Conv2d(
                channels, channels, kernel_size=3, stride=stride, padding=1, bias=False
            )
            self.bn2 = nn.BatchNorm2d(channels)
            self.conv3 = nn.Conv2d(channels, out_channels, kernel_size=1, bias=False)
            self.bn3 = nn.BatchNorm2d(out_channels)
            self.relu = nn.ReLU()
            self.downsample = None
            if use_1x1conv:
                self.downsample = nn.Sequential(
                    nn.Conv2d(
                        in_channels, out_channels, kernel_size=1, stride=stride, bias=False
                    ),
                    nn.BatchNorm2d(out_channels),
                )

        def forward(self, x):
            y = self.relu(self.bn1(self.conv1(x)))
            y = self.relu(self.bn2(self.conv2(y)))
            y = self.bn3(self.conv3(y))
            shortcut = x if self.downsample is None else self.downsample(x)
            return self.relu(y + shortcut)
    """
)

#: Output channels of a Bottleneck per bottleneck channel (torchvision's ``expansion``).
EXPANSION = 4


class Bottleneck(ShortcutBlock):
    """ResNet-50's bottleneck block: 1×1 reduce, 3×3, 1×1 expand ×4, plus a shortcut."""

    width_param = "channels"

    type = "Bottleneck"
    summary = (
        "1×1 conv, 3×3 conv (with the stride), 1×1 conv to 4× the channels, each with BN; "
        "added to a shortcut, then ReLU (torchvision's ResNet-50 block)."
    )
    schema = (
        Param("channels", "int", 64, "Bottleneck width; the output has 4× as many.", 1, 65536),
        Param("stride", "int", 1, "Stride of the 3×3 conv and the shortcut.", 1, 64),
        SHORTCUT,
    )

    def out_channels(self, p: Params) -> int:
        return EXPANSION * p["channels"]

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        c, s, out = p["channels"], p["stride"], self.out_channels(p)
        layers = [
            InnerLayer("conv1", "Conv2d", conv_params(c, bias=False), ("x",)),
            InnerLayer("bn1", "BatchNorm2d", {}, ("conv1",)),
            InnerLayer("relu1", "ReLU", {}, ("bn1",)),
            InnerLayer("conv2", "Conv2d", conv_params(c, 3, 1, s, False), ("relu1",)),
            InnerLayer("bn2", "BatchNorm2d", {}, ("conv2",)),
            InnerLayer("relu2", "ReLU", {}, ("bn2",)),
            InnerLayer("conv3", "Conv2d", conv_params(out, bias=False), ("relu2",)),
            InnerLayer("bn3", "BatchNorm2d", {}, ("conv3",)),
        ]
        shortcut = "x"
        if self.use_projection(ins, p):
            layers.append(
                InnerLayer("downsample.0", "Conv2d", conv_params(out, 1, 0, s, False), ("x",))
            )
            layers.append(InnerLayer("downsample.1", "BatchNorm2d", {}, ("downsample.0",)))
            shortcut = "downsample.1"
        layers.append(InnerLayer("add", "Add", {}, ("bn3", shortcut)))
        layers.append(InnerLayer("relu3", "ReLU", {}, ("add",)))
        return layers

    def torch_class(self, p: Params) -> tuple[str, str]:
        return "Bottleneck", _BOTTLENECK_SOURCE

    def describe(self, p: Params) -> str:
        text = f"{p['channels']} → {self.out_channels(p)}"
        return text + (f", stride {p['stride']}" if p["stride"] != 1 else "")


# -- InvertedResidual (MobileNetV2) --------------------------------------------------------
_INVERTED_SOURCE = _source(
    """
    class ConvBNReLU6(nn.Sequential):
        def __init__(self, in_channels, out_channels, kernel_size=3, stride=1, groups=1):
            super().__init__(
                nn.Conv2d(
                    in_channels,
                    out_channels,
                    kernel_size,
                    stride=stride,
                    padding=(kernel_size - 1) // 2,
                    groups=groups,
                    bias=False,
                ),
                nn.BatchNorm2d(out_channels),
                nn.ReLU6(),
            )


    class InvertedResidual(nn.Module):
        def __init__(self, in_channels, out_channels, stride=1, expand_ratio=6):
            super().__init__()
            hidden = in_channels * expand_ratio
            self.use_res_connect = stride == 1 and in_channels == out_channels
            layers = []
            if expand_ratio != 1:
                layers.append(ConvBNReLU6(in_channels, hidden, kernel_size=1))
            layers += [
                ConvBNReLU6(hidden, hidden, stride=stride, groups=hidden),
                nn.Conv2d(hidden, out_channels, kernel_size=1, bias=False),
                nn.BatchNorm2d(out_channels),
            ]
            self.conv = nn.Sequential(*layers)

        def forward(self, x):
            if self.use_res_connect:
                return x + self.conv(x)
            return self.conv(x)
    """
)


class InvertedResidual(Composite):
    """MobileNetV2's inverted residual: expand 1×1, depthwise 3×3, project 1×1."""

    type = "InvertedResidual"
    summary = (
        "1×1 expansion (×expand_ratio), depthwise 3×3, linear 1×1 projection, with BN and "
        "ReLU6; the input is added when stride is 1 and channels stay (MobileNetV2)."
    )
    schema = (
        Param("out_channels", "int", 24, "Channels of the projection (the output).", 1, 65536),
        Param("stride", "int", 1, "Stride of the depthwise conv.", 1, 64),
        Param("expand_ratio", "int", 6, "Hidden channels per input channel.", 1, 64),
    )

    def residual(self, ins: Sequence[Shape], p: Params) -> bool:
        """Whether the input is added (torchvision's ``use_res_connect``)."""
        return p["stride"] == 1 and ins[0][0] == p["out_channels"]

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        hidden = ins[0][0] * p["expand_ratio"]
        layers: list[InnerLayer] = []
        src, index = "x", 0

        def conv_bn_relu6(conv: dict) -> None:
            nonlocal src, index
            prefix = f"conv.{index}"
            layers.append(InnerLayer(f"{prefix}.0", "Conv2d", conv, (src,)))
            layers.append(InnerLayer(f"{prefix}.1", "BatchNorm2d", {}, (f"{prefix}.0",)))
            layers.append(InnerLayer(f"{prefix}.2", "ReLU6", {}, (f"{prefix}.1",)))
            src, index = f"{prefix}.2", index + 1

        if p["expand_ratio"] != 1:
            conv_bn_relu6(conv_params(hidden, bias=False))
        depthwise = conv_params(hidden, 3, 1, p["stride"], False)
        conv_bn_relu6({**depthwise, "groups": hidden})
        project, norm = f"conv.{index}", f"conv.{index + 1}"
        layers.append(
            InnerLayer(project, "Conv2d", conv_params(p["out_channels"], bias=False), (src,))
        )
        layers.append(InnerLayer(norm, "BatchNorm2d", {}, (project,)))
        if self.residual(ins, p):
            layers.append(InnerLayer("add", "Add", {}, ("x", norm)))
        return layers

    def torch_class(self, p: Params) -> tuple[str, str]:
        return "InvertedResidual", _INVERTED_SOURCE

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        args = [str(ins[0][0]), str(p["out_channels"])]
        if p["stride"] != 1:
            args.append(f"stride={p['stride']}")
        if p["expand_ratio"] != 6:
            args.append(f"expand_ratio={p['expand_ratio']}")
        return args

    def describe(self, p: Params) -> str:
        text = f"×{p['expand_ratio']}, {p['out_channels']}"
        return text + (f", stride {p['stride']}" if p["stride"] != 1 else "")

    def base_name(self) -> str:
        return "block"


# -- DenseBlock and Transition (DenseNet) -------------------------------------------------
_DENSE_SOURCE = _source(
    """
    class DenseLayer(nn.Module):
        def __init__(self, in_channels, growth_rate, bn_size=4, drop_rate=0.0):
            super().__init__()
            width = bn_size * growth_rate
            self.norm1 = nn.BatchNorm2d(in_channels)
            self.relu1 = nn.ReLU()
            self.conv1 = nn.Conv2d(in_channels, width, kernel_size=1, bias=False)
            self.norm2 = nn.BatchNorm2d(width)
            self.relu2 = nn.ReLU()
            self.conv2 = nn.Conv2d(width, growth_rate, kernel_size=3, padding=1, bias=False)
            self.dropout = nn.Dropout(drop_rate)

        def forward(self, x):
            y = self.conv1(self.relu1(self.norm1(x)))
            return self.dropout(self.conv2(self.relu2(self.norm2(y))))


    class DenseBlock(nn.ModuleDict):
        def __init__(self, in_channels, num_layers, growth_rate, bn_size=4, drop_rate=0.0):
            super().__init__()
            for i in range(num_layers):
                channels = in_channels + i * growth_rate
                layer = DenseLayer(channels, growth_rate, bn_size, drop_rate)
                self.add_module(f"denselayer{i + 1}", layer)

        def forward(self, x):
            for layer in self.values():
                x = torch.cat([x, layer(x)], dim=1)
            return x
    """
)


class DenseBlock(Composite):
    """DenseNet's dense block: each layer's output is concatenated to its input."""

    type = "DenseBlock"
    summary = (
        "num_layers × (BN, ReLU, 1×1 conv to bn_size·growth, BN, ReLU, 3×3 conv to growth), "
        "each layer's output concatenated to all earlier features (DenseNet)."
    )
    schema = (
        Param("num_layers", "int", 6, "Number of dense layers.", 1, 256),
        Param("growth_rate", "int", 32, "Channels each layer adds.", 1, 65536),
        Param("bn_size", "int", 4, "Width of the 1×1 conv per unit of growth.", 1, 64),
        Param("drop_rate", "float", 0.0, "Dropout after each layer (training only).", 0.0, 1.0),
    )

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        growth = p["growth_rate"]
        layers: list[InnerLayer] = []
        features = "x"
        for i in range(1, p["num_layers"] + 1):
            prefix = f"denselayer{i}."
            names = ("norm1", "relu1", "conv1")
            y = _bn_relu_conv(
                layers, prefix, features, names, conv_params(p["bn_size"] * growth, bias=False)
            )
            names = ("norm2", "relu2", "conv2")
            y = _bn_relu_conv(layers, prefix, y, names, conv_params(growth, 3, 1, bias=False))
            if p["drop_rate"] > 0:
                layers.append(
                    InnerLayer(f"{prefix}dropout", "Dropout", {"p": p["drop_rate"]}, (y,))
                )
                y = f"{prefix}dropout"
            layers.append(InnerLayer(f"{prefix}cat", "Concat", {}, (features, y)))
            features = f"{prefix}cat"
        return layers

    def torch_class(self, p: Params) -> tuple[str, str]:
        return "DenseBlock", _DENSE_SOURCE

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        args = [str(ins[0][0]), str(p["num_layers"]), str(p["growth_rate"])]
        if p["bn_size"] != 4:
            args.append(f"bn_size={p['bn_size']}")
        if p["drop_rate"]:
            args.append(f"drop_rate={code_value(p['drop_rate'])}")
        return args

    def describe(self, p: Params) -> str:
        return f"{p['num_layers']} layers, +{p['growth_rate']}"


_TRANSITION_SOURCE = _source(
    """
    class Transition(nn.Sequential):
        def __init__(self, in_channels, out_channels):
            super().__init__()
            self.norm = nn.BatchNorm2d(in_channels)
            self.relu = nn.ReLU()
            self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False)
            self.pool = nn.AvgPool2d(kernel_size=2, stride=2)
    """
)


class Transition(Composite):
    """DenseNet's transition: BN, ReLU, 1×1 conv, 2×2 average pool."""

    type = "Transition"
    summary = "BN, ReLU, 1×1 conv (fewer channels), 2×2 average pooling, between dense blocks."
    schema = (Param("out_channels", "int", 128, "Channels of the 1×1 conv.", 1, 65536),)

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        layers: list[InnerLayer] = []
        conv = _bn_relu_conv(
            layers, "", "x", ("norm", "relu", "conv"), conv_params(p["out_channels"], bias=False)
        )
        pool = {"kernel_size": 2, "stride": 2}
        layers.append(InnerLayer("pool", "AvgPool2d", pool, (conv,)))
        return layers

    def torch_class(self, p: Params) -> tuple[str, str]:
        return "Transition", _TRANSITION_SOURCE

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        return [str(ins[0][0]), str(p["out_channels"])]

    def describe(self, p: Params) -> str:
        return f"→ {p['out_channels']}, pool 2"


# -- Fire (SqueezeNet) ---------------------------------------------------------------------
_FIRE_SOURCE = _source(
    """
    class Fire(nn.Module):
        def __init__(self, in_channels, squeeze, expand1x1, expand3x3):
            super().__init__()
            self.squeeze = nn.Conv2d(in_channels, squeeze, kernel_size=1)
            self.squeeze_activation = nn.ReLU()
            self.expand1x1 = nn.Conv2d(squeeze, expand1x1, kernel_size=1)
            self.expand1x1_activation = nn.ReLU()
            self.expand3x3 = nn.Conv2d(squeeze, expand3x3, kernel_size=3, padding=1)
            self.expand3x3_activation = nn.ReLU()

        def forward(self, x):
            x = self.squeeze_activation(self.squeeze(x))
            left = self.expand1x1_activation(self.expand1x1(x))
            right = self.expand3x3_activation(self.expand3x3(x))
            return torch.cat([left, right], dim=1)
    """
)


class Fire(Composite):
    """SqueezeNet's Fire module: 1×1 squeeze, then 1×1 and 3×3 expands concatenated."""

    type = "Fire"
    summary = "1×1 squeeze conv + ReLU, then 1×1 and 3×3 expand convs + ReLU, concatenated."
    schema = (
        Param("squeeze", "int", 16, "Channels of the 1×1 squeeze conv.", 1, 65536),
        Param("expand1x1", "int", 64, "Channels of the 1×1 expand conv.", 1, 65536),
        Param("expand3x3", "int", 64, "Channels of the 3×3 expand conv.", 1, 65536),
    )

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        act = "squeeze_activation"
        return [
            InnerLayer("squeeze", "Conv2d", conv_params(p["squeeze"]), ("x",)),
            InnerLayer(act, "ReLU", {}, ("squeeze",)),
            InnerLayer("expand1x1", "Conv2d", conv_params(p["expand1x1"]), (act,)),
            InnerLayer("expand1x1_activation", "ReLU", {}, ("expand1x1",)),
            InnerLayer("expand3x3", "Conv2d", conv_params(p["expand3x3"], 3, 1), (act,)),
            InnerLayer("expand3x3_activation", "ReLU", {}, ("expand3x3",)),
            InnerLayer("cat", "Concat", {}, ("expand1x1_activation", "expand3x3_activation")),
        ]

    def torch_class(self, p: Params) -> tuple[str, str]:
        return "Fire", _FIRE_SOURCE

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        return [str(ins[0][0])] + [str(p[k]) for k in ("squeeze", "expand1x1", "expand3x3")]

    def describe(self, p: Params) -> str:
        return f"{p['squeeze']} → {p['expand1x1']}+{p['expand3x3']}"


__all__ = ["Bottleneck", "DenseBlock", "Fire", "InvertedResidual", "Transition"]
