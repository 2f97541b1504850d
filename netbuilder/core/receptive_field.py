"""Receptive field of every node: size, jump and start per spatial axis.

The course's recursion ``F(i) = (F(i+1) − 1)·stride + k`` read forwards, with dilation:
for a sliding window with kernel ``k``, stride ``s``, padding ``p`` and dilation ``d``
(effective kernel ``k′ = d·(k − 1) + 1``) fed a field ``(r, j, c)``::

    r_out = r + (k′ − 1)·j          size, in input pixels
    j_out = j·s                     jump: distance in input pixels between neighbouring units
    c_out = c + ((k′ − 1)/2 − p)·j  start: centre of the first unit's field

Coordinates are input pixel indices along the axis (the first input pixel's centre is 0),
so padding can put the start below 0. Unit ``n`` of a node sees the input pixels
``c + n·j ± (r − 1)/2`` — the *theoretical* field, which may reach past the border of
the image (units near the border see a clipped part of it).

Which nodes have a field: tensors C×H×W (two axes: height, width) and C×L (one axis,
the last dimension, along which ``Conv1d`` slides). Vectors and token sequences have
none (``None``): after ``Flatten`` or ``Linear`` every feature may mix the whole input,
so no per-unit window exists (the ``summary --json`` schema says ``null`` for vectors).
Normalisation statistics and activations are not counted (the usual convention), so
they pass the field through; so do dropout and every element-wise layer. A softmax over
a spatial axis makes every unit see the whole axis (its field there: the union of all the
axis's units, jump 0); over channels it passes the field through. Merges (Add,
Concat along channels, Multiply) and composite blocks (Inception, Residual, …) take the
union of their branches: for branches centred on the same point, the maximum; for
branches with different jumps (that no branch covers), the widest union, inexact.

Some windows are not one fixed window per unit: nearest and bilinear ``Upsample``,
``ConvTranspose2d`` with a stride above 1, adaptive pools whose output size does not
divide the input, and merges of branches with different jumps. For them the field is
marked inexact: ``size`` is the largest field of any unit and ``start + n·jump`` its
centre to within about half an input pixel (exactly within half a pixel for integer
scale factors; for a merge, exact at the first and last unit).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from netbuilder.core.blocks import Block, Composite, Shape, get_block
from netbuilder.core.blocks.composite import InnerResult, inner_params
from netbuilder.core.params import pair

#: Sliding windows: convolutions and pools.
WINDOWS = frozenset({"Conv1d", "Conv2d", "MaxPool1d", "MaxPool2d", "AvgPool1d", "AvgPool2d"})
#: Merges that join inputs position by position.
MERGES = frozenset({"Add", "Concat", "Multiply"})
ADAPTIVE = frozenset({"AdaptiveAvgPool2d", "AdaptiveMaxPool2d"})
_SOFTMAX = frozenset({"Softmax", "LogSoftmax"})


class Axis(NamedTuple):
    """The receptive field along one spatial axis (immutable; a named tuple because a
    network's analysis makes thousands of them).

    Attributes
    ----------
    size : float
        Extent in input pixels (an integer unless upsampling made the jump fractional).
    jump : float
        Distance in input pixels between the fields of neighbouring units (the product of
        the strides); 0 when every unit sees the same field (a broadcast size 1).
    start : float
        Centre of the first unit's field, in input pixel indices (first pixel at 0).
    """

    size: float
    jump: float
    start: float

    def interval(self, unit: int) -> tuple[float, float]:
        """First and last input pixel (unclipped) seen by unit ``unit``."""
        centre = self.start + unit * self.jump
        half = (self.size - 1) / 2
        return centre - half, centre + half


#: The field of an input pixel: itself.
IDENTITY = Axis(1, 1, 0)


class ReceptiveField(NamedTuple):
    """The receptive field of one node (immutable).

    Attributes
    ----------
    axes : tuple of Axis
        One per spatial axis: (height, width) for images, (length,) for sequences.
    exact : bool
        False where the windows vary from unit to unit (upsampling, transposed
        convolution with stride, adaptive pooling with uneven windows): then
        :attr:`sizes` is the largest field and centres hold to about half an input pixel.
    """

    axes: tuple[Axis, ...]
    exact: bool = True

    @property
    def sizes(self) -> tuple[int, ...]:
        """Sizes in whole input pixels (rounded up), one per axis."""
        return tuple(math.ceil(a.size - 1e-9) for a in self.axes)

    @property
    def jumps(self) -> tuple[float, ...]:
        """Jumps, one per axis."""
        return tuple(a.jump for a in self.axes)

    @property
    def starts(self) -> tuple[float, ...]:
        """Starts, one per axis."""
        return tuple(a.start for a in self.axes)

    def text(self) -> str:
        """``11×11`` (``11`` for a sequence)."""
        return "×".join(map(str, self.sizes))


def number_text(value: float) -> str:
    """``2``, ``0.5``, ``-1.5``: a jump or start without a useless ``.0``."""
    return f"{value:g}"


def input_field(shape: Shape) -> ReceptiveField | None:
    """The field of an Input node of ``shape``: each unit sees itself."""
    if len(shape) not in (2, 3):
        return None
    return ReceptiveField((IDENTITY,) * (len(shape) - 1))


def node_field(
    block: Block,
    params: dict,
    ins: Sequence[Shape],
    fields: Sequence[ReceptiveField | None],
    out: Shape,
    inner: Sequence[InnerResult] = (),
) -> ReceptiveField | None:
    """The receptive field of a node.

    Parameters
    ----------
    block : Block
        The node's catalogue block.
    params : dict
        Its validated parameters.
    ins : sequence of Shape
        Its input shapes (empty for an Input).
    fields : sequence of ReceptiveField or None
        The receptive fields of its inputs, in port order.
    out : Shape
        Its output shape.
    inner : sequence of InnerResult
        The inner layers' results of a composite block.

    Returns
    -------
    ReceptiveField or None
        ``None`` for vectors, token sequences and layers that mix every position.
    """
    if not ins:
        return input_field(out) if block.type == "Input" else None
    if None in fields or len(out) not in (2, 3):
        return None
    known: list[ReceptiveField] = list(fields)  # type: ignore[arg-type]
    if isinstance(block, Composite):
        return _composite(block, params, known, inner)
    first = known[0]
    if len(first.axes) != len(out) - 1:
        return None
    kind = block.type
    if kind in _SOFTMAX:
        return _softmax(first, ins[0], params["dim"])
    if block.elementwise:
        return first if tuple(ins[0][1:]) == tuple(out[1:]) else None
    if kind in WINDOWS:
        return _window(first, _window_geometry(block, params, ins[0]))
    if kind in ADAPTIVE:
        return _adaptive(first, ins[0][1:], out[1:])
    if kind == "Upsample":
        return _upsample(first, ins[0][1:], out[1:], params)
    if kind == "ConvTranspose2d":
        return _transposed(first, params)
    if kind in MERGES:
        return _merge(kind, known, ins, out, params)
    return None


def _softmax(field: ReceptiveField, shape: Shape, dim: int) -> ReceptiveField:
    """Over channels a softmax keeps positions; over a spatial axis every output unit
    depends on the whole axis: the union of all its units' fields, shared by every unit."""
    rank = len(shape) + 1
    dim = dim + rank if dim < 0 else dim
    if dim == 1:
        return field
    axes = list(field.axes)
    axis, units = axes[dim - 2], shape[dim - 1]
    axes[dim - 2] = Axis(
        axis.size + (units - 1) * axis.jump, 0, axis.start + (units - 1) / 2 * axis.jump
    )
    return ReceptiveField(tuple(axes), field.exact)


# -- sliding windows -----------------------------------------------------------------------
#: Per axis: kernel, stride, padding on the first side, dilation.
_Geometry = tuple[tuple[int, int, int, int], ...]


def _window_geometry(block: Block, p: dict, shape: Shape) -> _Geometry:
    """Kernel, stride, left padding and dilation of a conv or pool, per spatial axis."""
    values = (
        len(shape) - 1,
        p["kernel_size"],
        p["stride"],
        p["padding"],
        p.get("dilation", 1),
    )
    try:
        return _cached_geometry(*values)
    except TypeError:  # a list (two different sizes) cannot be a cache key
        return _geometry(*values)


def _geometry(
    ndim: int, kernel_size: object, stride: object, padding: object, dilation: object
) -> _Geometry:
    def axes(value: object) -> tuple[int, ...]:
        return (int(value),) if ndim == 1 else pair(value)  # type: ignore[arg-type]

    kernel = axes(kernel_size)
    stride_ = kernel if stride is None else axes(stride)
    dilation_ = axes(dilation)
    if padding == "same":  # PyTorch pads d·(k − 1) in all, the smaller half first
        pads = tuple(d * (k - 1) // 2 for k, d in zip(kernel, dilation_, strict=True))
    else:
        pads = axes(padding)
    return tuple(zip(kernel, stride_, pads, dilation_, strict=True))


#: Networks repeat the same few window settings, so their conversion is memoised.
_cached_geometry = lru_cache(maxsize=1024)(_geometry)


def _window(field: ReceptiveField, geometry: _Geometry) -> ReceptiveField:
    axes = []
    for (size, jump, start), (k, s, p, d) in zip(field.axes, geometry, strict=True):
        span = d * (k - 1)  # k′ − 1
        axes.append(Axis(size + span * jump, jump * s, start + (span / 2 - p) * jump))
    return ReceptiveField(tuple(axes), field.exact)


def _adaptive(field: ReceptiveField, sizes: Shape, outs: Shape) -> ReceptiveField:
    """PyTorch's adaptive windows: unit i pools ``⌊i·n/o⌋ … ⌈(i+1)·n/o⌉ − 1``."""
    axes, exact = [], field.exact
    for axis, n, o in zip(field.axes, sizes, outs, strict=True):
        if n % o == 0:
            k = n // o
            axes.append(
                Axis(
                    axis.size + (k - 1) * axis.jump,
                    axis.jump * k,
                    axis.start + (k - 1) / 2 * axis.jump,
                )
            )
            continue
        exact = False
        widest = max(-(-(i + 1) * n // o) - i * n // o for i in range(o))
        # unit i's window is centred near the middle of i·n/o … (i + 1)·n/o − 1
        axes.append(
            Axis(
                axis.size + (widest - 1) * axis.jump,
                axis.jump * n / o,
                axis.start + (n / o - 1) / 2 * axis.jump,
            )
        )
    return ReceptiveField(tuple(axes), exact)


def _upsample(field: ReceptiveField, sizes: Shape, outs: Shape, p: dict) -> ReceptiveField:
    """Nearest: unit n copies input ``⌊n·ratio⌋``; bilinear reads the two neighbours of
    ``(n + ½)·ratio − ½`` (``n·ratio`` with ``align_corners``)."""
    axes = []
    for axis, n, o in zip(field.axes, sizes, outs, strict=True):
        ratio = 1 / float(p["scale_factor"]) if p["size"] is None else n / o
        if p["mode"] == "nearest":
            centre, size = (ratio - 1) / 2, axis.size
        elif p["align_corners"]:
            ratio = (n - 1) / (o - 1) if o > 1 else 0.0
            centre, size = 0.0, axis.size + axis.jump
        else:
            centre, size = ratio / 2 - 0.5, axis.size + axis.jump
        axes.append(Axis(size, axis.jump * ratio, axis.start + centre * axis.jump))
    return ReceptiveField(tuple(axes), False)


def _transposed(field: ReceptiveField, p: dict) -> ReceptiveField:
    """Output unit o gets input i when ``o + p − i·s`` is one of ``0, d, …, (k − 1)·d``."""
    axes, exact = [], field.exact
    geometry = zip(
        field.axes,
        pair(p["kernel_size"]),
        pair(p["stride"]),
        pair(p["padding"]),
        pair(p["dilation"]),
        strict=True,
    )
    for axis, k, s, pad, d in geometry:
        widest = 0
        for o in range(s):  # the pattern repeats every s output units
            taps = [(o + pad - t * d) / s for t in range(k)]
            hits = [i for i in taps if i == int(i)]
            if hits:
                widest = max(widest, int(max(hits) - min(hits)))
        if s != 1:
            exact = False
        axes.append(
            Axis(
                axis.size + widest * axis.jump,
                axis.jump / s,
                axis.start + (pad - d * (k - 1) / 2) / s * axis.jump,
            )
        )
    return ReceptiveField(tuple(axes), exact)


# -- merges and composites -----------------------------------------------------------------
def _merge(
    kind: str, fields: Sequence[ReceptiveField], ins: Sequence[Shape], out: Shape, p: dict
) -> ReceptiveField | None:
    """The union of the inputs' fields, unit by unit."""
    if kind == "Concat":
        rank = len(out) + 1
        dim = p["dim"] + rank if p["dim"] < 0 else p["dim"]
        if dim != 1:  # joined along a spatial axis: the units come from different inputs
            return None
    if any(len(f.axes) != len(out) - 1 for f in fields):
        return None
    axes, exact = [], all(f.exact for f in fields)
    for a, units in enumerate(out[1:]):
        branches = []
        for field, shape in zip(fields, ins, strict=True):
            axis = field.axes[a]
            if shape[a + 1] == 1 and units > 1:  # broadcast: every unit sees unit 0
                axis = Axis(axis.size, 0, axis.start)
            branches.append(axis)
        union, same = _union(branches, units)
        axes.append(union)
        exact = exact and same
    return ReceptiveField(tuple(axes), exact)


def _union(branches: Sequence[Axis], units: int) -> tuple[Axis, bool]:
    """The field covering every branch's field for each of ``units`` units, and whether
    it is exact.

    When the jumps differ and no branch covers all the others (checked at the first and
    last unit: the bounds are linear in the unit), the union's window changes from unit
    to unit. Its edges are the lowest and highest of linear bounds, so its width is
    largest at the first or the last unit: the field reported (inexact) is that widest
    union, centred on the line through the union's centres at the two ends.
    """
    first = branches[0]
    jumps = {b.jump for b in branches}
    if len(jumps) == 1:
        if all(b == first for b in branches):  # e.g. every branch of a block's input
            return first, True
        left = min(start - (size - 1) / 2 for size, _, start in branches)
        right = max(start + (size - 1) / 2 for size, _, start in branches)
        return Axis(right - left + 1, first.jump, (left + right) / 2), True
    for wide in branches:
        if all(_covers(wide, b, n) for b in branches for n in (0, units - 1)):
            return wide, True
    ends = []
    for n in (0, units - 1):
        left = min(b.interval(n)[0] for b in branches)
        right = max(b.interval(n)[1] for b in branches)
        ends.append((right - left + 1, (left + right) / 2))
    (first_size, first), (last_size, last) = ends
    jump = (last - first) / (units - 1) if units > 1 else max(jumps)
    return Axis(max(first_size, last_size), jump, first), False


def _covers(wide: Axis, narrow: Axis, unit: int) -> bool:
    (a, b), (c, d) = wide.interval(unit), narrow.interval(unit)
    return a <= c and d <= b


def _composite(
    block: Composite,
    params: dict,
    known: Sequence[ReceptiveField],
    inner: Sequence[InnerResult],
) -> ReceptiveField | None:
    """The block's field: its last inner layer's."""
    fields = inner_fields(dict(zip(block.input_names(params), known, strict=False)), inner)
    return fields[-1] if fields else None


def inner_fields(
    field: ReceptiveField | None | Mapping[str, ReceptiveField | None],
    inner: Sequence[InnerResult],
) -> list[ReceptiveField | None]:
    """The field of every inner layer of a composite fed ``field``, with the same rules
    as top-level nodes (the rows of an expanded composite).

    ``field`` may also give the field of each input by the name the inner layers use
    (a user group's ``x1``, ``x2`` …); an input not given has no known field.
    """
    fields: dict[str, ReceptiveField | None] = (
        dict(field) if isinstance(field, Mapping) else {"x": field}
    )
    out: list[ReceptiveField | None] = []
    for layer, input_shapes, output_shape, _, params in inner:
        block = get_block(layer.type)
        if block.elementwise and layer.type not in _SOFTMAX and len(layer.inputs) == 1:
            # most inner layers (norms, activations) pass the field through:
            # (node_field's rule for them, without its general checks)
            source = fields.get(layer.inputs[0])
            same = source is not None and len(source.axes) == len(output_shape) - 1
            result = source if same and input_shapes[0][1:] == output_shape[1:] else None
            fields[layer.name] = result
            out.append(result)
            continue
        if params is None:
            params = inner_params(layer.type, tuple(sorted(layer.params.items())))
        sources = [fields.get(name) for name in layer.inputs]
        result = node_field(block, params, input_shapes, sources, output_shape)
        fields[layer.name] = result
        out.append(result)
    return out


def json_value(field: ReceptiveField | None) -> list[int] | None:
    """``[h, w]`` (``[n]`` for a sequence) or ``None``: the ``summary --json`` value."""
    return None if field is None else list(field.sizes)
