"""Group definitions in project documents (format version 2).

A graph object may hold ``"groups"``: a list of definitions
``{"name", "inputs", "output", "nodes", "edges"}`` whose nodes and edges read like a
graph's, ``inputs`` lists per group input the inner ``{"dst", "port"}`` pairs it feeds,
and a ``Group`` node names a definition of the same document (``{"group": "Stem"}``),
in the graph or inside another definition. Reading refuses, with the JSON path, a
definition that uses itself (directly or not), nests too deep, names a group that is
not there, or makes the document too large once every group is counted through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from netbuilder.core.blocks.group import GROUP_TYPE, GroupDef
from netbuilder.core.errors import DocumentError
from netbuilder.core.formatting import one_line
from netbuilder.core.graph import Graph
from netbuilder.core.groups import (
    MAX_GROUP_DEPTH,
    NAME_MAX,
    GroupingError,
    check_group_name,
    make_definition,
)

#: Most group definitions in one document.
MAX_GROUPS = 1_000
#: Most layers a document may hold with every group counted through (the analysis
#: walks each one).
MAX_LAYERS = 200_000
#: Most inner nodes of all definitions together.
MAX_GROUP_NODES = 50_000

_KEYS = frozenset({"name", "inputs", "output", "nodes", "edges"})

ReadInner = Callable[[Any, str, Mapping[str, GroupDef]], Graph]


# -- writing -----------------------------------------------------------------------------------
@dataclass
class StoredGroups:
    """The definitions a graph uses, as a document stores them.

    Attributes
    ----------
    entries : list of dict
        One per definition, every definition after those it uses.
    names : dict
        The stored name of each definition (unique in the document: a second,
        different definition of the same name gets ``" (2)"`` and so on).
    """

    entries: list[dict[str, Any]] = field(default_factory=list)
    names: dict[GroupDef, str] = field(default_factory=dict)

    def name_of(self, definition: GroupDef) -> str:
        """The stored name of ``definition``."""
        return self.names[definition]


def stored_groups(used: Iterable[GroupDef]) -> StoredGroups:
    """The ``"groups"`` list for a graph whose group nodes hold ``used``."""
    out = StoredGroups()
    ordered: list[GroupDef] = []
    for definition in used:
        for found in (*definition.nested(), definition):
            if found not in out.names:
                out.names[found] = ""
                ordered.append(found)
    taken: set[str] = set()
    for definition in ordered:
        name, n = definition.name, 1
        while name in taken:
            n += 1
            tail = f" ({n})"
            name = definition.name[: NAME_MAX - len(tail)] + tail
        taken.add(name)
        out.names[definition] = name
    for definition in ordered:
        entry = definition.to_json()
        entry["name"] = out.names[definition]
        for node, stored in zip(definition.nodes, entry["nodes"], strict=True):
            if node[1] == GROUP_TYPE:
                stored["params"] = {"group": out.names[node[2]["group"]]}
        out.entries.append(entry)
    return out


# -- reading -----------------------------------------------------------------------------------
def group_params(params: dict[str, Any], groups: Mapping[str, GroupDef], path: str) -> dict:
    """A stored group node's parameters (``{"group": name}``) with the definition."""
    for key in params:
        if key != "group":
            raise DocumentError(f"a group has no parameter '{_key(key)}'", f"{path}.{_key(key)}")
    name = params.get("group")
    if type(name) is not str:
        raise DocumentError("'group' must name a group of this document", f"{path}.group")
    if name not in groups:
        raise DocumentError(f"there is no group called '{_key(name)}'", f"{path}.group")
    return {"group": groups[name]}


def _reference(node: Any) -> str | None:
    """The group a raw node entry names, if it is a well-formed group node."""
    if isinstance(node, dict) and node.get("type") == GROUP_TYPE:
        params = node.get("params")
        if isinstance(params, dict) and isinstance(params.get("group"), str):
            return params["group"]
    return None


def count_layers(nodes: list[Any], groups: Mapping[str, GroupDef], where: str) -> None:
    """Refuse a graph with more than :data:`MAX_LAYERS` layers, groups counted through."""
    total = 0
    for node in nodes:
        ref = _reference(node)
        total += groups[ref].layers if ref in groups else 1
    if total > MAX_LAYERS:
        raise DocumentError(
            f"the graph holds more than {MAX_LAYERS} layers once its groups are counted through",
            where,
        )


