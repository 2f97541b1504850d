"""`netbuilder export --weights`: ONNX and model.py carry trained tensors; bad weights refused.

No training: the "trained" weights are the compiled network's parameters moved by a seeded
random perturbation, saved with ``torch.save(model.state_dict())`` as a run's model.pt is.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from netbuilder.core.codegen import class_name_for, compile_model
from netbuilder.core.presets import load_preset
from netbuilder.export import WeightsFileError, load_weights
from netbuilder.export.weights import read_state_dict
from netbuilder.train.checkpoints import CHECKPOINT_FORMAT
from tests.test_export import run_cli

LOADER = r"""
import importlib.util, sys
import torch

spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = getattr(module, sys.argv[2])()
model.load_state_dict(torch.load(sys.argv[3], weights_only=True))
model.eval()
with torch.no_grad():
    torch.save(model(torch.load(sys.argv[4], weights_only=True)), sys.argv[5])
"""


def trained(name: str, folder: Path) -> tuple[torch.nn.Module, Path]:
    """The compiled preset with perturbed weights, and its state_dict saved as RUN/model.pt."""
    project = load_preset(name)
    torch.manual_seed(0)
    model = compile_model(project.graph, class_name_for(project.name)).eval()
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=generator) * 0.5)
    run = folder / "run"
    run.mkdir()
    path = run / "model.pt"
    torch.save(model.state_dict(), path)
    return model, path


def test_onnx_with_weights_equals_the_trained_module_at_batch_1_and_3(tmp_path: Path) -> None:
    ort = pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    model, weights = trained("lenet5", tmp_path)
    out = tmp_path / "model.onnx"
    proc = run_cli("export", "lenet5", "-o", str(out), "--weights", str(weights))
    assert proc.returncode == 0, proc.stderr
    assert "trained weights" in proc.stdout
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    torch.manual_seed(5)
    fresh = compile_model(load_preset("lenet5").graph).eval()
    for batch in (1, 3):
        x = torch.randn(batch, 1, 28, 28)
        with torch.no_grad():
            expected = model(x).numpy()
            untrained = fresh(x).numpy()
        (got,) = session.run(None, {session.get_inputs()[0].name: x.numpy()})
        assert got.shape == (batch, 10)
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)
        assert np.abs(got - untrained).max() > 0.1, "the export kept a fresh initialisation"


def test_model_py_with_weights_writes_them_beside_and_loads_them(tmp_path: Path) -> None:
    from tests.codegen_helpers import assert_ruff_clean

    model, weights = trained("lenet5", tmp_path)
    out_dir = tmp_path / "export"
    out_dir.mkdir()
    out = out_dir / "model.py"
    proc = run_cli("export", "lenet5", "-o", str(out), "--weights", str(weights))
    assert proc.returncode == 0, proc.stderr
    beside = out_dir / "model.pt"
    assert beside.is_file()
    source = out.read_text(encoding="utf-8")
    docstring = source.split('"""')[1]
    assert "model.pt" in docstring and "load_state_dict" in docstring
    assert_ruff_clean(out)

    # a fresh interpreter: import the module, load the weights beside it, run a batch of 3
    x = torch.randn(3, 1, 28, 28)
    torch.save(x, tmp_path / "x.pt")
    loader = tmp_path / "loader.py"
    loader.write_text(LOADER, encoding="utf-8")
    cls = class_name_for(load_preset("lenet5").name)
    result = tmp_path / "y.pt"
    args = [str(out), cls, str(beside), str(tmp_path / "x.pt"), str(result)]
    run = subprocess.run(
        [sys.executable, str(loader), *args], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    with torch.no_grad():
        expected = model(x)
    assert torch.equal(torch.load(result, weights_only=True), expected)

    # the module's own __main__ loads the weights beside it
    main = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, timeout=120)
    assert main.returncode == 0, main.stderr
    assert main.stdout.split() == ["loaded", "model.pt", "(2,", "10)"]
    beside.unlink()
    main = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, timeout=120)
    assert main.returncode == 0, main.stderr
    assert main.stdout.strip() == "(2, 10)"


def test_weights_of_another_network_are_refused_naming_the_tensor(tmp_path: Path) -> None:
    _, weights = trained("mlp_mnist", tmp_path)
    out = tmp_path / "model.onnx"
    proc = run_cli("export", "lenet5", "-o", str(out), "--weights", str(weights))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    # lenet5's first tensor, which an MLP's state_dict lacks
    assert "'net.0.weight'" in lines[0] and "do not fit" in lines[0]
    assert not out.exists()


def test_weights_of_another_input_size_name_both_shapes(tmp_path: Path) -> None:
    _, weights = trained("lenet5", tmp_path)
    out = tmp_path / "model.py"
    args = ["export", "lenet5", "-o", str(out), "--weights", str(weights), "--input", "1x32x32"]
    proc = run_cli(*args)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    # 16 maps of 5x5 after two pools on 28x28; 6x6 on 32x32: net.7 (the first Linear) takes
    # 400 or 576 inputs
    assert "'net.7.weight'" in proc.stderr
    assert "(120, 400)" in proc.stderr and "(120, 576)" in proc.stderr
    assert not out.exists() and not out.with_suffix(".pt").exists()


def _text_file(path: Path) -> None:
    path.write_text("not a checkpoint\n", encoding="utf-8")


def _pickled_code(path: Path) -> None:
    path.write_bytes(pickle.dumps({"fc.weight": Path("x")}))


def _list_of_tensors(path: Path) -> None:
    torch.save([torch.zeros(2)], path)


@pytest.mark.parametrize("make", [_text_file, _pickled_code, _list_of_tensors, None])
def test_a_file_that_is_no_state_dict_gives_one_line_exit_2(make, tmp_path: Path) -> None:
    weights = tmp_path / "model.pt"
    if make is not None:
        make(weights)
    out = tmp_path / "model.onnx"
    proc = run_cli("export", "mlp_mnist", "-o", str(out), "--weights", str(weights))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "model.pt" in proc.stderr
    assert not out.exists()


def test_weights_are_refused_for_a_training_script(tmp_path: Path) -> None:
    _, weights = trained("mlp_mnist", tmp_path)
    out = tmp_path / "train.py"
    proc = run_cli("export", "mlp_mnist", "-o", str(out), "--weights", str(weights))
    assert proc.returncode == 2
    assert "--weights" in proc.stderr and not out.exists()


def test_a_training_checkpoint_gives_its_model_weights(tmp_path: Path) -> None:
    model, weights = trained("mlp_mnist", tmp_path)
    state = torch.load(weights, weights_only=True)
    ckpt = tmp_path / "checkpoint.pt"
    torch.save({"format": CHECKPOINT_FORMAT, "model": state, "epoch": 3}, ckpt)
    loaded = read_state_dict(ckpt)
    assert loaded.keys() == state.keys()
    fresh = compile_model(load_preset("mlp_mnist").graph)
    load_weights(fresh, ckpt)
    x = torch.randn(2, 1, 28, 28)
    with torch.no_grad():
        assert torch.equal(fresh.eval()(x), model(x))
    torch.save({"format": CHECKPOINT_FORMAT, "epoch": 3}, ckpt)
    with pytest.raises(WeightsFileError, match="no state_dict"):
        read_state_dict(ckpt)
