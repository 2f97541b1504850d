"""Run exported modules in a fresh interpreter and compare them with the compiled model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import torch

from netbuilder.core.analysis import Analysis
from netbuilder.core.codegen import class_name_for, compile_model, generate_code
from netbuilder.core.document import Project

CHECKER = r"""
import importlib.util, json, sys
import torch

torch.set_num_threads(int(sys.argv[2]))  # the parent's: same kernels, same bits
results = {}
for case in json.load(open(sys.argv[1])):
    spec = importlib.util.spec_from_file_location(case["module"], case["path"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = getattr(module, case["class"])().eval()
    state = torch.load(case["state"], weights_only=True)
    model.load_state_dict(state)
    x = torch.load(case["input"], weights_only=True)
    expected = torch.load(case["output"], weights_only=True)
    with torch.no_grad():
        y = model(x)
    results[case["module"]] = {
        "params": sum(p.numel() for p in model.parameters()),
        "shape": list(y.shape[1:]),
        "identical": bool(torch.equal(y, expected)),
    }
print(json.dumps(results))
"""


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ruff with its default settings (``--isolated``: no project configuration)."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache", "--isolated"],
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_ruff_clean(*paths: Path) -> None:
    """``ruff check`` and ``ruff format --check`` (defaults) pass on ``paths``."""
    check = ruff("check", *map(str, paths))
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = ruff("format", "--check", *map(str, paths))
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def example_input(project: Project, batch: int = 2) -> torch.Tensor:
    """A random input batch for the project's Input node."""
    graph = project.graph
    source = graph.node(graph.sources()[0])
    shape = Analysis(graph).stats(source.id).shape
    assert shape is not None
    if source.params["kind"] == "tokens":
        return torch.randint(0, source.params["vocab"], (batch, *shape))
    return torch.randn(batch, *shape)


def check_in_fresh_interpreter(projects: dict[str, Project], tmp: Path) -> dict[str, dict]:
    """Export each project, run it in a subprocess with the compiled model's weights.

    Returns, per name, the subprocess' params, output shape and whether its output is
    bit-identical to the compiled model's for the same input and weights.
    """
    cases = []
    torch.manual_seed(0)
    for name, project in projects.items():
        cls = class_name_for(project.name)
        source = generate_code(project.graph, cls, main=True)
        path = tmp / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        model = compile_model(project.graph, cls).eval()
        x = example_input(project)
        with torch.no_grad():
            y = model(x)
        torch.save(model.state_dict(), tmp / f"{name}.state.pt")
        torch.save(x, tmp / f"{name}.x.pt")
        torch.save(y, tmp / f"{name}.y.pt")
        cases.append(
            {
                "module": name,
                "path": str(path),
                "class": cls,
                "state": str(tmp / f"{name}.state.pt"),
                "input": str(tmp / f"{name}.x.pt"),
                "output": str(tmp / f"{name}.y.pt"),
            }
        )
    (tmp / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    (tmp / "checker.py").write_text(CHECKER, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(tmp / "checker.py"),
            str(tmp / "cases.json"),
            str(torch.get_num_threads()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])
