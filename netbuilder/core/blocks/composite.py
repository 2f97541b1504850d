"""Composite blocks: Inception, Residual, VGG block and NiN block.

A composite is one node on the canvas. Its numbers come from its inner layers, each an
ordinary catalogue block, so the inner stats shown when the node is expanded use the
same rules as everything else. Its code is one ``nn.Module`` class per variant; tests
check class and inner layers against each other through real torch modules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from textwrap import dedent
from typing import Any, NamedTuple

from netbuilder.core.blocks.base import (
    Block,
    Cost,
    InnerLayer,
    Params,
    Shape,
    expect_rank,
    sum_costs,
)
from netbuilder.core.blocks.registry import CATALOGUE, get_block
from netbuilder.core.errors import ShapeError
from netbuilder.core.messages import msg
from netbuilder.core.params import Param


class InnerLayerError(ShapeError):
    """An inner layer of a composite cannot compute its output.

    Attributes
    ----------
    block : str
        Type of the composite (``Residual``).
    layer : InnerLayer
        The inner layer that failed.
    reason : ShapeError
        What the inner layer's block raised.
    """

    def __init__(
        self, block: str, layer: InnerLayer, reason: ShapeError, message: str = ""
    ) -> None:
        super().__init__(message or f"{block} layer '{layer.name}': {reason}")
        self.block = block
        self.layer = layer
        self.reason = reason


class InnerResult(NamedTuple):
    """Stats of one inner layer of a composite, for the expanded view (immutable).

    ``params`` are the layer's validated parameters when known (``None``: validate
    ``layer.params`` again).
    """

    layer: InnerLayer
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    cost: Cost
    params: Params | None = None


class Composite(Block):
    """Base of composite blocks: numbers derived from :meth:`inner`."""

    category = "Composite"
    composite = True

    def run_inner(self, ins: Sequence[Shape], p: Params) -> list[InnerResult]:
        """Infer and count every inner layer in order.

        Raises
        ------
        InnerLayerError
            Naming the inner layer that cannot be computed (:meth:`explain` may say
            it in the block's own terms).
        """
        expect_rank(self.type, ins[0], (3,), msg("an image C×H×W"))
        outputs: list[Shape] = [ins[0]]  # indexed by _Step.sources
        output = outputs.__getitem__
        results = []
        for layer, block, lp, sources in _plan(self, ins, p):
            layer_ins = tuple(map(output, sources))
            try:
                out = block.infer(layer_ins, lp)
            except ShapeError as exc:
                raise InnerLayerError(self.type, layer, exc, self.explain(layer, exc)) from None
            outputs.append(out)
            results.append(InnerResult(layer, layer_ins, out, block.cost(layer_ins, out, lp), lp))
        return results

    def input_names(self, p: Params) -> tuple[str, ...]:
        """How the inner layers name the block's inputs, in port order."""
        return ("x",)

    def explain(self, layer: InnerLayer, reason: ShapeError) -> str:
        """A sentence for an inner layer's error in the block's terms; "" for the default."""
        return ""

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        return self.run_inner(ins, p)[-1].output_shape

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        return sum_costs(result.cost for result in self.run_inner(ins, p))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        name, _ = self.torch_class(p)
        return f"{name}({', '.join(self.class_args(ins, p))})"

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        """Arguments of the class constructor call."""
        raise NotImplementedError


# -- inner-layer plans ---------------------------------------------------------------------
# Building the inner layer list and validating each layer's parameters costs more than
# the arithmetic itself, and both depend only on the composite's parameters and input
# shapes. So they are prepared once per (block, input shapes, parameters) as a "plan";
# the shapes and costs are still computed on every run.


class _Step(NamedTuple):
    """One inner layer, ready to run.

    Attributes
    ----------
    layer : InnerLayer
        The layer as :meth:`Composite.inner` lists it (shared by every run).
    block : Block
        Its catalogue block.
    params : dict
        Its validated parameters (must not be mutated).
    sources : tuple of int
        Where its inputs come from in the run's list of outputs: 0 is the block's
        input, ``i + 1`` the output of step ``i``.
    """

    layer: InnerLayer
    block: Block
    params: Params
    sources: tuple[int, ...]


def _plan(composite: Composite, ins: Sequence[Shape], p: Params) -> tuple[_Step, ...]:
    """The steps of ``composite``'s inner layers for ``ins`` and (validated) ``p``.

    Memoised when the parameter values are hashable (they are once validated).
    """
    shapes = tuple(ins)
    items = tuple(p.items())
    try:
        hash((shapes, items))
    except TypeError:
        return _build_plan(composite, shapes, p)
    return _cached_plan(composite, shapes, items)


@lru_cache(maxsize=1024)
def _cached_plan(
    composite: Composite, ins: tuple[Shape, ...], items: tuple[tuple[str, Any], ...]
) -> tuple[_Step, ...]:
    return _build_plan(composite, ins, dict(items))


def _build_plan(composite: Composite, ins: tuple[Shape, ...], p: Params) -> tuple[_Step, ...]:
    """Resolve every inner layer's block, parameters and input positions."""
    slots = {"x": 0}
    steps = []
    for i, layer in enumerate(composite.inner(ins, p), start=1):
        params = _inner_params(layer.type, tuple(sorted(layer.params.items())))
        sources = tuple(slots[name] for name in layer.inputs)
        steps.append(_Step(layer, get_block(layer.type), params, sources))
        slots[layer.name] = i
    return tuple(steps)


@lru_cache(maxsize=4096)
def _inner_params(type_name: str, given: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """Validated parameters of an inner layer; the templates repeat, so they are memoised.

    Callers must not mutate the returned dict.
    """
    return get_block(type_name).params(dict(given))


#: Validated (memoised) parameters of an inner layer, for modules outside the composites.
inner_params = _inner_params


def conv_params(c: int, k: int = 1, pad: int = 0, stride: int = 1, bias: bool = True) -> dict:
    out = {"out_channels": c, "kernel_size": k}
    if pad:
        out["padding"] = pad
    if stride != 1:
        out["stride"] = stride
    if not bias:
        out["bias"] = False
    return out


# -- Inception ---------------------------------------------------------------------------
_INCEPTION_SOURCES = {
    "googlenet": """
        class BasicConv2d(nn.Module):
            def __init__(self, in_channels, out_channels, **kwargs):
                super().__init__()
                self.conv = nn.Conv2d(in_channels, out_channels, bias=False, **kwargs)
                self.bn = nn.BatchNorm2d(out_channels, eps=0.001)
                self.relu = nn.ReLU()

            def forward(self, x):
                return self.relu(self.bn(self.conv(x)))


        class Inception(nn.Module):
            def __init__(self, in_channels, c1, c3_reduce, c3, c5_reduce, c5, pool_proj):
                super().__init__()
                self.branch1 = BasicConv2d(in_channels, c1, kernel_size=1)
                self.branch2 = nn.Sequential(
                    BasicConv2d(in_channels, c3_reduce, kernel_size=1),
                    BasicConv2d(c3_reduce, c3, kernel_size=3, padding=1),
                )
                self.branch3 = nn.Sequential(
                    BasicConv2d(in_channels, c5_reduce, kernel_size=1),
                    BasicConv2d(c5_reduce, c5, kernel_size=3, padding=1),
                )
                self.branch4 = nn.Sequential(
                    nn.MaxPool2d(kernel_size=3, stride=1, padding=1, ceil_mode=True),
                    BasicConv2d(in_channels, pool_proj, kernel_size=1),
                )

            def forward(self, x):
                branches = [self.branch1(x), self.branch2(x), self.branch3(x), self.branch4(x)]
                return torch.cat(branches, dim=1)
        """,
    "d2l": """
        class InceptionD2L(nn.Module):
            def __init__(self, in_channels, c1, c3_reduce, c3, c5_reduce, c5, pool_proj):
                super().__init__()
                self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
                self.p2_1 = nn.Conv2d(in_channels, c3_reduce, kernel_size=1)
                self.p2_2 = nn.Conv2d(c3_reduce, c3, kernel_size=3, padding=1)
                self.p3_1 = nn.Conv2d(in_channels, c5_reduce, kernel_size=1)
                self.p3_2 = nn.Conv2d(c5_reduce, c5, kernel_size=5, padding=2)
                self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
                self.p4_2 = nn.Conv2d(in_channels, pool_proj, kernel_size=1)
                self.relu = nn.ReLU()

            def forward(self, x):
                p1 = self.relu(self.p1_1(x))
                p2 = self.relu(self.p2_2(self.relu(self.p2_1(x))))
                p3 = self.relu(self.p3_2(self.relu(self.p3_1(x))))
                p4 = self.relu(self.p4_2(self.p4_1(x)))
                return torch.cat([p1, p2, p3, p4], dim=1)
        """,
    "mnist": """
        class InceptionMNIST(nn.Module):
            def __init__(self, in_channels, c1, c3_reduce, c3, c5_reduce, c5, pool_proj):
                super().__init__()
                self.branch_pool_1 = nn.AvgPool2d(kernel_size=3, stride=1, padding=1)
                self.branch_pool_2 = nn.Conv2d(in_channels, pool_proj, kernel_size=1)
                self.branch1x1 = nn.Conv2d(in_channels, c1, kernel_size=1)
                self.branch5x5_1 = nn.Conv2d(in_channels, c5_reduce, kernel_size=1)
                self.branch5x5_2 = nn.Conv2d(c5_reduce, c5, kernel_size=5, padding=2)
                self.branch3x3_1 = nn.Conv2d(in_channels, c3_reduce, kernel_size=1)
                self.branch3x3_2 = nn.Conv2d(c3_reduce, c3, kernel_size=3, padding=1)
                self.branch3x3_3 = nn.Conv2d(c3, c3, kernel_size=3, padding=1)

            def forward(self, x):
                branch_pool = self.branch_pool_2(self.branch_pool_1(x))
                branch1x1 = self.branch1x1(x)
                branch5x5 = self.branch5x5_2(self.branch5x5_1(x))
                branch3x3 = self.branch3x3_3(self.branch3x3_2(self.branch3x3_1(x)))
                return torch.cat([branch_pool, branch1x1, branch5x5, branch3x3], dim=1)
        """,
}
_INCEPTION_NAMES = {"googlenet": "Inception", "d2l": "InceptionD2L", "mnist": "InceptionMNIST"}
_BRANCH_PARAMS = ("c1", "c3_reduce", "c3", "c5_reduce", "c5", "pool_proj")


class Inception(Composite):
    """GoogLeNet's Inception block: four parallel branches concatenated."""

    type = "Inception"
    summary = "Four parallel branches (1×1, 3×3, 5×5, pool) joined along channels."
    schema = (
        Param(
            "variant",
            "choice",
            "googlenet",
            "googlenet: torchvision (BN convs, 3×3 third branch); d2l: conv+ReLU with 5×5; "
            "mnist: the course's 88-channel block (avg-pool branch, two 3×3).",
            choices=("googlenet", "d2l", "mnist"),
        ),
        Param("c1", "int", 64, "Channels of the 1×1 branch.", 1, 65536),
        Param("c3_reduce", "int", 96, "1×1 reduction before the 3×3 branch.", 1, 65536),
        Param("c3", "int", 128, "Channels of the 3×3 branch.", 1, 65536),
        Param("c5_reduce", "int", 16, "1×1 reduction before the 5×5 branch.", 1, 65536),
        Param("c5", "int", 32, "Channels of the 5×5 branch (3×3 in torchvision).", 1, 65536),
        Param("pool_proj", "int", 32, "1×1 projection after the pooling branch.", 1, 65536),
    )

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        variant = p["variant"]
        if variant == "googlenet":
            layers: list[InnerLayer] = []

            def basic(name: str, src: str, c: int, k: int, pad: int = 0) -> str:
                conv = conv_params(c, k, pad, bias=False)
                layers.append(InnerLayer(f"{name}.conv", "Conv2d", conv, (src,)))
                layers.append(
                    InnerLayer(f"{name}.bn", "BatchNorm2d", {"eps": 0.001}, (f"{name}.conv",))
                )
                layers.append(InnerLayer(f"{name}.relu", "ReLU", {}, (f"{name}.bn",)))
                return f"{name}.relu"

            b1 = basic("branch1", "x", p["c1"], 1)
            b2 = basic("branch2.1", basic("branch2.0", "x", p["c3_reduce"], 1), p["c3"], 3, 1)
            b3 = basic("branch3.1", basic("branch3.0", "x", p["c5_reduce"], 1), p["c5"], 3, 1)
            pool = {"kernel_size": 3, "stride": 1, "padding": 1, "ceil_mode": True}
            layers.append(InnerLayer("branch4.0", "MaxPool2d", pool, ("x",)))
            b4 = basic("branch4.1", "branch4.0", p["pool_proj"], 1)
            branches = (b1, b2, b3, b4)
        elif variant == "d2l":
            pool = {"kernel_size": 3, "stride": 1, "padding": 1}
            layers = [
                InnerLayer("p1_1", "Conv2d", conv_params(p["c1"]), ("x",)),
                InnerLayer("p1_relu", "ReLU", {}, ("p1_1",)),
                InnerLayer("p2_1", "Conv2d", conv_params(p["c3_reduce"]), ("x",)),
                InnerLayer("p2_1_relu", "ReLU", {}, ("p2_1",)),
                InnerLayer("p2_2", "Conv2d", conv_params(p["c3"], 3, 1), ("p2_1_relu",)),
                InnerLayer("p2_relu", "ReLU", {}, ("p2_2",)),
                InnerLayer("p3_1", "Conv2d", conv_params(p["c5_reduce"]), ("x",)),
                InnerLayer("p3_1_relu", "ReLU", {}, ("p3_1",)),
                InnerLayer("p3_2", "Conv2d", conv_params(p["c5"], 5, 2), ("p3_1_relu",)),
                InnerLayer("p3_relu", "ReLU", {}, ("p3_2",)),
                InnerLayer("p4_1", "MaxPool2d", pool, ("x",)),
                InnerLayer("p4_2", "Conv2d", conv_params(p["pool_proj"]), ("p4_1",)),
                InnerLayer("p4_relu", "ReLU", {}, ("p4_2",)),
            ]
            branches = ("p1_relu", "p2_relu", "p3_relu", "p4_relu")
        else:
            pool = {"kernel_size": 3, "stride": 1, "padding": 1}
            layers = [
                InnerLayer("branch_pool_1", "AvgPool2d", pool, ("x",)),
                InnerLayer(
                    "branch_pool_2", "Conv2d", conv_params(p["pool_proj"]), ("branch_pool_1",)
                ),
                InnerLayer("branch1x1", "Conv2d", conv_params(p["c1"]), ("x",)),
                InnerLayer("branch5x5_1", "Conv2d", conv_params(p["c5_reduce"]), ("x",)),
                InnerLayer("branch5x5_2", "Conv2d", conv_params(p["c5"], 5, 2), ("branch5x5_1",)),
                InnerLayer("branch3x3_1", "Conv2d", conv_params(p["c3_reduce"]), ("x",)),
                InnerLayer("branch3x3_2", "Conv2d", conv_params(p["c3"], 3, 1), ("branch3x3_1",)),
                InnerLayer("branch3x3_3", "Conv2d", conv_params(p["c3"], 3, 1), ("branch3x3_2",)),
            ]
            branches = ("branch_pool_2", "branch1x1", "branch5x5_2", "branch3x3_3")
        layers.append(InnerLayer("cat", "Concat", {"inputs": 4}, branches))
        return layers

    def torch_class(self, p: Params) -> tuple[str, str]:
        variant = p["variant"]
        return _INCEPTION_NAMES[variant], dedent(_INCEPTION_SOURCES[variant]).strip("\n")

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        return [str(ins[0][0])] + [str(p[name]) for name in _BRANCH_PARAMS]

    def describe(self, p: Params) -> str:
        total = p["c1"] + p["c3"] + p["c5"] + p["pool_proj"]
        return f"{p['variant']}, → {total}"


# -- Residual ----------------------------------------------------------------------------
_RESIDUAL_SOURCES = {
    "d2l": """
        class Residual(nn.Module):
            def __init__(self, in_channels, out_channels, stride=1, use_1x1conv=False):
                super().__init__()
                self.conv1 = nn.Conv2d(
                    in_channels, out_channels, kernel_size=3, padding=1, stride=stride
                )
                self.bn1 = nn.BatchNorm2d(out_channels)
                self.relu = nn.ReLU()
                self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1)
                self.bn2 = nn.BatchNorm2d(out_channels)
                self.conv3 = None
                if use_1x1conv:
                    self.conv3 = nn.Conv2d(
                        in_channels, out_channels, kernel_size=1, stride=stride
                    )

            def forward(self, x):
                y = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
                shortcut = x if self.conv3 is None else self.conv3(x)
                return self.relu(y + shortcut)
        """,
    "torchvision": """
        class BasicBlock(nn.Module):
            def __init__(self, in_channels, out_channels, stride=1, use_1x1conv=False):
                super().__init__()
                self.conv1 = nn.Conv2d(
                    in_channels,
                    out_channels,
                    kernel_size=3,
                    stride=stride,
                    padding=1,
                    bias=False,
                )
                self.bn1 = nn.BatchNorm2d(out_channels)
                self.relu = nn.ReLU()
                self.conv2 = nn.Conv2d(
                    out_channels, out_channels, kernel_size=3, padding=1, bias=False
                )
                self.bn2 = nn.BatchNorm2d(out_channels)
                self.downsample = None
                if use_1x1conv:
                    self.downsample = nn.Sequential(
                        nn.Conv2d(
                            in_channels, out_channels, kernel_size=1, stride=stride, bias=False
                        ),
                        nn.BatchNorm2d(out_channels),
                    )

            def forward(self, x):
                y = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
                shortcut = x if self.downsample is None else self.downsample(x)
                return self.relu(y + shortcut)
        """,
}
_RESIDUAL_NAMES = {"d2l": "Residual", "torchvision": "BasicBlock"}


#: The ``shortcut`` parameter of the residual blocks.
SHORTCUT = Param(
    "shortcut",
    "choice",
    "auto",
    "auto: a 1×1 conv when stride or channels change, else identity.",
    choices=("auto", "identity", "conv1x1"),
)


class ShortcutBlock(Composite):
    """A block whose output is added to a shortcut: identity or a strided 1×1 projection."""

    def out_channels(self, p: Params) -> int:
        """Channels of the block's output (and of a projection shortcut)."""
        raise NotImplementedError

    def use_projection(self, ins: Sequence[Shape], p: Params) -> bool:
        """Whether the shortcut is a 1×1 conv (``auto``: when stride or channels change)."""
        if p["shortcut"] == "auto":
            return p["stride"] != 1 or ins[0][0] != self.out_channels(p)
        return p["shortcut"] == "conv1x1"

    #: The parameter the class's second argument comes from (its width).
    width_param = "out_channels"

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        args = [str(ins[0][0]), str(p[self.width_param])]
        if p["stride"] != 1:
            args.append(f"stride={p['stride']}")
        if self.use_projection(ins, p):
            args.append("use_1x1conv=True")
        return args

    def explain(self, layer: InnerLayer, reason: ShapeError) -> str:
        if layer.type == "Add":
            return (
                f"{self.type} identity shortcut cannot be added: stride or channels change "
                "the shape — set shortcut to 'conv1x1' or 'auto'."
            )
        return ""


class Residual(ShortcutBlock):
    """ResNet's residual block: two 3×3 convolutions plus a shortcut."""

    type = "Residual"
    summary = "Two 3×3 conv+BN layers added to a shortcut (identity or 1×1 conv), then ReLU."
    schema = (
        Param(
            "variant",
            "choice",
            "torchvision",
            "torchvision: BasicBlock (convs without bias, 1×1 conv+BN shortcut); d2l: convs "
            "with bias, plain 1×1 conv shortcut.",
            choices=("torchvision", "d2l"),
        ),
        Param("out_channels", "int", 64, "Output channels of both convolutions.", 1, 65536),
        Param("stride", "int", 1, "Stride of the first conv and the shortcut.", 1, 64),
        SHORTCUT,
    )

    def out_channels(self, p: Params) -> int:
        return p["out_channels"]

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        bias = p["variant"] == "d2l"
        c, s = p["out_channels"], p["stride"]
        layers = [
            InnerLayer("conv1", "Conv2d", conv_params(c, 3, 1, s, bias), ("x",)),
            InnerLayer("bn1", "BatchNorm2d", {}, ("conv1",)),
            InnerLayer("relu1", "ReLU", {}, ("bn1",)),
            InnerLayer("conv2", "Conv2d", conv_params(c, 3, 1, 1, bias), ("relu1",)),
            InnerLayer("bn2", "BatchNorm2d", {}, ("conv2",)),
        ]
        shortcut = "x"
        if self.use_projection(ins, p):
            if bias:
                layers.append(InnerLayer("conv3", "Conv2d", conv_params(c, 1, 0, s), ("x",)))
                shortcut = "conv3"
            else:
                layers.append(
                    InnerLayer("downsample.0", "Conv2d", conv_params(c, 1, 0, s, False), ("x",))
                )
                layers.append(InnerLayer("downsample.1", "BatchNorm2d", {}, ("downsample.0",)))
                shortcut = "downsample.1"
        layers.append(InnerLayer("add", "Add", {}, ("bn2", shortcut)))
        layers.append(InnerLayer("relu2", "ReLU", {}, ("add",)))
        return layers

    def torch_class(self, p: Params) -> tuple[str, str]:
        variant = p["variant"]
        return _RESIDUAL_NAMES[variant], dedent(_RESIDUAL_SOURCES[variant]).strip("\n")

    def describe(self, p: Params) -> str:
        text = f"{p['out_channels']}"
        return text + (f", stride {p['stride']}" if p["stride"] != 1 else "")

    def base_name(self) -> str:
        return "res"


# -- VGG and NiN blocks --------------------------------------------------------------------
_VGG_SOURCE = """
class VGGBlock(nn.Module):
    def __init__(self, in_channels, out_channels, num_convs):
        super().__init__()
        layers = []
        for _ in range(num_convs):
            layers += [
                nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1),
                nn.ReLU(),
            ]
            in_channels = out_channels
        layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x)
"""


class VGGBlock(Composite):
    """VGG block: n 3×3 conv+ReLU layers, then a 2×2 max pool."""

    type = "VGGBlock"
    summary = "n × (3×3 conv, padding 1, ReLU) followed by 2×2 max pooling."
    schema = (
        Param("num_convs", "int", 2, "Number of 3×3 convolutions.", 1, 32),
        Param("out_channels", "int", 64, "Channels of every convolution.", 1, 65536),
    )

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        layers, prev = [], "x"
        for i in range(p["num_convs"]):
            layers.append(
                InnerLayer(
                    f"layers.{2 * i}", "Conv2d", conv_params(p["out_channels"], 3, 1), (prev,)
                )
            )
            layers.append(InnerLayer(f"layers.{2 * i + 1}", "ReLU", {}, (f"layers.{2 * i}",)))
            prev = f"layers.{2 * i + 1}"
        n = 2 * p["num_convs"]
        layers.append(
            InnerLayer(f"layers.{n}", "MaxPool2d", {"kernel_size": 2, "stride": 2}, (prev,))
        )
        return layers

    def torch_class(self, p: Params) -> tuple[str, str]:
        return "VGGBlock", _VGG_SOURCE.strip("\n")

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        return [str(ins[0][0]), str(p["out_channels"]), str(p["num_convs"])]

    def describe(self, p: Params) -> str:
        return f"{p['num_convs']}× 3×3, {p['out_channels']}"

    def base_name(self) -> str:
        return "vgg"


_NIN_SOURCE = """
class NiNBlock(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride, padding):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=1)
        self.conv3 = nn.Conv2d(out_channels, out_channels, kernel_size=1)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        return self.relu(self.conv3(x))
"""


class NiNBlock(Composite):
    """Network-in-Network block: a conv followed by two 1×1 convs, each with ReLU."""

    type = "NiNBlock"
    summary = "k×k conv then two 1×1 convs (per-pixel MLP), each followed by ReLU."
    schema = (
        Param("out_channels", "int", 96, "Channels of the three convolutions.", 1, 65536),
        Param("kernel_size", "int", 3, "Kernel of the first convolution.", 1, 1024),
        Param("stride", "int", 1, "Stride of the first convolution.", 1, 1024),
        Param("padding", "int", 1, "Padding of the first convolution.", 0, 1024),
    )

    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        c = p["out_channels"]
        first = conv_params(c, p["kernel_size"], p["padding"], p["stride"])
        return [
            InnerLayer("conv1", "Conv2d", first, ("x",)),
            InnerLayer("relu1", "ReLU", {}, ("conv1",)),
            InnerLayer("conv2", "Conv2d", conv_params(c), ("relu1",)),
            InnerLayer("relu2", "ReLU", {}, ("conv2",)),
            InnerLayer("conv3", "Conv2d", conv_params(c), ("relu2",)),
            InnerLayer("relu3", "ReLU", {}, ("conv3",)),
        ]

    def torch_class(self, p: Params) -> tuple[str, str]:
        return "NiNBlock", _NIN_SOURCE.strip("\n")

    def class_args(self, ins: Sequence[Shape], p: Params) -> list[str]:
        return [str(ins[0][0])] + [
            str(p[k]) for k in ("out_channels", "kernel_size", "stride", "padding")
        ]

    def describe(self, p: Params) -> str:
        k = p["kernel_size"]
        return f"{k}×{k}, {p['out_channels']}" + (
            f", stride {p['stride']}" if p["stride"] != 1 else ""
        )

    def base_name(self) -> str:
        return "nin"


def class_names() -> frozenset[str]:
    """Every class name the composite templates define (``BasicConv2d`` included)."""
    text = "\n".join(template_sources().values())
    return frozenset(re.findall(r"^\s*class (\w+)\(", text, re.MULTILINE))


def template_sources() -> dict[str, str]:
    """Every composite class source by class name, as the code generator emits it.

    Covers every registered composite block and each of its variants.
    """
    out: dict[str, str] = {}
    for block in CATALOGUE.values():
        if not isinstance(block, Composite):
            continue
        variants = next((e.choices for e in block.schema if e.name == "variant"), (None,))
        for variant in variants:
            p = block.params({} if variant is None else {"variant": variant})
            name, source = block.torch_class(p)
            out[name] = source
    return out


__all__ = [
    "Composite",
    "Inception",
    "InnerLayerError",
    "InnerResult",
    "NiNBlock",
    "Residual",
    "SHORTCUT",
    "ShortcutBlock",
    "VGGBlock",
    "conv_params",
    "class_names",
    "inner_params",
    "template_sources",
]
