"""A generated corpus of hostile project documents (deterministic for a seed).

Kinds: truncations, byte flips, wrong types, huge/negative/zero/NaN numbers, deep nesting,
control characters, code in strings, duplicate ids, dangling edges, cycles, duplicate
keys, raw junk, and bad group definitions (format version 2: a group holding itself,
naming a missing group, nesting a hundred million layers, with dangling links).
Each document is bytes; most are refused by ``load`` with a sentence, some
are valid (a harmless mutation), and those must save and load back unchanged.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from typing import Any

from netbuilder.core import document
from netbuilder.core.groups import group_nodes, plan_group
from netbuilder.core.presets import PRESET_NAMES, load_preset, preset_text

KINDS = (
    "truncate",
    "flip",
    "wrong_type",
    "number",
    "nesting",
    "control",
    "code",
    "duplicate_id",
    "dangling",
    "cycle",
    "duplicate_key",
    "junk",
    "group",
)
NUMBERS = (
    "1" + "0" * 30,
    "-1",
    "0",
    "-0.0",
    "1e308",
    "1e999",
    "-1e999",
    "NaN",
    "Infinity",
    "-Infinity",
    "9" * 5000,
    "5e-324",
    str(2**63),
    "0.5",
    "1e9",
    "-1000000001",
)
TEXTS = (
    "\x1b[2J\x1b[H",
    "\x00",
    "a\rb",
    "\u202egnp.exe",
    "\u2066x\u2069",
    "\ud800",
    "\udfff\ud800",
    "\x9b31m",
    "line\nbreak",
    "\u2028",
)
CODE = (
    "__import__('os').system('touch PWNED')",
    '"""; import os; os.system("touch PWNED"); """',
    "'); import os #",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "\\x00\\u0000",
    "C:\\Users\\me\\nets",
    "exec(open('x').read())",
)
_SMALL = tuple(n for n in PRESET_NAMES if n not in ("googlenet", "resnet18", "vgg16"))


def _paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, (*prefix, i))


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


def _dump(data: Any, rng: random.Random) -> bytes:
    return json.dumps(data, indent=rng.choice([None, 2])).encode("utf-8")


def mutate(base: str, kind: str, rng: random.Random) -> bytes:
    """One hostile variant of the document text ``base``."""
    data = json.loads(base)
    raw = base.encode("utf-8")
    nodes = data["graph"]["nodes"]
    edges = data["graph"]["edges"]
    if kind == "truncate":
        return raw[: rng.randrange(len(raw))]
    if kind == "flip":
        out = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == "wrong_type":
        path = rng.choice(list(_paths(data)))
        value = rng.choice([[], {}, "text", 3, 2.5, True, None, [[1]], {"a": {}}])
        return _dump(_set(data, path, value), rng)
    if kind == "number":
        numeric = [p for p in _paths(data) if isinstance(_get(data, p), (int, float))]
        path = rng.choice(numeric)
        _set(data, path, "__NB_MARK__")
        text = json.dumps(data)
        return text.replace('"__NB_MARK__"', rng.choice(NUMBERS)).encode("utf-8")
    if kind == "nesting":
        depth = rng.choice([50, 500, 5_000, 100_000])
        opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
        path = rng.choice(list(_paths(data))[1:])
        _set(data, path, "__NB_MARK__")
        nested = opener * depth + "1" + closer * depth
        return json.dumps(data).replace('"__NB_MARK__"', nested).encode("utf-8")
    if kind == "control":
        strings = [p for p in _paths(data) if isinstance(_get(data, p), str)]
        path = rng.choice(strings)
        value = _get(data, path) + rng.choice(TEXTS)
        if rng.random() < 0.3:  # raw, unescaped in the JSON text
            return (
                (json.dumps(_set(data, path, "__NB_MARK__"), ensure_ascii=False))
                .replace("__NB_MARK__", value.replace("\\", ""))
                .encode("utf-8", "surrogatepass")
            )
        return _dump(_set(data, path, value), rng)
    if kind == "code":
        target = rng.choice(["name", "description", "source", "label", "type", "id", "param"])
        text = rng.choice(CODE)
        node = rng.choice(nodes)
        if target in ("name", "description", "source"):
            data[target] = text
        elif target == "param":
            node["params"][rng.choice(["kind", "out_channels", "padding"])] = text
        else:
            node[target] = text
        return _dump(data, rng)
    if kind == "duplicate_id":
        a, b = rng.sample(range(len(nodes)), 2)
        nodes[b]["id"] = nodes[a]["id"]
        return _dump(data, rng)
    if kind == "dangling":
        edge = rng.choice(edges)
        edge[rng.choice(["src", "dst"])] = rng.choice(["ghost", "", "n0", "n99999"])
        return _dump(data, rng)
    if kind == "cycle":
        order = [n["id"] for n in nodes]
        # Two layers after the input when there are (char_rnn has one: a self-loop then).
        i, j = sorted(rng.sample(range(1, len(order)), 2)) if len(order) > 2 else (1, 1)
        edges.append({"src": order[j], "dst": order[i], "port": rng.choice([0, 1])})
        if rng.random() < 0.5:
            edges.append({"src": order[i], "dst": order[i], "port": 0})
        return _dump(data, rng)
    if kind == "group":
        return _dump(_bad_group(data, rng), rng)
    if kind == "duplicate_key":
        text = json.dumps(data)
        return (
            re.sub(r'"version": (\d+)', r'"version": \1, "version": 99', text, count=1)
            .replace('"graph": {', '"graph": {"nodes": 5, ', 1)
            .encode("utf-8")
        )
    # junk
    return rng.choice(
        [
            b"",
            b"\xef\xbb\xbf" + raw,
            raw.replace(b"{", b"(", 1),
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))),
            raw * 2,
            b"null",
            b"[]",
            b'"netbuilder"',
            raw.decode().encode("utf-16"),
        ]
    )


def grouped_text() -> str:
    """A version 2 document with nested groups: LeNet-5 with its first stage grouped."""
    project = load_preset("lenet5")
    graph = project.graph
    inner = group_nodes(graph, plan_group(graph, ["n2", "n3", "n4"], "conv block"))
    group_nodes(graph, plan_group(graph, [inner, "n5", "n6"], "features"))
    return document.dumps(project)


def _bad_group(data: Any, rng: random.Random) -> Any:
    """One hostile edit of the group definitions of :func:`grouped_text`'s document."""
    groups = data["graph"]["groups"]
    first, second = groups[0], groups[1]
    edit = rng.randrange(8)
    if edit == 0:  # a group holding itself
        first["nodes"][0] = {"id": "n2", "type": "Group", "params": {"group": first["name"]}}
    elif edit == 1:  # two groups holding each other
        first["nodes"][0] = {"id": "n2", "type": "Group", "params": {"group": second["name"]}}
    elif edit == 2:
        data["graph"]["nodes"][1]["params"] = {"group": rng.choice(["ghost", "", 7, None])}
    elif edit == 3:
        first["edges"][0][rng.choice(["src", "dst"])] = rng.choice(["ghost", "n99"])
    elif edit == 4:
        first["nodes"][0]["type"] = rng.choice(["Input", "Group", "exec"])
    elif edit == 5:
        first["inputs"] = rng.choice([[], [[]], [[{"dst": "n3", "port": 0}]], "x", [[{}]]])
    elif edit == 6:  # a hundred of the group before, four levels deep
        for level in range(4):
            name = f"fan{level}"
            inner = first["name"] if level == 0 else f"fan{level - 1}"
            nodes = [
                {"id": f"m{i}", "type": "Group", "params": {"group": inner}} for i in range(100)
            ]
            edges = [{"src": f"m{i}", "dst": f"m{i + 1}", "port": 0} for i in range(99)]
            inputs = [[{"dst": "m0", "port": 0}]]
            groups.append(
                {"name": name, "inputs": inputs, "output": "m99", "nodes": nodes, "edges": edges}
            )
        data["graph"]["nodes"][1]["params"] = {"group": "fan3"}
    else:
        first["output"] = rng.choice(["n3", "ghost", 0])
    return data


def corpus(count: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """``count`` hostile documents: ``(kind, bytes)``, every kind in turn."""
    rng = random.Random(seed)
    bases = {name: preset_text(name) for name in _SMALL}
    bases["grouped"] = grouped_text()
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        base = bases["grouped" if kind == "group" else rng.choice(sorted(bases))]
        yield kind, mutate(base, kind, rng)
