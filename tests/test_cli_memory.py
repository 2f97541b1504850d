"""`netbuilder summary --batch-size N`: the training-memory estimate on the command line.

Checked against torch: the parameters' bytes, the Adam state after a real step, and the
bytes autograd saves in a training-mode forward (saved_tensors_hooks).
"""

from __future__ import annotations

import json
import subprocess
import sys

import torch

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import compile_model
from netbuilder.core.presets import load_preset
from netbuilder.train.optim import make_optimizer
from netbuilder.train.saved_memory import DTYPES, example_input, saved_tensor_bytes


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netbuilder", *args], capture_output=True, text=True, timeout=120
    )


def _torch_bytes(name: str, batch: int, dtype: str) -> dict[str, int]:
    graph = load_preset(name).graph
    torch.manual_seed(0)
    model = compile_model(graph).train().to(DTYPES[dtype])
    x = example_input(graph, analyse(graph), batch, dtype)
    saved = saved_tensor_bytes(model, x)
    params = sum(p.numel() * p.element_size() for p in model.parameters())
    model(x).float().sum().backward()
    opt = make_optimizer(list(model.parameters()), "adam", 1e-3, 0.9, 0.0)
    opt.step()
    state = sum(
        v.numel() * v.element_size()
        for s in opt.state.values()
        for k, v in s.items()
        if k != "step"
    )
    return {"parameters": params, "gradients": params, "optimizer": state, "activations": saved}


def test_json_memory_equals_torch_for_lenet_in_bfloat16():
    proc = run_cli("summary", "lenet5", "--json", "--batch-size", "8", "--dtype", "bfloat16")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    memory = data["memory"]
    assert set(memory) == {"parameters", "gradients", "optimizer", "activations", "total"}
    expected = _torch_bytes("lenet5", 8, "bfloat16")
    for part, value in expected.items():
        assert memory[part] == value, part
    assert memory["total"] == sum(expected.values())
    assert data["memory_for"] == {"batch_size": 8, "optimizer": "adam", "dtype": "bfloat16"}
    assert sum(node["memory_bytes"] for node in data["nodes"]) == memory["total"]


def test_sgd_without_momentum_keeps_no_state_and_the_table_has_a_memory_column():
    proc = run_cli("summary", "mlp_mnist", "--json", "--batch-size", "4", "--optimizer", "sgd")
    data = json.loads(proc.stdout)
    # SGD with the document's momentum (0.9): one buffer per parameter
    assert data["memory"]["optimizer"] == data["memory"]["parameters"]
    proc = run_cli("summary", "mlp_mnist", "--batch-size", "4")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "Train memory" in lines[2]
    assert any(line.startswith("Training memory (batch 4, adam, float32): ") for line in lines)
    plain = run_cli("summary", "mlp_mnist").stdout
    assert "memory" not in plain.lower()


def test_memory_options_without_a_batch_size_are_one_sentence():
    proc = run_cli("summary", "lenet5", "--optimizer", "sgd")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "netbuilder: --optimizer and --dtype need --batch-size N (the training batch)."
    )
    proc = run_cli("summary", "lenet5", "--batch-size", "0")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "netbuilder: --batch-size must be at least 1, not 0."
    assert "--batch-size N" in run_cli("summary", "--help").stdout
