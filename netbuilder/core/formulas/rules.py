"""The formula of every catalogue block: output size per dimension, parameters, FLOPs.

Each rule takes the block's input shapes, its (validated) parameters and its output
shape, and returns expression trees in symbols with this node's numbers. FLOPs are
multiply-adds here (the seeds' convention); :mod:`netbuilder.core.formulas` scales
them for the 2-per-multiply-add convention.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.blocks.base import Shape
from netbuilder.core.formulas.expr import (
    Expr,
    add,
    ceil,
    div,
    float_mul,
    floor,
    maximum,
    mul,
    num,
    plus_minus,
    sq,
    sub,
    sym,
)
from netbuilder.core.formulas.lines import Formula, line
from netbuilder.core.params import pair

Params = dict[str, Any]
ZERO = num(0)

_NO_FLOPS = "no multiply-adds: 0 in this convention"
_NO_WEIGHTS = "no learned weights"


@dataclass
class Parts:
    """A block's formulas before the FLOPs convention is applied."""

    shape: list[Formula]
    params: Expr = ZERO
    flops: Expr = ZERO
    params_note: str = ""
    flops_note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


Rule = Callable[[Sequence[Shape], Params, Shape], Parts]
RULES: dict[str, Rule] = {}


def rule(*types: str) -> Callable[[Rule], Rule]:
    """Register a rule for the block ``types``."""

    def register(func: Rule) -> Rule:
        for name in types:
            RULES[name] = func
        return func

    return register


# -- dimension names ------------------------------------------------------------------------
def dim_names(rank: int) -> tuple[str, ...]:
    """Names of the dimensions of a shape of ``rank`` (no batch)."""
    if rank == 1:
        return ("n",)
    if rank == 2:
        return ("t", "f")
    if rank == 3:
        return ("c", "h", "w")
    return tuple(f"d_{i + 1}" for i in range(rank))


def primed(name: str) -> str:
    """``h`` → ``h′``; ``d_1`` → ``d′_1``."""
    base, _, tail = name.partition("_")
    return f"{base}′_{tail}" if tail else f"{base}′"


def dims(shape: Shape, names: Sequence[str] | None = None) -> list[Expr]:
    """A symbol per dimension of ``shape``."""
    names = names or dim_names(len(shape))
    return [sym(n, v) for n, v in zip(names, shape, strict=True)]


def same(shape: Shape, names: Sequence[str] | None = None, note: str = "") -> list[Formula]:
    """Output lines of a dimension-by-dimension copy of ``shape``."""
    names = names or dim_names(len(shape))
    return [
        line(primed(n), sym(n, v), axis=i, note=note if i == 0 else "")
        for i, (n, v) in enumerate(zip(names, shape, strict=True))
    ]


def given(name: str, value: int, axis: int, note: str = "") -> Formula:
    """An output size that is a parameter's value (``c′ = 6``)."""
    return line(name, sym(name, value), axis=axis, note=note)


def _per_axis(value: object, ndim: int) -> tuple[int, ...]:
    return (int(value),) if ndim == 1 else pair(value)  # type: ignore[arg-type]


def _axis_syms(letter: str, values: tuple[int, ...], axes: Sequence[str]) -> list[Expr]:
    """``k`` for every axis when the values agree, else ``k_h``, ``k_w``."""
    if len(set(values)) == 1:
        return [sym(letter, v) for v in values]
    return [sym(f"{letter}_{a}", v) for a, v in zip(axes, values, strict=True)]


def _area(kernel: list[Expr], values: tuple[int, ...]) -> Expr:
    """``k²`` for a square kernel, ``k_h·k_w`` otherwise, ``k`` in 1-D."""
    if len(kernel) == 2 and values[0] == values[1]:
        return sq(kernel[0])
    return mul(*kernel)


def _spatial(ndim: int) -> tuple[str, ...]:
    return ("l",) if ndim == 1 else ("h", "w")


def window_size(
    n: Expr, k: Expr, s: Expr, p: Expr, d: Expr, up: bool, actual: int
) -> tuple[Expr, str]:
    """``⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1`` (``⌊(n + 2p − k)/s⌋ + 1`` without dilation);
    ceiling with ``ceil_mode``, minus one where PyTorch drops a last window that would
    start in the padding."""
    padded = add(n, mul(num(2), p))
    if d.value() == 1:
        span = sub(padded, k)
    else:
        span = sub(padded, mul(d, sub(k, num(1))), num(1))
    rounded = (ceil if up else floor)(div(span, s))
    expr = add(rounded, num(1))
    if expr.value() - 1 == actual:
        dropped = "the last window would start in the padding, so PyTorch drops it"
        return sub(expr, num(1)), dropped
    return expr, ""


