"""A small fluent API to build graphs in code (presets, tests, examples)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from netbuilder.core.blocks import get_block
from netbuilder.core.document import Project
from netbuilder.core.graph import Graph
from netbuilder.core.layout import apply_layout
from netbuilder.core.training_config import TrainingConfig


class Builder:
    """Adds nodes that, by default, take the previous node as input.

    Examples
    --------
    >>> b = Builder()
    >>> x = b.add("Input", channels=1, height=28, width=28)
    >>> _ = b.add("Conv2d", out_channels=6, kernel_size=5, padding=2)
    >>> len(b.graph)
    2
    """

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else Graph()
        self.last: str | None = None

    def add(
        self,
        type_name: str,
        *,
        inputs: str | Sequence[str] | None = None,
        label: str = "",
        **params: Any,
    ) -> str:
        """Add a node fed by ``inputs`` (default: the last node added); returns its id.

        A merge block (``Concat``, ``Add``) given more sources than its default number of
        input ports gets one port per source (its ``inputs`` parameter).
        """
        sources = (
            [self.last] if inputs is None else [inputs] if isinstance(inputs, str) else list(inputs)
        )
        block = get_block(type_name)
        if any(entry.name == "inputs" for entry in block.schema):
            params["inputs"] = max(len(sources), block.param("inputs").default)
        nid = self.graph.add_node(type_name, params, label)
        if self.graph.node(nid).input_ports():
            for port, src in enumerate(sources):
                if src is not None:
                    self.graph.connect(src, nid, port)
        self.last = nid
        return nid

    def chain(self, *layers: tuple[str, dict[str, Any]] | str) -> str:
        """Add several nodes in a row; each item is a type or ``(type, params)``."""
        for layer in layers:
            if isinstance(layer, str):
                self.add(layer)
            else:
                type_name, params = layer
                self.add(type_name, **params)
        assert self.last is not None
        return self.last

    def project(
        self,
        name: str,
        description: str = "",
        source: str = "",
        training: TrainingConfig | None = None,
    ) -> Project:
        """Lay the graph out and wrap it in a :class:`Project`."""
        apply_layout(self.graph)
        return Project(self.graph, name, description, source, training or TrainingConfig())
