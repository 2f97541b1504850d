"""Project documents: versioned JSON, validated on read, written atomically.

``{"format": "netbuilder", "version": 2, "name": ..., "graph": {...}, "training": {...}}``.
Reading never executes anything from the file and reports the first problem with its
JSON path. Parameters equal to their defaults are not written, so documents stay short
and a block that gains a parameter keeps reading old files.

Version 2 added user groups: the graph object may hold ``"groups"``, a list of group
definitions (:mod:`netbuilder.core.document_groups`), and a node of type ``Group`` names
one (``"params": {"group": "Stem"}``). Version 1 files have no groups and read as they
are; saving writes version 2.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbuilder.core.atomic import TEMP_MARK as TEMP_MARK  # re-exported
from netbuilder.core.atomic import atomic_write
from netbuilder.core.blocks import CATALOGUE, GROUP_TYPE
from netbuilder.core.blocks.group import GroupDef
from netbuilder.core.collector import collector_paused
from netbuilder.core.document_groups import count_layers, group_params, read_groups, stored_groups
from netbuilder.core.errors import (
    ConnectError,
    DocumentError,
    GraphError,
    LabelError,
    ParamError,
)
from netbuilder.core.formatting import LINE_BREAKS, UNSAFE_CHARS, one_line
from netbuilder.core.graph import Graph, GraphLoader
from netbuilder.core.json_text import pretty_json
from netbuilder.core.messages import msg
from netbuilder.core.reading import MAX_BYTES, read_file
from netbuilder.core.training_config import TrainingConfig

FORMAT = "netbuilder"
VERSION = 2
MAX_NODES = 50_000
#: Canvas coordinates lie within ``[-MAX_POS, MAX_POS]``; saving clamps to it.
MAX_POS = 1e9

#: Text fields of one line: no control character at all.
_BAD_LINE = re.compile(f"[{UNSAFE_CHARS}]")
#: Multi-line text (the description): tab, LF, CR and line separators are allowed.
_BAD_TEXT = re.compile(f"(?![{LINE_BREAKS}])[{UNSAFE_CHARS}]")
#: The project's text fields; ``True`` when several lines are allowed.
TEXT_FIELDS = {"name": False, "description": True, "source": False}


@dataclass
class Project:
    """A network plus its metadata and training settings."""

    graph: Graph = field(default_factory=Graph)
    name: str = "untitled"
    description: str = ""
    source: str = ""
    training: TrainingConfig = field(default_factory=TrainingConfig)


# -- writing ---------------------------------------------------------------------------------
def to_dict(project: Project) -> dict[str, Any]:
    """The JSON-ready form of ``project``: exactly what :func:`from_dict` accepts.

    Positions are rounded to 3 decimals and clamped to ``±MAX_POS`` (a lost card is
    put back at 0), so a saved file always loads and save → load → save is identical.

    Raises
    ------
    DocumentError
        When a text field holds a character a project file may not hold (a control
        character, a bidi override, a lone surrogate); nothing is written then.
    """
    for key, multiline in TEXT_FIELDS.items():
        check_text(getattr(project, key), f"$.{key}", multiline)
    training = project.training.to_dict()
    for key, value in training.items():
        if isinstance(value, str):
            check_text(value, f"$.training.{key}")
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": project.name,
        "description": project.description,
        "source": project.source,
        "graph": graph_to_dict(project.graph),
        "training": training,
    }


def graph_to_dict(graph: Graph, node_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}`` as in a document, which :func:`read_graph` reads.

    With ``node_ids``, only those nodes (in document order) and the edges between them
    (what a copy puts on the clipboard).
    """
    if node_ids is None:
        chosen = None
        nodes = graph.nodes
    else:
        chosen = set(node_ids)
        nodes = [n for n in graph if n.id in chosen]
    entries = []
    defaults_of: dict[str, dict[str, Any]] = {}
    groups = stored_groups(n.params["group"] for n in nodes if n.type == GROUP_TYPE)
    for node in nodes:
        if node.type == GROUP_TYPE:
            params = {"group": groups.name_of(node.params["group"])}
        else:
            defaults = defaults_of.get(node.type)
            if defaults is None:
                defaults = defaults_of[node.type] = node.block.params({})
            params = {k: v for k, v in node.params.items() if defaults.get(k) != v}
        entry: dict[str, Any] = {"id": node.id, "type": node.type}
        if node.label:
            entry["label"] = node.label
        entry["params"] = params
        entry["pos"] = [_num(node.pos[0]), _num(node.pos[1])]
        if node.frozen:
            entry["frozen"] = True
        entries.append(entry)
    edges = [
        {"src": e.src, "dst": e.dst, "port": e.port}
        for e in graph.edges
        if chosen is None or (e.src in chosen and e.dst in chosen)
    ]
    out: dict[str, Any] = {"nodes": entries, "edges": edges}
    if groups.entries:
        out = {"groups": groups.entries, **out}
    return out


