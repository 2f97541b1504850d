"""User groups in the core: analysis, grouping and ungrouping, documents, exported code.

Expected numbers come from real torch (a forward pass, ``sum(p.numel())``, half of
``FlopCounterMode``) and from the same network before grouping, never from the group.
"""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from netbuilder.core import document
from netbuilder.core.analysis import analyse
from netbuilder.core.blocks import GROUP_TYPE
from netbuilder.core.codegen import compile_model, generate_code
from netbuilder.core.document_groups import MAX_LAYERS
from netbuilder.core.errors import DocumentError
from netbuilder.core.graph import Graph
from netbuilder.core.groups import (
    MAX_GROUP_DEPTH,
    GroupingError,
    group_nodes,
    plan_group,
    plan_ungroup,
    ungroup_node,
)
from netbuilder.core.presets import load_preset
from netbuilder.core.summary import rows
from tests.codegen_helpers import assert_ruff_clean


def branchy() -> tuple[Graph, dict[str, str]]:
    """Input → a (conv) → b (relu) ┐
    Input → c (conv) ─────────────┴ d (add) → e (flatten) → f (linear)."""
    g = Graph()
    ids = {"x": g.add_node("Input", {"channels": 3, "height": 12, "width": 12})}
    ids["a"] = g.add_node("Conv2d", {"out_channels": 8, "kernel_size": 3, "padding": 1}, "a")
    ids["b"] = g.add_node("ReLU", {}, "b")
    ids["c"] = g.add_node("Conv2d", {"out_channels": 8, "kernel_size": 1}, "c")
    ids["d"] = g.add_node("Add", {}, "d")
    ids["e"] = g.add_node("Flatten", {}, "e")
    ids["f"] = g.add_node("Linear", {"out_features": 5}, "f")
    for src, dst, port in [
        ("x", "a", 0),
        ("a", "b", 0),
        ("x", "c", 0),
        ("b", "d", 0),
        ("c", "d", 1),
        ("d", "e", 0),
        ("e", "f", 0),
    ]:
        g.connect(ids[src], ids[dst], port)
    return g, ids


def state(graph: Graph) -> tuple:
    return (
        [(n.id, n.type, n.params, n.label, n.pos, n.frozen) for n in graph],
        graph.edges,
    )


def same_weights(model: torch.nn.Module, reference: torch.nn.Module) -> None:
    """Copy ``reference``'s tensors into ``model``: each key of ``model`` ends with one
    key of ``reference`` (the grouped names add the groups' attributes in front)."""
    ref = reference.state_dict()
    mine = model.state_dict()
    loaded = {}
    for key in mine:
        matches = [k for k in ref if key == k or key.endswith("." + k)]
        assert len(matches) == 1, (key, matches)
        loaded[key] = ref[matches[0]]
    assert len(loaded) == len(ref)
    model.load_state_dict(loaded)


def half_torch_flops(model: torch.nn.Module, x: torch.Tensor) -> int:
    """Multiply-adds of one sample: half of what ``FlopCounterMode`` counts."""
    counter = FlopCounterMode(display=False)
    with counter, torch.no_grad():
        model(x[:1])
    return counter.get_total_flops() // 2


# -- grouping and the analysis -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("members", "inputs"),
    [(("a", "b", "c", "d"), 1), (("b", "d", "e"), 2), (("a", "b"), 1), (("f",), 1)],
)
def test_grouped_network_computes_what_torch_does(members: tuple[str, ...], inputs: int) -> None:
    g, ids = branchy()
    plain = compile_model(g).eval()
    gid = group_nodes(g, plan_group(g, [ids[m] for m in members], "My Block"))
    node = g.node(gid)
    assert node.type == GROUP_TYPE and len(node.input_ports()) == inputs
    stats = analyse(g)
    model = compile_model(g).eval()
    x = torch.randn(2, 3, 12, 12)
    with torch.no_grad():
        y = model(x)
    assert tuple(y.shape[1:]) == stats.stats(ids["f"] if "f" not in members else gid).shape
    assert stats.totals().params == sum(p.numel() for p in model.parameters())
    assert stats.totals().flops == half_torch_flops(model, x)
    group_model = next(m for m in model.modules() if type(m).__name__ == "MyBlock")
    assert stats.stats(gid).params == sum(p.numel() for p in group_model.parameters())
    # inner layer stats, as for composites: one per grouped node, summing to the node
    inner = stats.stats(gid).inner
    assert [r.layer.name for r in inner] == [
        m for m in ("a", "b", "c", "d", "e", "f") if m in members
    ]
    assert sum(r.cost.params for r in inner) == stats.stats(gid).params
    # the same weights give the same outputs as before grouping
    same_weights(model, plain)
    with torch.no_grad():
        assert torch.equal(model(x), plain(x))


