"""Project documents: byte-stable round trips, one clear error for every kind of bad
file (with the JSON path of the problem), atomic saves that never damage the old file."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netbuilder.core import document
from netbuilder.core.analysis import analyse
from netbuilder.core.document import MAX_BYTES, Project, dumps, load, loads, save
from netbuilder.core.errors import DocumentError
from netbuilder.core.presets import PRESET_NAMES, load_preset, preset_text

PRESET_DIR = Path(document.__file__).resolve().parent.parent / "presets"


# -- round trips ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PRESET_NAMES)
def test_preset_text_round_trips_byte_for_byte(name: str) -> None:
    text = (PRESET_DIR / f"{name}.json").read_text("utf-8")
    assert preset_text(name) == text
    assert dumps(loads(text)) == text
    assert dumps(loads(text.encode("utf-8"))) == text


def test_every_shipped_preset_is_listed() -> None:
    assert sorted(p.stem for p in PRESET_DIR.glob("*.json")) == sorted(PRESET_NAMES)


@pytest.mark.parametrize("name", ["lenet5", "googlenet", "name_gru"])
def test_save_and_load(tmp_path: Path, name: str) -> None:
    project = load_preset(name)
    project.graph.set_label(project.graph.nodes[1].id, "first_layer")
    project.graph.move(project.graph.nodes[1].id, (12.5, -3.25))
    path = tmp_path / "net.json"
    save(project, path)
    again = load(path)
    assert path.read_text("utf-8") == dumps(project) == dumps(again)
    assert [(n.id, n.type, n.params, n.label, n.pos) for n in again.graph] == [
        (n.id, n.type, n.params, n.label, n.pos) for n in project.graph
    ]
    assert again.graph.edges == project.graph.edges
    assert analyse(again.graph).totals() == analyse(project.graph).totals()
    assert again.name == project.name and again.training == project.training
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]  # no temp file left


def test_save_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    path.write_text("old", "utf-8")
    save(load_preset("logistic"), path)
    assert load(path).name == "logistic"


# -- corrupt documents ----------------------------------------------------------------------------
def base() -> dict[str, Any]:
    return json.loads(preset_text("lenet5"))


def edited(change: Callable[[dict[str, Any]], None]) -> str:
    data = copy.deepcopy(base())
    change(data)
    return json.dumps(data)


def one_error(raw: str | bytes) -> DocumentError:
    """The single, unchained DocumentError that reading ``raw`` raises."""
    with pytest.raises(DocumentError) as info:
        loads(raw)
    error = info.value
    assert type(error) is DocumentError
    # No chained traceback ("During handling of the above exception ...").
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    text = str(error)
    assert "\n" not in text and "Traceback" not in text and len(text) < 300
    return error


def set_node(i: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["graph"]["nodes"][i][key] = value

    return change


def add_edge(src: str, dst: str, port: int = 0) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["graph"]["edges"].append({"src": src, "dst": dst, "port": port})

    return change


CASES: dict[str, tuple[str | bytes, str, str]] = {
    # name: (document, expected JSON path, words the sentence must contain)
    "truncated": (preset_text("lenet5")[:700], "", "not valid JSON"),
    "not json": ("this is not json", "", "not valid JSON"),
    "empty": ("", "", "not valid JSON"),
    "not utf-8": (b'{"format": "netbuilder", "name": "\xff\xfe"}', "", "not UTF-8"),
    "top-level list": ("[1, 2, 3]", "$", "JSON object"),
    "top-level string": ('"netbuilder"', "$", "JSON object"),
    "missing format": (edited(lambda d: d.pop("format")), "$.format", "not a NetBuilder project"),
    "wrong format": (edited(lambda d: d.update(format="kerasbuilder")), "$.format", "format"),
    "version 0": (edited(lambda d: d.update(version=0)), "$.version", "version"),
    "version text": (edited(lambda d: d.update(version="1")), "$.version", "version"),
    "version true": (edited(lambda d: d.update(version=True)), "$.version", "version"),
    "version 999": (edited(lambda d: d.update(version=999)), "$.version", "newer NetBuilder"),
    "graph missing": (edited(lambda d: d.pop("graph")), "$.graph", "graph"),
    "nodes not a list": (
        edited(lambda d: d["graph"].update(nodes={"n1": {}})),
        "$.graph.nodes",
        "list",
    ),
    "unknown block": (
        edited(set_node(1, "type", "Conv3d")),
        "$.graph.nodes[1].type",
        "unknown block type 'Conv3d'",
    ),
    "type not text": (edited(set_node(1, "type", 3)), "$.graph.nodes[1].type", "type"),
    "bad param value": (
        edited(set_node(1, "params", {"kernel_size": -5})),
        "$.graph.nodes[1].params.kernel_size",
        "kernel_size must be at least 1",
    ),
    "bad param type": (
        edited(set_node(1, "params", {"out_channels": "six"})),
        "$.graph.nodes[1].params.out_channels",
        "out_channels must be a whole number",
    ),
    "unknown param": (
        edited(set_node(1, "params", {"in_channels": 1})),
        "$.graph.nodes[1].params.in_channels",
        "not a parameter",
    ),
    "params not an object": (
        edited(set_node(1, "params", [5])),
        "$.graph.nodes[1].params",
        "object",
    ),
    "pos is text": (edited(set_node(2, "pos", "0,0")), "$.graph.nodes[2].pos", "pos"),
    "pos of three": (edited(set_node(2, "pos", [1, 2, 3])), "$.graph.nodes[2].pos", "two"),
    "pos of bools": (edited(set_node(2, "pos", [True, False])), "$.graph.nodes[2].pos", "pos"),
    "pos huge": (edited(set_node(2, "pos", [1e300, 0])), "$.graph.nodes[2].pos", "finite"),
    "bad label": (edited(set_node(2, "label", "my layer")), "$.graph.nodes[2].label", "label"),
    "label not text": (edited(set_node(2, "label", 5)), "$.graph.nodes[2].label", "label"),
    "unknown node key": (
        edited(set_node(2, "colour", "red")),
        "$.graph.nodes[2].colour",
        "unknown key",
    ),
    "duplicate id": (edited(set_node(3, "id", "n1")), "$.graph.nodes[3].id", "already exists"),
    "id not text": (edited(set_node(3, "id", 4)), "$.graph.nodes[3].id", "id"),
    "edge to missing node": (
        edited(add_edge("n1", "n99")),
        "$.graph.edges[12].dst",
        "must name a node",
    ),
    "edge from missing node": (
        edited(add_edge("ghost", "n2")),
        "$.graph.edges[12].src",
        "must name a node",
    ),
    "edge to a taken port": (edited(add_edge("n3", "n2")), "$.graph.edges[12]", "already fed"),
    "edge port text": (edited(add_edge("n1", "n2", "0")), "$.graph.edges[12].port", "port"),
    "edge into an input": (edited(add_edge("n2", "n1")), "$.graph.edges[12]", "no input port"),
    "unknown top-level key": (edited(lambda d: d.update(extra=1)), "$.extra", "unknown key"),
    "name not text": (edited(lambda d: d.update(name=["x"])), "$.name", "text"),
    "training not an object": (edited(lambda d: d.update(training=[])), "$.training", "object"),
    "training wrong type": (
        edited(lambda d: d["training"].update(epochs="ten")),
        "$.training.epochs",
        "epochs",
    ),
    "training impossible": (
        edited(lambda d: d["training"].update(epochs=0)),
        "$.training",
        "epochs",
    ),
    "NaN literal": (preset_text("lenet5").replace('"lr": 0.01', '"lr": NaN'), "", "NaN"),
    "Infinity literal": (
        edited(lambda d: None).replace("[240, 0]", "[Infinity, 0]"),
        "",
        "Infinity",
    ),
    "deeply nested": ("[" * 100_000, "", "nested too deeply"),
    "deeply nested object": ('{"a":' * 50_000, "", ""),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_corrupt_document(case: str) -> None:
    raw, path, words = CASES[case]
    error = one_error(raw)
    if path:
        assert error.path == path, str(error)
        assert str(error).endswith(f"(at {path})")
    if words:
        assert words in str(error), str(error)


def test_node_not_an_object() -> None:
    raw = edited(lambda d: d["graph"]["nodes"].append(7))
    assert one_error(raw).path == "$.graph.nodes[13]"


def test_edge_making_a_cycle() -> None:
    # LeNet's edges run n1→n2→…→n13; a link n13→n2 (replacing n1→n2) closes a loop.
    raw = edited(lambda d: d["graph"]["edges"].__setitem__(0, {"src": "n13", "dst": "n2"}))
    error = one_error(raw)
    assert error.path.startswith("$.graph.edges[")
    assert "loop" in str(error)


def test_cycle_case_really_is_lenet_shaped() -> None:
    data = base()
    assert [n["id"] for n in data["graph"]["nodes"]] == [f"n{i}" for i in range(1, 14)]
    assert data["graph"]["edges"][0] == {"src": "n1", "dst": "n2", "port": 0}
    assert len(data["graph"]["edges"]) == 12


def test_too_many_nodes() -> None:
    data = base()
    data["graph"] = {"nodes": [{}] * (document.MAX_NODES + 1), "edges": []}
    error = one_error(json.dumps(data))
    assert error.path == "$.graph.nodes" and "more than" in str(error)


def test_hostile_numbers_in_params() -> None:
    error = one_error(edited(set_node(1, "params", {"out_channels": 10**400})))
    assert error.path == "$.graph.nodes[1].params.out_channels"
    assert "a number with 401 digits" in str(error)
    error = one_error(edited(set_node(1, "params", {"out_channels": 2.5})))
    assert "whole number" in str(error)
    error = one_error(
        edited(lambda d: None).replace('"out_channels": 6', '"out_channels": 1' + "0" * 5000)
    )
    assert "thousands of digits" in str(error) and "sys." not in str(error)


# -- files ----------------------------------------------------------------------------------------
def load_error(path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        load(path)
    assert info.value.__cause__ is None
    return info.value


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_BYTES + 1)
    error = load_error(path)
    assert "MB" in str(error) and "at most" in str(error)
    assert path.stat().st_size == MAX_BYTES + 1  # untouched


def test_a_directory(tmp_path: Path) -> None:
    assert "folder" in str(load_error(tmp_path))


def test_a_missing_file(tmp_path: Path) -> None:
    assert "no file" in str(load_error(tmp_path / "nope.json"))


def test_a_corrupt_file_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    raw = preset_text("lenet5")[:500].encode()
    path.write_bytes(raw)
    assert "truncated" in str(load_error(path))
    assert path.read_bytes() == raw


# -- atomic save ----------------------------------------------------------------------------------
def test_failing_replace_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "net.json"
    save(load_preset("lenet5"), path)
    before = path.read_bytes()

    def disk_failure(src: Any, dst: Any) -> None:  # simulates the disk failing mid-save
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(document.os, "replace", disk_failure)
    with pytest.raises(DocumentError, match="No space left on device") as info:
        save(load_preset("alexnet"), path)
    assert info.value.__cause__ is None
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores modes")
def test_read_only_directory_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    save(load_preset("lenet5"), path)
    before = path.read_bytes()
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(DocumentError, match="Cannot write"):
            save(load_preset("alexnet"), path)
    finally:
        tmp_path.chmod(0o700)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="Cannot write"):
        save(Project(), tmp_path / "no" / "such" / "net.json")
    assert list(tmp_path.iterdir()) == []


def test_saved_files_get_normal_permissions(tmp_path) -> None:
    """mkstemp makes 0600 files; a saved project must be readable like any new file."""
    import os
    import stat

    from netbuilder.core.document import save
    from netbuilder.core.presets import load_preset

    umask = os.umask(0o022)
    try:
        target = tmp_path / "net.json"
        save(load_preset("lenet5"), target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o600)
        save(load_preset("lenet5"), target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600, "an existing file keeps its mode"
    finally:
        os.umask(umask)
