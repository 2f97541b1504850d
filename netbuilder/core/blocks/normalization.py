"""Normalisation: BatchNorm1d, BatchNorm2d, LayerNorm."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import (
    Block,
    Cost,
    Params,
    Shape,
    call_code,
    expect_rank,
    kwargs_code,
    param_error,
    prod,
)
from netbuilder.core.params import Param

_EPS = Param("eps", "float", 1e-5, "Added to the variance for numerical stability.", 0.0, 1.0)
_MOMENTUM = Param("momentum", "float", 0.1, "Weight of the new batch in running statistics.", 0, 1)
_AFFINE = Param("affine", "bool", True, "Learn a scale and a shift per channel.")


class _BatchNorm(Block):
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
    wants = "an image C×H×W"


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of features (C) or channels of a sequence (C×L)."""

    type = "BatchNorm1d"
    summary = "Normalises each feature of a vector (or channel of a C×L sequence) over the batch."
    ranks = (1, 2)
    wants = "a vector or a C×L sequence"


class LayerNorm(Block):
    """Layer normalisation over the last dimensions of each sample."""

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

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        shape = ins[0][-p["dims"] :]
        first = str(shape[0]) if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"
        args = [first] + kwargs_code(
            [("eps", p["eps"], 1e-5), ("elementwise_affine", p["elementwise_affine"], True)]
        )
        return call_code("nn.LayerNorm", args)

    def base_name(self) -> str:
        return "ln"
