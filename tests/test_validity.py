"""One notion of valid: data types and vocabularies in the analysis, graph-level checks
shared by `netbuilder summary`, export, compile and training — checked against torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import CodegenError, compile_model
from netbuilder.core.document import Project, save
from netbuilder.core.graph import Graph

TOKENS = {"kind": "tokens", "length": 5, "vocab": 30}


def _chain(*specs: tuple[str, dict]) -> tuple[Graph, list[str]]:
    graph = Graph()
    ids = [graph.add_node(t, p) for t, p in specs]
    for a, b in zip(ids, ids[1:], strict=False):
        graph.connect(a, b)
    return graph, ids


def _summary(tmp_path: Path, graph: Graph) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "net.json"
    save(Project(graph=graph, name="net"), path)
    return subprocess.run(
        [sys.executable, "-m", "netbuilder", "summary", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("layer", "params", "module"),
    [
        ("Linear", {"out_features": 3}, nn.Linear(5, 3)),
        ("LSTM", {"hidden_size": 4}, nn.LSTM(1, 4, batch_first=True)),
    ],
)
def test_token_ids_into_anything_but_embedding_is_an_error_as_in_torch(layer, params, module):
    graph, ids = _chain(("Input", TOKENS), (layer, params))
    stats = analyse(graph).stats(ids[1])
    assert stats.error == f"{layer} gets token ids — add an Embedding first."
    ids_tensor = torch.randint(0, 30, (2, 5))
    x = ids_tensor if layer == "Linear" else ids_tensor.unsqueeze(-1)
    with pytest.raises((RuntimeError, ValueError), match="dtype|type"):
        module(x)


def test_float_values_into_embedding_is_an_error_as_in_torch() -> None:
    graph, ids = _chain(("Input", {"kind": "vector", "features": 5}), ("Embedding", {}))
    error = analyse(graph).stats(ids[1]).error
    assert error is not None and "needs token ids (integers)" in error
    with pytest.raises(RuntimeError):
        nn.Embedding(128, 100)(torch.randn(2, 5))


def test_a_vocabulary_bigger_than_the_embedding_is_an_error_as_in_torch() -> None:
    graph, ids = _chain(("Input", TOKENS), ("Embedding", {"num_embeddings": 20}))
    error = analyse(graph).stats(ids[1]).error
    assert error is not None and "at least 30" in error
    with pytest.raises(IndexError):
        nn.Embedding(20, 100)(torch.tensor([[29]]))
    graph.set_params(ids[1], {"num_embeddings": 30})  # just enough: ids 0..29
    assert analyse(graph).stats(ids[1]).ok
    assert nn.Embedding(30, 100)(torch.tensor([[29]])).shape == (1, 1, 100)


def test_tokens_through_embedding_compile_and_run_as_analysed() -> None:
    graph, ids = _chain(
        ("Input", TOKENS),
        ("Embedding", {"num_embeddings": 30, "embedding_dim": 6}),
        ("GRU", {"hidden_size": 4, "output": "last"}),
        ("Linear", {"out_features": 2}),
    )
    analysis = analyse(graph)
    assert analysis.problems() == []
    out = compile_model(graph)(torch.randint(0, 30, (3, 5)))
    assert tuple(out.shape[1:]) == analysis.stats(ids[-1]).shape


def _two_inputs() -> Graph:
    graph = Graph()
    a = graph.add_node("Input", {"kind": "vector", "features": 4})
    b = graph.add_node("Input", {"kind": "vector", "features": 4})
    add = graph.add_node("Add", {"inputs": 2})
    graph.connect(a, add, 0)
    graph.connect(b, add, 1)
    return graph


def _two_outputs() -> Graph:
    graph, ids = _chain(("Input", {"kind": "vector", "features": 4}), ("ReLU", {}))
    graph.connect(ids[0], graph.add_node("Sigmoid", {}))
    return graph


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (Graph, "empty"),
        (lambda: _chain(("ReLU", {}))[0], "exactly one Input"),
        (_two_inputs, "exactly one Input block (it has 2)"),
        (_two_outputs, "several outputs"),
        (lambda: _chain(("Input", TOKENS), ("Linear", {"out_features": 2}))[0], "token ids"),
    ],
)
def test_summary_exits_1_exactly_for_what_export_and_training_refuse(tmp_path, build, words):
    graph = build()
    problems = analyse(graph).problems()
    assert any(words in p for p in problems), problems
    with pytest.raises(CodegenError) as refused:
        compile_model(graph)  # what export and training run
    assert refused.value.problems == problems
    proc = _summary(tmp_path, graph)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert words in proc.stdout + proc.stderr


def test_summary_exits_0_for_a_network_that_compiles(tmp_path) -> None:
    graph, _ = _chain(("Input", {"kind": "vector", "features": 4}), ("Linear", {}))
    compile_model(graph)
    proc = _summary(tmp_path, graph)
    assert proc.returncode == 0, proc.stderr
