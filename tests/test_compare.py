"""Comparing two networks: totals and per-stage numbers against real torch models.

The references are independent of NetBuilder: LeNet-5 as d2l writes it and torchvision's
ResNet-18. Params are ``sum(p.numel())``, FLOPs half of ``FlopCounterMode`` (2 per
multiply-add), output shapes and spatial sizes come from a forward pass with hooks, and
the expected stages are grouped here from those hooks with the documented rule.
"""

from __future__ import annotations

import pytest
import torch
import torchvision
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from netbuilder.core.analysis import analyse
from netbuilder.core.blocks.io import input_shape_params
from netbuilder.core.compare import (
    SEQUENCE,
    VECTOR,
    Comparison,
    Stage,
    compare,
    of_project,
    pair_stages,
    render_table,
    spatial_size,
    stages,
)
from netbuilder.core.formatting import ratio, signed
from netbuilder.core.presets import load_preset
from tests.test_presets import reference


def d2l_lenet() -> nn.Module:
    """LeNet-5 exactly as d2l.ai chapter 7.6 defines it (the presets test's reference)."""
    return nn.Sequential(*reference("lenet5")[0])


RESNET_UNITS = (
    ["conv1", "bn1", "relu", "maxpool"]
    + [f"layer{i}.{j}" for i in range(1, 5) for j in range(2)]
    + ["avgpool", "fc"]
)
LENET_UNITS = [str(i) for i in range(12)]


def torch_facts(model: nn.Module, shape: tuple[int, ...], units: list[str]) -> dict:
    """Totals and per-stage (size, params, multiply-adds) measured on ``model``.

    Each unit (a submodule path) is one layer of the network; consecutive units whose
    outputs have one spatial size (dims after the channels; rank 1 = vector) form a stage.
    """
    model.eval()
    outputs: dict[str, tuple[int, ...]] = {}
    modules = dict(model.named_modules())
    hooks = [
        modules[u].register_forward_hook(
            lambda _m, _i, out, u=u: outputs.__setitem__(u, tuple(out.shape[1:]))
        )
        for u in units
    ]
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        out = model(torch.randn(1, *shape))
    for hook in hooks:
        hook.remove()
    counts = counter.get_flop_counts()
    root = type(model).__name__
    groups: list[list] = []  # [size, params, 2×flops]
    for u in units:
        o = outputs[u]
        size = "×".join(map(str, o[1:])) if len(o) >= 3 else "vector"
        params = sum(p.numel() for p in modules[u].parameters())
        flops = sum(counts.get(f"{root}.{u}", {}).values())
        if groups and groups[-1][0] == size:
            groups[-1][1] += params
            groups[-1][2] += flops
        else:
            groups.append([size, params, flops])
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "flops2": counter.get_total_flops(),
        "output": tuple(out.shape[1:]),
        "stages": [(size, params, flops2) for size, params, flops2 in groups],
    }


@pytest.fixture(scope="module")
def lenet_vs_resnet() -> tuple[Comparison, dict, dict]:
    comparison = compare(load_preset("lenet5"), load_preset("resnet18"))
    lenet = torch_facts(d2l_lenet(), (1, 28, 28), LENET_UNITS)
    resnet = torch_facts(torchvision.models.resnet18(weights=None), (3, 224, 224), RESNET_UNITS)
    return comparison, lenet, resnet


def test_totals_equal_torch(lenet_vs_resnet) -> None:
    comparison, lenet, resnet = lenet_vs_resnet
    for net, ref, shape in (
        (comparison.a, lenet, (1, 28, 28)),
        (comparison.b, resnet, (3, 224, 224)),
    ):
        assert net.params == ref["params"]
        assert net.trainable == ref["params"]
        assert 2 * net.flops == ref["flops2"]
        assert net.output_shapes == (ref["output"],)
        assert net.input_shape == shape
        assert net.errors == 0
    assert comparison.valid
    # the d2l LeNet has 12 modules in its Sequential, our preset 12 layers
    assert comparison.a.layers == len(list(d2l_lenet().children())) == 12
    data = comparison.to_json()
    assert data["difference"]["total_params"] == resnet["params"] - lenet["params"]
    assert 2 * data["difference"]["total_flops"] == resnet["flops2"] - lenet["flops2"]


def test_stages_equal_torch(lenet_vs_resnet) -> None:
    comparison, lenet, resnet = lenet_vs_resnet
    for net, ref in ((comparison.a, lenet), (comparison.b, resnet)):
        ours = [(s.size, s.params, 2 * s.flops) for s in net.stages]
        assert ours == ref["stages"]
        assert sum(s.params for s in net.stages) == net.params
        assert sum(s.flops for s in net.stages) == net.flops
    # ResNet-18's classic stages: conv1, conv2_x … conv5_x, the pool and the classifier
    sizes = [s.size for s in comparison.b.stages]
    assert sizes == ["112×112", "56×56", "28×28", "14×14", "7×7", "1×1", "vector"]
    assert [s.size for s in comparison.a.stages] == ["28×28", "14×14", "10×10", "5×5", "vector"]


