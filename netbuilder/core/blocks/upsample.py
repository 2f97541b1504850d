"""Upsample: resizes an image by a factor or to a size, without parameters."""

from __future__ import annotations

import math
from collections.abc import Sequence

from netbuilder.core.blocks.base import (
    Block,
    Params,
    Shape,
    call_code,
    code_value,
    expect_rank,
    param_error,
)
from netbuilder.core.errors import ShapeError
from netbuilder.core.formatting import shape_text
from netbuilder.core.messages import msg
from netbuilder.core.params import Param, pair


class Upsample(Block):
    """Nearest or bilinear resizing of a C×H×W image."""

    type = "Upsample"
    category = "Pooling"
    summary = "Resizes a C×H×W image by scale_factor or to a size (nearest or bilinear)."
    schema = (
        Param(
            "scale_factor",
            "float",
            2.0,
            "Factor for height and width (empty: use size).",
            0.001,
            1024.0,
            optional=True,
        ),
        Param(
            "size",
            "pair",
            None,
            "Output height and width (empty: use scale_factor).",
            1,
            65536,
            optional=True,
        ),
        Param(
            "mode",
            "choice",
            "nearest",
            "Copy the nearest pixel or interpolate linearly.",
            choices=("nearest", "bilinear"),
        ),
        Param("align_corners", "bool", False, "Bilinear only: align the corner pixels."),
    )

    def check(self, p: Params) -> None:
        if (p["scale_factor"] is None) == (p["size"] is None):
            raise param_error(
                "size", "Give either size or scale_factor (exactly one), and leave the other empty."
            )
        if p["align_corners"] and p["mode"] == "nearest":
            raise param_error(
                "align_corners", "align_corners works with mode 'bilinear' only (a PyTorch rule)."
            )

    def relevant(self, p: Params) -> tuple[str, ...]:
        names = ["scale_factor", "size", "mode"]
        return (*names, "align_corners") if p["mode"] == "bilinear" else tuple(names)

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        expect_rank(self.type, x, (3,), msg("an image C×H×W"))
        if p["size"] is not None:
            return (x[0], *pair(p["size"]))
        # PyTorch's rule: floor(float(n) · scale) per dimension.
        sizes = tuple(math.floor(float(n) * p["scale_factor"]) for n in x[1:])
        if min(sizes) < 1:
            raise ShapeError(
                msg(
                    "Upsample scale_factor {scale_factor:g} shrinks {x} to nothing — use a larger "
                    "scale_factor.",
                    scale_factor=p["scale_factor"],
                    x=shape_text(x),
                )
            )
        return (x[0], *sizes)

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        if p["size"] is not None:
            args = [f"size={code_value(p['size'])}"]
        else:
            args = [f"scale_factor={code_value(float(p['scale_factor']))}"]
        if p["mode"] != "nearest":
            args.append(f"mode={code_value(p['mode'])}")
        if p["align_corners"]:
            args.append("align_corners=True")
        return call_code("nn.Upsample", args)

    def describe(self, p: Params) -> str:
        if p["size"] is not None:
            h, w = pair(p["size"])
            what = f"→ {h}×{w}"
        else:
            what = f"×{p['scale_factor']:g}"
        return f"{what}, {p['mode']}"

    def base_name(self) -> str:
        return "up"