def _num(x: float) -> int | float:
    """A coordinate as written: finite, within ``±MAX_POS``, 3 decimals, ints bare.

    Idempotent, so a loaded value is written again unchanged (``-427.99996`` is
    written ``-428`` both times, never ``-428.0`` then ``-428``).
    """
    x = round(_clamp(x), 3)
    return int(x) if x.is_integer() else x


def _clamp(x: float) -> float:
    x = float(x)
    return 0.0 if math.isnan(x) else max(-MAX_POS, min(MAX_POS, x))


def clamp_position(pos: tuple[float, float]) -> tuple[float, float]:
    """``pos`` within ``±MAX_POS`` (NaN becomes 0): where a card can be kept."""
    return (_clamp(pos[0]), _clamp(pos[1]))


def check_text(value: str, path: str, multiline: bool = False) -> None:
    """Refuse text a project may not hold; raises :class:`DocumentError` at ``path``.

    Control characters (ESC, NUL, ...), bidi overrides and isolates and lone surrogates
    are refused everywhere; tab, newlines and line separators only in ``multiline`` text.
    """
    match = (_BAD_TEXT if multiline else _BAD_LINE).search(value)
    if match is None:
        return
    char = match.group()
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        what = msg("a lone surrogate ({code}), which is not text", code=code)
    elif char in LINE_BREAKS:
        what = msg("a line break or tab ({code}), which this one-line field cannot hold", code=code)
    elif "\u202a" <= char <= "\u2069":
        what = msg("a bidi control character ({code}), which could disguise the text", code=code)
    else:
        what = msg("a control character ({code})", code=code)
    name = path.rsplit(".", 1)[-1]
    raise DocumentError(msg("'{name}' holds {what}; remove it", name=name, what=what), path)


def dumps(project: Project) -> str:
    """Serialise ``project``: stable key order, two-space indent, final newline."""
    return pretty_json(to_dict(project)) + "\n"  # json.dumps(indent=2), twice as fast


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically (:func:`~netbuilder.core.atomic.atomic_write`).

    Raises
    ------
    DocumentError
        With one sentence when the file cannot be written; the old file stays intact.
    """
    target = Path(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        char = f"U+{ord(exc.object[exc.start]):04X}"
        raise DocumentError(
            msg(
                "Cannot write {target}: the text holds {char}, which is not text (a lone "
                "surrogate).",
                target=one_line(target, 120),
                char=char,
            )
        ) from None
    try:
        atomic_write(target, lambda handle: handle.write(data))
    except OSError as exc:
        raise DocumentError(
            msg("Cannot write {target}: {value}.", target=target, value=exc.strerror or exc)
        ) from None


def save(project: Project, path: str | os.PathLike[str]) -> None:
    """Write ``project`` to ``path`` atomically."""
    atomic_write_text(path, dumps(project))


# -- reading -------------------------------------------------------------------------------
def load(path: str | os.PathLike[str]) -> Project:
    """Read and validate a project file.

    Raises
    ------
    DocumentError
        One sentence (and the JSON path) for any problem: missing, unreadable, not a
        regular file (a folder, a device, a pipe), too large, not JSON, wrong types,
        unknown blocks, invalid parameters or links, newer version.
    """
    return loads(read_file(path))


def loads(raw: str | bytes) -> Project:
    """Parse and validate document text; see :func:`load`."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise DocumentError(msg("The document is too large to be a project file."))
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DocumentError(
                msg("The file is not UTF-8 text; it is not a NetBuilder project.")
            ) from None
    with collector_paused():
        return from_dict(_parse(raw))


def _parse(raw: str) -> Any:
    """The JSON value of ``raw``; :class:`DocumentError` when it is not a document's JSON."""
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            msg(
                "The file is not valid JSON (line {lineno}, column {colno}): {msg}; it may be "
                "truncated or damaged.",
                lineno=exc.lineno,
                colno=exc.colno,
                msg=exc.msg,
            )
        ) from None
    except RecursionError:
        raise DocumentError(
            msg("The file is nested too deeply to be a NetBuilder project.")
        ) from None
    except ValueError:
        # Python refuses to read integers of more than 4300 digits.
        raise DocumentError(
            msg("The file holds a number with thousands of digits; it is not a NetBuilder project.")
        ) from None


def _reject_constant(name: str) -> Any:
    raise DocumentError(
        msg("The file holds {name}, which is not a valid number in a project.", name=name)
    )


