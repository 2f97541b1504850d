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
    "resnet50": ({}, {"Conv2d": 53, "Add": 16}),
    "mobilenet_v2": ({}, {"ReLU6": 35, "Add": 10}),
    "squeezenet1_1": ({}, {"Concat": 8}),
    "densenet121": ({}, {"Conv2d": 120}),
    "vgg11_bn": ({}, {"BatchNorm2d": 8, "Linear": 3}),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_torchvision_model_imports_with_equal_numbers_and_outputs(name: str) -> None:
    kwargs, counts = MODELS[name]
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None, **kwargs)
    x = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    imported = import_and_compare(model, (3, 64, 64), x, name)
    found = Counter(n.type for n in imported.project.graph)
    for type_name, count in counts.items():
        assert found[type_name] == count, (type_name, found)