def read_groups(raw: Any, where: str, read_inner: ReadInner) -> dict[str, GroupDef]:
    """Validate a document's ``"groups"`` list and build its definitions by name.

    ``read_inner(entry, path, built)`` reads a definition's nodes and edges as a graph
    whose group nodes may name the definitions in ``built``.

    Raises
    ------
    DocumentError
        One sentence and the JSON path of the first problem.
    """
    if not isinstance(raw, list):
        raise DocumentError("'groups' must be a list", where)
    if len(raw) > MAX_GROUPS:
        raise DocumentError(f"a document holds at most {MAX_GROUPS} groups", where)
    index: dict[str, int] = {}
    total = 0
    for i, entry in enumerate(raw):
        path = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise DocumentError("a group must be an object", path)
        for key in entry:
            if key not in _KEYS:
                raise DocumentError(f"unknown key '{_key(key)}'", f"{path}.{_key(key)}")
        name = entry.get("name")
        if not isinstance(name, str):
            raise DocumentError("a group needs a text 'name'", f"{path}.name")
        from netbuilder.core.document import check_text  # noqa: PLC0415 - cycle

        check_text(name, f"{path}.name")
        problem = check_group_name(name)
        if problem or name != name.strip():
            raise DocumentError(
                (problem or "A group name has no space at either end").rstrip("."),
                f"{path}.name",
            )
        if name in index:
            raise DocumentError(f"two groups are called '{_key(name)}'", f"{path}.name")
        index[name] = i
        nodes = entry.get("nodes")
        if not isinstance(nodes, list):
            raise DocumentError("'nodes' must be a list", f"{path}.nodes")
        total += len(nodes)
        if total > MAX_GROUP_NODES:
            raise DocumentError(
                f"the groups hold more than {MAX_GROUP_NODES} nodes together", f"{path}.nodes"
            )
    uses: list[list[tuple[int, int]]] = []  # per group: (group used, node index)
    for i, entry in enumerate(raw):
        found = []
        for j, node in enumerate(entry["nodes"]):
            ref = _reference(node)
            if ref is None:
                continue
            if ref not in index:
                raise DocumentError(
                    f"there is no group called '{_key(ref)}'",
                    f"{where}[{i}].nodes[{j}].params.group",
                )
            found.append((index[ref], j))
        uses.append(found)
    order = _dependency_order(raw, uses, where)
    depth: dict[int, int] = {}
    layers: dict[int, int] = {}
    built: dict[str, GroupDef] = {}
    for i in order:
        path = f"{where}[{i}]"
        depth[i] = 1 + max((depth[k] for k, _ in uses[i]), default=0)
        if depth[i] > MAX_GROUP_DEPTH:
            raise DocumentError(f"groups nest at most {MAX_GROUP_DEPTH} deep", f"{path}.nodes")
        count = len(raw[i]["nodes"]) - len(uses[i]) + sum(layers[k] for k, _ in uses[i])
        layers[i] = count
        if count > MAX_LAYERS:
            raise DocumentError(
                f"the group holds more than {MAX_LAYERS} layers counted through", f"{path}.nodes"
            )
        built[raw[i]["name"]] = _read_definition(raw[i], path, built, read_inner)
    return built


def _dependency_order(raw: list, uses: list[list[tuple[int, int]]], where: str) -> list[int]:
    """Group indices, each after the groups it uses; refuses a group that uses itself."""
    state = [0] * len(raw)  # 0 new, 1 on the path, 2 done
    order: list[int] = []
    for start in range(len(raw)):
        if state[start]:
            continue
        stack = [(start, 0)]
        state[start] = 1
        while stack:
            i, k = stack.pop()
            if k < len(uses[i]):
                stack.append((i, k + 1))
                used, j = uses[i][k]
                if state[used] == 1:
                    name, inner = _key(raw[i]["name"]), _key(raw[used]["name"])
                    through = "" if used == i else f" through '{inner}'"
                    raise DocumentError(
                        f"group '{name}' contains itself{through}; a group cannot hold itself",
                        f"{where}[{i}].nodes[{j}].params.group",
                    )
                if state[used] == 0:
                    state[used] = 1
                    stack.append((used, 0))
            else:
                state[i] = 2
                order.append(i)
    return order


def _read_definition(
    entry: dict, path: str, built: Mapping[str, GroupDef], read_inner: ReadInner
) -> GroupDef:
    graph = read_inner({k: v for k, v in entry.items()}, path, built)
    raw_inputs = entry.get("inputs")
    if not isinstance(raw_inputs, list):
        raise DocumentError(
            "'inputs' must be a list of the ports each input feeds", f"{path}.inputs"
        )
    inputs: list[list[tuple[str, int]]] = []
    for k, targets in enumerate(raw_inputs):
        if not isinstance(targets, list):
            raise DocumentError("each input must be a list of ports", f"{path}.inputs[{k}]")
        pairs = []
        for j, target in enumerate(targets):
            where = f"{path}.inputs[{k}][{j}]"
            if not isinstance(target, dict) or set(target) - {"dst", "port"}:
                raise DocumentError('a port must be {"dst": id, "port": number}', where)
            dst, port = target.get("dst"), target.get("port", 0)
            if type(dst) is not str:
                raise DocumentError("'dst' must name a node of this group", f"{where}.dst")
            if type(port) is not int:
                raise DocumentError("'port' must be a whole number", f"{where}.port")
            pairs.append((dst, port))
        inputs.append(pairs)
    output = entry.get("output")
    if type(output) is not str:
        raise DocumentError("'output' must name a node of this group", f"{path}.output")
    try:
        return make_definition(entry["name"], graph, inputs, output)
    except GroupingError as exc:
        raise DocumentError(one_line(str(exc).rstrip("."), 240), path + exc.where) from None


def _key(key: str) -> str:
    return one_line(key, 40)
