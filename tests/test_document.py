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
from hypothesis import given, settings
from hypothesis import strategies as st

from netbuilder.core import document
from netbuilder.core.analysis import analyse
from netbuilder.core.document import MAX_BYTES, Project, dumps, load, loads, save
from netbuilder.core.errors import DocumentError
from netbuilder.core.presets import PRESET_NAMES, load_preset, preset_text

PRESET_DIR = Path(__file__).resolve().parent.parent / "presets"


# -- round trips ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PRESET_NAMES)
def test_preset_text_round_trips_byte_for_byte(name: str) -> None:
    # the presets are version 1 files: they migrate to version 2 (no groups, so only
    # the version number changes) and the version 2 text then round-trips exactly
    text = (PRESET_DIR / f"{name}.json").read_text("utf-8")
    assert preset_text(name) == text
    migrated = text.replace('"version": 1,', '"version": 2,', 1)
    assert dumps(loads(text)) == migrated
    assert dumps(loads(text.encode("utf-8"))) == migrated
    assert dumps(loads(migrated)) == migrated


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
        edited(lambda d: None).replace("[0, 140]", "[Infinity, 140]"),
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


# -- odd files: never hang, never flood memory ---------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_a_fifo_without_writer_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    error = load_error(fifo)  # a blocking open would wait for a writer forever
    assert "is a pipe, not a project file" in str(error)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_a_fifo_with_a_writer_is_refused_too(tmp_path: Path) -> None:
    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # holds the pipe open, as `yes > net.json` would
    try:
        assert "is a pipe" in str(load_error(fifo))
    finally:
        os.close(writer)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_without_reading() -> None:
    error = load_error(Path("/dev/zero"))
    assert "/dev/zero is a device, not a project file" in str(error)


def test_a_directory_says_folder(tmp_path: Path) -> None:
    error = load_error(tmp_path)
    assert str(error) == f"{tmp_path} is a folder, not a project file."


@pytest.mark.skipif(not os.path.exists("/proc/self/maps"), reason="needs Linux /proc")
def test_a_file_larger_than_its_stat_size_is_read_only_to_the_limit() -> None:
    # /proc files say st_size 0 and then deliver more: what a file growing while it
    # is read looks like to the reader. At most limit + 1 bytes may be taken.
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0 and len(maps.read_bytes()) > 64
    with pytest.raises(DocumentError, match="grew beyond 64 bytes while it was read"):
        document.read_file(maps, limit=64)


