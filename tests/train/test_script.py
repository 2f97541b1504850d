"""The exported train.py: ruff-clean, runs alone and under torchrun (gloo, CPU)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from netbuilder.core.codegen import compile_model
from netbuilder.core.presets import load_preset
from netbuilder.train.datasets import DatasetError
from netbuilder.train.script import export_train_script


@pytest.fixture(scope="module")
def lenet_script(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("script") / "train.py"
    export_train_script(load_preset("lenet5"), path, dataset="digits")
    return path


def test_script_is_standalone_and_ruff_clean(lenet_script):
    text = lenet_script.read_text()
    assert "netbuilder" not in text.replace("NetBuilder", "").replace("netbuilder-", "")
    for flag in ("--epochs", "--batch-size", "--lr", "--device", "--data-dir", "--out"):
        assert f'"{flag}"' in text
    assert '"lr": 0.01' in text and '"optimizer": "adam"' in text  # the document's settings
    ruff = Path(sys.executable).with_name("ruff")
    proc = subprocess.run(
        [str(ruff), "check", "--isolated", "--no-cache", str(lenet_script)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = subprocess.run(
        [str(ruff), "format", "--isolated", "--check", "--no-cache", str(lenet_script)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _run(cmd, env, cwd):
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=240)


def test_script_runs_one_epoch_single_process(lenet_script, subprocess_env, tmp_path):
    env = {k: v for k, v in subprocess_env.items() if k != "PYTHONPATH"}  # no netbuilder
    out = tmp_path / "ckpt"
    proc = _run(
        [sys.executable, str(lenet_script), "--epochs", "1", "--out", str(out)], env, tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert "epoch 1/1" in proc.stdout and "val_acc=" in proc.stdout
    state = torch.load(out / "model.pt", weights_only=True)
    compile_model(load_preset("lenet5").graph).load_state_dict(state)  # same class, same keys


def test_script_runs_under_torchrun_with_two_processes(lenet_script, subprocess_env, tmp_path):
    env = {k: v for k, v in subprocess_env.items() if k != "PYTHONPATH"}
    out = tmp_path / "ddp"
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc_per_node=2",
        "--standalone",
        str(lenet_script),
        "--epochs",
        "1",
        "--device",
        "cpu",
        "--out",
        str(out),
    ]
    proc = _run(cmd, env, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "x2" in proc.stdout and proc.stdout.count("epoch 1/1") == 1  # rank 0 prints
    assert (out / "model.pt").is_file()


def test_script_for_an_unsupported_dataset_is_refused(tmp_path):
    with pytest.raises(DatasetError, match="can be exported for digits"):
        export_train_script(load_preset("lenet5"), tmp_path / "t.py", dataset="names")
    assert not (tmp_path / "t.py").exists()


def test_script_never_trains_on_a_batch_of_one_sample(subprocess_env, tmp_path):
    """digits keeps 1438 training samples: batches of 479 would leave one sample alone,
    which BatchNorm1d refuses; it joins the batch before, as in the trainer."""
    project = load_preset("lenet5")
    graph = project.graph
    edge = next(e for e in graph.edges if e.src == "n9")
    graph.disconnect(edge)
    norm = graph.add_node("BatchNorm1d", {}, "", (0.0, 0.0))
    graph.connect("n9", norm)
    graph.connect(norm, edge.dst)
    path = tmp_path / "train.py"
    export_train_script(project, path, dataset="digits")
    env = {k: v for k, v in subprocess_env.items() if k != "PYTHONPATH"}
    proc = _run(
        [sys.executable, str(path), "--epochs", "1", "--batch-size", "479", "--out", "o"],
        env,
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "3 steps per epoch" in proc.stdout and "epoch 1/1" in proc.stdout


def test_script_carries_the_trainers_own_functions(lenet_script):
    """Split, batches, epoch order, image fitting, optimizer, schedule and the atomic save
    are the trainer's functions, copied in: the script defines each once, verbatim."""
    import ast
    import inspect

    from netbuilder.train.script import shared_functions

    text = lenet_script.read_text(encoding="utf-8")
    defined = [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]
    for function in shared_functions():
        assert inspect.getsource(function) in text, function.__name__
        assert defined.count(function.__name__) == 1, function.__name__
    for name in ("split_indices", "epoch_order", "make_optimizer", "make_schedule"):
        assert f"{name}(" in text.split("# -- this script", 1)[1]  # and the script uses it


def test_script_splits_the_data_exactly_as_the_trainer(subprocess_env, tmp_path):
    """The exported train.py, run alone in a child interpreter, holds out the same
    validation samples (same order, same pixels) as NetBuilder's trainer."""
    import dataclasses

    from netbuilder.train.session import load_data

    project = load_preset("lenet5")
    project.training = dataclasses.replace(project.training, seed=7, val_split=0.3)
    path = tmp_path / "train.py"
    export_train_script(project, path, dataset="digits")
    probe = (
        "import importlib.util, sys, torch\n"
        "spec = importlib.util.spec_from_file_location('exported', sys.argv[1])\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "x_train, y_train, x_val, y_val = module.prepare_data('data')\n"
        "torch.save({'x_val': x_val, 'y_val': y_val, 'y_train': y_train}, sys.argv[2])\n"
    )
    env = {k: v for k, v in subprocess_env.items() if k != "PYTHONPATH"}  # no netbuilder
    proc = _run([sys.executable, "-c", probe, str(path), str(tmp_path / "split.pt")], env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    script = torch.load(tmp_path / "split.pt", weights_only=True)
    data = load_data(project, project.training)
    assert len(data.val) == round(1797 * 0.3) == len(script["y_val"])
    assert torch.equal(script["y_val"], data.val.y)
    assert torch.equal(script["y_train"], data.train.y)
    assert torch.equal(script["x_val"], data.val.x)
    other = dataclasses.replace(project.training, seed=8)
    assert not torch.equal(load_data(project, other).val.y, data.val.y)  # the seed matters
