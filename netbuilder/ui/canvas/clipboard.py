"""Copy and paste of canvas selections as JSON under our own mime type.

The payload is a graph in the project-file format (the selected nodes and only the
edges whose both ends are selected) plus a ``format`` tag. Pasting reads it with the
same validation as a project file (:func:`netbuilder.core.document.read_graph`): an
invalid payload is refused whole with one sentence (:class:`PasteError`), so a paste
is one :class:`PasteCommand` that always applies completely.
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from netbuilder.core.document import MAX_BYTES, clamp_position, graph_to_dict, read_graph
from netbuilder.core.errors import DocumentError, NetBuilderError
from netbuilder.core.graph import Edge, Graph
from netbuilder.ui.canvas.mime import NODES_MIME
from netbuilder.ui.i18n import translate

#: Mime type of copied blocks.
_FORMAT = "netbuilder-clipboard"


class PasteError(NetBuilderError):
    """The clipboard holds blocks that cannot be pasted; the message says why."""


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
    return {"format": _FORMAT, **graph_to_dict(graph, ids)}


def to_mime(payload: dict[str, Any]) -> QMimeData:
    """Mime data carrying ``payload`` (plus a plain-text copy for other apps)."""
    text = json.dumps(payload, ensure_ascii=False)
    data = QMimeData()
    data.setData(NODES_MIME, text.encode("utf-8"))
    data.setText(text)
    return data


def from_mime(data: QMimeData | None) -> dict[str, Any] | None:
    """The payload in ``data``, or ``None`` when it holds no copied blocks.

    Raises
    ------
    PasteError
        When it holds our mime type but not a readable payload.
    """
    if data is None or not data.hasFormat(NODES_MIME):
        return None
    raw = bytes(data.data(NODES_MIME).data())
    if len(raw) > MAX_BYTES:
        raise _refused(translate("CanvasClipboard", "it is larger than a project file may be"))
    try:
        payload = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refused(translate("CanvasClipboard", "it is not valid JSON")) from None
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise _refused(translate("CanvasClipboard", "it was not copied from NetBuilder"))
    return payload


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _refused(reason: str) -> PasteError:
    return PasteError(
        translate("CanvasClipboard", "The clipboard's blocks cannot be pasted: {reason}.").format(
            reason=reason
        )
    )


def paste_specs(
    payload: dict[str, Any], offset: tuple[float, float]
) -> tuple[list[NodeSpec], list[Edge]]:
    """Nodes and edges for :class:`PasteCommand`, shifted by ``offset``.

    Raises
    ------
    PasteError
        With one sentence when anything in the payload would be refused in a project
        file (unknown type, invalid parameter or label, bad position, dangling or
        cyclic edge ...): nothing of it is pasted then.
    """
    try:
        scratch = read_graph(payload, "$", extra=("format",))
    except DocumentError as exc:
        raise _refused(exc.reason.rstrip(".")) from None
    nodes: list[NodeSpec] = [
        (
            n.id,
            n.type,
            dict(n.params),
            n.label,
            clamp_position((n.pos[0] + offset[0], n.pos[1] + offset[1])),
        )
        for n in scratch
    ]
    return nodes, scratch.edges
