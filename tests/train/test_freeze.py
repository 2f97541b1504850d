"""Frozen layers: saved with the document, counted as non-trainable, left alone by training."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch

from netbuilder.core.analysis import Analysis
from netbuilder.core.codegen import compile_model
from netbuilder.core.document import dumps, loads
from netbuilder.core.errors import DocumentError
from netbuilder.core.naming import layer_names
from netbuilder.core.presets import load_preset, preset_text
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.datasets import InputSpec, load_dataset
from netbuilder.train.script import train_script_source
from netbuilder.train.trainer import Trainer


def _lenet_with_frozen(*names: str):
    """LeNet-5 with layers frozen by name (d2l's: net.0 and net.3 convs, net.7/9/11 Linear)."""
    project = load_preset("lenet5")
    by_name = {name: nid for nid, name in layer_names(project.graph).items()}
    for name in names:
        project.graph.set_frozen(by_name[name], True)
    return project


def _trainable(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def test_old_documents_load_unfrozen_and_the_flag_round_trips():
    project = loads(preset_text("lenet5"))  # written before the flag existed
    assert not any(n.frozen for n in project.graph)
    frozen = _lenet_with_frozen("net.0")
    text = dumps(frozen)
    assert text.count('"frozen": true') == 1
    again = loads(text)
    assert [n.frozen for n in again.graph] == [n.frozen for n in frozen.graph]
    assert dumps(again) == text


def test_a_frozen_flag_that_is_not_a_boolean_is_refused():
    data = json.loads(preset_text("lenet5"))
    data["graph"]["nodes"][1]["frozen"] = "yes"
    with pytest.raises(DocumentError) as err:
        loads(json.dumps(data))
    assert "'frozen' must be true or false" in str(err.value)
    assert "nodes[1].frozen" in str(err.value)


@pytest.mark.parametrize("names", [(), ("net.0",), ("net.0", "net.3", "net.7"), ("net.11",)])
def test_trainable_params_equal_the_compiled_models(names):
    project = _lenet_with_frozen(*names)
    model = compile_model(project.graph)
    totals = Analysis.snapshot(project.graph).totals()
    assert totals.params == sum(p.numel() for p in model.parameters()) == 61_706
    assert totals.trainable == _trainable(model)
    if names:
        assert totals.trainable < totals.params


def test_freezing_updates_a_live_analysis():
    project = load_preset("lenet5")
    with Analysis(project.graph) as analysis:
        analysis.update()
        conv1 = next(n.id for n in project.graph if n.type == "Conv2d")
        project.graph.set_frozen(conv1, True)
        assert analysis.update() == {conv1}
        assert analysis.totals().trainable == 61_706 - 156  # conv1: (5·5·1 + 1)·6
        project.graph.set_frozen(conv1, False)
        analysis.update()
        assert analysis.totals().trainable == 61_706


def test_summary_json_reports_trainable_params(tmp_path):
    path = tmp_path / "frozen.json"
    path.write_text(dumps(_lenet_with_frozen("net.3")), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "netbuilder", "summary", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["total_params"] == 61_706
    assert data["trainable_params"] == 61_706 - (5 * 5 * 6 + 1) * 16


def test_a_frozen_layer_is_bit_identical_after_training():
    project = _lenet_with_frozen("net.0", "net.9")
    torch.manual_seed(0)
    model = compile_model(project.graph)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    config = TrainingConfig(epochs=1, batch_size=64, optimizer="adam", lr=0.01, device="cpu")
    data = load_dataset("digits", InputSpec.from_graph(project.graph), val_split=0.2)
    result = Trainer(model, data, config).run()
    assert result.status == "finished", result.message
    after = model.state_dict()
    for key in before:
        same = torch.equal(before[key], after[key])
        assert same == key.startswith(("net.0.", "net.9.")), key


def test_everything_frozen_is_one_sentence():
    project = _lenet_with_frozen("net.0", "net.3", "net.7", "net.9", "net.11")
    assert Analysis.snapshot(project.graph).totals().trainable == 0
    data = load_dataset("digits", InputSpec.from_graph(project.graph), val_split=0.2)
    config = TrainingConfig(epochs=1, device="cpu")
    result = Trainer(compile_model(project.graph), data, config).run()
    assert result.status == "failed" and result.stage == "training"
    assert result.message == (
        "Every layer with parameters is frozen: unfreeze at least one to train."
    )


def test_the_exported_script_freezes_the_same_layers(subprocess_env, tmp_path):
    project = _lenet_with_frozen("net.0", "net.11")
    text = train_script_source(project, "digits")
    assert 'FROZEN = ["net.0", "net.11"]' in text
    path = tmp_path / "train.py"
    path.write_text(text, encoding="utf-8")
    env = {k: v for k, v in subprocess_env.items() if k != "PYTHONPATH"}
    torch.manual_seed(project.training.seed)
    start = compile_model(project.graph).state_dict()
    proc = subprocess.run(
        [sys.executable, str(path), "--epochs", "1", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stderr
    trained = torch.load(tmp_path / "out" / "model.pt", weights_only=True)
    for key, value in trained.items():
        assert torch.equal(value, start[key]) == key.startswith(("net.0.", "net.11.")), key