def test_a_file_appended_to_while_read_is_refused(tmp_path: Path) -> None:
    """A real writer keeps appending; the reader never takes more than limit + 1 bytes."""
    import subprocess
    import sys

    path = tmp_path / "growing.json"
    path.write_bytes(b"{")
    script = (
        "import sys\n"
        "f = open(sys.argv[1], 'ab', buffering=0)\n"
        "print('ready', flush=True)\n"
        "while True:\n    f.write(b' ' * 65536)\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        limit = 4 * 1024 * 1024
        while path.stat().st_size < 64 * 1024:  # the writer is under way
            pass
        try:
            data = document.read_file(path, limit=limit)
        except DocumentError as exc:  # grew past the limit during or before the read
            assert "grew beyond" in str(exc) or "at most" in str(exc)
        else:
            assert len(data) <= limit
    finally:
        writer.kill()
        writer.wait()


# -- text a project may not hold ------------------------------------------------------------------
@pytest.mark.parametrize(
    "field, text, path, words",
    [
        ("name", "\ud800", "$.name", "lone surrogate (U+D800)"),
        ("description", "half \udfff pair", "$.description", "lone surrogate"),
        ("name", "clear \x1b[2J screen", "$.name", "control character (U+001B)"),
        ("source", "nul\x00", "$.source", "control character (U+0000)"),
        ("name", "two\nlines", "$.name", "line break"),
        ("name", "evil\u202egnp.exe", "$.name", "bidi control character (U+202E)"),
        ("description", "isolate \u2066x\u2069", "$.description", "bidi"),
        ("description", "c1 \x9b control", "$.description", "control character (U+009B)"),
    ],
)
def test_unsafe_text_is_refused_at_load(field: str, text: str, path: str, words: str) -> None:
    raw = edited(lambda d: d.update({field: text}))  # json.dumps escapes it (\\ud800)
    assert "\\" in raw  # escaped in the JSON text, as an editor would write it
    error = one_error(raw)
    assert error.path == path and words in str(error)
    assert "\x1b" not in str(error) and "\ud800" not in str(error)


def test_unsafe_text_in_training_settings_is_refused() -> None:
    error = one_error(edited(lambda d: d["training"].update(dataset="dig\x1bits")))
    assert error.path == "$.training.dataset" and "U+001B" in str(error)


def test_multiline_description_with_tabs_is_kept() -> None:
    text = "line one\n\tline two\r\nend\u2028"
    project = loads(edited(lambda d: d.update(description=text)))
    assert project.description == text
    assert dumps(loads(dumps(project))) == dumps(project)


def test_a_huge_unknown_key_is_not_echoed_whole() -> None:
    error = one_error(edited(lambda d: d.update({"k" * 1_000_000 + "\x1b": 1})))
    assert "unknown key" in str(error) and len(str(error)) < 300


@pytest.mark.parametrize("text", ["\ud800", "a\x1b[2Jb", "x\u202e"])
def test_save_refuses_unsafe_text_without_writing(tmp_path: Path, text: str) -> None:
    project = load_preset("lenet5")
    project.name = text
    path = tmp_path / "net.json"
    path.write_text("old", "utf-8")
    with pytest.raises(DocumentError, match=r"\$\.name"):
        save(project, path)
    assert path.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


def test_writing_a_lone_surrogate_is_a_sentence_and_leaves_no_temp(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="lone surrogate"):
        document.atomic_write_text(tmp_path / "x.py", "ok \udc80 no")
    assert list(tmp_path.iterdir()) == []


# -- positions: save writes only what load accepts, byte-stable ----------------------------------
def test_positions_round_trip_byte_for_byte(tmp_path: Path) -> None:
    project = load_preset("lenet5")
    ids = [n.id for n in project.graph]
    project.graph.move(ids[0], (-427.99996, 0.0004))
    project.graph.move(ids[1], (12.3456789, -0.0))
    path = tmp_path / "net.json"
    save(project, path)
    first = path.read_bytes()
    data = json.loads(first)
    # -427.99996 rounds to -428 (3 decimals) and is written as a whole number at once
    assert data["graph"]["nodes"][0]["pos"] == [-428, 0]
    assert data["graph"]["nodes"][1]["pos"] == [12.346, 0]
    assert '"pos": [\n          -428,' in first.decode() or "-428.0" not in first.decode()
    save(load(path), path)
    assert path.read_bytes() == first


@pytest.mark.parametrize(
    "pos, written",
    [
        ((float("nan"), 5.0), [0, 5]),
        ((float("inf"), float("-inf")), [1_000_000_000, -1_000_000_000]),
        ((1e12, -3e9), [1_000_000_000, -1_000_000_000]),
    ],
)
def test_impossible_positions_are_saved_as_loadable_ones(
    tmp_path: Path, pos: tuple[float, float], written: list[int]
) -> None:
    project = load_preset("logistic")
    node = project.graph.nodes[0].id
    project.graph.move(node, pos)
    path = tmp_path / "net.json"
    save(project, path)
    assert json.loads(path.read_text("utf-8"))["graph"]["nodes"][0]["pos"] == written
    again = load(path)  # loads: what save wrote is what load accepts
    assert again.graph.node(node).pos == tuple(float(v) for v in written)
    save(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


# -- temporary files ------------------------------------------------------------------------------
_BLOCKED_SAVE = """
import os, sys
from netbuilder.core import document
from netbuilder.core.presets import load_preset

def stuck(fd):  # the save is half done: the temp file exists, the target is untouched
    print("writing", flush=True)
    sys.stdin.readline()  # blocks until killed
os.fsync = stuck
document.save(load_preset("alexnet"), sys.argv[1])
"""


@pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")
def test_a_killed_save_leaves_the_old_file_and_the_next_save_removes_its_temp(
    tmp_path: Path,
) -> None:
    import signal
    import subprocess
    import sys

    path = tmp_path / "net.json"
    save(load_preset("lenet5"), path)
    before = path.read_bytes()
    (tmp_path / ".notes.txt.tmp").write_text("someone else's", "utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", _BLOCKED_SAVE, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        temps = [p.name for p in tmp_path.iterdir() if document.TEMP_MARK in p.name]
        assert len(temps) == 1 and temps[0].startswith(".net.json.nbtmp-")
        # its writer still runs: a save meanwhile leaves its temp file alone
        save(load_preset("logistic"), tmp_path / "other.json")
        assert (tmp_path / temps[0]).exists()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert path.read_bytes() == before  # the killed save never touched the file
    assert (tmp_path / temps[0]).exists()  # its leftover ...
    save(load_preset("logistic"), tmp_path / "third.json")
    assert not (tmp_path / temps[0]).exists()  # ... is removed by the next save there
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".notes.txt.tmp",  # not ours: kept
        "net.json",
        "other.json",
        "third.json",
    ]


def test_an_interrupted_save_removes_its_temp_file(tmp_path: Path, monkeypatch) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(document.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(load_preset("lenet5"), tmp_path / "net.json")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


# -- whatever load accepts, save writes and load reads back -----------------------------------
@settings(max_examples=60, deadline=None)
@given(
    name=st.text(max_size=30),
    description=st.text(max_size=60),
    x=st.floats(allow_nan=False, allow_infinity=False, min_value=-2e9, max_value=2e9),
)
def test_anything_load_accepts_saves_and_round_trips(
    tmp_path_factory: pytest.TempPathFactory, name: str, description: str, x: float
) -> None:
    data = base()
    data.update(name=name, description=description)
    data["graph"]["nodes"][0]["pos"] = [x, -x]
    try:
        project = loads(json.dumps(data))  # ensure_ascii: lone surrogates travel escaped
    except DocumentError:
        return
    folder = tmp_path_factory.mktemp("round")
    save(project, folder / "a.json")
    again = load(folder / "a.json")
    save(again, folder / "b.json")
    assert (folder / "a.json").read_bytes() == (folder / "b.json").read_bytes()
    assert again.name == name and again.description == description
    assert sorted(p.name for p in folder.iterdir()) == ["a.json", "b.json"]
