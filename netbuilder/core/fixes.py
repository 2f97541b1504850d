"""One-click fixes: for a node's analysis error with a known remedy, the edit that removes it.

Each remedy is proposed from the error's type and the shapes around the node, then tried
with the analysis' own rules (:func:`~netbuilder.core.analysis.node_output`) on the node's
current inputs; only a fix after which the node computes is offered. The work per node is
a few shape inferences, independent of the size of the graph.

Remedies:

- insert ``Flatten`` before a ``Linear`` (or any block wanting a vector) fed a feature map;
- insert ``Embedding`` after token ids that reach a block needing floating-point data;
- ``padding='same'`` or a smaller kernel when a convolution's or pool's window is larger
  than its input;
- a 1×1 ``Conv2d`` (``Linear`` for vectors) on an ``Add`` input, or matching channels at
  its source, so the inputs of the ``Add`` agree;
- insert ``Reshape`` before a convolution fed a vector (when the vector's length is
  ``C·H·W`` with C = 1 or 3 and a square image; other lengths have no fix).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from netbuilder.core.analysis import Analysis, node_output
from netbuilder.core.blocks import CATALOGUE, Shape, get_block
from netbuilder.core.errors import NetBuilderError, RankError
from netbuilder.core.formatting import shape_text
from netbuilder.core.graph import Edge, Graph, Node
from netbuilder.core.naming import layer_names

_CONVS = ("Conv1d", "Conv2d")
_WINDOWS = (*_CONVS, "MaxPool2d", "AvgPool2d", "MaxPool1d", "AvgPool1d")
#: Blocks whose output channels (first dimension) or features (last) a fix may set.
_CHANNEL_PARAM = {"Conv2d": "out_channels", "Conv1d": "out_channels", "Linear": "out_features"}


@dataclass(frozen=True)
class InsertBlock:
    """Put a new ``type`` block with ``params`` on ``edge`` (``src → new → dst``)."""

    edge: Edge
    type: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChangeParams:
    """Change some parameters of node ``node_id``."""

    node_id: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class Fix:
    """A remedy for the error of node ``node_id``.

    Attributes
    ----------
    node_id : str
        The node whose error the fix removes.
    title : str
        What the fix does, as a menu entry and an undo text ("Insert Flatten before fc1").
    edit : InsertBlock or ChangeParams
        The one edit to make.
    """

    node_id: str
    title: str
    edit: InsertBlock | ChangeParams


@dataclass
class _Site:
    """The erroring node and what reaches it."""

    graph: Graph
    analysis: Analysis
    node: Node
    edges: list[Edge]
    shapes: list[Shape]
    vocabs: list[int | None]
    error: NetBuilderError
    names: dict[str, str]

    def name(self, node_id: str) -> str:
        return self.names.get(node_id, node_id)


def fixes_for(analysis: Analysis, node_id: str, names: dict[str, str] | None = None) -> list[Fix]:
    """The fixes that remove ``node_id``'s own error (empty when it has none or none is known).

    Parameters
    ----------
    analysis : Analysis
        The graph's analysis (its stats give the shapes around the node).
    node_id : str
        A node of the graph.
    names : dict, optional
        Layer names (:func:`~netbuilder.core.naming.layer_names`) when the caller has them.
    """
    site = _site(analysis, node_id, names)
    if site is None:
        return []
    candidates = [
        *_embedding(site),
        *_flatten(site),
        *_reshape(site),
        *_window(site),
        *_add(site),
    ]
    return [fix for fix in candidates if _works(site, fix)]


def first_fix(analysis: Analysis) -> Fix | None:
    """The first fix of the first node error that has one (topological order), or ``None``."""
    errors = analysis.errors()
    if not errors:
        return None
    names = layer_names(analysis.graph)
    for node_id, _sentence in errors:
        fixes = fixes_for(analysis, node_id, names)
        if fixes:
            return fixes[0]
    return None


def no_fix_reason(analysis: Analysis, node_id: str) -> str:
    """Why ``node_id``'s error has no one-click fix, as one sentence for the user."""
    site = _site(analysis, node_id, {})
    if (
        site is not None
        and isinstance(site.error, RankError)
        and len(site.shapes) == 1
        and len(site.shapes[0]) == 1
        and (site.node.type == "Conv2d" or site.node.block.composite)
    ):
        length = site.shapes[0][0]
        return (
            f"No one-click fix: {length} values make no C×H×H image with 1 or 3 channels; "
            "insert a Reshape with the shape you mean."
        )
    return "No one-click fix is known for this problem."


