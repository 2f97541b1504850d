"""Paste is validated like a project file: an invalid clipboard is refused whole, with one
sentence in the status bar, and nothing reaches the undo stack (real clipboard, real window)."""

from __future__ import annotations

import copy
import json

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from netbuilder.core.document import dumps
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Edge
from netbuilder.ui.canvas import NODES_MIME
from netbuilder.ui.commands import PasteCommand


def _copied(window, ids: list[str]) -> dict:
    """What Ctrl+C of ``ids`` puts on the real clipboard, read back from it."""
    window.model.set_selection(ids)
    window.actions["copy"].trigger()
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasFormat(NODES_MIME)
    return json.loads(bytes(data.data(NODES_MIME).data()).decode("utf-8"))


def _put_raw(raw: bytes) -> None:
    data = QMimeData()
    data.setData(NODES_MIME, raw)
    QGuiApplication.clipboard().setMimeData(data)


def _put(payload: dict) -> None:
    _put_raw(json.dumps(payload).encode("utf-8"))


def _set(field: str, value):
    def change(p: dict) -> None:
        p["nodes"][1][field] = value

    return change


def _params(p: dict) -> None:
    p["nodes"][0]["params"] = {"out_channels": -3}


def _cycle(p: dict) -> None:
    first, last = p["nodes"][0]["id"], p["nodes"][-1]["id"]
    p["edges"].append({"src": last, "dst": first, "port": 0})


def _dangling(p: dict) -> None:
    p["edges"].append({"src": p["nodes"][0]["id"], "dst": "n999", "port": 0})


def _duplicate_id(p: dict) -> None:
    p["nodes"][2]["id"] = p["nodes"][1]["id"]


HOSTILE = {
    "bad label": (_set("label", "two words"), "cannot name a layer"),
    "keyword label": (_set("label", "class"), "keyword"),
    "reserved label": (_set("label", "forward"), "PyTorch modules already use"),
    "NaN position": (_set("pos", [float("nan"), 0]), "not valid JSON"),
    "huge position": (_set("pos", [1e12, 0]), "finite numbers"),
    "unknown type": (_set("type", "Conv9d"), "unknown block type 'Conv9d'"),
    "invalid param": (_params, "out_channels must be at least 1"),
    "cycle": (_cycle, "loop"),
    "dangling edge": (_dangling, "must name a node"),
    "duplicate id": (_duplicate_id, "already exists"),
    "label with escape": (_set("label", "a\x1b[2Jb"), "cannot name a layer"),
    "pos as text": (_set("pos", "0,0"), "'pos' must be two finite numbers"),
    "node not an object": (lambda p: p["nodes"].append(7), "a node must be an object"),
    "edge port text": (lambda p: p["edges"][0].update(port="0"), "'port' must be a whole"),
    "nodes not a list": (lambda p: p.update(nodes={}), "'nodes' must be a list"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_an_invalid_paste_is_refused_whole(window, qtbot, case: str) -> None:
    change, words = HOSTILE[case]
    payload = copy.deepcopy(_copied(window, ["n2", "n3", "n4"]))  # conv1 → act → pool1
    change(payload)
    _put(payload)
    model = window.model
    before, steps = dumps(model.project), model.undo_stack.count()
    window.actions["paste"].trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("The clipboard's blocks cannot be pasted: "), message
    assert words in message, message
    assert "\n" not in message and "\x1b" not in message
    assert dumps(model.project) == before
    assert model.undo_stack.count() == steps
    model.undo_stack.undo()  # the previous step still undoes cleanly (no KeyError)
    assert dumps(model.project) != before or steps == 0


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"\xff\xfe not utf-8", "not valid JSON"),
        (b"{" * 10_000, "not valid JSON"),
        (b'{"format": "other", "nodes": []}', "not copied from NetBuilder"),
    ],
)
def test_unreadable_clipboard_bytes_are_refused(window, raw: bytes, words: str) -> None:
    _put_raw(raw)
    before = dumps(window.model.project)
    window.actions["paste"].trigger()
    assert words in window.statusBar().currentMessage()
    assert dumps(window.model.project) == before and window.model.undo_stack.count() == 0


def test_a_valid_paste_from_the_clipboard_is_one_undo_step(window) -> None:
    model = window.model
    payload = _copied(window, ["n2", "n3", "n4"])
    assert [n["id"] for n in payload["nodes"]] == ["n2", "n3", "n4"]
    before, n = dumps(model.project), len(model.graph)
    window.actions["paste"].trigger()
    assert len(model.graph) == n + 3 and model.undo_stack.count() == 1
    model.undo_stack.undo()
    assert dumps(model.project) == before
    model.undo_stack.redo()
    assert len(model.graph) == n + 3


def test_a_paste_command_cannot_be_made_from_an_invalid_group(window) -> None:
    model = window.model
    good = ("a", "ReLU", {}, "", (0.0, 0.0))
    with pytest.raises(NetBuilderError, match="loop"):
        PasteCommand(
            model,
            [good, ("b", "ReLU", {}, "", (1.0, 1.0))],
            [
                Edge("a", "b"),
                Edge("b", "a"),
            ],
        )
    with pytest.raises(NetBuilderError, match="position"):
        PasteCommand(model, [("a", "ReLU", {}, "", (float("nan"), 0.0))], [])
    with pytest.raises(NetBuilderError, match="not part of the group"):
        PasteCommand(model, [good], [Edge("a", "zz")])
    assert model.undo_stack.count() == 0
