"""`netbuilder export`: model.py, ONNX, refusals and atomic writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from netbuilder.core.codegen import class_name_for, compile_model
from netbuilder.core.presets import load_preset
from netbuilder.export import ExportError, export_onnx, kind_for_path


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netbuilder", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_export_model_py_runs_and_prints_the_output_shape(tmp_path: Path) -> None:
    out = tmp_path / "model.py"
    proc = run_cli("export", "lenet5", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    run = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "(2, 10)"


def test_export_replaces_an_existing_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "model.py"
    out.write_text("old", encoding="utf-8")
    assert run_cli("export", "mlp_mnist", "-o", str(out)).returncode == 0
    assert "class MLPMnist(nn.Module)" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["model.py"], "no temporary file left"


def test_export_of_a_graph_with_errors_exits_1_listing_errors(tmp_path: Path) -> None:
    out = tmp_path / "model.py"
    proc = run_cli("export", "lenet5", "--input", "1x4x4", "-o", str(out))
    assert proc.returncode == 1
    assert "Cannot export this network" in proc.stderr and "net.3" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_unwritable_output_gives_one_line(tmp_path: Path) -> None:
    proc = run_cli("export", "lenet5", "-o", str(tmp_path / "missing" / "model.py"))
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("netbuilder: Cannot write")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_kind_follows_the_file_name() -> None:
    assert kind_for_path("model.onnx") == "onnx"
    assert kind_for_path("train.py") == "train"
    assert kind_for_path("net.py") == "model"
    with pytest.raises(ExportError, match="cannot tell|Cannot tell"):
        kind_for_path("model.txt")


@pytest.mark.parametrize("name", ["lenet5", "resnet18"])
def test_onnx_export_passes_the_checker_and_matches_torch(name: str, tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    project = load_preset(name)
    torch.manual_seed(0)
    model = compile_model(project.graph, class_name_for(project.name)).eval()
    out = tmp_path / f"{name}.onnx"
    opset = export_onnx(project, out, model=model)
    proto = onnx.load(str(out))
    onnx.checker.check_model(proto)
    assert any(o.version == opset for o in proto.opset_import if o.domain in ("", "ai.onnx"))
    ort = pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    for batch in (1, 3):  # the batch axis is dynamic
        x = torch.randn(batch, 1, 28, 28) if name == "lenet5" else torch.randn(batch, 3, 224, 224)
        with torch.no_grad():
            expected = model(x).numpy()
        (got,) = session.run(None, {session.get_inputs()[0].name: x.numpy()})
        assert got.shape == expected.shape == (batch, 10 if name == "lenet5" else 1000)
        np.testing.assert_allclose(got, expected, rtol=1e-3, atol=1e-4)


def test_cli_exports_of_a_hostile_project_never_run_its_text(tmp_path: Path) -> None:
    """A saved project whose texts try to close the docstring, a literal or a comment:
    ``netbuilder export`` writes model.py and train.py that parse, pass ruff, and run
    without running the text."""
    from netbuilder.core.document import save
    from tests.codegen_helpers import assert_ruff_clean

    marker = tmp_path / "marker"
    run = f"open({str(marker)!r}, 'w').close()"
    project = load_preset("mlp_mnist")
    project.name = f"\"\"\" ''' \\ '; {run}; ' # {run}"
    project.description = f'C:\\Users\\me \\ """\n{run}\n"""\r{run}\r\u2028{run}\u2029 \\'
    path = tmp_path / "hostile.json"
    save(project, path)
    outputs = [tmp_path / "model.py", tmp_path / "train.py"]
    for out in outputs:
        proc = run_cli("export", str(path), "-o", str(out), "--dataset", "digits")
        assert proc.returncode == 0, proc.stderr
    run_model = subprocess.run(
        [sys.executable, str(outputs[0])], capture_output=True, text=True, timeout=120
    )
    assert run_model.returncode == 0, run_model.stderr
    help_text = subprocess.run(
        [sys.executable, str(outputs[1]), "--help"], capture_output=True, text=True, timeout=120
    )
    assert help_text.returncode == 0, help_text.stderr
    assert not marker.exists(), "document text ran as code"
    assert_ruff_clean(*outputs)
