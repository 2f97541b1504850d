"""Codegen = compile: exported source runs alone and equals the compiled model."""

from __future__ import annotations

import ast
import keyword
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks.composite import class_names, template_sources
from netbuilder.core.builder import Builder
from netbuilder.core.codegen import CodegenError, class_name_for, compile_model, generate_code
from netbuilder.core.document import Project
from netbuilder.core.graph import Graph
from netbuilder.core.presets import PRESET_NAMES, load_preset
from netbuilder.core.reserved import reserved_reason
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
        allowed = ("import torch", "from torch import nn", "from collections import OrderedDict")
        assert all(line in allowed for line in imports), imports


def test_every_preset_passes_ruff(tmp_path: Path) -> None:
    for name in PRESET_NAMES:
        (tmp_path / f"{name}.py").write_text(generate_code(load_preset(name).graph, main=True))
    assert_ruff_clean(tmp_path)


def test_state_dict_keys_are_the_layer_names() -> None:
    # d2l's LeNet: self.net = nn.Sequential(...), so its keys are net.0.weight …
    model = compile_model(load_preset("lenet5").graph)
    assert list(model.state_dict())[:2] == ["net.0.weight", "net.0.bias"]
    assert "net.11.bias" in model.state_dict()


def test_labels_become_layer_names() -> None:
    project = load_preset("resnet18")
    source = generate_code(project.graph)
    assert "        self.layer2 = nn.Sequential(\n" in source
    assert "            BasicBlock(64, 128, stride=2, use_1x1conv=True),\n" in source
    assert "        x = self.layer2(x)\n" in source
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


def add_new_block_step(b: Builder, step: str, draw: Callable[[st.SearchStrategy], object]) -> None:
    """A size-preserving step over the newer blocks: squeeze-excitation gating ("se"),
    a normalisation and an activation ("norm"), upsampling and back ("up")."""
    last = b.last
    if step == "se":
        pooled = b.add("AdaptiveMaxPool2d", inputs=last, output_size=1)
        gate = b.add("Hardsigmoid", inputs=pooled)
        b.add("Multiply", inputs=[last, gate])
    elif step == "norm":
        norm = draw(st.sampled_from(["GroupNorm", "InstanceNorm2d", "LocalResponseNorm"]))
        params = {"GroupNorm": {"num_groups": 1}, "InstanceNorm2d": {"affine": True}}
        b.add(norm, **params.get(norm, {"size": 3}))
        b.add(draw(st.sampled_from(["ReLU6", "SiLU", "Hardswish"])))
    else:
        b.add("ConvTranspose2d", out_channels=3, kernel_size=2, stride=2)
        b.add("Upsample", mode=draw(st.sampled_from(["nearest", "bilinear"])))
        b.add("MaxPool2d", kernel_size=4)


@pytest.mark.parametrize("seed", [0, 1])
def test_newer_blocks_export_run_alone_and_match(seed: int, tmp_path: Path) -> None:
    """Each newer-block step, exported and run in a fresh interpreter with the compiled
    model's weights: same params, shape and bit-identical output."""
    rng = random.Random(seed)

    def draw(strategy: st.SearchStrategy) -> object:
        return rng.choice(strategy.elements)  # type: ignore[attr-defined]

    projects = {}
    for i, step in enumerate(["se", "norm", "norm", "up", "up"]):
        b = Builder()
        b.add("Input", channels=2, height=6, width=6)
        add_new_block_step(b, step, draw)  # type: ignore[arg-type]
        b.add("Flatten")
        b.add("Linear", out_features=3)
        projects[f"g{i}"] = b.project(f"new {i}")
    results = check_in_fresh_interpreter(projects, tmp_path)
    assert_ruff_clean(*(tmp_path / f"{name}.py" for name in projects))
    for name, project in projects.items():
        analysis = Analysis(project.graph)
        assert results[name] == {
            "params": analysis.totals().params,
            "shape": [3],
            "identical": True,
        }


