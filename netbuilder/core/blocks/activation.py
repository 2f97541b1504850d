"""Activations and dropout: shape-preserving, no parameters, 0 FLOPs."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import (
    KEEPS_INPUT,
    KEEPS_OUTPUT,
    NOTHING,
    VALUE,
    Block,
    Params,
    Saved,
    Shape,
    call_code,
    expect_rank,
    kwargs_code,
    prod,
)
from netbuilder.core.errors import ShapeError
from netbuilder.core.messages import msg
from netbuilder.core.params import Param


class _Elementwise(Block):
    category = "Activation"
    elementwise = True
    #: ``(name, default)`` of the keyword arguments passed to the module.
    kwargs: tuple[tuple[str, object], ...] = ()
    #: What autograd keeps: the input (GELU, SiLU, LeakyReLU, ReLU6 ...) or the output
    #: (ReLU, Sigmoid, Tanh, Softmax: their derivative is a function of the result).
    keeps: Saved = KEEPS_INPUT

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        return ins[0]

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        return self.keeps

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = kwargs_code([(name, p[name], default) for name, default in self.kwargs])
        return call_code(f"nn.{self.type}", args)

    def base_name(self) -> str:
        return self.type.lower()


def _simple(name: str, text: str, keeps: Saved = KEEPS_INPUT) -> type[_Elementwise]:
    attrs = {"type": name, "summary": text, "__doc__": text, "keeps": keeps}
    return type(name, (_Elementwise,), attrs)


ReLU = _simple("ReLU", "max(0, x), element by element.", KEEPS_OUTPUT)
Sigmoid = _simple("Sigmoid", "1 / (1 + e^−x), element by element.", KEEPS_OUTPUT)
Tanh = _simple("Tanh", "Hyperbolic tangent, element by element.", KEEPS_OUTPUT)
ReLU6 = _simple("ReLU6", "min(max(0, x), 6), element by element (MobileNetV2).")
SiLU = _simple("SiLU", "x·sigmoid(x) (swish), element by element (EfficientNet).")
Hardswish = _simple("Hardswish", "x·ReLU6(x + 3)/6, element by element (MobileNetV3).")
Hardsigmoid = _simple("Hardsigmoid", "ReLU6(x + 3)/6, element by element (MobileNetV3 gates).")


class LeakyReLU(_Elementwise):
    """ReLU with a small slope for negative inputs."""

    type = "LeakyReLU"
    summary = "max(0, x) + slope·min(0, x), element by element."
    schema = (Param("negative_slope", "float", 0.01, "Slope for negative inputs.", 0.0, 1.0),)
    kwargs = (("negative_slope", 0.01),)

    def describe(self, p: Params) -> str:
        return f"slope {p['negative_slope']:g}"

    def base_name(self) -> str:
        return "lrelu"


class GELU(_Elementwise):
    """Gaussian error linear unit."""

    type = "GELU"
    summary = "x·Φ(x), the activation of transformers."
    schema = (
        Param(
            "approximate",
            "choice",
            "none",
            "Exact or tanh approximation.",
            choices=("none", "tanh"),
        ),
    )
    kwargs = (("approximate", "none"),)


class _SoftmaxLike(_Elementwise):
    keeps = KEEPS_OUTPUT
    schema = (
        Param(
            "dim",
            "int",
            1,
            "Dimension to normalise, counted as in PyTorch with the batch as 0.",
            -8,
            8,
        ),
    )
    kwargs = (("dim", None),)

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        rank = len(ins[0]) + 1
        if not -rank <= p["dim"] < rank or p["dim"] in (0, -rank):
            raise ShapeError(
                msg(
                    "{type} dim={dim} is not a feature dimension of a {rank}-D batch (use "
                    "1..{value} or -1).",
                    type=self.type,
                    dim=p["dim"],
                    rank=rank,
                    value=rank - 1,
                )
            )
        return ins[0]

    def describe(self, p: Params) -> str:
        return f"dim {p['dim']}"


class Softmax(_SoftmaxLike):
    """Softmax along one dimension."""

    type = "Softmax"
    summary = "Turns scores into probabilities along one dimension."


class LogSoftmax(_SoftmaxLike):
    """Log of the softmax along one dimension."""

    type = "LogSoftmax"
    summary = "log(softmax(x)) along one dimension (pair it with NLLLoss)."


_P = Param("p", "float", 0.5, "Probability of zeroing an element during training.", 0.0, 1.0)


class Dropout(_Elementwise):
    """Randomly zeroes elements while training."""

    type = "Dropout"
    category = "Normalization"
    summary = "Zeroes each element with probability p while training."
    schema = (_P,)
    kwargs = (("p", 0.5),)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        if p["p"] == 0:  # nothing is zeroed: the input passes through
            return NOTHING
        # the CPU multiplies by a mask of the input's dtype (CUDA keeps a 1-byte mask)
        return Saved(extras=((self.mask_values(ins[0]), VALUE),))

    def mask_values(self, x: Shape) -> int:
        """Values per sample of the random mask: one per element."""
        return prod(x)

    def describe(self, p: Params) -> str:
        return f"p={p['p']:g}"

    def base_name(self) -> str:
        return "dropout"


class Dropout2d(Dropout):
    """Randomly zeroes whole channels while training."""

    type = "Dropout2d"
    summary = "Zeroes whole channels of a C×H×W image with probability p while training."

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        expect_rank(self.type, ins[0], (3,), msg("an image C×H×W"), msg("use Dropout otherwise"))
        return ins[0]

    def mask_values(self, x: Shape) -> int:
        """One value per channel (whole channels are zeroed)."""
        return x[0]
