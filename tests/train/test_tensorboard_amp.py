"""TensorBoard event files, the AMP dtype choice and the compile switch."""

from __future__ import annotations

import csv
import dataclasses
import subprocess

import pytest
import torch

from netbuilder.core.document import dumps, loads
from netbuilder.core.presets import load_preset
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.amp import amp_dtype, maybe_compile, needs_scaler
from netbuilder.train.session import make_trainer
from netbuilder.train.tensorboard import MISSING


def test_amp_uses_bf16_where_supported_else_fp16_with_scaling():
    assert amp_dtype("cuda", True) is torch.bfloat16
    assert amp_dtype("cuda", False) is torch.float16
    assert amp_dtype("cpu", True) is None and amp_dtype("mps", True) is None
    assert needs_scaler(torch.float16)
    assert not needs_scaler(torch.bfloat16) and not needs_scaler(None)


def test_the_new_switches_are_saved_only_when_on():
    project = load_preset("lenet5")
    assert "tensorboard" not in dumps(project) and "compile" not in dumps(project)
    project.training = dataclasses.replace(project.training, tensorboard=True, compile=True)
    again = loads(dumps(project))
    assert again.training.tensorboard and again.training.compile
    assert not again.training.all_gpus
    with pytest.raises(Exception, match="'compile' must be of type bool"):
        TrainingConfig.from_dict({"compile": 1})


def test_compile_off_trains_the_model_itself():
    model = torch.nn.Linear(2, 2)
    assert maybe_compile(model, False) is model
    compiled = maybe_compile(model, True)
    assert compiled is not model
    assert compiled.state_dict().keys() != model.state_dict().keys()  # _orig_mod. prefix
    assert all(a is b for a, b in zip(compiled.parameters(), model.parameters(), strict=True))


def test_tensorboard_events_match_metrics_csv(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    project = load_preset("lenet5")
    config = dataclasses.replace(
        project.training, epochs=2, batch_size=64, device="cpu", tensorboard=True
    )
    result = make_trainer(project, config, out_dir=tmp_path).run()
    assert result.status == "finished", result.message
    assert list(tmp_path.glob("events.out.tfevents.*"))
    events = EventAccumulator(str(tmp_path))
    events.Reload()
    val = [(s.step, s.value) for s in events.Scalars("accuracy/val")]
    with open(tmp_path / "metrics.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [step for step, _ in val] == [1, 2]
    assert [v for _, v in val] == pytest.approx([float(r["val_acc"]) for r in rows], abs=1e-6)
    batches = events.Scalars("loss/batch")
    steps = [s.step for s in batches]
    assert steps == list(range(1, len(steps) + 1))
    assert len(steps) == 2 * -(-len(make_trainer(project, config).data.train) // 64)


def test_missing_tensorboard_is_one_sentence(python, subprocess_env, tmp_path):
    code = (
        "import sys; sys.modules['tensorboard'] = None; "  # as if it were not installed
        "from netbuilder.cli import main; "
        f"sys.exit(main(['train', 'lenet5', '--epochs', '1', '--tensorboard', "
        f"'--out', {str(tmp_path)!r}]))"
    )
    proc = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, env=subprocess_env, timeout=240
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [f"netbuilder: {MISSING}"]
