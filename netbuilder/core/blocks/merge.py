"""Blocks with several inputs: Concat, Add and Multiply."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import VALUE, Block, Params, Saved, Shape, prod
from netbuilder.core.errors import ShapeError
from netbuilder.core.formatting import shape_text
from netbuilder.core.messages import msg
from netbuilder.core.params import Param

_INPUTS = Param("inputs", "int", 2, "Number of input ports.", 2, 64)


class _Merge(Block):
    category = "Merge"

    def input_ports(self, p: Params) -> tuple[str, ...]:
        return tuple(f"in{i + 1}" for i in range(p["inputs"]))


class Concat(_Merge):
    """Concatenates inputs along one dimension (channels by default)."""

    type = "Concat"
    summary = "Stacks inputs along a dimension (channels by default), like torch.cat."
    schema = (
        _INPUTS,
        Param("dim", "int", 1, "Dimension to join along, batch is 0 (1 = channels).", -8, 8),
    )

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        first = ins[0]
        rank = len(first) + 1
        dim = p["dim"] + rank if p["dim"] < 0 else p["dim"]
        if not 1 <= dim < rank:
            raise ShapeError(
                msg(
                    "Concat dim={dim} does not fit inputs of {first}.",
                    dim=p["dim"],
                    first=shape_text(first),
                )
            )
        axis = dim - 1
        total = 0
        # Every size but the joined one must match input 1's (shapes may be lists too).
        before, after = tuple(first[:axis]), tuple(first[axis + 1 :])
        for i, shape in enumerate(ins):
            others = (
                len(shape) == len(first)
                and tuple(shape[:axis]) == before
                and tuple(shape[axis + 1 :]) == after
            )
            if not others:
                raise ShapeError(
                    msg(
                        "Concat input {value} is {shape} but input 1 is {first}; all sizes except "
                        "dim {dim} must match.",
                        value=i + 1,
                        shape=shape_text(shape),
                        first=shape_text(first),
                        dim=p["dim"],
                    )
                )
            total += shape[axis]
        return (*first[:axis], total, *first[axis + 1 :])

    def torch_call(self, attr: str, args: Sequence[str], p: Params) -> str:
        return f"torch.cat([{', '.join(args)}], dim={p['dim']})"

    def describe(self, p: Params) -> str:
        return f"{p['inputs']} inputs, dim {p['dim']}"

    def base_name(self) -> str:
        return "cat"


class Add(_Merge):
    """Element-wise sum of inputs of the same shape (residual connections)."""

    type = "Add"
    summary = "Element-wise sum of inputs of equal shape (a residual connection)."
    schema = (_INPUTS,)

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        for i, shape in enumerate(ins[1:], start=2):
            if shape != ins[0]:
                raise ShapeError(
                    msg(
                        "Add input {i} is {shape} but input 1 is {ins}; they must be equal.",
                        i=i,
                        shape=shape_text(shape),
                        ins=shape_text(ins[0]),
                    )
                )
        return ins[0]

    def torch_call(self, attr: str, args: Sequence[str], p: Params) -> str:
        return " + ".join(args)

    def describe(self, p: Params) -> str:
        return f"{p['inputs']} inputs"


class Multiply(_Merge):
    """Element-wise product of inputs (squeeze-excitation gating)."""

    type = "Multiply"
    summary = (
        "Element-wise product of inputs; a size 1 broadcasts (C×1×1 gates C×H×W, as in "
        "squeeze-excitation)."
    )
    schema = (_INPUTS,)

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        # PyTorch broadcasting for inputs of equal rank: per dimension the sizes are equal
        # or one of them is 1, and the output takes the larger.
        out = list(ins[0])
        for i, shape in enumerate(ins[1:], start=2):
            if len(shape) != len(out):
                short, long = sorted((tuple(shape), tuple(out)), key=len)
                fix = shape_text(short + (1,) * (len(long) - len(short)))
                raise ShapeError(
                    msg(
                        "Multiply input {i} is {shape} but input 1 is {ins}; inputs need the same "
                        "number of dimensions — Reshape {short} to {fix}.",
                        i=i,
                        shape=shape_text(shape),
                        ins=shape_text(ins[0]),
                        short=shape_text(short),
                        fix=fix,
                    )
                )
            if not all(a == b or 1 in (a, b) for a, b in zip(shape, out, strict=True)):
                raise ShapeError(
                    msg(
                        "Multiply input {i} is {shape} but input 1 is {ins}; each size must be "
                        "equal or 1 (C×1×1 gates C×H×W).",
                        i=i,
                        shape=shape_text(shape),
                        ins=shape_text(ins[0]),
                    )
                )
            out = [max(a, b) for a, b in zip(shape, out, strict=True)]
        return tuple(out)

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # ``a * b * c`` is ``(a * b) * c``: each product keeps each factor whose partner
        # requires a gradient; the partial products are tensors of their own
        kept: list[int] = []
        extras: list[tuple[int, str]] = []
        shape, grad = ins[0], grads[0]
        for i in range(1, len(ins)):
            if grads[i]:
                if i == 1:
                    kept.append(0)
                else:
                    extras.append((prod(shape), VALUE))
            if grad:
                kept.append(i)
            shape = tuple(max(a, b) for a, b in zip(shape, ins[i], strict=True))
            grad = grad or grads[i]
        return Saved(inputs=tuple(kept), extras=tuple(extras))

    def torch_call(self, attr: str, args: Sequence[str], p: Params) -> str:
        return " * ".join(args)

    def describe(self, p: Params) -> str:
        return f"{p['inputs']} inputs"

    def base_name(self) -> str:
        return "mul"
