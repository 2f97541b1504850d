"""Copy and paste of canvas selections as JSON under our own mime type.

The payload holds the selected nodes (type, parameters, label, position) and only the
edges whose both ends are selected; pasting turns it into one :class:`PasteCommand`.
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.graph import Edge, Graph
from netbuilder.ui.canvas.mime import NODES_MIME

#: Mime type of copied blocks.
_FORMAT = "netbuilder-clipboard"

NodeSpec = tuple[str, str, dict[str, Any], str, tuple[float, float]]


_release_registered = False


def put(payload: dict[str, Any]) -> None:
    """Put ``payload`` on the system clipboard.

    The clipboard owns the QMimeData; PySide6 (6.11) frees it a second time when the
    interpreter exits and crashes, so our data is taken off the clipboard at exit.
    """
    global _release_registered
    QGuiApplication.clipboard().setMimeData(to_mime(payload))
    if not _release_registered:
        atexit.register(_release)
        _release_registered = True


def _release() -> None:
    if QGuiApplication.instance() is None:
        return
    board = QGuiApplication.clipboard()
    data = board.mimeData()
    if data is not None and data.hasFormat(NODES_MIME):
        board.clear()


def selection_payload(graph: Graph, node_ids: Iterable[str]) -> dict[str, Any]:
    """JSON-ready description of ``node_ids`` and the edges inside them."""
    ids = [nid for nid in node_ids if nid in graph]
    chosen = set(ids)
    nodes = []
    for nid in ids:
        node = graph.node(nid)
        nodes.append(
            {
                "key": nid,
                "type": node.type,
                "params": node.params,
                "label": node.label,
                "pos": [node.pos[0], node.pos[1]],
            }
        )
    edges = [
        {"src": e.src, "dst": e.dst, "port": e.port}
        for e in graph.edges
        if e.src in chosen and e.dst in chosen
    ]
    return {"format": _FORMAT, "nodes": nodes, "edges": edges}


def to_mime(payload: dict[str, Any]) -> QMimeData:
    """Mime data carrying ``payload`` (plus a plain-text copy for other apps)."""
    text = json.dumps(payload, ensure_ascii=False)
    data = QMimeData()
    data.setData(NODES_MIME, text.encode("utf-8"))
    data.setText(text)
    return data


def from_mime(data: QMimeData | None) -> dict[str, Any] | None:
    """The payload in ``data``, or ``None`` when it holds no (valid) copied blocks."""
    if data is None or not data.hasFormat(NODES_MIME):
        return None
    try:
        payload = json.loads(bytes(data.data(NODES_MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        return None
    return payload


def paste_specs(
    payload: dict[str, Any], offset: tuple[float, float]
) -> tuple[list[NodeSpec], list[Edge]]:
    """Nodes and edges for :class:`PasteCommand`, shifted by ``offset``.

    Unknown block types and malformed entries are skipped (with their edges).
    """
    nodes: list[NodeSpec] = []
    keys: set[str] = set()
    ports: dict[str, int] = {}
    for entry in payload.get("nodes", []):
        try:
            key, type_name = str(entry["key"]), str(entry["type"])
            params = dict(entry.get("params") or {})
            label = str(entry.get("label") or "")
            x, y = (float(v) for v in entry.get("pos", (0.0, 0.0)))
        except (KeyError, TypeError, ValueError):
            continue
        if type_name not in CATALOGUE or key in keys:
            continue
        try:
            params = CATALOGUE[type_name].params(params)
        except ValueError:
            continue
        keys.add(key)
        ports[key] = len(CATALOGUE[type_name].input_ports(params))
        nodes.append((key, type_name, params, label, (x + offset[0], y + offset[1])))
    edges: list[Edge] = []
    taken: set[tuple[str, int]] = set()
    for entry in payload.get("edges", []):
        try:
            edge = Edge(str(entry["src"]), str(entry["dst"]), int(entry.get("port", 0)))
        except (KeyError, TypeError, ValueError):
            continue
        if (
            edge.src in keys
            and edge.dst in keys
            and edge.src != edge.dst
            and 0 <= edge.port < ports[edge.dst]
            and (edge.dst, edge.port) not in taken
        ):
            taken.add((edge.dst, edge.port))
            edges.append(edge)
    return nodes, edges
