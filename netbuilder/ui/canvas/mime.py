"""Mime types of the canvas' drag-and-drop and clipboard payloads.

Their own module, so the palette, the view and the clipboard share them without
importing the canvas package (which imports them: no import cycle).
"""

from __future__ import annotations

#: Mime type of a block dragged from the palette; the data is the type name in UTF-8.
BLOCK_MIME = "application/x-netbuilder-block"

#: Mime type of copied nodes; the data is a JSON document fragment in UTF-8.
NODES_MIME = "application/x-netbuilder-nodes"
