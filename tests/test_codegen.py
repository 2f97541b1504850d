"""Codegen = compile: exported source runs alone and equals the compiled model."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbuilder.core.analysis import Analysis
from netbuilder.core.builder import Builder
from netbuilder.core.codegen import CodegenError, compile_model, generate_code
from netbuilder.core.document import Project
from netbuilder.core.graph import Graph
from netbuilder.core.presets import PRESET_NAMES, load_preset
from tests.codegen_helpers import assert_ruff_clean, check_in_fresh_interpreter, example_input

GOLDEN = Path(__file__).parent / "golden"


def test_every_preset_runs_alone_and_matches_the_analysis(tmp_path: Path) -> None:
    projects = {name: load_preset(name) for name in PRESET_NAMES}
    results = check_in_fresh_interpreter(projects, tmp_path)
    for name, project in projects.items():
        analysis = Analysis(project.graph)
        out_id = project.graph.topological_order()[-1]
        assert results[name]["params"] == analysis.totals().params, name
        assert results[name]["shape"] == list(analysis.stats(out_id).shape), name
        assert results[name]["identical"], f"{name}: exported output differs from compiled"


@pytest.mark.parametrize("name", ["lenet5", "googlenet"])
def test_golden_exports(name: str, overwrite_golden: bool, tmp_path: Path) -> None:
    from netbuilder.export import export_python

    out = tmp_path / f"{name}.py"
    source = export_python(load_preset(name), out)
    golden = GOLDEN / f"{name}.py"
    if overwrite_golden:
        golden.write_text(source, encoding="utf-8")
    assert source == golden.read_text(encoding="utf-8"), "run pytest --overwrite-golden"
    assert out.read_text(encoding="utf-8") == source
    assert_ruff_clean(golden)


def test_generated_code_is_deterministic_and_imports_only_torch() -> None:
    for name in PRESET_NAMES:
        first = generate_code(load_preset(name).graph)
        assert first == generate_code(load_preset(name).graph)
        imports = [line for line in first.splitlines() if line.startswith(("import", "from"))]
        assert all(line in ("import torch", "from torch import nn") for line in imports), imports


def test_every_preset_passes_ruff(tmp_path: Path) -> None:
    for name in PRESET_NAMES:
        (tmp_path / f"{name}.py").write_text(generate_code(load_preset(name).graph, main=True))
    assert_ruff_clean(tmp_path)


def test_state_dict_keys_are_the_layer_names() -> None:
    model = compile_model(load_preset("lenet5").graph)
    assert list(model.state_dict())[:2] == ["conv1.weight", "conv1.bias"]
    assert "fc3.bias" in model.state_dict()


def test_labels_become_layer_names() -> None:
    project = load_preset("resnet18")
    source = generate_code(project.graph)
    assert "self.layer2_0 = BasicBlock(64, 128, stride=2, use_1x1conv=True)" in source
    assert "self.fc = nn.Linear(512, 1000)" in source


def test_graph_with_errors_is_refused_with_every_error() -> None:
    project = load_preset("lenet5")
    g = project.graph
    g.set_params(g.sources()[0], {"height": 4, "width": 4})
    with pytest.raises(CodegenError) as info:
        generate_code(g)
    assert len(info.value.problems) == 1 and "kernel" in info.value.problems[0]


def test_two_outputs_are_refused() -> None:
    b = Builder()
    x = b.add("Input", kind="vector", features=4)
    b.add("Linear", inputs=x, out_features=3)
    b.add("Linear", inputs=x, out_features=2)
    with pytest.raises(CodegenError, match="several outputs"):
        generate_code(b.graph)


def test_empty_graph_is_refused() -> None:
    with pytest.raises(CodegenError, match="empty"):
        generate_code(Graph())


# -- random valid graphs with branches ------------------------------------------------------
@st.composite
def branchy_graphs(draw: st.DrawFn) -> Project:
    b = Builder()
    c = draw(st.integers(1, 3))
    size = draw(st.integers(6, 12))
    b.add("Input", channels=c, height=size, width=size)
    channels = c
    for _ in range(draw(st.integers(1, 5))):
        step = draw(st.sampled_from(["conv", "relu", "bn", "pool", "add", "cat", "residual"]))
        last = b.last
        if step == "conv":
            channels = draw(st.integers(1, 6))
            k = draw(st.sampled_from([1, 3]))
            b.add("Conv2d", out_channels=channels, kernel_size=k, padding=k // 2)
        elif step == "relu":
            b.add("ReLU")
        elif step == "bn":
            b.add("BatchNorm2d")
        elif step == "pool" and size >= 4:
            b.add("MaxPool2d", kernel_size=2)
            size //= 2
        elif step == "add":
            left = b.add("Conv2d", inputs=last, out_channels=channels, kernel_size=3, padding=1)
            right = b.add("Tanh", inputs=last)
            b.add("Add", inputs=[left, right])
        elif step == "cat":
            extra = draw(st.integers(1, 4))
            left = b.add("Conv2d", inputs=last, out_channels=extra, kernel_size=1)
            b.add("Concat", inputs=[last, left])
            channels += extra
        elif step == "residual":
            channels = draw(st.integers(1, 6))
            b.add(
                "Residual",
                out_channels=channels,
                variant=draw(st.sampled_from(["d2l", "torchvision"])),
            )
    b.add("Flatten")
    b.add("Linear", out_features=draw(st.integers(1, 5)))
    return b.project("random graph")


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(projects=st.lists(branchy_graphs(), min_size=4, max_size=4))
def test_random_graphs_export_run_alone_and_match(
    projects: list[Project], tmp_path_factory
) -> None:
    tmp = tmp_path_factory.mktemp("random")
    named = {f"g{i}": p for i, p in enumerate(projects)}
    results = check_in_fresh_interpreter(named, tmp)
    for name, project in named.items():
        analysis = Analysis(project.graph)
        assert analysis.is_valid()
        out_id = project.graph.topological_order()[-1]
        assert results[name]["params"] == analysis.totals().params
        assert results[name]["shape"] == list(analysis.stats(out_id).shape)
        assert results[name]["identical"]
        model = compile_model(project.graph)
        y = model.eval()(example_input(project))
        assert list(y.shape[1:]) == list(analysis.stats(out_id).shape)
    torch.set_grad_enabled(True)