def test_nested_groups_and_ungroup_restore_the_network_exactly() -> None:
    g, ids = branchy()
    before = state(g)
    inner = group_nodes(g, plan_group(g, [ids["a"], ids["b"]], "pair"))
    outer = group_nodes(g, plan_group(g, [inner, ids["c"], ids["d"]], "outer"))
    assert analyse(g).totals() == analyse(branchy()[0]).totals()
    code = generate_code(g)
    assert code.index("class Pair(") < code.index("class Outer(") < code.index("class Net(")
    ungroup_node(g, plan_ungroup(g, outer))
    ungroup_node(g, plan_ungroup(g, inner))
    assert state(g) == before


def test_ungroup_gives_fresh_ids_when_the_old_ones_are_taken() -> None:
    g, ids = branchy()
    gid = group_nodes(g, plan_group(g, [ids["a"], ids["b"]], "pair"))
    g.add_node("ReLU", node_id=ids["a"])  # the old id is taken now
    plan = plan_ungroup(g, gid)
    new_ids = [entry[0] for entry in plan.nodes]
    assert ids["a"] not in new_ids and ids["b"] in new_ids
    ungroup_node(g, plan)
    assert analyse(g).stats(ids["d"]).shape == (8, 12, 12)


@pytest.mark.parametrize(
    ("members", "words"),
    [
        (("x", "a"), "Input"),
        (("a", "d"), "comes back"),
        (("a", "c"), "one output"),
        ((), "Select"),
    ],
)
def test_selections_that_cannot_be_one_group_are_refused(members: tuple, words: str) -> None:
    g, ids = branchy()
    before = state(g)
    with pytest.raises(GroupingError, match=words):
        plan_group(g, [ids[m] for m in members], "bad")
    assert state(g) == before


def test_a_group_needs_a_name() -> None:
    g, ids = branchy()
    with pytest.raises(GroupingError, match="name"):
        plan_group(g, [ids["a"]], "   ")


# -- documents -----------------------------------------------------------------------------------
def grouped_document() -> dict[str, Any]:
    project = load_preset("lenet5")
    g = project.graph
    first = group_nodes(g, plan_group(g, ["n2", "n3", "n4"], "conv block"))
    group_nodes(g, plan_group(g, [first, "n5", "n6"], "features"))
    return json.loads(document.dumps(project))


def test_groups_save_with_the_document_and_load_back() -> None:
    data = grouped_document()
    assert data["version"] == 2
    assert [gr["name"] for gr in data["graph"]["groups"]] == ["conv block", "features"]
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    project = document.loads(text)
    assert document.dumps(project) == text
    expected = analyse(load_preset("lenet5").graph).totals()
    assert analyse(project.graph).totals() == expected
    assert expected.params == 61_706 and expected.flops == 416_520  # DESIGN.md's LeNet-5


def test_a_real_version_1_file_migrates(tmp_path: Path) -> None:
    # a copy of lenet5.json as version 1 saved it (the presets may be rebuilt as version 2)
    source = Path(__file__).resolve().parent / "data" / "lenet5_version1.json"
    assert json.loads(source.read_text("utf-8"))["version"] == 1
    project = document.load(source)
    target = tmp_path / "net.json"
    document.save(project, target)
    saved = json.loads(target.read_text("utf-8"))
    assert saved["version"] == 2 and "groups" not in saved["graph"]
    again = document.load(target)
    assert analyse(again.graph).totals() == analyse(project.graph).totals()
    assert state(again.graph) == state(project.graph)


