"""User groups: a named sub-network used as one node.

A group node's only parameter, ``group``, is a :class:`GroupDef`: the inner nodes and
links, which inner input ports each of the group's inputs feeds, and which inner node
gives its output. The definition is immutable and hashable (compared by content), so
the analysis can memoise it like any parameter, a snapshot can be pickled, and a copy
of the node carries its definition into another document.

Its numbers are its inner layers' numbers, computed with the same blocks as every
other node (:meth:`Group.run_inner`), so it expands like a composite block.
The structural rules of a definition (every inner port fed once, one output, no
loops, no Input inside) are checked where definitions are made:
:mod:`netbuilder.core.groups`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

from netbuilder.core.blocks.base import Cost, InnerLayer, Params, Shape, sum_costs
from netbuilder.core.blocks.composite import Composite, InnerLayerError, InnerResult
from netbuilder.core.blocks.registry import get_block
from netbuilder.core.errors import ParamError, ShapeError

#: Type name of group nodes (not in the palette's catalogue: a group needs a definition).
GROUP_TYPE = "Group"

#: ``(id, type, params, label, pos, frozen)``: one inner node, as in a graph snapshot.
InnerNodeEntry = tuple[str, str, dict[str, Any], str, tuple[float, float], bool]


@dataclass(frozen=True, eq=False)
class GroupDef:
    """The definition of one group.

    Attributes
    ----------
    name : str
        The user's name for it (palette, card, exported class name).
    nodes : tuple
        ``(id, type, params, label, pos, frozen)`` per inner node, in document order.
    edges : tuple of (str, str, int)
        ``(src, dst, port)`` links between inner nodes.
    inputs : tuple of tuple of (str, int)
        Per input port of the group, the inner ``(node, port)`` pairs it feeds.
    output : str
        The inner node whose output is the group's output.

    Notes
    -----
    Equality and hashing go by content (:attr:`key`), so two documents holding the same
    definition hold equal parameters.
    """

    name: str
    nodes: tuple[InnerNodeEntry, ...]
    edges: tuple[tuple[str, str, int], ...]
    inputs: tuple[tuple[tuple[str, int], ...], ...]
    output: str

    @cached_property
    def key(self) -> str:
        """Canonical JSON of the definition; a nested group is its name and
        :attr:`digest`, so the text grows with this definition only, never with how
        many layers its nested groups hold."""
        return json.dumps(self.to_json(digests=True), sort_keys=True, ensure_ascii=False)

    @cached_property
    def digest(self) -> str:
        """SHA-256 of :attr:`key`: the whole definition, nested groups included."""
        return hashlib.sha256(self.key.encode("utf-8", "surrogatepass")).hexdigest()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GroupDef):
            return NotImplemented
        return self is other or self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def to_json(self, digests: bool = False) -> dict[str, Any]:
        """The definition as a document stores it.

        Nested groups are named (``{"group": "Stem"}``), with ``digests`` also by their
        :attr:`digest`. Parameters equal to their defaults are left out, as in a graph.
        """
        nodes = []
        for node_id, type_name, params, label, pos, frozen in self.nodes:
            if type_name == GROUP_TYPE:
                inner = params["group"]
                params = {"group": [inner.name, inner.digest] if digests else inner.name}
            else:
                defaults = _defaults(type_name)
                params = {k: v for k, v in params.items() if defaults.get(k) != v}
            entry: dict[str, Any] = {"id": node_id, "type": type_name}
            if label:
                entry["label"] = label
            entry["params"] = _plain(params)
            entry["pos"] = [_coordinate(pos[0]), _coordinate(pos[1])]
            if frozen:
                entry["frozen"] = True
            nodes.append(entry)
        return {
            "name": self.name,
            "inputs": [
                [{"dst": dst, "port": port} for dst, port in feeds] for feeds in self.inputs
            ],
            "output": self.output,
            "nodes": nodes,
            "edges": [{"src": s, "dst": d, "port": p} for s, d, p in self.edges],
        }

    def nested(self) -> list[GroupDef]:
        """The definitions this one uses, directly or not, each once, innermost first."""
        out: list[GroupDef] = []
        for _id, type_name, params, *_ in self.nodes:
            if type_name == GROUP_TYPE:
                inner = params["group"]
                for found in (*inner.nested(), inner):
                    if found not in out:
                        out.append(found)
        return out

    @cached_property
    def layers(self) -> int:
        """Inner layers counted through nested groups (what the analysis walks)."""
        return sum(
            params["group"].layers if type_name == GROUP_TYPE else 1
            for _id, type_name, params, *_ in self.nodes
        )

    @cached_property
    def order(self) -> tuple[str, ...]:
        """Inner node ids in execution order: links go forwards, the output last,
        ties in document order."""
        return tuple(_graph_tool("order")(self))

    @cached_property
    def feeds(self) -> dict[str, tuple[str | int, ...]]:
        """Per inner node, what feeds each input port: an inner node id or the index of
        one of the group's inputs."""
        table: dict[str, dict[int, str | int]] = {entry[0]: {} for entry in self.nodes}
        for src, dst, port in self.edges:
            table[dst][port] = src
        for k, targets in enumerate(self.inputs):
            for dst, port in targets:
                table[dst][port] = k
        return {nid: tuple(ports[i] for i in sorted(ports)) for nid, ports in table.items()}

    @cached_property
    def names(self) -> dict[str, str]:
        """Layer name per inner node (as in the group's exported class), and per input
        index ``"x"`` (one input) or ``"x1"``, ``"x2"`` …"""
        return _graph_tool("names")(self)

    def input_name(self, k: int) -> str:
        """The name of the group's input ``k`` inside it (``x``, or ``x1``, ``x2`` …)."""
        return "x" if len(self.inputs) == 1 else f"x{k + 1}"


