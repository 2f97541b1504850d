"""Formulas with the real numbers: how each node's shape, parameters and FLOPs come about.

For every block the output size of each dimension, the parameter count and the FLOPs,
each as a line in symbols and the same line with the node's numbers substituted::

    h′ = ⌊(h + 2·p − k)/s⌋ + 1 = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28
    params = (k²·c + 1)·c′ = (5²·1 + 1)·6 = 156
    FLOPs = h′·w′·k²·c·c′ = 28·28·5²·1·6 = 117,600

A composite block gets one line per inner layer (those that count) and their sum.
The data is structured (:class:`Formula`) so that views typeset it themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks import Composite, get_block
from netbuilder.core.blocks.base import Shape
from netbuilder.core.composite_graph import graph_from_results
from netbuilder.core.formulas.expr import mul, num
from netbuilder.core.formulas.lines import Formula, NodeFormulas, line
from netbuilder.core.formulas.rules import RULES, Parts

__all__ = ["Formula", "NodeFormulas", "block_formulas", "node_formulas"]

#: FLOPs per multiply-add: 1 (the seeds' convention) or 2 (FlopCounterMode).
FACTORS = (1, 2)


def _flops_line(parts: Parts, factor: int) -> Formula:
    expr = parts.flops
    note = parts.flops_note
    if factor != 1 and expr.value() != 0:
        expr = mul(num(factor), expr)
        note = "; ".join(filter(None, ["2 FLOPs per multiply-add", note]))
    return line("FLOPs", expr, note=note)


def block_formulas(
    block_type: str, input_shapes: Sequence[Shape], params: Mapping[str, Any], factor: int = 1
) -> NodeFormulas:
    """The formulas of a ``block_type`` block fed ``input_shapes``.

    Parameters
    ----------
    block_type : str
        A catalogue block type (``Conv2d``).
    input_shapes : sequence of tuple of int
        One shape per input port, without the batch dimension.
    params : mapping
        The block's parameters (missing ones take their defaults).
    factor : int
        FLOPs per multiply-add: 1 or 2.

    Raises
    ------
    NetBuilderError
        When the block cannot compute its output for these inputs.
    """
    if factor not in FACTORS:
        raise ValueError(f"FLOPs factor must be 1 or 2, not {factor!r}.")
    ins = tuple(tuple(s) for s in input_shapes)
    items = tuple(sorted(params.items()))
    try:
        hash(items)
    except TypeError:  # a list value (two different sizes) cannot be a cache key
        return _formulas(block_type, ins, dict(params), factor)
    return _cached(block_type, ins, items, factor)


@lru_cache(maxsize=4096)
def _cached(
    block_type: str, ins: tuple[Shape, ...], items: tuple[tuple[str, Any], ...], factor: int
) -> NodeFormulas:
    """Formulas are immutable and layers repeat (inside composites most of all)."""
    return _formulas(block_type, ins, dict(items), factor)


def _formulas(
    block_type: str, ins: tuple[Shape, ...], params: dict[str, Any], factor: int
) -> NodeFormulas:
    block = get_block(block_type)
    p = block.params(params)
    if isinstance(block, Composite):
        return _composite(block, ins, p, factor)
    out = block.infer(ins, p)
    parts = RULES[block_type](ins, p, out)
    params_line = line("params", parts.params, note=parts.params_note)
    return NodeFormulas(tuple(parts.shape), (params_line,), (_flops_line(parts, factor),), factor)


def _composite(
    block: Composite, ins: tuple[Shape, ...], p: dict[str, Any], factor: int
) -> NodeFormulas:
    layers = graph_from_results(block.run_inner(ins, p)).nodes
    inner = [
        (layer, block_formulas(layer.type, layer.input_shapes, layer.params, factor))
        for layer in layers
    ]
    # The output shape comes from the last layer that changes a shape (later ones, such
    # as a closing ReLU or Add, keep it).
    final = layers[-1].output_shape
    source = inner[-1]
    for layer, formulas in reversed(inner):
        if layer.output_shape != layer.input_shapes[0]:
            if layer.output_shape == final:
                source = (layer, formulas)
            break
    shape = tuple(replace(f, label=source[0].name) for f in source[1].shape)
    params = _summed("params", [(layer.name, f.params[-1]) for layer, f in inner])
    flops = _summed("FLOPs", [(layer.name, f.flops[-1]) for layer, f in inner])
    return NodeFormulas(shape, params, flops, factor)


def _summed(name: str, parts: list[tuple[str, Formula]]) -> tuple[Formula, ...]:
    """One line per part that counts, then their sum."""
    counted = [replace(f, label=label) for label, f in parts if f.value]
    if not counted:
        return (line(name, num(0), note="no inner layer counts"),)
    rest = "the other inner layers count 0" if len(counted) < len(parts) else ""
    if len(counted) == 1:
        return (replace(counted[0], note=rest),)
    total = sum(f.value for f in counted)
    substituted = " + ".join(f"{f.value:,}" for f in counted)
    return (*counted, Formula(name, "", substituted, total, note=rest, total=True))


def node_formulas(analysis: Analysis, node_id: str, factor: int = 1) -> NodeFormulas | None:
    """The formulas of node ``node_id`` with the shapes ``analysis`` computed.

    ``None`` while the node has no output (an error, or waiting for its inputs).
    """
    stats = analysis.stats(node_id)
    if stats.shape is None:
        return None
    graph = analysis.graph
    shapes = []
    for edge in graph.incoming(node_id):
        upstream = analysis.stats(edge.src).shape if edge is not None else None
        if upstream is None:
            return None
        shapes.append(upstream)
    node = graph.node(node_id)
    return block_formulas(node.type, shapes, node.params, factor)
