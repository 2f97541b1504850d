"""Pooling: Max/Avg pools over images (2d) and sequences (1d), and adaptive pools."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from netbuilder.core.blocks.base import (
    INT64,
    KEEPS_INPUT,
    NOTHING,
    Block,
    Params,
    Saved,
    Shape,
    call_code,
    code_value,
    expect_rank,
    kwargs_code,
    param_error,
    prod,
    window_out,
)
from netbuilder.core.errors import ShapeError
from netbuilder.core.formatting import shape_text
from netbuilder.core.messages import msg
from netbuilder.core.params import Param, pair

_AXES = (msg("height"), msg("width"))


def _pool_geometry(
    ndim: int, kernel_size: object, stride: object, padding: object, dilation: object
) -> tuple[tuple[int, ...], ...]:
    """Kernel, stride (the kernel when ``None``), padding and dilation as tuples of
    ``ndim`` ints."""

    def as_tuple(value: object) -> tuple[int, ...]:
        return (int(value),) if ndim == 1 else pair(value)  # type: ignore[arg-type]

    kernel = as_tuple(kernel_size)
    return (
        kernel,
        kernel if stride is None else as_tuple(stride),
        as_tuple(padding),
        as_tuple(dilation),
    )


#: Pools repeat the same few settings, so their conversion is memoised.
_cached_geometry = lru_cache(maxsize=1024)(_pool_geometry)


class _PoolNd(Block):
    """Shared rules of the sliding-window pools over ``ndim`` spatial dimensions."""

    category = "Pooling"
    has_dilation = False
    ndim = 2

    def _geometry(self, p: Params) -> tuple[tuple[int, ...], ...]:
        """Kernel, stride, padding and dilation as tuples of ``ndim`` ints."""
        dilation = p["dilation"] if self.has_dilation else 1
        values = (self.ndim, p["kernel_size"], p["stride"], p["padding"], dilation)
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
        if self.ndim == 1:
            hint = msg("use MaxPool2d / AvgPool2d for images") if len(x) == 3 else ""
            expect_rank(self.type, x, (2,), msg("a sequence C×L"), hint)
        else:
            expect_rank(self.type, x, (3,), msg("an image C×H×W"))
        kernel, stride, padding, dilation = self._geometry(p)
        axes = ("length",) if self.ndim == 1 else _AXES
        sizes = []
        for i, n in enumerate(x[1:]):
            out = window_out(n, kernel[i], stride[i], padding[i], dilation[i], p["ceil_mode"])
            if out < 1:
                raise ShapeError(
                    msg(
                        "{type} window {kernel} is larger than the input {axes} {n} of {x} — use "
                        "a smaller kernel_size or remove a pooling layer.",
                        type=self.type,
                        kernel=kernel[i],
                        axes=axes[i],
                        n=n,
                        x=shape_text(x),
                    )
                )
            sizes.append(out)
        return (x[0], *sizes)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        if self.has_dilation:  # max pooling: the input and the int64 index of each maximum
            return Saved(inputs=(0,), extras=((prod(out), INT64),))
        return KEEPS_INPUT

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
        k, stride = self._geometry(p)[:2]
        text = "×".join(map(str, k)) if self.ndim == 2 else f"k{k[0]}"
        if p["stride"] is not None and stride != k:
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


class MaxPool2d(_PoolNd):
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


class AvgPool2d(_PoolNd):
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


_KERNEL_1D = Param("kernel_size", "int", 2, "Length of the pooling window.", 1, 1024)
_STRIDE_1D = Param(
    "stride",
    "int",
    None,
    "Step of the window (empty: same as the kernel).",
    1,
    1024,
    optional=True,
)
_PADDING_1D = Param("padding", "int", 0, "Implicit padding at each end.", 0, 512)


class MaxPool1d(_PoolNd):
    """Maximum over each window of a sequence."""

    type = "MaxPool1d"
    summary = "Maximum over each window of a C×L sequence."
    has_dilation = True
    ndim = 1
    schema = (
        _KERNEL_1D,
        _STRIDE_1D,
        _PADDING_1D,
        Param("dilation", "int", 1, "Spacing between window elements.", 1, 64),
        _CEIL,
    )


class AvgPool1d(_PoolNd):
    """Mean over each window of a sequence."""

    type = "AvgPool1d"
    summary = "Mean over each window of a C×L sequence."
    ndim = 1
    schema = (
        _KERNEL_1D,
        _STRIDE_1D,
        _PADDING_1D,
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
        expect_rank(self.type, x, (3,), msg("an image C×H×W"))
        return (x[0], *pair(p["output_size"]))

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        if out[1:] == (1, 1):  # PyTorch takes the mean, whose gradient needs no tensor
            return NOTHING
        return KEEPS_INPUT

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        return f"nn.{self.type}({code_value(p['output_size'])})"

    def describe(self, p: Params) -> str:
        h, w = pair(p["output_size"])
        return "global" if (h, w) == (1, 1) else f"→ {h}×{w}"

    def base_name(self) -> str:
        return "avgpool"


class AdaptiveMaxPool2d(AdaptiveAvgPool2d):
    """Max pooling to a fixed output size (global max pool with 1×1)."""

    type = "AdaptiveMaxPool2d"
    summary = "Max-pools any H×W to a fixed size; 1×1 is global max pooling."

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        return Saved(inputs=(0,), extras=((prod(out), INT64),))

    def base_name(self) -> str:
        return "maxpool"
