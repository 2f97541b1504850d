"""Project documents: versioned JSON, validated on read, written atomically.

``{"format": "netbuilder", "version": 1, "name": ..., "graph": {...}, "training": {...}}``.
Reading never executes anything from the file and reports the first problem with its
JSON path. Parameters equal to their defaults are not written, so documents stay short
and a block that gains a parameter keeps reading old files.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.errors import ConnectError, DocumentError, GraphError, ParamError
from netbuilder.core.graph import Graph
from netbuilder.core.training_config import TrainingConfig

FORMAT = "netbuilder"
VERSION = 1
#: Files larger than this are refused before parsing.
MAX_BYTES = 20 * 1024 * 1024
MAX_NODES = 50_000


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
    """The JSON-ready form of ``project``."""
    nodes = []
    for node in project.graph:
        block = node.block
        defaults = block.params({})
        params = {k: v for k, v in node.params.items() if defaults.get(k) != v}
        entry: dict[str, Any] = {"id": node.id, "type": node.type}
        if node.label:
            entry["label"] = node.label
        entry["params"] = params
        entry["pos"] = [_num(node.pos[0]), _num(node.pos[1])]
        nodes.append(entry)
    edges = [{"src": e.src, "dst": e.dst, "port": e.port} for e in project.graph.edges]
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": project.name,
        "description": project.description,
        "source": project.source,
        "graph": {"nodes": nodes, "edges": edges},
        "training": project.training.to_dict(),
    }


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 3)


def dumps(project: Project) -> str:
    """Serialise ``project``: stable key order, two-space indent, final newline."""
    return json.dumps(to_dict(project), indent=2, ensure_ascii=False) + "\n"


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and ``os.replace``.

    Raises
    ------
    DocumentError
        With one sentence when the file cannot be written; the old file stays intact.
    """
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as exc:
        raise DocumentError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise DocumentError(f"Cannot write {target}: {exc.strerror or exc}.") from None


def _file_mode(target: Path) -> int:
    """The mode a new file gets (``0o666`` less the umask), or the existing file's mode."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def save(project: Project, path: str | os.PathLike[str]) -> None:
    """Write ``project`` to ``path`` atomically."""
    atomic_write_text(path, dumps(project))


# -- reading -------------------------------------------------------------------------------
def load(path: str | os.PathLike[str]) -> Project:
    """Read and validate a project file.

    Raises
    ------
    DocumentError
        One sentence (and the JSON path) for any problem: missing, unreadable, too large,
        not JSON, wrong types, unknown blocks, invalid parameters or links, newer version.
    """
    target = Path(path)
    try:
        size = target.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(
                f"{target.name} is {size // (1024 * 1024)} MB; project files are at most "
                f"{MAX_BYTES // (1024 * 1024)} MB, so this is not one."
            )
        raw = target.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"There is no file {target}.") from None
    except IsADirectoryError:
        raise DocumentError(f"{target} is a folder, not a project file.") from None
    except OSError as exc:
        raise DocumentError(f"Cannot read {target}: {exc.strerror or exc}.") from None
    return loads(raw)


def loads(raw: str | bytes) -> Project:
    """Parse and validate document text; see :func:`load`."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise DocumentError("The document is too large to be a project file.")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DocumentError(
                "The file is not UTF-8 text; it is not a NetBuilder project."
            ) from None
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}; "
            "it may be truncated or damaged."
        ) from None
    except RecursionError:
        raise DocumentError("The file is nested too deeply to be a NetBuilder project.") from None
    except ValueError:
        # Python refuses to read integers of more than 4300 digits.
        raise DocumentError(
            "The file holds a number with thousands of digits; it is not a NetBuilder project."
        ) from None
    return from_dict(data)


def _reject_constant(name: str) -> Any:
    raise DocumentError(f"The file holds {name}, which is not a valid number in a project.")


