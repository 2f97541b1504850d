"""One-click fixes: each remedy removes its error (fresh analysis, real torch forward)."""

from __future__ import annotations

import pytest
import torch

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import compile_model
from netbuilder.core.fixes import (
    ChangeParams,
    Fix,
    InsertBlock,
    first_fix,
    fixes_for,
    no_fix_reason,
)
from netbuilder.core.graph import Graph


def _chain(*specs: tuple[str, dict]) -> tuple[Graph, list[str]]:
    graph = Graph()
    ids = []
    for i, (type_name, params) in enumerate(specs):
        ids.append(graph.add_node(type_name, params, pos=(0.0, 100.0 * i)))
        if i:
            graph.connect(ids[-2], ids[-1])
    return graph, ids


def _apply(graph: Graph, fix: Fix) -> None:
    """Make the fix's edit with plain graph methods (the UI wraps them in undo commands)."""
    edit = fix.edit
    if isinstance(edit, InsertBlock):
        graph.disconnect(edit.edge)
        new = graph.add_node(edit.type, edit.params)
        graph.connect(edit.edge.src, new)
        graph.connect(new, edit.edge.dst, edit.edge.port)
    else:
        assert isinstance(edit, ChangeParams)
        graph.set_params(edit.node_id, edit.changes)


def _fixed(graph: Graph, fix: Fix, input_shape: tuple[int, ...] | None) -> None:
    """After ``fix`` a fresh analysis has no error, and PyTorch runs the network with the
    output shape the analysis states."""
    _apply(graph, fix)
    analysis = analyse(graph)
    assert analysis.errors() == []
    if input_shape is None:
        return
    model = compile_model(graph)
    sink = graph.sinks()[0]
    out = model(torch.zeros(1, *input_shape))
    assert tuple(out.shape[1:]) == analysis.stats(sink).shape


def test_flatten_before_linear_fed_a_feature_map():
    graph, (x, conv, fc) = _chain(
        ("Input", {"channels": 3, "height": 15, "width": 15}),
        ("Conv2d", {"out_channels": 33, "kernel_size": 3}),
        ("Linear", {"out_features": 10}),
    )
    analysis = analyse(graph)
    assert "insert Flatten" in analysis.stats(fc).error
    fixes = fixes_for(analysis, fc)
    assert [f.title for f in fixes] == ["Insert Flatten before fc1"]
    assert fixes[0].edit == InsertBlock(graph.incoming(fc)[0], "Flatten", {})
    assert first_fix(analysis) == fixes[0]
    _fixed(graph, fixes[0], (3, 15, 15))
    assert analyse(graph).stats(fc).params == 33 * 13 * 13 * 10 + 10


def test_embedding_after_token_input():
    graph, (x, lstm) = _chain(
        ("Input", {"kind": "tokens", "length": 12, "vocab": 50}),
        ("LSTM", {"hidden_size": 8}),
    )
    analysis = analyse(graph)
    assert "Embedding" in analysis.stats(lstm).error
    (fix,) = fixes_for(analysis, lstm)
    assert fix.title == "Insert Embedding after x"
    assert fix.edit.params == {"num_embeddings": 50}
    _fixed(graph, fix, None)
    model = compile_model(graph)
    assert model(torch.randint(0, 50, (1, 12))).shape[1] == 12


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        (
            {"out_channels": 4, "kernel_size": 7},
            ["Set conv1 padding to 'same'", "Set conv1 kernel_size to 5×5"],
        ),
        ({"out_channels": 4, "kernel_size": 7, "stride": 2}, ["Set conv1 kernel_size to 5×5"]),
        (
            {"out_channels": 4, "kernel_size": [3, 9], "stride": 2},
            ["Set conv1 kernel_size to 3×6"],
        ),
    ],
)
def test_kernel_larger_than_the_input(params, titles):
    graph, (x, conv) = _chain(
        ("Input", {"channels": 2, "height": 5, "width": 6}), ("Conv2d", params)
    )
    analysis = analyse(graph)
    assert "larger than" in analysis.stats(conv).error
    fixes = fixes_for(analysis, conv)
    assert [f.title for f in fixes] == titles
    for fix in fixes:
        copy, (_, conv2) = _chain(
            ("Input", {"channels": 2, "height": 5, "width": 6}), ("Conv2d", params)
        )
        _fixed(copy, fix, (2, 5, 6))


