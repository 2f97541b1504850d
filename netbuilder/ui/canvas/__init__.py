"""The node-graph canvas: cards, links, gestures, clipboard and export.

Public API
----------
BLOCK_MIME
    Mime type of a block dragged from the palette; the data is the block type name
    in UTF-8.
CanvasView
    The editor widget (builds its own :class:`CanvasScene` for a ``DocumentModel``).
CanvasScene
    Cards and links mirroring the model; emits ``statusMessage(str)``.
"""

from __future__ import annotations

#: Mime type of a block dragged from the palette; the data is the type name in UTF-8.
BLOCK_MIME = "application/x-netbuilder-block"

from netbuilder.ui.canvas.clipboard import NODES_MIME  # noqa: E402
from netbuilder.ui.canvas.edge_item import EdgeItem  # noqa: E402
from netbuilder.ui.canvas.export import export_png, export_svg, render_image  # noqa: E402
from netbuilder.ui.canvas.node_item import NodeItem  # noqa: E402
from netbuilder.ui.canvas.scene import CanvasScene  # noqa: E402
from netbuilder.ui.canvas.view import CanvasView  # noqa: E402

__all__ = [
    "BLOCK_MIME",
    "NODES_MIME",
    "CanvasScene",
    "CanvasView",
    "EdgeItem",
    "NodeItem",
    "export_png",
    "export_svg",
    "render_image",
]
