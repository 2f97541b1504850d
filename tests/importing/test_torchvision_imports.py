"""Importing torchvision's classification models: same numbers, same outputs."""

from __future__ import annotations

from collections import Counter

import pytest
import torch
import torchvision

from tests.importing.checks import import_and_compare

#: Model, keyword arguments, and block counts the import must have (composites where a
#: block is recognised, the flat layers elsewhere).
MODELS = {
    "resnet18": ({}, {"Residual": 8}),
    "googlenet": ({"aux_logits": False, "init_weights": False}, {"Inception": 9}),
    "resnet50": ({}, {"Bottleneck": 16, "Conv2d": 1}),
    "mobilenet_v2": ({}, {"InvertedResidual": 17, "ReLU6": 2}),
    "squeezenet1_1": ({}, {"Fire": 8, "Concat": 0}),
    "densenet121": ({}, {"DenseBlock": 4, "Transition": 3, "Concat": 0}),
    "vgg11_bn": ({}, {"BatchNorm2d": 8, "Linear": 3}),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_torchvision_model_imports_with_equal_numbers_and_outputs(name: str) -> None:
    kwargs, counts = MODELS[name]
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None, **kwargs)
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    imported = import_and_compare(model, (3, 32, 32), x, name)
    found = Counter(n.type for n in imported.project.graph)
    for type_name, count in counts.items():
        assert found[type_name] == count, (type_name, found)
    if name == "densenet121":  # the blocks carry torchvision's block_config and growth
        blocks = [n.params for n in imported.project.graph if n.type == "DenseBlock"]
        assert [p["num_layers"] for p in blocks] == [6, 12, 24, 16]
        assert {(p["growth_rate"], p["bn_size"]) for p in blocks} == {(32, 4)}


def test_a_recognised_block_that_computes_something_else_is_imported_flat() -> None:
    """A BasicBlock whose forward drops the shortcut is not a Residual: the import
    falls back to the layers themselves, and still equals the model."""
    model = torchvision.models.resnet18(weights=None)
    block = model.layer1[0]

    def no_shortcut(x):
        return block.relu(block.bn2(block.conv2(block.relu(block.bn1(block.conv1(x))))))

    block.forward = no_shortcut
    imported = import_and_compare(model, (3, 32, 32), torch.randn(2, 3, 32, 32))
    found = Counter(n.type for n in imported.project.graph)
    assert found["Residual"] == 0 and found["Add"] == 7  # 8 blocks, one without the sum


@pytest.mark.parametrize(
    "make",
    [
        lambda: torchvision.models.DenseNet(
            growth_rate=4, block_config=(2, 3), num_init_features=8
        ),
        lambda: torchvision.models.squeezenet1_1(weights=None),
    ],
    ids=["densenet", "squeezenet"],
)
def test_flat_imports_join_any_number_of_inputs(make) -> None:
    """Layer by layer, DenseNet's first layer concatenates a single tensor (no Concat)
    and later ones three or more."""
    model = make()
    x = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(2))
    imported = import_and_compare(model, (3, 32, 32), x, collapse=False)
    concats = [n.params["inputs"] for n in imported.project.graph if n.type == "Concat"]
    assert concats and not {"DenseBlock", "Fire"} & {n.type for n in imported.project.graph}
    if isinstance(model, torchvision.models.DenseNet):
        assert sorted(set(concats)) == [2, 3, 4]  # blocks of 2 and 3 layers
