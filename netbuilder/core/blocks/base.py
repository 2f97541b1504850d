"""The block protocol: parameters, ports, shape inference, counting and PyTorch code."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from netbuilder.core.errors import ParamError, RankError
from netbuilder.core.formatting import shape_text
from netbuilder.core.literals import py_literal
from netbuilder.core.messages import msg
from netbuilder.core.params import Param, resolve

Shape = tuple[int, ...]
Params = Mapping[str, Any]

#: Palette groups, in display order.
CATEGORIES = (
    "Input",
    "Convolution",
    "Pooling",
    "Normalization",
    "Activation",
    "Recurrent",
    "Linear",
    "Merge",
    "Composite",
)


class Cost(NamedTuple):
    """What a block costs for one sample (immutable; ``+`` adds field by field).

    Attributes
    ----------
    params : int
        Trainable parameters, ``sum(p.numel())`` of the PyTorch module.
    flops : int
        Multiply-adds of the forward pass (the seeds' convention: bias, pools,
        activations and normalisation count 0).
    buffers : int
        Non-trainable state (BatchNorm running statistics).
    """

    params: int = 0
    flops: int = 0
    buffers: int = 0

    def __add__(self, other: Cost) -> Cost:
        return Cost(
            self.params + other.params, self.flops + other.flops, self.buffers + other.buffers
        )


#: The cost of a block without parameters or FLOPs (a :class:`Cost` is immutable).
FREE = Cost()


#: Kinds of values a saved tensor holds: the network's dtype, or 64-bit integers (the
#: indices of max pooling, token ids).
VALUE, INT64 = "value", "int64"


@dataclass(frozen=True)
class Saved:
    """What autograd keeps of one block's forward pass for the backward pass.

    Only asked of a block whose operation autograd records (an input requires a gradient,
    or the block has trainable parameters). Tensors are named, not sized: an input or
    the output counts once however many layers keep it (they share its storage).

    Attributes
    ----------
    inputs : tuple of int
        Indices of the inputs kept (a convolution keeps its input).
    output : bool
        The output is kept (ReLU, Sigmoid, Tanh and Softmax keep their result).
    view : bool
        The output is a view of input 0 and has no storage of its own (Flatten, Reshape).
    extras : tuple of (int, str)
        Tensors of the block's own, as (values per sample, kind): dropout's mask, max
        pooling's indices, normalisation statistics per sample.
    fixed : tuple of (int, str)
        Tensors of the block's own whose size does not grow with the batch (BatchNorm's
        batch mean and inverse deviation).
    output_values : int or None
        Values per sample of the storage the output lives in when it is a slice of a
        larger tensor (a recurrent layer's last step is a slice of the whole sequence).
    """

    inputs: tuple[int, ...] = ()
    output: bool = False
    view: bool = False
    extras: tuple[tuple[int, str], ...] = ()
    fixed: tuple[tuple[int, str], ...] = ()
    output_values: int | None = None


#: A block that keeps nothing (additions, concatenation, upsampling).
NOTHING = Saved()
#: A block that keeps its first input (convolutions, average pooling, GELU ...).
KEEPS_INPUT = Saved(inputs=(0,))
#: A block that keeps its output (ReLU, Sigmoid, Tanh, Softmax).
KEEPS_OUTPUT = Saved(output=True)


def sum_costs(costs: Iterable[Cost]) -> Cost:
    """The sum of ``costs`` (summed as ints, without a :class:`Cost` per step)."""
    params = flops = buffers = 0
    for cost in costs:
        params += cost.params
        flops += cost.flops
        buffers += cost.buffers
    return Cost(params, flops, buffers)


class InnerLayer(NamedTuple):
    """One layer inside a composite block (immutable; its ``params`` are never changed).

    ``inputs`` names earlier inner layers, or ``"x"`` for the block's input.
    """

    name: str
    type: str
    params: dict[str, Any]
    inputs: tuple[str, ...] = ()


class Block:
    """A kind of layer in the catalogue.

    Subclasses declare :attr:`type`, :attr:`category`, :attr:`summary` and
    :attr:`schema` and override :meth:`infer`, :meth:`cost` and the code methods.
    Blocks are stateless; one instance per type lives in the catalogue.
    """

    type: ClassVar[str]
    category: ClassVar[str]
    summary: ClassVar[str]
    schema: ClassVar[tuple[Param, ...]] = ()
    #: Composite blocks expand into inner layers and emit a class of their own.
    composite: ClassVar[bool] = False
    #: True for a block that takes token ids (integers); every other block needs
    #: floating-point data and refuses token ids.
    takes_tokens: ClassVar[bool] = False
    #: True for a block that keeps every position where it is (activations, dropout,
    #: normalisation): the receptive field passes through it.
    elementwise: ClassVar[bool] = False

    # -- parameters and ports ---------------------------------------------------------
    def params(self, given: Params | None = None) -> dict[str, Any]:
        """Validate ``given`` (may be partial), fill defaults, check cross-constraints."""
        resolved = resolve(self.schema, given or {})
        self.check(resolved)
        return resolved

    def check(self, p: Params) -> None:
        """Raise :class:`ParamError` for parameters that are invalid together."""

    def input_ports(self, p: Params) -> tuple[str, ...]:
        """Names of the ordered input ports."""
        return ("in",)

    def relevant(self, p: Params) -> tuple[str, ...]:
        """Names of the parameters that matter for the current values (the inspector
        hides the others); all of them by default."""
        return tuple(entry.name for entry in self.schema)

    def param(self, name: str) -> Param:
        """The schema entry called ``name``."""
        for entry in self.schema:
            if entry.name == name:
                return entry
        raise KeyError(name)

    # -- numbers ----------------------------------------------------------------------
    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        """Output shape (no batch dimension) for input shapes ``ins``.

        Raises
        ------
        ShapeError
            With a sentence naming the problem and, where possible, the fix.
        """
        raise NotImplementedError

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        """Parameters and FLOPs for one sample."""
        return FREE

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        """What autograd keeps of this block's forward pass (training mode, on the CPU).

        ``grads`` says which inputs require a gradient, ``trainable`` whether the block
        has parameters that are trained. Composite blocks are not asked: their inner
        layers are.
        """
        return NOTHING

    def output_vocab(self, p: Params) -> int | None:
        """How many distinct token ids the output holds; ``None`` for float data."""
        return None

    def check_vocab(self, vocab: int, p: Params) -> None:
        """Raise :class:`ShapeError` when token ids ``0..vocab-1`` do not fit the block
        (only called for blocks that :attr:`takes_tokens`)."""

    # -- code -------------------------------------------------------------------------
    def torch_module(self, ins: Sequence[Shape], p: Params) -> str | None:
        """Constructor expression of the layer (``nn.Conv2d(1, 6, kernel_size=5)``).

        ``None`` for blocks that are plain tensor operations in ``forward``.
        """
        return None

    def torch_call(self, attr: str, args: Sequence[str], p: Params) -> str:
        """Expression of the forward step; ``attr`` is ``self.<name>``."""
        return f"{attr}({args[0]})"

    def describe(self, p: Params) -> str:
        """Key parameters in a few characters for the canvas card (``5×5, 6, pad 2``)."""
        return ""

    def base_name(self) -> str:
        """Prefix of generated layer names (``conv`` → ``conv1``)."""
        return self.type.lower()

    def title(self, p: Params) -> str:
        """Title of an unnamed node's card: the type (a user group's own name)."""
        return self.type

    # -- composites -------------------------------------------------------------------
    def inner(self, ins: Sequence[Shape], p: Params) -> list[InnerLayer]:
        """Inner layers of a composite block."""
        return []

    def torch_class(self, p: Params) -> tuple[str, str]:
        """Name and source of the ``nn.Module`` class of a composite block."""
        raise NotImplementedError


# -- helpers shared by the blocks -------------------------------------------------------
def rank_error(block: str, wants: str, got: Shape, hint: str = "") -> RankError:
    """Sentence for an input of the wrong rank."""
    tail = msg(" — {hint}", hint=hint) if hint else "."
    return RankError(
        msg(
            "{block} expects {wants} but gets {got}{tail}",
            block=block,
            wants=wants,
            got=shape_text(got),
            tail=tail,
        )
    )


def expect_rank(block: str, shape: Shape, ranks: Sequence[int], wants: str, hint: str = "") -> None:
    """Raise :func:`rank_error` unless ``len(shape)`` is one of ``ranks``."""
    if len(shape) not in ranks:
        raise rank_error(block, wants, shape, hint)


def window_out(
    size: int, kernel: int, stride: int, padding: int, dilation: int = 1, ceil: bool = False
) -> int:
    """PyTorch's output length of a sliding window (conv or pool).

    ``⌊(n + 2p − d·(k−1) − 1)/s⌋ + 1``; with ``ceil`` the ceiling, minus one when the
    last window would start in the right padding (PyTorch's rule).
    """
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    if not ceil:
        out = span // stride + 1
        return out if out > 0 else 0
    # With ceil_mode a window may hang over the end, even when the (dilated) kernel is
    # longer than the padded input by less than a stride: PyTorch gives 1, not 0.
    out = -(-span // stride) + 1
    if out > 0 and (out - 1) * stride >= size + padding:
        out -= 1
    return max(out, 0)


def prod(values: Sequence[int]) -> int:
    """Product of ints (1 for an empty sequence)."""
    return math.prod(values)


def code_value(value: Any) -> str:
    """Python literal of a parameter value (lists become tuples; strings double-quoted)."""
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(code_value(v) for v in value) + ")"
    return py_literal(value)


def kwargs_code(pairs: Sequence[tuple[str, Any, Any]]) -> list[str]:
    """``name=value`` for each ``(name, value, default)`` whose value differs from default."""
    return [f"{name}={code_value(v)}" for name, v, default in pairs if v != default]


def call_code(func: str, args: Sequence[str]) -> str:
    """``func(a, b, c)``."""
    return f"{func}({', '.join(args)})"


def param_error(name: str, message: str) -> ParamError:
    """Short constructor used by blocks."""
    return ParamError(name, message)