def test_sequence_pools_export_run_and_match(tmp_path: Path) -> None:
    b = Builder()
    b.add("Input", kind="sequence", length=4, features=11)
    b.add("MaxPool1d", kernel_size=3, stride=2, dilation=2, ceil_mode=True)
    b.add("AvgPool1d", kernel_size=2, padding=1, count_include_pad=False)
    b.add("Flatten")
    b.add("Linear", out_features=3)
    project = b.project("pools")
    analysis = Analysis(project.graph)
    out_id = project.graph.topological_order()[-1]
    model = compile_model(project.graph)
    y = model.eval()(example_input(project))
    assert tuple(y.shape[1:]) == analysis.stats(out_id).shape == (3,)
    # Independently: MaxPool1d gives ⌈(11 − 2·2 − 1)/2⌉ + 1 = 4, AvgPool1d ⌊(4 + 2 − 2)/2⌋ + 1 = 3.
    assert sum(p.numel() for p in model.parameters()) == analysis.totals().params == 4 * 3 * 3 + 3
    path = tmp_path / "pools.py"
    path.write_text(generate_code(project.graph, "Pools"), encoding="utf-8")
    assert_ruff_clean(path)


# -- random valid graphs with branches ------------------------------------------------------
@st.composite
def branchy_graphs(draw: st.DrawFn) -> Project:
    """Random branchy image networks; some layers are labelled with module paths
    (``body.0``, ``blocks.3``), so the export builds chained, branched and irregular
    ``nn.Sequential`` containers."""
    b = Builder()
    counters: dict[str, int] = {}

    def add(type_name: str, **kwargs) -> str:
        group = draw(st.sampled_from([None, None, "body", "blocks"]))
        if group is not None:
            counters[group] = counters.get(group, -1) + 1
            kwargs["label"] = f"{group}.{counters[group]}"
        return b.add(type_name, **kwargs)

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
            add("Conv2d", out_channels=channels, kernel_size=k, padding=k // 2)
        elif step == "relu":
            add("ReLU")
        elif step == "bn":
            add("BatchNorm2d")
        elif step == "pool" and size >= 4:
            add("MaxPool2d", kernel_size=2)
            size //= 2
        elif step == "add":
            left = add("Conv2d", inputs=last, out_channels=channels, kernel_size=3, padding=1)
            right = add("Tanh", inputs=last)
            add("Add", inputs=[left, right])
        elif step == "cat":
            extra = draw(st.integers(1, 4))
            left = add("Conv2d", inputs=last, out_channels=extra, kernel_size=1)
            add("Concat", inputs=[last, left])
            channels += extra
        elif step == "residual":
            channels = draw(st.integers(1, 6))
            add(
                "Residual",
                out_channels=channels,
                variant=draw(st.sampled_from(["d2l", "torchvision"])),
            )
    add("Flatten")
    add("Linear", out_features=draw(st.integers(1, 5)))
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


# -- exports a PyTorch engineer would keep: ruff defaults, one name per class ----------------
def test_every_composite_template_passes_ruff(tmp_path: Path) -> None:
    sources = template_sources()
    assert set(sources) | {"BasicConv2d", "ConvBNReLU6", "DenseLayer"} == class_names()
    path = tmp_path / "templates.py"
    body = "\n\n\n".join(sources.values())
    path.write_text(f"import torch\nfrom torch import nn\n\n\n{body}\n", encoding="utf-8")
    assert_ruff_clean(path)


def test_network_class_never_shadows_or_mimics_a_composite_class() -> None:
    project = load_preset("inception_mnist")
    name = class_name_for(project.name)
    source = generate_code(project.graph, name)
    defined = re.findall(r"^class (\w+)\(", source, re.MULTILINE)
    assert len({d.lower() for d in defined}) == len(defined), defined
    for wanted in ("Inception", "basicconv2d", "RESIDUAL", "Torch"):
        model = compile_model(load_preset("googlenet").graph, wanted)
        assert type(model).__name__.lower() != wanted.lower()
        assert type(model).__name__.lower() not in {n.lower() for n in class_names()}


_RESERVED_LABELS = {"self", "x", "torch", "nn", "super"}


@st.composite
def labelled_graphs(draw: st.DrawFn) -> Project:
    """Random valid image networks over every kind of block, some with long labels."""
    b = Builder()
    size = draw(st.integers(8, 16))
    b.add("Input", channels=draw(st.integers(1, 3)), height=size, width=size)
    used: set[str] = set()

    def label() -> str:
        path = st.from_regex(r"[a-z]{1,8}(\.(0|[1-9][0-9]?|[a-z]{1,9})){1,2}", fullmatch=True)
        text = draw(st.from_regex(r"[a-z][a-z0-9_]{0,60}", fullmatch=True) | path | st.just(""))
        if any(reserved_reason(part) or keyword.iskeyword(part) for part in text.split(".")):
            return ""
        ok = text and text not in used and not keyword.iskeyword(text)
        if ok and reserved_reason(text) is None and text not in _RESERVED_LABELS:
            used.add(text)
            return text
        return ""

    for _ in range(draw(st.integers(1, 6))):
        step = draw(
            st.sampled_from(
                ["conv", "cat", "add", "residual", "inception", "vgg", "nin", "drop", "zoo"]
            )
        )
        last = b.last
        if step == "conv":
            pad = draw(st.sampled_from([0, 1, "same"]))
            k = 3 if pad != 0 else 1
            b.add(
                "Conv2d",
                label=label(),
                out_channels=draw(st.integers(1, 300)),
                kernel_size=k,
                padding=pad,
            )
        elif step == "cat":
            left = b.add("Conv2d", inputs=last, label=label(), out_channels=2, kernel_size=1)
            right = b.add("ReLU", inputs=last, label=label())
            b.add("Concat", inputs=[left, right], label=label())
        elif step == "add":
            left = b.add("BatchNorm2d", inputs=last, label=label())
            right = b.add("Tanh", inputs=last, label=label())
            b.add("Add", inputs=[left, right], label=label())
        elif step == "residual":
            variant = draw(st.sampled_from(["d2l", "torchvision"]))
            b.add("Residual", label=label(), out_channels=draw(st.integers(1, 8)), variant=variant)
        elif step == "inception":
            variant = draw(st.sampled_from(["googlenet", "d2l", "mnist"]))
            b.add(
                "Inception",
                label=label(),
                variant=variant,
                c1=2,
                c3_reduce=1,
                c3=2,
                c5_reduce=1,
                c5=2,
                pool_proj=1,
            )
        elif step == "vgg" and size >= 4:
            b.add("VGGBlock", label=label(), num_convs=draw(st.integers(1, 2)), out_channels=3)
            size //= 2
        elif step == "nin":
            b.add("NiNBlock", label=label(), out_channels=3, kernel_size=3, padding=1)
        elif step == "zoo":
            kind, params = draw(
                st.sampled_from(
                    [
                        ("Bottleneck", {"channels": 2, "stride": 2}),
                        ("InvertedResidual", {"out_channels": 3, "expand_ratio": 2}),
                        ("DenseBlock", {"num_layers": 2, "growth_rate": 2}),
                        ("Fire", {"squeeze": 2, "expand1x1": 2, "expand3x3": 2}),
                    ]
                )
            )
            b.add(kind, label=label(), **params)
        else:
            b.add("Dropout2d", label=label(), p=0.25)
    b.add("AdaptiveAvgPool2d", label=label(), output_size=1)
    b.add("Flatten", label=label())
    b.add("Linear", label=label(), out_features=draw(st.integers(1, 100_000)))
    return b.project(draw(st.sampled_from(["inception_mnist", "residual", "net", "a b"])))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(projects=st.lists(labelled_graphs(), min_size=6, max_size=6))
def test_random_graph_exports_pass_ruff(projects: list[Project], tmp_path_factory) -> None:
    """Random exports pass ``ruff check`` and ``ruff format --check`` (defaults)."""
    from netbuilder.export import export_python

    tmp = tmp_path_factory.mktemp("ruff")
    paths = []
    for i, project in enumerate(projects):
        assert Analysis(project.graph).is_valid()
        paths.append(tmp / f"model{i}.py")
        ast.parse(export_python(project, paths[-1]))
    assert_ruff_clean(*paths)
