"""The inside of a composite block (Inception, Residual, VGG, NiN) as a small graph.

Built from the analysis' own per-layer results (:meth:`Composite.run_inner`), so every
inner layer's shape, parameters and FLOPs are the numbers the totals are made of. The
expanded canvas view draws this graph: one card per inner layer, links as the layers
read each other, laid out by :func:`~netbuilder.core.layout.layered_layout`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from netbuilder.core.blocks import Composite, get_block
from netbuilder.core.blocks.base import Shape
from netbuilder.core.blocks.composite import InnerResult
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.layout import TB, Direction, Drawing, layered_drawing

#: How inner layers name the composite's own input.
INPUT = "x"


@dataclass(frozen=True)
class InnerNode:
    """One inner layer with its stats.

    Attributes
    ----------
    name : str
        Layer name inside the block, as in its PyTorch class (``branch2.1.conv``).
    type : str
        Catalogue block type (``Conv2d``).
    params : dict
        The layer's parameters.
    inputs : tuple of str
        Names of the inner layers it reads, in port order (:data:`INPUT` for the
        block's input).
    input_shapes : tuple of tuple of int
        Shapes it receives.
    output_shape : tuple of int
        Shape it returns (no batch dimension).
    params_count, flops, buffers : int
        Trainable parameters, multiply-adds per sample, non-trainable state.
    """

    name: str
    type: str
    params: Mapping[str, Any]
    inputs: tuple[str, ...]
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    params_count: int
    flops: int
    buffers: int


@dataclass(frozen=True)
class InnerGraph:
    """The inner layers of one composite and the links between them.

    Attributes
    ----------
    nodes : tuple of InnerNode
        In execution order; the last one gives the block's output.
    edges : tuple of (str, str, int)
        ``(source, layer, port)``; ``source`` is :data:`INPUT` for the block's input.
    """

    nodes: tuple[InnerNode, ...]
    edges: tuple[tuple[str, str, int], ...]

    @property
    def output(self) -> str:
        """Name of the layer whose output leaves the block."""
        return self.nodes[-1].name

    def node(self, name: str) -> InnerNode:
        """The inner layer called ``name`` (``KeyError`` when absent)."""
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(name)

    def entries(self) -> list[str]:
        """Layers that read the block's input, in order."""
        return [node.name for node in self.nodes if INPUT in node.inputs]

    def drawing(
        self,
        direction: Direction = TB,
        sizes: Mapping[str, tuple[float, float]] | None = None,
        node_gap: float | None = None,
        layer_gap: float | None = None,
    ) -> Drawing[str]:
        """The layered drawing of the block's input (node :data:`INPUT`, first) and its
        inner layers: branches side by side, a shortcut in a lane of its own.

        ``sizes`` gives ``(width, height)`` per node, :data:`INPUT` included.
        """
        gaps: dict[str, float] = {}
        if node_gap is not None:
            gaps["node_gap"] = node_gap
        if layer_gap is not None:
            gaps["layer_gap"] = layer_gap
        names = [INPUT, *(n.name for n in self.nodes)]
        return layered_drawing(names, list(self.edges), direction, sizes, **gaps)


def graph_from_results(results: Sequence[InnerResult]) -> InnerGraph:
    """The inner graph of the per-layer results the analysis computed."""
    nodes = []
    edges = []
    for result in results:
        layer = result.layer
        nodes.append(
            InnerNode(
                layer.name,
                layer.type,
                dict(layer.params),
                tuple(layer.inputs),
                tuple(result.input_shapes),
                result.output_shape,
                result.cost.params,
                result.cost.flops,
                result.cost.buffers,
            )
        )
        edges.extend((src, layer.name, port) for port, src in enumerate(layer.inputs))
    # a user group with several inputs (x1, x2 …) draws them all from the one entry
    names = {node.name for node in nodes}
    edges = [(src if src in names else INPUT, dst, port) for src, dst, port in edges]
    return InnerGraph(tuple(nodes), tuple(edges))


def inner_graph(block_type: str, input_shape: Shape, params: Mapping[str, Any]) -> InnerGraph:
    """The inner graph of a ``block_type`` composite fed ``input_shape``.

    Parameters
    ----------
    block_type : str
        ``Inception``, ``Residual``, ``VGGBlock`` or ``NiNBlock``.
    input_shape : tuple of int
        The block's input shape without the batch dimension (``(192, 28, 28)``).
    params : mapping
        The block's parameters (missing ones take their defaults).

    Raises
    ------
    NetBuilderError
        When the block is not a composite, a parameter is invalid, or an inner layer
        cannot compute its output (the sentence says which).
    """
    block = get_block(block_type)
    if not isinstance(block, Composite):
        raise NetBuilderError(f"{block_type} is not a composite block; it has no inner layers.")
    return graph_from_results(block.run_inner([tuple(input_shape)], block.params(dict(params))))