def _site(analysis: Analysis, node_id: str, names: dict[str, str] | None) -> _Site | None:
    graph = analysis.graph
    if node_id not in graph or analysis.stats(node_id).error is None:
        return None
    node = graph.node(node_id)
    edges = graph.incoming(node_id)
    if not edges or any(edge is None for edge in edges):
        return None  # "connect a layer to it" needs the user's choice
    ups = [analysis.stats(edge.src) for edge in edges if edge is not None]
    if any(up.shape is None for up in ups):
        return None
    shapes = [up.shape for up in ups if up.shape is not None]
    vocabs = [up.vocab for up in ups]
    try:
        node_output(node.block, shapes, vocabs, node.params)
    except NetBuilderError as exc:
        error = exc
    else:
        return None
    return _Site(
        graph,
        analysis,
        node,
        [e for e in edges if e is not None],
        shapes,
        vocabs,
        error,
        names if names is not None else layer_names(graph),
    )


# -- remedies ---------------------------------------------------------------------------------
def _embedding(site: _Site) -> list[Fix]:
    if site.node.block.takes_tokens:
        return []
    fixes = []
    for edge, vocab in zip(site.edges, site.vocabs, strict=True):
        if vocab is not None and "Embedding" in CATALOGUE:
            fixes.append(
                Fix(
                    site.node.id,
                    f"Insert Embedding after {site.name(edge.src)}",
                    InsertBlock(edge, "Embedding", {"num_embeddings": vocab}),
                )
            )
    return fixes


def _flatten(site: _Site) -> list[Fix]:
    if (
        not isinstance(site.error, RankError)
        or len(site.edges) != 1
        or len(site.shapes[0]) < 2
        or site.node.type in _WINDOWS
        or "Flatten" not in CATALOGUE
    ):
        return []
    return [
        Fix(
            site.node.id,
            f"Insert Flatten before {site.name(site.node.id)}",
            InsertBlock(site.edges[0], "Flatten", {}),
        )
    ]


def _reshape(site: _Site) -> list[Fix]:
    """A vector into a convolution (or an image composite): Reshape it to C×H×W or C×L."""
    if (
        not isinstance(site.error, RankError)
        or len(site.edges) != 1
        or len(site.shapes[0]) != 1
        or "Reshape" not in CATALOGUE
    ):
        return []
    length = site.shapes[0][0]
    if site.node.type == "Conv1d":
        target = [1, length]
    elif site.node.type == "Conv2d" or site.node.block.composite:
        target = _image_of(length)
        if target is None:
            return []
    else:
        return []
    return [
        Fix(
            site.node.id,
            f"Insert Reshape to {shape_text(target)} before {site.name(site.node.id)}",
            InsertBlock(site.edges[0], "Reshape", {"shape": target}),
        )
    ]


def _image_of(length: int) -> list[int] | None:
    """``[C, H, H]`` with C = 1 or 3 and ``C·H·H == length``, or ``None``."""
    for channels in (1, 3):
        if length % channels:
            continue
        side = math.isqrt(length // channels)
        if side * side * channels == length:
            return [channels, side, side]
    return None


def _window(site: _Site) -> list[Fix]:
    """A kernel larger than the (padded) input: padding 'same' or the largest kernel that fits."""
    node = site.node
    if node.type not in _WINDOWS or isinstance(site.error, RankError) or len(site.edges) != 1:
        return []
    p = node.params
    sizes = site.shapes[0][1:]
    ndim = 2 if node.type.endswith("2d") else 1
    if len(sizes) != ndim:
        return []
    kernel = _axes(p["kernel_size"], ndim)
    padding = _axes(p["padding"], ndim) if p.get("padding") != "same" else (0,) * ndim
    dilation = _axes(p.get("dilation", 1), ndim)
    name = site.name(node.id)
    fixes = []
    if (
        node.type in _CONVS
        and p.get("padding") != "same"
        and _axes(p["stride"], ndim) == (1,) * ndim
    ):
        fixes.append(
            Fix(
                node.id, f"Set {name} padding to 'same'", ChangeParams(node.id, {"padding": "same"})
            )
        )
    fitting = tuple(
        min(k, (n + 2 * pad - 1) // d + 1)
        for k, n, pad, d in zip(kernel, sizes, padding, dilation, strict=True)
    )
    if len(set(kernel)) == 1:  # a square kernel stays square
        fitting = (min(fitting),) * ndim
    if fitting != kernel and min(fitting) >= 1:
        value: Any = fitting[0] if len(set(fitting)) == 1 else list(fitting)
        fixes.append(
            Fix(
                node.id,
                f"Set {name} kernel_size to {'×'.join(map(str, fitting))}",
                ChangeParams(node.id, {"kernel_size": value}),
            )
        )
    return fixes


def _axes(value: Any, ndim: int) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value),) * ndim


