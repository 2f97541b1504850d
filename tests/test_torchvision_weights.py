"""Torchvision presets export code that takes torchvision's weights (issue 14 item 4).

For every preset built after a torchvision model, the exported ``model.py`` (a real file,
imported as a module) loads the torchvision model's ``state_dict`` with ``strict=True``
and gives its outputs in eval mode. The torchvision model is torchvision's own code with
its own initialisation, and BatchNorm statistics made random so that every tensor shows
in the output. The same holds through ``netbuilder export --weights``, which loads the
file into the network the trainer compiles from the same source.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn

from netbuilder.core.codegen import class_name_for, compile_model
from netbuilder.core.presets import load_preset
from netbuilder.export import export_python
from tests.test_export import run_cli
from tests.test_export_weights import LOADER
from tests.test_presets import IMAGENET


def torchvision_model(name: str) -> nn.Module:
    """torchvision's model with random BatchNorm statistics and affine parameters."""
    torch.manual_seed(0)
    model = IMAGENET[name]()
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.running_mean.normal_(0.0, 0.1)
                module.running_var.uniform_(0.5, 1.5)
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.1)
    return model.eval()


def import_file(path: Path, module_name: str):
    spec = importlib.util.spec_from_file_location(module_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_same_outputs(ours: torch.Tensor, theirs: torch.Tensor) -> None:
    assert ours.shape == theirs.shape == (2, 1000)
    scale = theirs.abs().max().item()
    assert torch.allclose(ours, theirs, rtol=1e-4, atol=1e-5 * max(scale, 1.0))


@pytest.mark.parametrize("name", sorted(IMAGENET))
def test_exported_module_loads_torchvision_weights_strictly(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.py"
    export_python(load_preset(name), path)
    module = import_file(path, f"exported_{name}")
    model = getattr(module, class_name_for(name))().eval()
    reference = torchvision_model(name)
    state = reference.state_dict()
    assert {k: v.shape for k, v in model.state_dict().items()} == {
        k: v.shape for k, v in state.items()
    }
    model.load_state_dict(state, strict=True)
    x = torch.randn(2, 3, 224, 224)
    with torch.no_grad():
        assert_same_outputs(model(x), reference(x))


def test_export_with_torchvision_weights_runs_alone(tmp_path: Path) -> None:
    """``export --weights`` takes a torchvision file; the module beside it gives its outputs."""
    name = "mobilenet_v2"  # nested Sequentials and a composite inside one
    reference = torchvision_model(name)
    weights = tmp_path / "torchvision.pt"
    torch.save(reference.state_dict(), weights)
    # what the trainer builds is the same network: the file loads there too
    compiled = compile_model(load_preset(name).graph, class_name_for(name))
    compiled.load_state_dict(torch.load(weights, weights_only=True), strict=True)

    out_dir = tmp_path / "export"
    out_dir.mkdir()
    out = out_dir / "model.py"
    proc = run_cli("export", name, "-o", str(out), "--weights", str(weights))
    assert proc.returncode == 0, proc.stderr
    x = torch.randn(2, 3, 224, 224)
    torch.save(x, tmp_path / "x.pt")
    loader = tmp_path / "loader.py"
    loader.write_text(LOADER, encoding="utf-8")
    result = tmp_path / "y.pt"
    args = [str(out), class_name_for(name), str(out_dir / "model.pt"), str(tmp_path / "x.pt")]
    run = subprocess.run(
        [sys.executable, str(loader), *args, str(result)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    with torch.no_grad():
        expected = reference(x)
        assert_same_outputs(compiled.eval()(x), expected)
    assert_same_outputs(torch.load(result, weights_only=True), expected)
