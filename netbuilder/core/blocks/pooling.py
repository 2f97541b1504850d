"""Pooling: MaxPool2d, AvgPool2d and AdaptiveAvgPool2d."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from netbuilder.core.blocks.base import (
    Block,
    Params,
    Shape,
    call_code,
    code_value,
    expect_rank,
    kwargs_code,
    param_error,
    window_out,
)
from netbuilder.core.errors import ShapeError
from netbuilder.core.formatting import shape_text
from netbuilder.core.params import Param, pair

_AXES = ("height", "width")


def _pool_geometry(
    kernel_size: object, stride: object, padding: object, dilation: object
) -> tuple[tuple[int, int], ...]:
    """Kernel, stride (the kernel when ``None``), padding and dilation as pairs."""
    kernel = pair(kernel_size)  # type: ignore[arg-type]
    return (
        kernel,
        kernel if stride is None else pair(stride),  # type: ignore[arg-type]
        pair(padding),  # type: ignore[arg-type]
        pair(dilation),  # type: ignore[arg-type]
    )


#: Pools repeat the same few settings, so their conversion is memoised.
_cached_geometry = lru_cache(maxsize=1024)(_pool_geometry)


class _Pool2d(Block):
    category = "Pooling"
    has_dilation = False

    def _geometry(self, p: Params) -> tuple[tuple[int, int], ...]:
        """Kernel, stride, padding and dilation as pairs."""
        dilation = p["dilation"] if self.has_dilation else 1
        values = (p["kernel_size"], p["stride"], p["padding"], dilation)
        try:
            return _cached_geometry(*values)
        except TypeError:  # a list (two different sizes) cannot be a cache key
            return _pool_geometry(*values)

    def check(self, p: Params) -> None:
        kernel, _, padding, _ = self._geometry(p)
        # PyTorch compares padding with the kernel size itself, dilation left out.
        for k, pad in zip(kernel, padding, strict=True):
            if 2 * pad > k:
                raise param_error(
                    "padding",
                    f"padding ({pad}) must be at most half the kernel size ({k}) — a PyTorch rule.",
                )

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        expect_rank(self.type, x, (3,), "an image C×H×W")
        kernel, stride, padding, dilation = self._geometry(p)
        sizes = []
        for i, n in enumerate(x[1:]):
            out = window_out(n, kernel[i], stride[i], padding[i], dilation[i], p["ceil_mode"])
            if out < 1:
                raise ShapeError(
                    f"{self.type} window {kernel[i]} is larger than the input {_AXES[i]} "
                    f"{n} of {shape_text(x)} — use a smaller kernel_size or remove a pooling layer."
                )
            sizes.append(out)
        return (x[0], *sizes)

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [f"kernel_size={code_value(p['kernel_size'])}"]
        args += kwargs_code([("stride", p["stride"], None), ("padding", p["padding"], 0)])
        if self.has_dilation:
            args += kwargs_code([("dilation", p["dilation"], 1)])
        args += kwargs_code([("ceil_mode", p["ceil_mode"], False)])
        if not self.has_dilation:
            args += kwargs_code([("count_include_pad", p["count_include_pad"], True)])
        return call_code(f"nn.{self.type}", args)

    def describe(self, p: Params) -> str:
        k = pair(p["kernel_size"])
        text = f"{k[0]}×{k[1]}"
        if p["stride"] is not None and pair(p["stride"]) != k:
            text += f", stride {code_value(p['stride'])}"
        if p["padding"] != 0:
            text += f", pad {code_value(p['padding'])}"
        if p["ceil_mode"]:
            text += ", ceil"
        return text

    def base_name(self) -> str:
        return "pool"


_KERNEL = Param("kernel_size", "pair", 2, "Size of the pooling window.", 1, 1024)
_STRIDE = Param(
    "stride",
    "pair",
    None,
    "Step of the window (empty: same as the kernel).",
    1,
    1024,
    optional=True,
)
_PADDING = Param("padding", "pair", 0, "Implicit padding on each side.", 0, 512)
_CEIL = Param("ceil_mode", "bool", False, "Round the output size up instead of down.")


class MaxPool2d(_Pool2d):
    """Maximum over each window."""

    type = "MaxPool2d"
    summary = "Maximum over each window of a C×H×W image."
    has_dilation = True
    schema = (
        _KERNEL,
        _STRIDE,
        _PADDING,
        Param("dilation", "pair", 1, "Spacing between window elements.", 1, 64),
        _CEIL,
    )


class AvgPool2d(_Pool2d):
    """Mean over each window."""

    type = "AvgPool2d"
    summary = "Mean over each window of a C×H×W image."
    schema = (
        _KERNEL,
        _STRIDE,
        _PADDING,
        _CEIL,
        Param("count_include_pad", "bool", True, "Count the zero padding in the mean."),
    )


class AdaptiveAvgPool2d(Block):
    """Mean pooling to a fixed output size (global average pool with 1×1)."""

    type = "AdaptiveAvgPool2d"
    category = "Pooling"
    summary = "Average-pools any H×W to a fixed size; 1×1 is global average pooling."
    schema = (Param("output_size", "pair", 1, "Output height and width.", 1, 4096),)

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        expect_rank(self.type, x, (3,), "an image C×H×W")
        return (x[0], *pair(p["output_size"]))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        return f"nn.AdaptiveAvgPool2d({code_value(p['output_size'])})"

    def describe(self, p: Params) -> str:
        h, w = pair(p["output_size"])
        return "global" if (h, w) == (1, 1) else f"→ {h}×{w}"

    def base_name(self) -> str:
        return "avgpool"
