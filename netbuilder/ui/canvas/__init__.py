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

from netbuilder.ui.canvas.edge_item import EdgeItem
from netbuilder.ui.canvas.export import export_png, export_svg, render_image
from netbuilder.ui.canvas.mime import BLOCK_MIME, NODES_MIME
from netbuilder.ui.canvas.node_item import NodeItem
from netbuilder.ui.canvas.scene import CanvasScene
from netbuilder.ui.canvas.view import CanvasView

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