def test_two_different_groups_of_one_name_are_stored_apart() -> None:
    g, ids = branchy()
    group_nodes(g, plan_group(g, [ids["a"]], "blk"))
    group_nodes(g, plan_group(g, [ids["e"]], "blk"))
    data = json.loads(document.dumps(document.Project(graph=g)))
    assert [gr["name"] for gr in data["graph"]["groups"]] == ["blk", "blk (2)"]
    project = document.from_dict(data)
    assert analyse(project.graph).totals() == analyse(branchy()[0]).totals()


def _edit(change) -> dict[str, Any]:
    data = copy.deepcopy(grouped_document())
    change(data["graph"])
    return data


def _deep(levels: int, fan: int) -> dict[str, Any]:
    """Groups G0 … G{levels−1}, each holding ``fan`` of the one before in a chain."""
    groups = [
        {
            "name": "G0",
            "inputs": [[{"dst": "a", "port": 0}]],
            "output": "a",
            "nodes": [{"id": "a", "type": "ReLU", "params": {}}],
            "edges": [],
        }
    ]
    for level in range(1, levels):
        nodes = [
            {"id": f"m{i}", "type": "Group", "params": {"group": f"G{level - 1}"}}
            for i in range(fan)
        ]
        edges = [{"src": f"m{i}", "dst": f"m{i + 1}", "port": 0} for i in range(fan - 1)]
        groups.append(
            {
                "name": f"G{level}",
                "inputs": [[{"dst": "m0", "port": 0}]],
                "output": f"m{fan - 1}",
                "nodes": nodes,
                "edges": edges,
            }
        )
    return {
        "format": "netbuilder",
        "version": 2,
        "graph": {
            "groups": groups,
            "nodes": [
                {"id": "n1", "type": "Input"},
                {"id": "n2", "type": "Group", "params": {"group": f"G{levels - 1}"}},
            ],
            "edges": [{"src": "n1", "dst": "n2", "port": 0}],
        },
    }


def _set(path: list, value: Any):
    def change(graph: dict) -> None:
        here = graph
        for key in path[:-1]:
            here = here[key]
        here[path[-1]] = value

    return change