def from_dict(data: Any) -> Project:
    """Validate a parsed document and build the :class:`Project`."""
    if not isinstance(data, dict):
        raise DocumentError("A project file must hold a JSON object", "$")
    if data.get("format") != FORMAT:
        raise DocumentError(
            'This is not a NetBuilder project (no "format": "netbuilder")', "$.format"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DocumentError("The document version must be a positive whole number", "$.version")
    if version > VERSION:
        raise DocumentError(
            f"This project was saved by a newer NetBuilder (format version {version}; this "
            f"one reads up to {VERSION}). Update NetBuilder to open it",
            "$.version",
        )
    known = {"format", "version", "name", "description", "source", "graph", "training"}
    for key in data:
        if key not in known:
            raise DocumentError(f"unknown key '{key}'", f"$.{key}")
    project = Project()
    for key in ("name", "description", "source"):
        if key in data:
            if not isinstance(data[key], str):
                raise DocumentError(f"'{key}' must be text", f"$.{key}")
            setattr(project, key, data[key])
    if "training" in data:
        project.training = TrainingConfig.from_dict(data["training"])
    graph = data.get("graph")
    if not isinstance(graph, dict):
        raise DocumentError("'graph' must be an object with nodes and edges", "$.graph")
    project.graph = _read_graph(graph)
    return project


def _read_graph(data: dict[str, Any]) -> Graph:
    nodes = data.get("nodes", [])
    edges = data.get("edges", [])
    if not isinstance(nodes, list):
        raise DocumentError("'nodes' must be a list", "$.graph.nodes")
    if not isinstance(edges, list):
        raise DocumentError("'edges' must be a list", "$.graph.edges")
    if len(nodes) > MAX_NODES:
        raise DocumentError(f"the graph has more than {MAX_NODES} nodes", "$.graph.nodes")
    for key in data:
        if key not in ("nodes", "edges"):
            raise DocumentError(f"unknown key '{key}'", f"$.graph.{key}")
    graph = Graph()
    for i, entry in enumerate(nodes):
        path = f"$.graph.nodes[{i}]"
        if not isinstance(entry, dict):
            raise DocumentError("a node must be an object", path)
        for key in entry:
            if key not in ("id", "type", "label", "params", "pos"):
                raise DocumentError(f"unknown key '{key}'", f"{path}.{key}")
        node_id, type_name = entry.get("id"), entry.get("type")
        if not isinstance(node_id, str):
            raise DocumentError("a node needs a text 'id'", f"{path}.id")
        if not isinstance(type_name, str):
            raise DocumentError("a node needs a text 'type'", f"{path}.type")
        if type_name not in CATALOGUE:
            raise DocumentError(f"unknown block type '{type_name}'", f"{path}.type")
        params = entry.get("params", {})
        if not isinstance(params, dict):
            raise DocumentError("'params' must be an object", f"{path}.params")
        label = entry.get("label", "")
        if not isinstance(label, str):
            raise DocumentError("'label' must be text", f"{path}.label")
        pos = entry.get("pos", [0, 0])
        if (
            not isinstance(pos, list)
            or len(pos) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos)
            or not all(-1e9 < v < 1e9 for v in pos)
        ):
            raise DocumentError("'pos' must be two finite numbers", f"{path}.pos")
        try:
            graph.add_node(type_name, params, "", (pos[0], pos[1]), node_id=node_id)
        except ParamError as exc:
            raise DocumentError(str(exc).rstrip("."), f"{path}.params.{exc.param}") from None
        except GraphError as exc:
            raise DocumentError(str(exc).rstrip("."), f"{path}.id") from None
        if label:
            try:
                graph.set_label(node_id, label)
            except GraphError as exc:
                raise DocumentError(str(exc).rstrip("."), f"{path}.label") from None
    for i, entry in enumerate(edges):
        path = f"$.graph.edges[{i}]"
        if not isinstance(entry, dict):
            raise DocumentError("an edge must be an object", path)
        src, dst, port = entry.get("src"), entry.get("dst", None), entry.get("port", 0)
        for key, value in (("src", src), ("dst", dst)):
            if not isinstance(value, str) or value not in graph:
                raise DocumentError(f"'{key}' must name a node of this graph", f"{path}.{key}")
        if not isinstance(port, int) or isinstance(port, bool):
            raise DocumentError("'port' must be a whole number", f"{path}.port")
        try:
            graph.connect(src, dst, port)
        except ConnectError as exc:
            raise DocumentError(str(exc).rstrip("."), path) from None
    return graph
