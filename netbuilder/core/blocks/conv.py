"""Convolutions: Conv1d, Conv2d and ConvTranspose2d."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from netbuilder.core.blocks.base import (
    KEEPS_INPUT,
    Block,
    Cost,
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

#: Kernel, stride, padding and dilation, one entry per spatial dimension.
_Geometry = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]


def _conv_geometry(
    ndim: int, kernel_size: object, stride: object, padding: object, dilation: object
) -> _Geometry:
    """The window parameters of a convolution as tuples of ``ndim`` ints.

    ``padding`` 'same' gives ``()``.
    """

    def as_tuple(value: object) -> tuple[int, ...]:
        return (int(value),) if ndim == 1 else pair(value)  # type: ignore[arg-type]

    pad = () if padding == "same" else as_tuple(padding)
    return as_tuple(kernel_size), as_tuple(stride), pad, as_tuple(dilation)


#: Convolutions repeat the same few settings, so their conversion is memoised.
_cached_geometry = lru_cache(maxsize=1024)(_conv_geometry)


class _ConvNd(Block):
    """Shared rules of Conv1d and Conv2d (``ndim`` spatial dimensions)."""

    category = "Convolution"
    ndim: int

    def _tuple(self, value: object) -> tuple[int, ...]:
        if self.ndim == 1:
            return (int(value),)  # type: ignore[arg-type]
        return pair(value)  # type: ignore[arg-type]

    def check(self, p: Params) -> None:
        if p["padding"] == "same" and any(s != 1 for s in self._tuple(p["stride"])):
            raise param_error("padding", "padding 'same' needs stride 1 (a PyTorch rule).")
        if p["out_channels"] % p["groups"]:
            raise param_error(
                "groups",
                f"out_channels ({p['out_channels']}) must be divisible by groups ({p['groups']}).",
            )

    def _geometry(self, p: Params) -> _Geometry:
        """Kernel, stride, padding and dilation as tuples (padding ``()`` for 'same')."""
        values = (self.ndim, p["kernel_size"], p["stride"], p["padding"], p["dilation"])
        try:
            return _cached_geometry(*values)
        except TypeError:  # a list (two different sizes) cannot be a cache key
            return _conv_geometry(*values)

    def _rank_error(self, x: Shape) -> None:
        """Raise the error for an input ``x`` of the wrong rank, with a hint for the usual
        mix-ups."""
        wants = msg("a sequence C×L") if self.ndim == 1 else msg("an image C×H×W")
        hint = msg("use Conv2d for images") if self.ndim == 1 and len(x) == 3 else ""
        if self.ndim == 2 and len(x) == 1:
            hint = msg("insert Reshape to make it an image")
        expect_rank(self.type, x, (self.ndim + 1,), wants, hint)

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        if len(x) != self.ndim + 1:
            self._rank_error(x)
        channels = x[0]
        if channels % p["groups"]:
            raise ShapeError(
                msg(
                    "{type} gets {channels} input channels, which groups={groups} does not divide "
                    "— change groups.",
                    type=self.type,
                    channels=channels,
                    groups=p["groups"],
                )
            )
        if p["padding"] == "same":
            return (p["out_channels"], *x[1:])
        kernel, stride, padding, dilation = self._geometry(p)
        sizes = tuple(map(window_out, x[1:], kernel, stride, padding, dilation))
        if min(sizes) < 1:
            i = next(i for i, n in enumerate(sizes) if n < 1)
            axis = "length" if self.ndim == 1 else _AXES[i]
            dil = msg(" (dilation {d})", d=dilation[i]) if dilation[i] != 1 else ""
            raise ShapeError(
                msg(
                    "{type} kernel {kernel}{dil} is larger than the padded input {axis} {value} "
                    "of {x} — use a smaller kernel or more padding.",
                    type=self.type,
                    kernel=kernel[i],
                    dil=dil,
                    axis=axis,
                    value=x[i + 1] + 2 * padding[i],
                    x=shape_text(x),
                )
            )
        return (p["out_channels"], *sizes)

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        c_in = ins[0][0] // p["groups"]
        kernel = prod(self._geometry(p)[0])
        weights = kernel * c_in * p["out_channels"]
        params = weights + (p["out_channels"] if p["bias"] else 0)
        flops = prod(out[1:]) * weights
        return Cost(params, flops)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        return KEEPS_INPUT  # for the weights' gradient, whatever requires one

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        return _conv_module(
            self.type,
            ins,
            p,
            [
                ("stride", p["stride"], 1),
                ("padding", p["padding"], 0),
                ("dilation", p["dilation"], 1),
                ("groups", p["groups"], 1),
                ("bias", p["bias"], True),
            ],
        )

    def describe(self, p: Params) -> str:
        k = self._tuple(p["kernel_size"])
        parts = ["×".join(map(str, k)) if self.ndim == 2 else f"k{k[0]}", str(p["out_channels"])]
        if p["stride"] != 1:
            parts.append(f"stride {code_value(p['stride'])}")
        if p["padding"] != 0:
            parts.append(f"pad {code_value(p['padding'])}".replace('"', ""))
        if p["groups"] != 1:
            parts.append(f"groups {p['groups']}")
        return ", ".join(parts)

    def base_name(self) -> str:
        return "conv"


def _conv_schema(kind: str) -> tuple[Param, ...]:
    return (
        Param("out_channels", "int", 16, "Number of output channels (filters).", 1, 65536),
        Param("kernel_size", kind, 3, "Size of the convolution window.", 1, 1024),
        Param("stride", kind, 1, "Step of the window.", 1, 1024),
        Param(
            "padding",
            kind,
            0,
            "Zeros added on each side; 'same' keeps the size (stride 1 only).",
            0,
            1024,
            allow_same=True,
        ),
        Param("dilation", kind, 1, "Spacing between kernel elements.", 1, 1024),
        Param(
            "groups", "int", 1, "Split channels into groups (depthwise when = channels).", 1, 65536
        ),
        Param("bias", "bool", True, "Add a learnable bias per output channel."),
    )


class Conv2d(_ConvNd):
    """2-D convolution over an image."""

    type = "Conv2d"
    summary = "2-D convolution over a C×H×W image; in_channels is inferred."
    ndim = 2
    schema = _conv_schema("pair")


class Conv1d(_ConvNd):
    """1-D convolution over a C×L sequence."""

    type = "Conv1d"
    summary = "1-D convolution over a C×L sequence; in_channels is inferred."
    ndim = 1
    schema = _conv_schema("int")


def transposed_out(
    size: int, kernel: int, stride: int, padding: int, output_padding: int, dilation: int
) -> int:
    """PyTorch's output length of a transposed convolution.

    ``(n − 1)·s − 2p + d·(k − 1) + output_padding + 1``.
    """
    return (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1


class ConvTranspose2d(Block):
    """2-D transposed convolution (learned upsampling)."""

    type = "ConvTranspose2d"
    category = "Convolution"
    summary = "Transposed 2-D convolution (learned upsampling); in_channels is inferred."
    schema = (
        Param("out_channels", "int", 16, "Number of output channels.", 1, 65536),
        Param("kernel_size", "pair", 2, "Size of the convolution window.", 1, 1024),
        Param(
            "stride",
            "pair",
            2,
            "Step of the window in the output (the upsampling factor).",
            1,
            1024,
        ),
        Param(
            "padding", "pair", 0, "Rows and columns removed from each side of the output.", 0, 1024
        ),
        Param(
            "output_padding",
            "pair",
            0,
            "Extra rows and columns added on one side (smaller than stride or dilation).",
            0,
            1024,
        ),
        Param("dilation", "pair", 1, "Spacing between kernel elements.", 1, 1024),
        Param("groups", "int", 1, "Split channels into groups.", 1, 65536),
        Param("bias", "bool", True, "Add a learnable bias per output channel."),
    )

    def check(self, p: Params) -> None:
        stride, dilation = pair(p["stride"]), pair(p["dilation"])
        for op, s, d in zip(pair(p["output_padding"]), stride, dilation, strict=True):
            if op >= s and op >= d:
                raise param_error(
                    "output_padding",
                    f"output_padding ({op}) must be smaller than the stride ({s}) or the "
                    f"dilation ({d}) — a PyTorch rule.",
                )
        if p["out_channels"] % p["groups"]:
            raise param_error(
                "groups",
                f"out_channels ({p['out_channels']}) must be divisible by groups ({p['groups']}).",
            )

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        hint = msg("insert Reshape to make it an image") if len(x) == 1 else ""
        expect_rank(self.type, x, (3,), msg("an image C×H×W"), hint)
        if x[0] % p["groups"]:
            raise ShapeError(
                msg(
                    "{type} gets {x} input channels, which groups={groups} does not divide — "
                    "change groups.",
                    type=self.type,
                    x=x[0],
                    groups=p["groups"],
                )
            )
        geometry = zip(
            x[1:],
            pair(p["kernel_size"]),
            pair(p["stride"]),
            pair(p["padding"]),
            pair(p["output_padding"]),
            pair(p["dilation"]),
            strict=True,
        )
        sizes = tuple(transposed_out(*g) for g in geometry)
        if min(sizes) < 1:
            i = 0 if sizes[0] < 1 else 1
            raise ShapeError(
                msg(
                    "{type} padding {padding} removes the whole output {_AXES} of {x} — use less "
                    "padding or a larger kernel.",
                    type=self.type,
                    padding=pair(p["padding"])[i],
                    _AXES=_AXES[i],
                    x=shape_text(x),
                )
            )
        return (p["out_channels"], *sizes)

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        weights = prod(pair(p["kernel_size"])) * ins[0][0] * (p["out_channels"] // p["groups"])
        params = weights + (p["out_channels"] if p["bias"] else 0)
        # Each input pixel is multiplied by the whole kernel once (FlopCounterMode's count).
        return Cost(params, prod(ins[0][1:]) * weights)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        return KEEPS_INPUT

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        return _conv_module(
            self.type,
            ins,
            p,
            [
                ("stride", p["stride"], 1),
                ("padding", p["padding"], 0),
                ("output_padding", p["output_padding"], 0),
                ("groups", p["groups"], 1),
                ("bias", p["bias"], True),
                ("dilation", p["dilation"], 1),
            ],
        )

    def describe(self, p: Params) -> str:
        k = pair(p["kernel_size"])
        parts = [f"{k[0]}×{k[1]}", str(p["out_channels"])]
        if p["stride"] != 1:
            parts.append(f"stride {code_value(p['stride'])}")
        if p["padding"] != 0:
            parts.append(f"pad {code_value(p['padding'])}")
        return ", ".join(parts)

    def base_name(self) -> str:
        return "deconv"


def _conv_module(
    type_name: str, ins: Sequence[Shape], p: Params, keywords: Sequence[tuple[str, Any, Any]]
) -> str:
    """``nn.<type_name>(C_in, C_out, kernel_size=…, …)`` with the keywords that differ from
    their defaults (shared by the convolutions and the transposed convolution)."""
    args = [
        str(ins[0][0]),
        str(p["out_channels"]),
        f"kernel_size={code_value(p['kernel_size'])}",
    ]
    return call_code(f"nn.{type_name}", args + kwargs_code(keywords))