BAD = {
    "itself": (
        _set(
            ["groups", 0, "nodes", 0],
            {"id": "n2", "type": "Group", "params": {"group": "conv block"}},
        ),
        "$.graph.groups[0].nodes[0].params.group",
        "contains itself",
    ),
    "each other": (
        _set(
            ["groups", 0, "nodes", 0],
            {"id": "n2", "type": "Group", "params": {"group": "features"}},
        ),
        "$.graph.groups[1].nodes[0].params.group",
        "contains itself through 'conv block'",
    ),
    "unknown group": (
        _set(["nodes", 1, "params"], {"group": "ghost"}),
        "$.graph.nodes[1].params.group",
        "no group called 'ghost'",
    ),
    "unknown type": (
        _set(["groups", 0, "nodes", 1, "type"], "Teleport"),
        "$.graph.groups[0].nodes[1]",
        "unknown block type",
    ),
    "dangling edge": (
        _set(["groups", 0, "edges", 0, "dst"], "ghost"),
        "$.graph.groups[0].edges[0].dst",
        "must name a node",
    ),
    "inner cycle": (
        lambda gr: gr["groups"][0]["edges"].append({"src": "n4", "dst": "n2", "port": 0}),
        "$.graph.groups[0]",
        "",
    ),
    "input into nothing": (
        _set(["groups", 0, "inputs", 0, 0, "dst"], "ghost"),
        "$.graph.groups[0].inputs[0][0].dst",
        "feed a layer",
    ),
    "port fed twice": (
        _set(["groups", 0, "inputs", 0, 0, "dst"], "n3"),
        "$.graph.groups[0].inputs[0][0]",
        "already fed",
    ),
    "unfed port": (
        _set(["groups", 0, "inputs"], [[{"dst": "n2", "port": 0}], [{"dst": "n2", "port": 5}]]),
        "$.graph.groups[0].inputs[1][0].port",
        "no input port",
    ),
    "no inputs": (
        _set(["groups", 0, "inputs"], []),
        "$.graph.groups[0].inputs",
        "1 to",
    ),
    "two outputs": (
        _set(["groups", 0, "output"], "n3"),
        "$.graph.groups[0].nodes[2]",
        "goes nowhere",
    ),
    "input block inside": (
        _set(["groups", 0, "nodes", 0, "type"], "Input"),
        "$.graph.groups[0]",
        "",
    ),
    "duplicate name": (
        _set(["groups", 1, "name"], "conv block"),
        "$.graph.groups[1].name",
        "two groups",
    ),
    "control character in name": (
        _set(["groups", 0, "name"], "a\x1b[2J"),
        "$.graph.groups[0].name",
        "control character",
    ),
    "unknown key": (
        _set(["groups", 0, "script"], "x"),
        "$.graph.groups[0].script",
        "unknown key",
    ),
    "groups not a list": (_set(["groups"], {"a": 1}), "$.graph.groups", "must be a list"),
    "group param text": (
        _set(["nodes", 1, "params"], {"group": 3}),
        "$.graph.nodes[1].params.group",
        "must name a group",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_group_definitions_are_refused_with_their_path(case: str) -> None:
    change, path, words = BAD[case]
    data = _edit(change)
    with pytest.raises(DocumentError) as info:
        document.loads(json.dumps(data))
    assert info.value.path.startswith(path), (info.value.path, str(info.value))
    assert words in str(info.value)
    assert "Traceback" not in str(info.value)


def test_groups_nested_too_deep_are_refused() -> None:
    document.from_dict(_deep(MAX_GROUP_DEPTH, 1))
    with pytest.raises(DocumentError, match="nest at most") as info:
        document.from_dict(_deep(MAX_GROUP_DEPTH + 1, 1))
    assert info.value.path == f"$.graph.groups[{MAX_GROUP_DEPTH}].nodes"


def test_nested_groups_within_the_limits_load_and_analyse() -> None:
    project = document.from_dict(_deep(3, 50))
    definition = project.graph.node("n2").params["group"]
    assert definition.layers == 2_500
    # the definition's own text holds its nested groups by digest: no blow-up
    assert len(definition.key) < 20_000
    stats = analyse(project.graph)
    assert stats.stats("n2").shape == (1, 28, 28) and not stats.errors()
    assert len(stats.stats("n2").inner) == 50


def test_the_layer_limit_counts_every_use_of_a_group() -> None:
    # 447 uses of a group of 447 one-layer groups, and the Input: 199,810 layers
    assert 447 * 447 + 1 <= MAX_LAYERS < 448 * 448
    project = document.from_dict(_deep(3, 447))
    assert project.graph.node("n2").params["group"].layers == 447 * 447
    with pytest.raises(DocumentError, match="more than") as info:
        document.from_dict(_deep(3, 448))
    assert info.value.path == "$.graph.groups[2].nodes"


def test_groups_that_expand_beyond_the_size_limit_are_refused() -> None:
    # 4 levels of 100 each: 100 million layers counted through, in a small file
    data = _deep(4, 100)
    assert len(json.dumps(data)) < 100_000
    with pytest.raises(DocumentError, match=f"more than {MAX_LAYERS}") as info:
        document.from_dict(data)
    assert info.value.path == "$.graph.groups[3].nodes"


# -- exported code -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("conv block", "ConvBlock"),
        ("None", "NoneGroup"),
        ("残差块", "Group"),
        ("3x3 stack", "Group3x3Stack"),
        ('"""; import os; os.system("touch PWNED"); """', "ImportOsOsSystemTouchPWNED"),
        ("Net", "Net2"),
        ("Residual", "Residual2"),
    ],
)
def test_group_class_names_are_sanitised(name: str, cls: str) -> None:
    g, ids = branchy()
    group_nodes(g, plan_group(g, [ids["a"], ids["b"]], name))
    code = generate_code(g, "Net")
    tree = ast.parse(code)
    classes = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    assert classes == [cls, "Net"]
    # the name is text in a docstring, never code: no import or name but torch's
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert "os" not in names
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"torch"}
    model = compile_model(g)
    assert type(model.group1).__name__ == cls


