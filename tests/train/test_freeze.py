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

#: LeNet-5's layers with parameters by their d2l names, as node ids of the preset.
LENET = {"conv1": "n2", "conv2": "n5", "fc1": "n9", "fc2": "n11", "fc3": "n13"}


def _lenet_with_frozen(*names: str):
    project = load_preset("lenet5")
    for name in names:
        project.graph.set_frozen(LENET[name], True)
    return project


def _prefixes(project, *names: str) -> tuple[str, ...]:
    """The state_dict key prefixes of the layers ``names`` (their module paths)."""
    paths = layer_names(project.graph)
    return tuple(paths[LENET[name]] + "." for name in names)


def _trainable(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def test_old_documents_load_unfrozen_and_the_flag_round_trips():
    project = loads(preset_text("lenet5"))  # written before the flag existed
    assert not any(n.frozen for n in project.graph)
    frozen = _lenet_with_frozen("conv1")
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


@pytest.mark.parametrize("names", [(), ("conv1",), ("conv1", "conv2", "fc1"), ("fc3",)])
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
        conv1 = LENET["conv1"]
        project.graph.set_frozen(conv1, True)
        assert analysis.update() == {conv1}
        assert analysis.totals().trainable == 61_706 - 156  # conv1: (5·5·1 + 1)·6
        project.graph.set_frozen(conv1, False)
        analysis.update()
        assert analysis.totals().trainable == 61_706


def test_summary_json_reports_trainable_params(tmp_path):
    path = tmp_path / "frozen.json"
    path.write_text(dumps(_lenet_with_frozen("conv2")), encoding="utf-8")
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
    project = _lenet_with_frozen("conv1", "fc2")
    torch.manual_seed(0)
    model = compile_model(project.graph)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    config = TrainingConfig(epochs=1, batch_size=64, optimizer="adam", lr=0.01, device="cpu")
    data = load_dataset("digits", InputSpec.from_graph(project.graph), val_split=0.2)
    result = Trainer(model, data, config).run()
    assert result.status == "finished", result.message
    after = model.state_dict()
    frozen = _prefixes(project, "conv1", "fc2")
    for key in before:
        same = torch.equal(before[key], after[key])
        assert same == key.startswith(frozen), key


def test_everything_frozen_is_one_sentence():
    project = _lenet_with_frozen("conv1", "conv2", "fc1", "fc2", "fc3")
    assert Analysis.snapshot(project.graph).totals().trainable == 0
    data = load_dataset("digits", InputSpec.from_graph(project.graph), val_split=0.2)
    config = TrainingConfig(epochs=1, device="cpu")
    result = Trainer(compile_model(project.graph), data, config).run()
    assert result.status == "failed" and result.stage == "training"
    assert result.message == (
        "Every layer with parameters is frozen: unfreeze at least one to train."
    )


def test_the_exported_script_freezes_the_same_layers(subprocess_env, tmp_path):
    project = _lenet_with_frozen("conv1", "fc3")
    text = train_script_source(project, "digits")
    frozen = _prefixes(project, "conv1", "fc3")
    assert f"FROZEN = {[p[:-1] for p in frozen]!r}".replace("'", '"') in text
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
        assert torch.equal(value, start[key]) == key.startswith(frozen), key
