"""Normalisation: BatchNorm1d/2d, LayerNorm, GroupNorm, InstanceNorm2d, LocalResponseNorm."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import (
    VALUE,
    Block,
    Cost,
    Params,
    Saved,
    Shape,
    call_code,
    expect_rank,
    kwargs_code,
    param_error,
    prod,
    rank_error,
)
from netbuilder.core.errors import ShapeError
from netbuilder.core.formatting import shape_text
from netbuilder.core.messages import msg
from netbuilder.core.params import Param

_EPS = Param("eps", "float", 1e-5, "Added to the variance for numerical stability.", 0.0, 1.0)
_MOMENTUM = Param("momentum", "float", 0.1, "Weight of the new batch in running statistics.", 0, 1)
_AFFINE = Param("affine", "bool", True, "Learn a scale and a shift per channel.")


class _BatchNorm(Block):
    elementwise = True
    category = "Normalization"
    schema = (_EPS, _MOMENTUM, _AFFINE)
    ranks: tuple[int, ...]
    wants: str

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        expect_rank(self.type, ins[0], self.ranks, self.wants)
        return ins[0]

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        c = ins[0][0]
        return Cost(params=2 * c if p["affine"] else 0, flops=0, buffers=2 * c + 1)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # the input, and the batch's mean and inverse deviation per channel
        return Saved(inputs=(0,), fixed=((2 * ins[0][0], VALUE),))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [str(ins[0][0])]
        args += kwargs_code(
            [
                ("eps", p["eps"], 1e-5),
                ("momentum", p["momentum"], 0.1),
                ("affine", p["affine"], True),
            ]
        )
        return call_code(f"nn.{self.type}", args)

    def base_name(self) -> str:
        return "bn"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of each channel of an image."""

    type = "BatchNorm2d"
    summary = "Normalises each channel of a C×H×W image over the batch."
    ranks = (3,)
    wants = msg("an image C×H×W")


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of features (C) or channels of a sequence (C×L)."""

    type = "BatchNorm1d"
    summary = "Normalises each feature of a vector (or channel of a C×L sequence) over the batch."
    ranks = (1, 2)
    wants = msg("a vector or a C×L sequence")


class LayerNorm(Block):
    """Layer normalisation over the last dimensions of each sample."""

    elementwise = True

    type = "LayerNorm"
    category = "Normalization"
    summary = "Normalises each sample over its last dimension(s)."
    schema = (
        Param("dims", "int", 1, "How many trailing dimensions to normalise over.", 1, 8),
        _EPS,
        Param("elementwise_affine", "bool", True, "Learn a scale and a shift per element."),
    )

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        if p["dims"] > len(ins[0]):
            raise param_error(
                "dims", f"dims ({p['dims']}) is more than the input has ({len(ins[0])})."
            )
        return ins[0]

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        n = prod(ins[0][-p["dims"] :])
        return Cost(params=2 * n if p["elementwise_affine"] else 0)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # the input, and a mean and inverse deviation per normalised row
        rows = prod(ins[0][: len(ins[0]) - p["dims"]])
        return Saved(inputs=(0,), extras=((2 * rows, VALUE),))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        shape = ins[0][-p["dims"] :]
        first = str(shape[0]) if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
        args = [first] + kwargs_code(
            [("eps", p["eps"], 1e-5), ("elementwise_affine", p["elementwise_affine"], True)]
        )
        return call_code("nn.LayerNorm", args)

    def base_name(self) -> str:
        return "ln"


class GroupNorm(Block):
    """Group normalisation: channels split into groups, each normalised per sample."""

    elementwise = True

    type = "GroupNorm"
    category = "Normalization"
    summary = "Normalises groups of channels of each sample (independent of the batch size)."
    schema = (
        Param(
            "num_groups", "int", 2, "Number of channel groups (must divide the channels).", 1, 65536
        ),
        _EPS,
        _AFFINE,
    )

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        if x[0] % p["num_groups"]:
            raise ShapeError(
                msg(
                    "GroupNorm gets {x} channels ({x2}), which num_groups={num_groups} does not "
                    "divide — choose a divisor of {x}.",
                    x=x[0],
                    x2=shape_text(x),
                    num_groups=p["num_groups"],
                )
            )
        return x

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        return Cost(params=2 * ins[0][0] if p["affine"] else 0)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # the input, and a mean and inverse deviation per group
        return Saved(inputs=(0,), extras=((2 * p["num_groups"], VALUE),))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [str(p["num_groups"]), str(ins[0][0])]
        args += kwargs_code([("eps", p["eps"], 1e-5), ("affine", p["affine"], True)])
        return call_code("nn.GroupNorm", args)

    def describe(self, p: Params) -> str:
        return f"{p['num_groups']} groups"

    def base_name(self) -> str:
        return "gn"


class InstanceNorm2d(Block):
    """Instance normalisation: each channel of each image normalised on its own."""

    elementwise = True

    type = "InstanceNorm2d"
    category = "Normalization"
    summary = "Normalises each channel of each C×H×W image on its own (style transfer)."
    schema = (
        _EPS,
        _MOMENTUM,
        Param("affine", "bool", False, "Learn a scale and a shift per channel."),
        Param(
            "track_running_stats",
            "bool",
            False,
            "Keep running mean and variance (buffers) for evaluation.",
        ),
    )

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        expect_rank(self.type, x, (3,), msg("an image C×H×W"))
        if x[1] * x[2] == 1:
            raise ShapeError(
                msg(
                    "InstanceNorm2d needs more than one pixel per channel but gets {x} — remove a "
                    "pooling layer or normalise earlier.",
                    x=shape_text(x),
                )
            )
        return x

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        c = ins[0][0]
        buffers = 2 * c + 1 if p["track_running_stats"] else 0
        return Cost(params=2 * c if p["affine"] else 0, buffers=buffers)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # the input, and a mean and inverse deviation per channel of each sample
        return Saved(inputs=(0,), extras=((2 * ins[0][0], VALUE),))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [str(ins[0][0])]
        args += kwargs_code(
            [
                ("eps", p["eps"], 1e-5),
                ("momentum", p["momentum"], 0.1),
                ("affine", p["affine"], False),
                ("track_running_stats", p["track_running_stats"], False),
            ]
        )
        return call_code("nn.InstanceNorm2d", args)

    def base_name(self) -> str:
        return "inorm"


class LocalResponseNorm(Block):
    """Local response normalisation across neighbouring channels (AlexNet)."""

    elementwise = True

    type = "LocalResponseNorm"
    category = "Normalization"
    summary = "Divides each channel by the activity of its neighbours (the original AlexNet)."
    schema = (
        Param("size", "int", 5, "Number of neighbouring channels used.", 1, 4096),
        Param("alpha", "float", 1e-4, "Multiplicative factor.", 0.0, 1e6),
        Param("beta", "float", 0.75, "Exponent.", 0.0, 1e6),
        Param("k", "float", 1.0, "Additive factor.", 0.0, 1e6),
    )

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        if len(ins[0]) < 2:
            raise rank_error(
                self.type, msg("channels and at least one more dimension (C×L or C×H×W)"), ins[0]
            )
        return ins[0]

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # PyTorch computes it from elementary operations: the input, its square padded
        # by size − 1 channels (for the average pool), and the power's base and result
        x = ins[0]
        padded = (x[0] + p["size"] - 1) * prod(x[1:])
        return Saved(inputs=(0,), extras=((padded, VALUE), (2 * prod(x), VALUE)))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [str(p["size"])]
        args += kwargs_code(
            [("alpha", p["alpha"], 1e-4), ("beta", p["beta"], 0.75), ("k", p["k"], 1.0)]
        )
        return call_code("nn.LocalResponseNorm", args)

    def describe(self, p: Params) -> str:
        return f"size {p['size']}"

    def base_name(self) -> str:
        return "lrn"