# -- input ----------------------------------------------------------------------------------
_INPUT_NAMES = {
    "image": ("c", "h", "w"),
    "vector": ("n",),
    "tokens": ("t",),
    "sequence": ("t", "f"),
}


@rule("Input")
def _input(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    names = _INPUT_NAMES[p["kind"]]
    return Parts(
        [given(n, v, i) for i, (n, v) in enumerate(zip(names, out, strict=True))],
        params_note="the data, not learned",
        flops_note=_NO_FLOPS,
    )


# -- convolutions ---------------------------------------------------------------------------
@rule("Conv1d", "Conv2d")
def _conv(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    ndim = len(x) - 1
    axes = _spatial(ndim)
    c = sym("c", x[0])
    c_out = sym("c′", p["out_channels"])
    kernel_v = _per_axis(p["kernel_size"], ndim)
    kernel = _axis_syms("k", kernel_v, axes)
    shape = [given("c′", p["out_channels"], 0)]
    if p["padding"] == "same":
        shape += [
            line(primed(a), sym(a, n), axis=i + 1, note="padding 'same' keeps the size")
            for i, (a, n) in enumerate(zip(axes, x[1:], strict=True))
        ]
    else:
        stride = _axis_syms("s", _per_axis(p["stride"], ndim), axes)
        pad = _axis_syms("p", _per_axis(p["padding"], ndim), axes)
        dil = _axis_syms("d", _per_axis(p["dilation"], ndim), axes)
        for i, a in enumerate(axes):
            expr, note = window_size(
                sym(a, x[i + 1]), kernel[i], stride[i], pad[i], dil[i], False, out[i + 1]
            )
            shape.append(line(primed(a), expr, axis=i + 1, note=note))
    per_group = div(c, sym("g", p["groups"])) if p["groups"] != 1 else c
    area = _area(kernel, kernel_v)
    if p["bias"]:
        params = mul(add(mul(area, per_group), num(1)), c_out)
    else:
        params = mul(area, per_group, c_out)
    out_syms = [sym(primed(a), n) for a, n in zip(axes, out[1:], strict=True)]
    flops = mul(*out_syms, area, per_group, c_out)
    return Parts(shape, params, flops, flops_note="bias additions not counted")


@rule("ConvTranspose2d")
def _deconv(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    axes = ("h", "w")
    kernel_v = pair(p["kernel_size"])
    kernel = _axis_syms("k", kernel_v, axes)
    stride = _axis_syms("s", pair(p["stride"]), axes)
    pad = _axis_syms("p", pair(p["padding"]), axes)
    extra = _axis_syms("o", pair(p["output_padding"]), axes)
    dil = _axis_syms("d", pair(p["dilation"]), axes)
    shape = [given("c′", p["out_channels"], 0)]
    for i, a in enumerate(axes):
        terms: list[tuple[int, Expr]] = [
            (1, mul(sub(sym(a, x[i + 1]), num(1)), stride[i])),
            (-1, mul(num(2), pad[i])),
        ]
        if dil[i].value() == 1:
            terms.append((1, kernel[i]))
        else:
            terms.append((1, mul(dil[i], sub(kernel[i], num(1)))))
        if extra[i].value():
            terms.append((1, extra[i]))
        if dil[i].value() != 1:
            terms.append((1, num(1)))
        shape.append(line(primed(a), plus_minus(terms), axis=i + 1))
    c, c_out = sym("c", x[0]), sym("c′", p["out_channels"])
    per_group = div(c_out, sym("g", p["groups"])) if p["groups"] != 1 else c_out
    area = _area(kernel, kernel_v)
    weights = mul(area, c, per_group)
    params = add(weights, c_out) if p["bias"] else weights
    flops = mul(sym("h", x[1]), sym("w", x[2]), area, c, per_group)
    return Parts(shape, params, flops, flops_note="each input pixel meets the whole kernel once")


# -- pooling and resizing -------------------------------------------------------------------
@rule("MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d")
def _pool(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    ndim = len(x) - 1
    axes = _spatial(ndim)
    kernel_v = _per_axis(p["kernel_size"], ndim)
    stride_v = kernel_v if p["stride"] is None else _per_axis(p["stride"], ndim)
    kernel = _axis_syms("k", kernel_v, axes)
    stride = _axis_syms("s", stride_v, axes)
    pad = _axis_syms("p", _per_axis(p["padding"], ndim), axes)
    dil = _axis_syms("d", _per_axis(p.get("dilation", 1), ndim), axes)
    shape = [line("c′", sym("c", x[0]), axis=0)]
    for i, a in enumerate(axes):
        expr, note = window_size(
            sym(a, x[i + 1]), kernel[i], stride[i], pad[i], dil[i], p["ceil_mode"], out[i + 1]
        )
        shape.append(line(primed(a), expr, axis=i + 1, note=note))
    return Parts(shape, params_note=_NO_WEIGHTS, flops_note=_NO_FLOPS)


@rule("AdaptiveAvgPool2d", "AdaptiveMaxPool2d")
def _adaptive(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    h, w = pair(p["output_size"])
    shape = [
        line("c′", sym("c", ins[0][0]), axis=0),
        given("h′", h, 1, note="set by output_size"),
        given("w′", w, 2),
    ]
    return Parts(shape, params_note=_NO_WEIGHTS, flops_note=_NO_FLOPS)


@rule("Upsample")
def _upsample(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    shape = [line("c′", sym("c", x[0]), axis=0)]
    if p["size"] is not None:
        h, w = pair(p["size"])
        shape += [given("h′", h, 1, note="set by size"), given("w′", w, 2)]
    else:
        scale = sym("σ", float(p["scale_factor"]))
        for i, a in enumerate(("h", "w")):
            shape.append(line(primed(a), floor(float_mul(sym(a, x[i + 1]), scale)), axis=i + 1))
    return Parts(shape, params_note=_NO_WEIGHTS, flops_note=_NO_FLOPS)


# -- normalisation --------------------------------------------------------------------------
def _scale_shift(on: bool, c: Expr) -> tuple[Expr, str]:
    if on:
        return mul(num(2), c), "a scale and a shift per channel"
    return ZERO, "affine is off: nothing learned"


@rule("BatchNorm1d", "BatchNorm2d")
def _batchnorm(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    names = ("c", "l") if len(x) == 2 else dim_names(len(x))
    c = x[0]
    params, note = _scale_shift(p["affine"], sym("c", c))
    buffers = "plus 2·c + 1 buffers (running mean and variance, batch count), not trained"
    return Parts(same(x, names), params, params_note=f"{note}; {buffers}", flops_note=_NO_FLOPS)


@rule("InstanceNorm2d")
def _instancenorm(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    params, note = _scale_shift(p["affine"], sym("c", ins[0][0]))
    return Parts(same(ins[0]), params, params_note=note, flops_note=_NO_FLOPS)


@rule("GroupNorm")
def _groupnorm(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    params, note = _scale_shift(p["affine"], sym("c", ins[0][0]))
    return Parts(same(ins[0]), params, params_note=note, flops_note=_NO_FLOPS)


@rule("LayerNorm")
def _layernorm(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    normalised = dims(x)[-p["dims"] :]
    if p["elementwise_affine"]:
        params, note = mul(num(2), *normalised), "a scale and a shift per normalised element"
    else:
        params, note = ZERO, "elementwise_affine is off: nothing learned"
    return Parts(same(x), params, params_note=note, flops_note=_NO_FLOPS)


# every other block that keeps each position (the ``elementwise`` flag; the
# normalisations above have rules of their own)
@rule(*(name for name, block in CATALOGUE.items() if block.elementwise and name not in RULES))
def _elementwise(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    return Parts(
        same(ins[0], note="element by element: the shape is kept"),
        params_note=_NO_WEIGHTS,
        flops_note=_NO_FLOPS,
    )


# -- recurrent ------------------------------------------------------------------------------
_GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}


def _recurrent(gates: int) -> Rule:
    def build(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
        steps, features = ins[0]
        t, f = sym("t", steps), sym("f", features)
        g, h = sym("G", gates), sym("H", p["hidden_size"])
        bi = p["bidirectional"]
        d = sym("D", 2) if bi else None
        width = mul(d, h) if d is not None else h
        if p["output"] == "last":
            shape = [line("n′", width, axis=0, note="the final hidden state")]
        else:
            shape = [line("t′", t, axis=0), line("f′", width, axis=1)]

        def weights(i: Expr) -> Expr:
            terms = [mul(h, i), mul(h, h)]
            if p["bias"]:
                terms.append(mul(num(2), h))
            return add(*terms)

        def per_layer(i: Expr, *lead: Expr) -> tuple[Expr, Expr]:
            dirs = [d] if d is not None else []
            return (
                mul(*lead, *dirs, g, weights(i)),
                mul(*lead, t, *dirs, g, h, add(i, h)),
            )

        params, flops = per_layer(f)
        if p["num_layers"] > 1:
            rest = sub(sym("N", p["num_layers"]), num(1))
            more_params, more_flops = per_layer(width, rest)
            params, flops = add(params, more_params), add(flops, more_flops)
        notes = ["G gates per cell: 1 (RNN), 3 (GRU), 4 (LSTM)"]
        if p["num_layers"] > 1:
            notes.append(
                "layers after the first read D·H features"
                if bi
                else "layers after the first read H features"
            )
        flops_note = "every time step, layer and direction"
        return Parts(shape, params, flops, params_note="; ".join(notes), flops_note=flops_note)

    return build


for _name, _gates in _GATES.items():
    RULES[_name] = _recurrent(_gates)


# -- linear, reshaping ----------------------------------------------------------------------
@rule("Linear")
def _linear(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    names = ("t", "n") if len(x) == 2 else ("n",)
    syms = dims(x, names)
    n_out = sym("n′", p["out_features"])
    shape = [
        line(primed(n), s, axis=i) for i, (n, s) in enumerate(zip(names[:-1], syms, strict=False))
    ]
    shape.append(given("n′", p["out_features"], len(x) - 1))
    params = mul(add(syms[-1], num(1)), n_out) if p["bias"] else mul(syms[-1], n_out)
    flops = mul(*syms, n_out)
    return Parts(shape, params, flops, flops_note="bias additions not counted")


@rule("Embedding")
def _embedding(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    shape = [
        line("t′", sym("t", ins[0][0]), axis=0),
        given("e", p["embedding_dim"], 1),
    ]
    params = mul(sym("v", p["num_embeddings"]), sym("e", p["embedding_dim"]))
    return Parts(
        shape,
        params,
        params_note="a vector of e numbers per token id",
        flops_note="a table lookup; " + _NO_FLOPS,
    )


@rule("Flatten")
def _flatten(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    x = ins[0]
    names = dim_names(len(x))
    syms = dims(x, names)
    start = p["start_dim"] - 1
    end = p["end_dim"] + len(x) if p["end_dim"] < 0 else p["end_dim"] - 1
    shape = [
        line(primed(n), s, axis=i)
        for i, (n, s) in enumerate(zip(names[:start], syms, strict=False))
    ]
    shape.append(line("n′", mul(*syms[start : end + 1]), axis=start))
    for j in range(end + 1, len(x)):
        shape.append(line(primed(names[j]), syms[j], axis=len(shape)))
    return Parts(shape, params_note=_NO_WEIGHTS, flops_note=_NO_FLOPS)


@rule("Reshape")
def _reshape(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    target = list(p["shape"])
    known = [num(v) for v in target if v != -1]
    shape = []
    for i, v in enumerate(target):
        name = f"d′_{i + 1}"
        if v == -1:
            total = mul(*dims(ins[0]))
            expr = div(total, mul(*known)) if known else total
            shape.append(line(name, expr, axis=i, note="−1: whatever is left"))
        else:
            shape.append(given(name, v, i))
    return Parts(shape, params_note=_NO_WEIGHTS, flops_note=_NO_FLOPS)


# -- merging --------------------------------------------------------------------------------
def _indexed(name: str, i: int) -> str:
    """``c`` of input ``i`` (from 0): ``c_1``."""
    return f"{name}_{i + 1}" if "_" not in name else f"{name},{i + 1}"


@rule("Concat")
def _concat(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    first = ins[0]
    rank = len(first) + 1
    axis = (p["dim"] + rank if p["dim"] < 0 else p["dim"]) - 1
    names = dim_names(len(first))
    shape = []
    for i, n in enumerate(names):
        if i == axis:
            terms = [sym(_indexed(n, j), s[i]) for j, s in enumerate(ins)]
            shape.append(line(primed(n), add(*terms), axis=i, note="the inputs side by side"))
        else:
            shape.append(line(primed(n), sym(n, first[i]), axis=i))
    return Parts(shape, params_note=_NO_WEIGHTS, flops_note=_NO_FLOPS)


@rule("Add", "Multiply")
def _elementwise_merge(ins: Sequence[Shape], p: Params, out: Shape) -> Parts:
    first = ins[0]
    names = dim_names(len(first))
    shape = []
    for i, n in enumerate(names):
        sizes = [s[i] for s in ins]
        if len(set(sizes)) == 1:
            shape.append(line(primed(n), sym(n, sizes[0]), axis=i))
        else:  # Multiply broadcasts a size 1
            terms = [sym(_indexed(n, j), v) for j, v in enumerate(sizes)]
            shape.append(line(primed(n), maximum(*terms), axis=i, note="a size 1 broadcasts"))
    return Parts(shape, params_note=_NO_WEIGHTS, flops_note=_NO_FLOPS)