def test_stages_pair_by_size_then_order(lenet_vs_resnet) -> None:
    comparison = lenet_vs_resnet[0]
    sizes = [(a.size if a else None, b.size if b else None) for a, b in comparison.stage_pairs()]
    # the sizes both have pair up (28×28, 14×14, the classifier's vector); LeNet's 10×10
    # and 5×5 pair in order with ResNet's 7×7 and 1×1; ResNet's first two stand alone
    assert sizes == [
        (None, "112×112"),
        (None, "56×56"),
        ("28×28", "28×28"),
        ("14×14", "14×14"),
        ("10×10", "7×7"),
        ("5×5", "1×1"),
        ("vector", "vector"),
    ]
    lines = render_table(comparison).splitlines()
    last = next(line for line in lines if line.startswith("7 "))
    assert last.split()[1] == "vector" and last.split()[5] == "vector"


def test_unmatched_final_stages_still_pair() -> None:
    def made(*sizes: str) -> list[Stage]:
        return [Stage(size, (), 1, 0, 0) for size in sizes]

    pairs = pair_stages(made("32×32", "16×16", "vector"), made("9×9", "5×5", "3×3", "sequence"))
    assert [(a and a.size, b and b.size) for a, b in pairs] == [
        (None, "9×9"),
        ("32×32", "5×5"),
        ("16×16", "3×3"),
        ("vector", "sequence"),
    ]
    # a size pair in the middle: order on both sides of it
    pairs = pair_stages(made("8×8", "4×4", "sequence", "vector"), made("4×4", "2×2", "vector"))
    assert [(a and a.size, b and b.size) for a, b in pairs] == [
        ("8×8", None),
        ("4×4", "4×4"),
        ("sequence", "2×2"),
        ("vector", "vector"),
    ]
    assert pair_stages([], made("vector")) == [(None, made("vector")[0])]


def test_spatial_size_rule() -> None:
    assert spatial_size((6, 28, 28)) == "28×28"
    assert spatial_size((8, 4, 16, 16)) == "4×16×16"
    assert spatial_size((20, 64)) == SEQUENCE
    assert spatial_size((10,)) == spatial_size(()) == VECTOR


def test_inputs_are_in_no_stage_and_errors_join_the_stage_before() -> None:
    project = load_preset("lenet5")
    graph = project.graph
    (input_id,) = graph.sources()
    graph.set_params(input_id, input_shape_params("image", (1, 4, 4)))  # too small for conv2
    analysis = analyse(graph)
    found = stages(analysis)
    listed = [nid for s in found for nid in s.node_ids]
    assert input_id not in listed
    # every other node is in exactly one stage, in topological order
    assert listed == [n for n in graph.topological_order() if n != input_id]
    net = of_project(project)
    assert net.errors == 1
    assert net.output_shapes == (None,)
    broken = [nid for nid, _msg in analysis.errors()]
    assert broken[0] in found[-1].node_ids  # the stage before it: the last one with a shape


def test_a_network_without_shapes_has_one_unknown_stage() -> None:
    project = load_preset("lenet5")
    graph = project.graph
    (input_id,) = graph.sources()
    graph.remove_node(input_id)
    net = of_project(project)
    assert [s.size for s in net.stages] == ["?"]
    assert net.input_shape == ()
    text = render_table(Comparison(net, net))
    line = next(line for line in text.splitlines() if line.startswith("Input shape"))
    assert line.split()[2:] == ["—", "—"]


def test_table_shows_differences_and_ratios(lenet_vs_resnet) -> None:
    comparison, lenet, resnet = lenet_vs_resnet
    text = render_table(comparison)
    params_line = next(line for line in text.splitlines() if line.startswith("Params"))
    assert f"{lenet['params']:,}" in params_line and f"{resnet['params']:,}" in params_line
    assert f"+{resnet['params'] - lenet['params']:,}" in params_line
    assert params_line.endswith(f"×{resnet['params'] / lenet['params']:,.0f}")
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Stage"))
    stage_lines = lines[head + 2 : head + 2 + 7]
    assert [line.split()[0] for line in stage_lines] == [str(i) for i in range(1, 8)]
    # columns line up: every stage row is as wide as its rule or narrower
    assert all(len(line) <= len(lines[head + 1]) for line in stage_lines)


def test_ratio_and_signed_formatting() -> None:
    assert ratio(100, 150) == "×1.50"
    assert ratio(61706, 11689512) == "×189"
    assert ratio(4, 1) == "×0.25"
    assert ratio(10, 125) == "×12.5"
    assert ratio(0, 5) == "—"
    assert ratio(5, 0) == "×0"
    assert ratio(100000, 1) == "×<0.01"
    assert signed(1500) == "+1,500" and signed(-3) == "-3" and signed(0) == "0"
