"""Convolutions: Conv1d and Conv2d."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import (
    Block,
    Cost,
    Params,
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
from netbuilder.core.params import Param, pair

_AXES = ("height", "width")


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

    def _padding(self, p: Params) -> tuple[int, ...] | None:
        return None if p["padding"] == "same" else self._tuple(p["padding"])

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        wants = "a sequence C×L" if self.ndim == 1 else "an image C×H×W"
        hint = "use Conv2d for images" if self.ndim == 1 and len(x) == 3 else ""
        if self.ndim == 2 and len(x) == 1:
            hint = "insert Reshape to make it an image"
        expect_rank(self.type, x, (self.ndim + 1,), wants, hint)
        channels = x[0]
        if channels % p["groups"]:
            raise ShapeError(
                f"{self.type} gets {channels} input channels, which groups={p['groups']} "
                "does not divide — change groups."
            )
        kernel = self._tuple(p["kernel_size"])
        dilation = self._tuple(p["dilation"])
        padding = self._padding(p)
        if padding is None:
            return (p["out_channels"], *x[1:])
        stride = self._tuple(p["stride"])
        sizes = []
        for i, n in enumerate(x[1:]):
            out = window_out(n, kernel[i], stride[i], padding[i], dilation[i])
            if out < 1:
                axis = "length" if self.ndim == 1 else _AXES[i]
                dil = f" (dilation {dilation[i]})" if dilation[i] != 1 else ""
                raise ShapeError(
                    f"{self.type} kernel {kernel[i]}{dil} is larger than "
                    f"the padded input {axis} {n + 2 * padding[i]} of {shape_text(x)} — "
                    "use a smaller kernel or more padding."
                )
            sizes.append(out)
        return (p["out_channels"], *sizes)

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        c_in = ins[0][0] // p["groups"]
        kernel = prod(self._tuple(p["kernel_size"]))
        weights = kernel * c_in * p["out_channels"]
        params = weights + (p["out_channels"] if p["bias"] else 0)
        flops = prod(out[1:]) * weights
        return Cost(params, flops)

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [
            str(ins[0][0]),
            str(p["out_channels"]),
            f"kernel_size={code_value(p['kernel_size'])}",
        ]
        args += kwargs_code(
            [
                ("stride", p["stride"], 1),
                ("padding", p["padding"], 0),
                ("dilation", p["dilation"], 1),
                ("groups", p["groups"], 1),
                ("bias", p["bias"], True),
            ]
        )
        return call_code(f"nn.{self.type}", args)

    def describe(self, p: Params) -> str:
        k = self._tuple(p["kernel_size"])
        parts = ["×".join(map(str, k)) if self.ndim == 2 else f"k{k[0]}", str(p["out_channels"])]
        if p["stride"] != 1:
            parts.append(f"stride {code_value(p['stride'])}")
        if p["padding"] != 0:
            parts.append(f"pad {code_value(p['padding'])}".replace("'", ""))
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
