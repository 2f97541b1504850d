"""`netbuilder import FILE.py:Class`: an existing nn.Module onto the canvas via torch.fx."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from netbuilder.core.codegen import compile_model
from netbuilder.core.importer import ImportModelError, import_model

MODELS = Path(__file__).parent / "train" / "models.py"

BRANCHY = textwrap.dedent(
    """
    import torch
    from torch import nn
    from torch.nn import functional as F


    class Branchy(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(3, 8, 3, padding=1)
            self.left = nn.Conv2d(8, 8, 3, padding=1)
            self.right = nn.Conv2d(8, 4, 1)
            self.bn = nn.BatchNorm2d(12)
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.fc = nn.Linear(12, 5)

        def forward(self, x):
            x = F.relu(self.stem(x))
            y = self.left(x) + x
            z = torch.cat([y, self.right(x)], dim=1)
            z = self.pool(torch.relu(self.bn(z)))
            return self.fc(torch.flatten(z, 1))


    class Unsupported(nn.Module):
        def __init__(self):
            super().__init__()
            self.act = nn.Softplus()

        def forward(self, x):
            return self.act(x)


    class Dynamic(nn.Module):
        def forward(self, x):
            if x.sum() > 0:
                return x
            return -x
    """
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netbuilder", *args], capture_output=True, text=True, timeout=180
    )


def test_cli_imports_a_hand_written_lenet_with_exact_numbers(tmp_path: Path) -> None:
    out = tmp_path / "lenet.json"
    proc = run_cli("import", f"{MODELS}:LeNet5", "--input", "1x28x28", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    summary = run_cli("summary", str(out), "--json")
    data = json.loads(summary.stdout)
    assert data["total_params"] == 61_706 and data["total_flops"] == 416_520
    assert data["nodes"][-1]["output_shape"] == [10]


def test_branches_import_and_compute_the_same_function(tmp_path: Path) -> None:
    from netbuilder.core.importer import load_class

    source = tmp_path / "branchy.py"
    source.write_text(BRANCHY, encoding="utf-8")
    torch.manual_seed(0)
    original = load_class(f"{source}:Branchy")().eval()
    project = import_model(original, (3, 16, 16), "branchy")
    types = sorted(n.type for n in project.graph)
    assert types.count("Add") == 1 and types.count("Concat") == 1
    rebuilt = compile_model(project.graph).eval()
    rebuilt.load_state_dict(original.state_dict())  # labels keep the module names
    x = torch.randn(2, 3, 16, 16)
    with torch.no_grad():
        assert torch.allclose(rebuilt(x), original(x), atol=1e-6)


def test_unsupported_layers_are_named_and_exit_1(tmp_path: Path) -> None:
    source = tmp_path / "branchy.py"
    source.write_text(BRANCHY, encoding="utf-8")
    proc = run_cli(
        "import", f"{source}:Unsupported", "--input", "4", "-o", str(tmp_path / "u.json")
    )
    assert proc.returncode == 1
    assert "act (Softplus)" in proc.stderr and "Traceback" not in proc.stderr
    assert "branchy.py line" in proc.stderr and "no NetBuilder block computes" in proc.stderr
    assert not (tmp_path / "u.json").exists()


def test_data_dependent_control_flow_gets_a_sentence(tmp_path: Path) -> None:
    from netbuilder.core.importer import load_class

    source = tmp_path / "branchy.py"
    source.write_text(BRANCHY, encoding="utf-8")
    with pytest.raises(ImportModelError, match="cannot trace"):
        import_model(load_class(f"{source}:Dynamic")(), (4,))


@pytest.mark.parametrize(
    "spec, fragment",
    [
        ("no_colon.py", "FILE.py:ClassName"),
        ("missing.py:Net", "no file"),
        (f"{MODELS}:Nope", "no class"),
    ],
)
def test_bad_sources_exit_2_with_one_line(spec: str, fragment: str, tmp_path: Path) -> None:
    proc = run_cli("import", spec, "--input", "1x28x28", "-o", str(tmp_path / "x.json"))
    assert proc.returncode == 2
    assert fragment in proc.stderr and "Traceback" not in proc.stderr
