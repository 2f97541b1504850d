"""Layer labels as module paths: ``features.0`` lives in ``self.features`` (issue 14 item 4).

The exported module builds one ``nn.Sequential`` per path prefix, so its ``state_dict``
keys are the labels; a container whose layers form a chain is called as a whole, others
layer by layer. Each case runs the exported file in a fresh interpreter (outputs equal to
the compiled model's with the same weights) and passes ruff with default settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from netbuilder.core.builder import Builder
from netbuilder.core.codegen import compile_model, generate_code
from netbuilder.core.graph import Graph
from netbuilder.core.naming import layer_names
from tests.codegen_helpers import assert_ruff_clean, check_in_fresh_interpreter


def image_builder() -> Builder:
    b = Builder()
    b.add("Input", channels=3, height=8, width=8)
    return b


def keys_of(graph: Graph) -> set[str]:
    """Module paths of the compiled model's tensors (``features.0`` of ``features.0.weight``)."""
    return {key.rpartition(".")[0] for key in compile_model(graph).state_dict()}


def exported_and_checked(graph_project, tmp_path: Path) -> str:
    source = generate_code(graph_project.graph, main=True)
    path = tmp_path / "model.py"
    path.write_text(source, encoding="utf-8")
    assert_ruff_clean(path)
    run = tmp_path / "run"
    run.mkdir()
    result = check_in_fresh_interpreter({"net": graph_project}, run)["net"]
    assert result["identical"]
    return source


@pytest.mark.parametrize("label", ["features.0", "layer1.0.conv1", "features.denseblock1", "a.b"])
def test_module_paths_are_labels(label: str) -> None:
    assert Graph.check_label(label) is None


def test_a_chain_becomes_one_sequential_called_once(tmp_path: Path) -> None:
    b = image_builder()
    b.add("Conv2d", label="body.0", out_channels=4, padding=1)
    b.add("ReLU", label="body.1")
    b.add("Conv2d", label="body.2", out_channels=4, padding=1)
    b.add("Flatten", label="flatten")
    b.add("Linear", label="head.fc", out_features=3)
    project = b.project("chain")
    source = exported_and_checked(project, tmp_path)
    assert (
        "        self.body = nn.Sequential(\n"
        "            nn.Conv2d(3, 4, kernel_size=3, padding=1),\n"
        "            nn.ReLU(),\n"
    ) in source
    assert "        x = self.body(x)\n" in source
    assert "OrderedDict(\n                fc=nn.Linear(256, 3),\n" in source
    assert "from collections import OrderedDict" in source
    assert keys_of(project.graph) == {"body.0", "body.2", "head.fc"}


def test_branches_in_one_container_are_called_one_by_one(tmp_path: Path) -> None:
    b = image_builder()
    x = b.last
    left = b.add("Conv2d", label="branches.0", inputs=x, out_channels=2, kernel_size=1)
    right = b.add("Conv2d", label="branches.1", inputs=x, out_channels=3, kernel_size=1)
    b.add("Concat", inputs=[left, right])
    b.add("Flatten")
    b.add("Linear", label="fc", out_features=2)
    project = b.project("branches")
    source = exported_and_checked(project, tmp_path)
    assert "self.branches[0](x)" in source and "self.branches[1](x)" in source
    assert "self.branches(" not in source
    assert keys_of(project.graph) == {"branches.0", "branches.1", "fc"}


def test_a_chain_that_feeds_a_branch_midway_is_not_called_whole(tmp_path: Path) -> None:
    b = image_builder()
    b.add("Conv2d", label="f.0", out_channels=3, padding=1)
    middle = b.add("ReLU", label="f.1")
    last = b.add("Conv2d", label="f.2", out_channels=3, padding=1)
    b.add("Add", inputs=[middle, last])
    b.add("Flatten")
    b.add("Linear", out_features=2)
    source = exported_and_checked(b.project("skip"), tmp_path)
    assert "self.f(" not in source and "self.f[2](" in source


def test_nested_and_irregular_containers(tmp_path: Path) -> None:
    b = image_builder()
    b.add("Conv2d", label="stem.0.0", out_channels=4, padding=1)
    b.add("BatchNorm2d", label="stem.0.1")
    b.add("ReLU", label="stem.1")
    b.add("Conv2d", label="blocks.0", out_channels=4, padding=1)  # index 1 deleted
    b.add("ReLU", label="blocks.2")
    b.add("Conv2d", label="blocks.conv", out_channels=2, kernel_size=1)
    b.add("Flatten")
    b.add("Linear", label="fc", out_features=2)
    project = b.project("nested")
    source = exported_and_checked(project, tmp_path)
    assert "self.stem = nn.Sequential(\n            nn.Sequential(\n" in source
    assert "x = self.stem(x)" in source
    assert 'self.blocks.add_module("2", nn.ReLU())' in source
    assert "x = self.blocks(x)" in source
    assert keys_of(project.graph) == {
        "stem.0.0",
        "stem.0.1",
        "blocks.0",
        "blocks.conv",
        "fc",
    }


def test_a_layer_and_a_container_of_one_name_cannot_both_be(tmp_path: Path) -> None:
    b = image_builder()
    first = b.add("Conv2d", label="features", out_channels=2, padding=1)
    second = b.add("ReLU", label="features.0")
    third = b.add("Conv2d", label="features", out_channels=2, padding=1)
    b.add("Flatten")
    b.add("Linear", out_features=2)
    names = layer_names(b.graph)
    assert names[first] == "features"
    assert names[second] == "relu1" and names[third] == "conv1"
    exported_and_checked(b.project("clash"), tmp_path)


def test_an_operation_with_a_path_label_keeps_it_as_its_name(tmp_path: Path) -> None:
    b = image_builder()
    x = b.last
    a = b.add("Conv2d", label="a.0", inputs=x, out_channels=3, padding=1)
    b.add("Add", label="merge.sum", inputs=[x, a])
    b.add("Flatten")
    b.add("Linear", out_features=2)
    project = b.project("op")
    source = exported_and_checked(project, tmp_path)
    assert "merge" not in source.split("def forward")[0]
    with torch.no_grad():
        model = compile_model(project.graph).eval()
        assert model(torch.randn(1, 3, 8, 8)).shape == (1, 2)


def test_a_frozen_layer_inside_a_container_stays_frozen_and_in_eval() -> None:
    from netbuilder.train.freezing import frozen_children, train_mode

    b = image_builder()
    b.add("Conv2d", label="features.0", out_channels=4, padding=1)
    norm = b.add("BatchNorm2d", label="features.1")
    b.add("ReLU", label="features.2")
    b.add("Flatten")
    b.add("Linear", label="fc", out_features=2)
    b.graph.set_frozen(norm, True)
    model = compile_model(b.graph)
    frozen = model.get_submodule("features.1")
    assert not any(p.requires_grad for p in frozen.parameters())
    assert all(p.requires_grad for p in model.get_submodule("features.0").parameters())
    assert frozen_children(model) == ["features.1"]
    train_mode(model, frozen_children(model))
    assert model.training and model.features.training and not frozen.training