def from_dict(data: Any) -> Project:
    """Validate a parsed document and build the :class:`Project`."""
    if not isinstance(data, dict):
        raise DocumentError(msg("A project file must hold a JSON object"), "$")
    if data.get("format") != FORMAT:
        raise DocumentError(
            msg('This is not a NetBuilder project (no "format": "netbuilder")'), "$.format"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DocumentError(
            msg("The document version must be a positive whole number"), "$.version"
        )
    if version > VERSION:
        raise DocumentError(
            msg(
                "This project was saved by a newer NetBuilder (format version {version}; this one "
                "reads up to {VERSION}). Update NetBuilder to open it",
                version=version,
                VERSION=VERSION,
            ),
            "$.version",
        )
    known = {"format", "version", "name", "description", "source", "graph", "training"}
    for key in data:
        if key not in known:
            raise DocumentError(msg("unknown key '{key}'", key=_key(key)), f"$.{_key(key)}")
    project = Project()
    for key, multiline in TEXT_FIELDS.items():
        if key in data:
            if not isinstance(data[key], str):
                raise DocumentError(msg("'{key}' must be text", key=key), f"$.{key}")
            check_text(data[key], f"$.{key}", multiline)
            setattr(project, key, data[key])
    if "training" in data:
        training = data["training"]
        if isinstance(training, dict):
            for key, value in training.items():
                name = _key(key)
                check_text(key, f"$.training.{name}")
                if isinstance(value, str):
                    check_text(value, f"$.training.{name}")
        try:
            project.training = TrainingConfig.from_dict(training)
        except DocumentError as exc:  # its sentence may echo a key of the file
            raise DocumentError(one_line(exc.reason, 240), one_line(exc.path, 120)) from None
    graph = data.get("graph")
    if not isinstance(graph, dict):
        raise DocumentError(msg("'graph' must be an object with nodes and edges"), "$.graph")
    project.graph = read_graph(graph)
    return project


def read_graph(
    data: Any,
    where: str = "$.graph",
    extra: Iterable[str] = (),
    groups: Mapping[str, GroupDef] | None = None,
) -> Graph:
    """Validate a graph object (``{"nodes": [...], "edges": [...]}``) and build it.

    The one validation of graphs from outside: project files and the clipboard.
    ``where`` is the JSON path of ``data`` in error messages; ``extra`` names further
    top-level keys the caller allows (e.g. the clipboard's ``format``). The graph's own
    ``"groups"`` are read first; ``groups`` instead gives the definitions a group's
    inner graph may use (it holds no ``"groups"`` of its own).

    Raises
    ------
    DocumentError
        One sentence and the JSON path of the first problem.
    """
    if not isinstance(data, dict):
        raise DocumentError(msg("a graph must be an object with nodes and edges"), where)
    nodes = data.get("nodes", [])
    edges = data.get("edges", [])
    if not isinstance(nodes, list):
        raise DocumentError(msg("'nodes' must be a list"), f"{where}.nodes")
    if not isinstance(edges, list):
        raise DocumentError(msg("'edges' must be a list"), f"{where}.edges")
    if len(nodes) > MAX_NODES:
        raise DocumentError(
            msg("the graph has more than {MAX_NODES} nodes", MAX_NODES=MAX_NODES), f"{where}.nodes"
        )
    allowed = {"nodes", "edges", "groups", *extra}
    for key in data:
        if key not in allowed:
            raise DocumentError(msg("unknown key '{key}'", key=_key(key)), f"{where}.{_key(key)}")
    if groups is None:
        groups = read_groups(data.get("groups", []), f"{where}.groups", _read_inner)
        count_layers(nodes, groups, f"{where}.nodes")
    elif "groups" in data:
        raise DocumentError(msg("a group definition cannot hold groups"), f"{where}.groups")
    graph = _build_graph(nodes, edges, where, GraphLoader(), groups)
    if graph is None:  # the links make a loop: read again link by link to name the link
        graph = _build_graph(nodes, edges, where, GraphLoader(incremental=True), groups)
    assert graph is not None
    return graph


def _build_graph(
    nodes: list[Any],
    edges: list[Any],
    where: str,
    loader: GraphLoader,
    groups: Mapping[str, GroupDef] | None = None,
) -> Graph | None:
    """Validate and add every node and link through ``loader``; see :func:`read_graph`."""
    order: dict[str, int] = {}
    for i, entry in enumerate(nodes):
        # fast path: exact JSON types; on any doubt _refuse_node names the first problem
        if type(entry) is not dict or not _NODE_KEYS.issuperset(entry):
            _refuse_node(entry, f"{where}.nodes[{i}]")
        node_id, type_name = entry.get("id"), entry.get("type")
        params, label, pos, frozen = (
            entry.get("params", _NO_PARAMS),
            entry.get("label", ""),
            entry.get("pos"),
            entry.get("frozen", False),
        )
        if (
            type(node_id) is not str
            or type(type_name) is not str
            or (type_name not in CATALOGUE and type_name != GROUP_TYPE)
            or type(params) is not dict
            or type(label) is not str
            or (pos is not None and (type(pos) is not list or not is_position(pos)))
            or type(frozen) is not bool
        ):
            _refuse_node(entry, f"{where}.nodes[{i}]")
        if type_name == GROUP_TYPE:
            params = group_params(params, groups or {}, f"{where}.nodes[{i}].params")
        try:
            loader.add_node(
                node_id, type_name, params, label, (pos[0], pos[1]) if pos else (0.0, 0.0), frozen
            )
        except ParamError as exc:
            path = f"{where}.nodes[{i}].params.{_key(exc.param)}"
            raise DocumentError(_said(exc), path) from None
        except LabelError as exc:
            raise DocumentError(_said(exc), f"{where}.nodes[{i}].label") from None
        except GraphError as exc:
            raise DocumentError(_said(exc), f"{where}.nodes[{i}].id") from None
        order[node_id] = i
    links: list[tuple[int, int, str, str, int]] = []
    for i, entry in enumerate(edges):
        if not isinstance(entry, dict):
            raise DocumentError(msg("an edge must be an object"), f"{where}.edges[{i}]")
        src, dst, port = entry.get("src"), entry.get("dst", None), entry.get("port", 0)
        for key, value in (("src", src), ("dst", dst)):
            if type(value) is not str or value not in order:
                raise DocumentError(
                    msg("'{key}' must name a node of this graph", key=key),
                    f"{where}.edges[{i}].{key}",
                )
        if type(port) is not int:
            raise DocumentError(msg("'port' must be a whole number"), f"{where}.edges[{i}].port")
        links.append((order[src], i, src, dst, port))
    # Linked in the order of their sources in the document (usually upstream first), so
    # the cycle check rarely has to search: a node without outgoing links closes no loop.
    links.sort()
    for _, i, src, dst, port in links:
        try:
            loader.connect(src, dst, port)
        except ConnectError as exc:
            raise DocumentError(_said(exc), f"{where}.edges[{i}]") from None
    return loader.finish()


def _read_inner(data: Any, where: str, groups: Mapping[str, GroupDef]) -> Graph:
    """A group definition's inner graph (its extra keys are the definition's)."""
    return read_graph(data, where, ("name", "inputs", "output"), groups)


_NUMBER = (int, float)
_NODE_KEYS = frozenset({"id", "type", "label", "params", "pos", "frozen"})
_NO_PARAMS: dict[str, Any] = {}


def _refuse_node(entry: Any, path: str) -> None:
    """Raise the :class:`DocumentError` of the first problem of a node entry."""
    if not isinstance(entry, dict):
        raise DocumentError(msg("a node must be an object"), path)
    for key in entry:
        if key not in _NODE_KEYS:
            raise DocumentError(msg("unknown key '{key}'", key=_key(key)), f"{path}.{_key(key)}")
    node_id, type_name = entry.get("id"), entry.get("type")
    if not isinstance(node_id, str):
        raise DocumentError(msg("a node needs a text 'id'"), f"{path}.id")
    if not isinstance(type_name, str):
        raise DocumentError(msg("a node needs a text 'type'"), f"{path}.type")
    if type_name not in CATALOGUE and type_name != GROUP_TYPE:
        raise DocumentError(
            msg("unknown block type '{type_name}'", type_name=_key(type_name)), f"{path}.type"
        )
    if not isinstance(entry.get("params", {}), dict):
        raise DocumentError(msg("'params' must be an object"), f"{path}.params")
    if not isinstance(entry.get("label", ""), str):
        raise DocumentError(msg("'label' must be text"), f"{path}.label")
    pos = entry.get("pos", [0, 0])
    if not isinstance(pos, list) or not is_position(pos):
        raise DocumentError(
            msg("'pos' must be two finite numbers within ±{MAX_POS:.0e}", MAX_POS=MAX_POS),
            f"{path}.pos",
        )
    if not isinstance(entry.get("frozen", False), bool):
        raise DocumentError(msg("'frozen' must be true or false"), f"{path}.frozen")
    raise DocumentError(msg("this node cannot be read"), path)  # pragma: no cover - str subclass


def is_position(pos: Any) -> bool:
    """True for two finite numbers (not booleans) within ``±MAX_POS``: a canvas position."""
    if not isinstance(pos, (list, tuple)) or len(pos) != 2:
        return False
    x, y = pos
    return (
        type(x) in _NUMBER
        and type(y) in _NUMBER
        and -MAX_POS <= x <= MAX_POS  # False for NaN
        and -MAX_POS <= y <= MAX_POS
    )


def _key(key: str) -> str:
    """A key or name from the file, as a message may show it (escaped, at most 40 chars)."""
    return one_line(key, 40)


def _said(exc: Exception) -> str:
    """The sentence of a core error, as part of a document error (escaped, bounded)."""
    return one_line(str(exc).rstrip("."), 240)