def test_pool_window_larger_than_the_input():
    graph, (x, pool) = _chain(
        ("Input", {"channels": 1, "height": 3, "width": 3}), ("MaxPool2d", {"kernel_size": 4})
    )
    (fix,) = fixes_for(analyse(graph), pool)
    assert fix.edit == ChangeParams(pool, {"kernel_size": 3})
    _fixed(graph, fix, (1, 3, 3))


def _residual(shortcut_conv: dict) -> tuple[Graph, dict[str, str]]:
    graph = Graph()
    ids = {
        "x": graph.add_node("Input", {"channels": 8, "height": 16, "width": 16}),
        "a": graph.add_node(
            "Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1, "stride": 2}
        ),
        "b": graph.add_node("Conv2d", shortcut_conv),
        "add": graph.add_node("Add", {}),
    }
    graph.connect(ids["x"], ids["a"])
    graph.connect(ids["a"], ids["add"], 0)
    graph.connect(ids["x"], ids["b"])
    graph.connect(ids["b"], ids["add"], 1)
    return graph, ids


def test_add_inputs_agree_with_a_strided_1x1_conv():
    graph = Graph()
    x = graph.add_node("Input", {"channels": 8, "height": 16, "width": 16})
    a = graph.add_node("Conv2d", {"out_channels": 16, "kernel_size": 3, "padding": 1, "stride": 2})
    relu = graph.add_node("ReLU", {})
    add = graph.add_node("Add", {})
    graph.connect(x, a)
    graph.connect(a, add, 0)
    graph.connect(x, relu)
    graph.connect(relu, add, 1)
    analysis = analyse(graph)
    assert "must be equal" in analysis.stats(add).error
    (fix,) = fixes_for(analysis, add)
    assert fix.title == "Insert a 1×1 Conv2d (16 channels, stride 2) on add1 input 2"
    _fixed(graph, fix, (8, 16, 16))


def test_add_inputs_agree_by_matching_channels_or_a_1x1_conv():
    graph, ids = _residual({"out_channels": 4, "kernel_size": 3, "padding": 1, "stride": 2})
    fixes = fixes_for(analyse(graph), ids["add"])
    assert [f.title for f in fixes] == [
        "Insert a 1×1 Conv2d (16 channels) on add1 input 2",
        "Set conv2 out_channels to 16",
    ]
    for fix in fixes:
        copy, _ = _residual({"out_channels": 4, "kernel_size": 3, "padding": 1, "stride": 2})
        _fixed(copy, fix, (8, 16, 16))


def test_reshape_before_a_conv_fed_a_vector():
    graph, (x, conv) = _chain(
        ("Input", {"kind": "vector", "features": 3 * 8 * 8}), ("Conv2d", {"out_channels": 4})
    )
    (fix,) = fixes_for(analyse(graph), conv)
    assert fix.title == "Insert Reshape to 3×8×8 before conv1"
    _fixed(graph, fix, (3 * 8 * 8,))


def test_no_fix_when_none_is_known():
    # a vector that is no C×H×H image: nothing to offer, and an input-less node has none
    graph, (x, conv) = _chain(
        ("Input", {"kind": "vector", "features": 10}), ("Conv2d", {"out_channels": 4})
    )
    lonely = graph.add_node("ReLU", {})
    analysis = analyse(graph)
    assert analysis.stats(conv).error and analysis.stats(lonely).error
    assert fixes_for(analysis, conv) == []
    assert no_fix_reason(analysis, conv).startswith("No one-click fix: 10 values make no")
    assert fixes_for(analysis, lonely) == []
    assert no_fix_reason(analysis, lonely) == "No one-click fix is known for this problem."
    assert fixes_for(analysis, x) == []
    assert first_fix(analysis) is None
