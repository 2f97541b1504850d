"""Impossible sizes are refused before anything is allocated (estimates checked by torch)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import torch
from torch import nn

from netbuilder.core.analysis import analyse
from netbuilder.core.builder import Builder
from netbuilder.core.codegen import compile_model
from netbuilder.core.document import save
from netbuilder.core.memory import (
    MemoryNeedError,
    check_training_fits,
    estimate,
    format_bytes,
    machine_memory,
)
from netbuilder.core.presets import load_preset
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.optim import make_optimizer
from netbuilder.train.session import make_trainer

HUGE_PARAMS = (10_000_000 + 1) * 25_000  # Linear(10,000,000 → 25,000) with bias


def _huge_project():
    b = Builder()
    b.add("Input", kind="vector", features=10_000_000)
    b.add("Linear", out_features=25_000)
    return b.project("huge", "", "")


def _mem_total() -> int:
    with open("/proc/meminfo", encoding="ascii") as handle:
        kb = next(int(line.split()[1]) for line in handle if line.startswith("MemTotal:"))
    return kb * 1024


def test_weights_equal_what_torch_allocates():
    for name in ("lenet5", "resnet18"):
        model = compile_model(load_preset(name).graph)
        tensors = [*model.parameters(), *model.buffers()]
        actual = sum(t.numel() * t.element_size() for t in tensors)
        counters = sum(1 for t in model.buffers() if t.dtype == torch.int64)
        need = estimate(analyse(load_preset(name).graph))
        # BatchNorm's int64 step counter is 8 bytes, counted as one 4-byte value
        assert actual - need.weights == 4 * counters, name


def test_training_needs_equal_torch_gradients_optimizer_state_and_layer_outputs():
    b = Builder()
    b.add("Input", kind="image", channels=1, height=12, width=12)
    b.add("Conv2d", out_channels=4, kernel_size=3)
    b.add("ReLU")
    b.add("Flatten")
    b.add("Linear", out_features=10)
    graph = b.project("small", "", "").graph
    model = compile_model(graph)
    batch = 5
    x = torch.randn(batch, 1, 12, 12)
    outputs = []
    for module in model.modules():
        if not list(module.children()):
            module.register_forward_hook(lambda _m, _i, out: outputs.append(out.numel()))
    model(x).sum().backward()
    analysis = analyse(graph)
    for optimizer, momentum in (("adam", 0.9), ("sgd", 0.9), ("sgd", 0.0)):
        need = estimate(analysis, batch, optimizer, momentum)
        grads = sum(p.grad.numel() * 4 for p in model.parameters())
        assert need.gradients == grads
        # what autograd keeps: the conv its input, ReLU its output (which Flatten views
        # and Linear keeps too): the input and one layer output
        assert need.activations == (x.numel() + outputs[1]) * 4
        opt = make_optimizer(list(model.parameters()), optimizer, 0.01, momentum, 0.0)
        opt.step()
        state = sum(
            v.numel() * v.element_size()
            for s in opt.state.values()
            for k, v in s.items()
            if k != "step" and isinstance(v, torch.Tensor)
        )
        assert need.optimizer_state == state, (optimizer, momentum)


def test_bytes_read_like_the_issue_and_the_machine_size_is_the_kernels():
    assert format_bytes(HUGE_PARAMS * 4) == "1.0 TB"
    assert format_bytes(24 * 10**9) == "24 GB"
    assert format_bytes(2_500_000) == "2.5 MB"
    assert 0 < machine_memory() <= _mem_total()


def test_a_batch_too_large_for_the_memory_is_refused_naming_the_batch():
    b = Builder()
    b.add("Input", kind="image", channels=3, height=1024, width=1024)
    b.add("Conv2d", out_channels=64, kernel_size=3, padding=1)
    project = b.project("wide", "", "")
    # "hello" cannot feed this network: were the memory check missing, the dataset would
    # refuse instead of anything being allocated
    config = TrainingConfig(dataset="hello", batch_size=100_000, device="cpu")
    with pytest.raises(MemoryNeedError) as info:
        make_trainer(project, config)
    message = str(info.value)
    assert message.startswith("Training this network with batch size 100,000 needs at least")
    assert "use a smaller batch size" in message and "\n" not in message
    need = estimate(analyse(project.graph), 100_000, "adam")
    with pytest.raises(MemoryNeedError):
        check_training_fits(need, 100_000, need.total - 1)
    check_training_fits(need, 100_000, need.total)  # exactly enough: accepted


def _cli(python, env, *args):
    return subprocess.run(
        [python, "-m", "netbuilder", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_training_a_terabyte_network_exits_1_with_one_sentence(python, subprocess_env, tmp_path):
    save(_huge_project(), tmp_path / "huge.json")
    proc = _cli(python, subprocess_env, "train", str(tmp_path / "huge.json"), "--out", "o")
    assert proc.returncode == 1, proc.stderr
    line = proc.stderr.strip()
    match = re.fullmatch(
        r"netbuilder: This network needs 1\.0 TB for its weights; this machine has "
        r"(\d+(?:\.\d)?) (GB|TB|MB) of memory\.",
        line,
    )
    assert match, line
    scale = {"MB": 10**6, "GB": 10**9, "TB": 10**12}[match[2]]
    assert abs(float(match[1]) * scale - machine_memory()) <= 0.5 * scale
    assert not (tmp_path / "o").exists()


def test_summary_of_a_terabyte_network_works_and_onnx_is_refused(python, subprocess_env, tmp_path):
    save(_huge_project(), tmp_path / "huge.json")
    proc = _cli(python, subprocess_env, "summary", str(tmp_path / "huge.json"), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total_params"] == HUGE_PARAMS
    pytest.importorskip("onnx")
    target = tmp_path / "huge.onnx"
    proc = _cli(python, subprocess_env, "export", str(tmp_path / "huge.json"), "-o", str(target))
    assert proc.returncode == 1, proc.stderr
    assert "This network needs 1.0 TB for its weights" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and not target.exists()


def test_a_network_that_fits_still_trains(tmp_path):
    config = TrainingConfig(epochs=1, device="cpu")
    project = load_preset("lenet5")
    trainer = make_trainer(project, config)
    assert isinstance(trainer.model, nn.Module) and trainer.run().status == "finished"