#: How a definition's inner network is ordered (``"order"``) and its layers named
#: (``"names"``): these need the graph model, which imports this package, so
#: :mod:`netbuilder.core.groups` puts them here when it is imported (the analysis and
#: every reader of group documents import it) instead of this module importing it.
GRAPH_TOOLS: dict[str, Callable[[GroupDef], Any]] = {}


def _graph_tool(name: str) -> Callable[[GroupDef], Any]:
    tool = GRAPH_TOOLS.get(name)
    if tool is None:
        raise RuntimeError("import netbuilder.core.groups before analysing a group")
    return tool


@cache
def _defaults(type_name: str) -> dict[str, Any]:
    """Default parameters of a catalogue block (callers must not mutate them)."""
    return get_block(type_name).params({})


def _plain(value: Any) -> Any:
    """Parameter values as JSON holds them (tuples as lists)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _coordinate(x: float) -> int | float:
    x = round(float(x), 3)
    return int(x) if x.is_integer() else x


class Group(Composite):
    """A user group: a named sub-network used as one node."""

    type = GROUP_TYPE
    summary = "A named sub-network of your own, used as one block."

    def params(self, given: Params | None = None) -> dict[str, Any]:
        given = given or {}
        definition = given.get("group")
        if not isinstance(definition, GroupDef):
            raise ParamError("group", "A group needs its definition; make one with Edit → Group.")
        for key in given:
            if key != "group":
                raise ParamError(key, f"A group has no parameter '{key}'.")
        return {"group": definition}

    def input_ports(self, p: Params) -> tuple[str, ...]:
        definition: GroupDef = p["group"]
        if len(definition.inputs) == 1:
            return ("in",)
        return tuple(f"in{k + 1}" for k in range(len(definition.inputs)))

    def relevant(self, p: Params) -> tuple[str, ...]:
        return ()

    def input_names(self, p: Params) -> tuple[str, ...]:
        definition: GroupDef = p["group"]
        return tuple(definition.input_name(k) for k in range(len(definition.inputs)))

    def run_inner(self, ins: Sequence[Shape], p: Params) -> list[InnerResult]:
        definition: GroupDef = p["group"]
        if len(ins) != len(definition.inputs):
            raise ShapeError(
                f"Group '{definition.name}' takes {len(definition.inputs)} input(s), "
                f"not {len(ins)}."
            )
        return list(_run(definition, tuple(tuple(s) for s in ins)))

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        return self.run_inner(ins, p)[-1].output_shape

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        return sum_costs(r.cost for r in self.run_inner(ins, p))

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        return f"{group_class_name(p['group'].name)}()"

    def torch_call(self, attr: str, args: Sequence[str], p: Params) -> str:
        return f"{attr}({', '.join(args)})"

    def torch_class(self, p: Params) -> tuple[str, str]:
        raise NotImplementedError("group classes are written by the code generator")

    def describe(self, p: Params) -> str:
        definition: GroupDef = p["group"]
        count = len(definition.nodes)
        return f"{count} layer{'s' if count != 1 else ''}"

    def base_name(self) -> str:
        return "group"

    def title(self, p: Params) -> str:
        return p["group"].name


def group_class_name(name: str) -> str:
    """A PascalCase class name from a group's name (``conv stem`` → ``ConvStem``).

    ASCII letters and digits only; ``Group`` when none is left; ``Group`` is put
    first when the name starts with a digit and appended to a Python keyword.
    """
    parts = [w for w in re.split(r"[^0-9A-Za-z]+", name) if w]
    text = "".join(part[:1].upper() + part[1:] for part in parts)[:40]
    if not text:
        return "Group"
    if not text[0].isalpha():
        text = "Group" + text
    if text in ("None", "True", "False"):
        text += "Group"
    return text


@lru_cache(maxsize=2048)
def _run(definition: GroupDef, ins: tuple[Shape, ...]) -> tuple[InnerResult, ...]:
    """Shapes and costs of every inner layer fed ``ins``, in execution order."""
    entries = {entry[0]: entry for entry in definition.nodes}
    names = definition.names
    shapes: dict[str, Shape] = {}
    results = []
    for nid in definition.order:
        _id, type_name, params, *_ = entries[nid]
        sources = definition.feeds[nid]
        layer_ins = tuple(ins[s] if isinstance(s, int) else shapes[s] for s in sources)
        inputs = tuple(
            definition.input_name(s) if isinstance(s, int) else names[s] for s in sources
        )
        layer = InnerLayer(names[nid], type_name, params, inputs)
        block = get_block(type_name)
        try:
            if block.takes_tokens:
                raise ShapeError(f"{type_name} needs token ids, which a group cannot take.")
            if isinstance(block, Composite):
                inner = block.run_inner(layer_ins, params)
                out = inner[-1].output_shape
                cost = sum_costs(r.cost for r in inner)
            else:
                out = block.infer(layer_ins, params)
                cost = block.cost(layer_ins, out, params)
        except ShapeError as exc:
            raise InnerLayerError(
                GROUP_TYPE, layer, exc, f"{definition.name} layer '{layer.name}': {exc}"
            ) from None
        shapes[nid] = out
        results.append(InnerResult(layer, layer_ins, out, cost, params))
    return tuple(results)