def _add(site: _Site) -> list[Fix]:
    """Inputs of an Add that disagree: a 1×1 conv (Linear for vectors) or matching channels."""
    node = site.node
    if node.type != "Add" or isinstance(site.error, RankError):
        return []
    target = site.shapes[0]
    fixes = []
    for edge, shape in zip(site.edges[1:], site.shapes[1:], strict=True):
        if shape == target or len(shape) != len(target):
            continue
        where = f"{site.name(node.id)} input {edge.port + 1}"
        fixes += _projection(site, edge, shape, target, where)
        fixes += _match_source(site, edge, shape, target)
    return fixes


def _projection(site: _Site, edge: Edge, shape: Shape, target: Shape, where: str) -> list[Fix]:
    if len(target) == 3 and "Conv2d" in CATALOGUE:
        strides = [_stride(n, t) for n, t in zip(shape[1:], target[1:], strict=True)]
        if None in strides:
            return []
        stride: Any = strides[0] if strides[0] == strides[1] else strides
        params = {"out_channels": target[0], "kernel_size": 1, "stride": stride, "bias": False}
        step = f", stride {'×'.join(map(str, dict.fromkeys(strides)))}" if stride != 1 else ""
        title = f"Insert a 1×1 Conv2d ({target[0]} channels{step}) on {where}"
        return [Fix(site.node.id, title, InsertBlock(edge, "Conv2d", params))]
    if len(target) in (1, 2) and shape[:-1] == target[:-1] and "Linear" in CATALOGUE:
        title = f"Insert Linear ({target[-1]} features) on {where}"
        return [Fix(site.node.id, title, InsertBlock(edge, "Linear", {"out_features": target[-1]}))]
    return []


def _stride(size: int, target: int) -> int | None:
    """The stride of a 1×1 window taking ``size`` to ``target`` (``⌊(n−1)/s⌋+1``), or ``None``."""
    for stride in range(1, size + 1):
        out = (size - 1) // stride + 1
        if out == target:
            return stride
        if out < target:
            return None
    return None


def _match_source(site: _Site, edge: Edge, shape: Shape, target: Shape) -> list[Fix]:
    source = site.graph.node(edge.src)
    param = _CHANNEL_PARAM.get(source.type)
    if param is None:
        return []
    axis = -1 if source.type == "Linear" else 0
    rest = list(shape)
    rest[axis] = target[axis]
    if tuple(rest) != tuple(target):
        return []
    title = f"Set {site.name(source.id)} {param} to {target[axis]}"
    return [Fix(site.node.id, title, ChangeParams(source.id, {param: target[axis]}))]


# -- trying a fix -------------------------------------------------------------------------------
def _works(site: _Site, fix: Fix) -> bool:
    """True when the node computes after ``fix`` (shapes around it as they are now)."""
    shapes, vocabs = list(site.shapes), list(site.vocabs)
    params = site.node.params
    edit = fix.edit
    try:
        if isinstance(edit, InsertBlock):
            block = get_block(edit.type)
            new = block.params(edit.params)
            port = next(i for i, e in enumerate(site.edges) if e == edit.edge)
            shapes[port] = node_output(block, [shapes[port]], [vocabs[port]], new)
            vocabs[port] = block.output_vocab(new)
        else:
            if site.graph.check_params(edit.node_id, edit.changes) is not None:
                return False
            target = site.graph.node(edit.node_id)
            new = target.block.params({**target.params, **edit.changes})
            if edit.node_id == site.node.id:
                params = new
            else:
                out = _output_with(site, target, new)
                for i, e in enumerate(site.edges):
                    if e.src == target.id:
                        shapes[i], vocabs[i] = out, target.block.output_vocab(new)
        node_output(site.node.block, shapes, vocabs, params)
    except (NetBuilderError, StopIteration):
        return False
    return True


def _output_with(site: _Site, node: Node, params: dict[str, Any]) -> Shape:
    """``node``'s output with ``params``, fed what reaches it now."""
    ups: Sequence = [site.analysis.stats(e.src) for e in site.graph.incoming(node.id) if e]
    if any(up.shape is None for up in ups):
        raise NetBuilderError("unknown input")
    return node_output(node.block, [up.shape for up in ups], [up.vocab for up in ups], params)