def test_one_group_used_at_two_input_shapes_gives_two_classes() -> None:
    g = Graph()
    x = g.add_node("Input", {"channels": 3, "height": 8, "width": 8})
    c1 = g.add_node("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1})
    r1 = g.add_node("ReLU")
    c2 = g.add_node("Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1})
    r2 = g.add_node("ReLU")
    for a, b in [(x, c1), (c1, r1), (r1, c2), (c2, r2)]:
        g.connect(a, b)
    first = group_nodes(g, plan_group(g, [c1], "unit"))
    definition = g.node(first).params["group"]
    second = g.add_node(GROUP_TYPE, {"group": definition})
    g.remove_node(c2)
    g.connect(r1, second)
    g.connect(second, r2)
    stats = analyse(g)
    assert stats.stats(first).params == (3 * 9 + 1) * 4
    assert stats.stats(second).params == (4 * 9 + 1) * 4
    code = generate_code(g)
    assert "class Unit(" in code and "class Unit2(" in code
    model = compile_model(g).eval()
    assert sum(p.numel() for p in model.parameters()) == stats.totals().params
    x_in = torch.randn(1, 3, 8, 8)
    assert tuple(model(x_in).shape[1:]) == stats.stats(r2).shape


def test_a_group_is_frozen_as_a_whole() -> None:
    g, ids = branchy()
    g.set_frozen(ids["a"], True)
    with pytest.raises(GroupingError, match="frozen"):
        plan_group(g, [ids["a"], ids["b"]], "pair")
    g.set_frozen(ids["b"], True)  # ReLU: no parameters, but frozen like the conv
    gid = group_nodes(g, plan_group(g, [ids["a"], ids["b"]], "pair"))
    assert g.node(gid).frozen
    stats = analyse(g)
    model = compile_model(g)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    assert stats.totals().trainable == trainable == stats.totals().params - (3 * 9 + 1) * 8
    # unfrozen as a group, its layers train; ungrouped they keep the group's flag
    g.set_frozen(gid, False)
    model = compile_model(g)
    assert all(p.requires_grad for p in model.parameters())
    g.set_frozen(gid, True)
    ungroup_node(g, plan_ungroup(g, gid))
    assert g.node(ids["a"]).frozen and g.node(ids["b"]).frozen


def test_exported_groups_pass_ruff_and_run_standalone(tmp_path: Path) -> None:
    project = load_preset("lenet5")
    g = project.graph
    first = group_nodes(g, plan_group(g, ["n2", "n3", "n4"], "conv block"))
    group_nodes(g, plan_group(g, [first, "n5", "n6"], "features"))
    b, ids = branchy()
    group_nodes(b, plan_group(b, [ids["b"], ids["d"], ids["e"]], "two inputs"))
    paths = []
    for name, graph in (("lenet", g), ("branchy", b)):
        path = tmp_path / f"{name}.py"
        path.write_text(generate_code(graph, main=True), "utf-8")
        paths.append(path)
    assert_ruff_clean(*paths)
    result = subprocess.run(
        [sys.executable, str(paths[1])], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "(2, 5)"


def test_receptive_field_of_a_group_is_that_of_its_layers() -> None:
    # the field of the ungrouped network's last layer is the reference, itself checked
    # against gradient probing in tests/test_receptive_field.py
    plain = analyse(branchy()[0])
    for members in (("a", "b"), ("b", "d"), ("a", "b", "c", "d")):
        g, ids = branchy()
        gid = group_nodes(g, plan_group(g, [ids[m] for m in members], "grp"))
        stats = analyse(g)
        field = stats.stats(gid).receptive_field
        assert field is not None
        assert field == plain.stats(ids[members[-1]]).receptive_field
        # the expanded summary gives each inner layer its ungrouped field
        inner = {r.name.split(".", 1)[1]: r for r in rows(stats, expand=True) if r.depth}
        for m in members:
            assert inner[m].receptive_field == plain.stats(ids[m]).receptive_field
