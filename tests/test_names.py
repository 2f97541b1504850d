"""Names: class names from project names, Save As renaming, the live preview, unicode labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netbuilder.core.codegen import class_name_for
from netbuilder.core.presets import PRESET_NAMES, load_preset

#: The spellings the networks' papers and torchvision use (written by hand, not by our code).
PROPER = {
    "lenet5": "LeNet5",
    "alexnet": "AlexNet",
    "vgg11": "VGG11",
    "vgg16": "VGG16",
    "nin": "NiN",
    "googlenet": "GoogLeNet",
    "resnet18": "ResNet18",
    "mlp_mnist": "MLPMnist",
    "inception_mnist": "InceptionMnistNet",  # "InceptionMnist" is the composite's name
    "char_rnn": "CharRNN",
    "name_gru": "NameGRU",
    "logistic": "Logistic",
}


def test_every_preset_has_its_proper_class_name() -> None:
    assert set(PROPER) == set(PRESET_NAMES)
    for name, expected in PROPER.items():
        assert class_name_for(load_preset(name).name) == expected


@pytest.mark.parametrize(
    ("project", "expected"),
    [("my resnet34", "MyResNet34"), ("vgg", "VGG"), ("3d-net", "Net3dNet"), ("", "Net")],
)
def test_project_names_become_pascal_case(project: str, expected: str) -> None:
    assert class_name_for(project) == expected


def test_long_names_are_cut() -> None:
    assert class_name_for("x" * 200) == "X" + "x" * 39


def test_live_preview_equals_the_exported_file(qtbot, tmp_path: Path) -> None:
    from netbuilder.export.model import export_python
    from netbuilder.ui.code_view import CodePreview
    from netbuilder.ui.document_model import DocumentModel

    model = DocumentModel(load_preset("lenet5"))
    view = CodePreview(model)
    qtbot.addWidget(view)
    view.refresh()
    exported = export_python(model.project, tmp_path / "model.py")
    assert view.toPlainText() == exported
    assert "class LeNet5(nn.Module):" in exported


def test_save_as_renames_the_project_and_its_class(qtbot, tmp_path: Path) -> None:
    from netbuilder.ui.code_view import CodePreview
    from netbuilder.ui.document_model import DocumentModel

    model = DocumentModel(load_preset("resnet18"))
    view = CodePreview(model)
    qtbot.addWidget(view)
    view.refresh()
    assert "class ResNet18(nn.Module):" in view.toPlainText()

    model.save(tmp_path / "my_resnet.json")  # no file yet: the name follows
    assert model.project.name == "my_resnet"
    assert json.loads((tmp_path / "my_resnet.json").read_text("utf-8"))["name"] == "my_resnet"
    qtbot.waitUntil(lambda: "class MyResNet(nn.Module):" in view.toPlainText())

    model.save(tmp_path / "resnet_v2.json")  # the name was the old file's stem: follows
    assert model.project.name == "resnet_v2"
    qtbot.waitUntil(lambda: "class ResNetV2(nn.Module):" in view.toPlainText())

    model.project.name = "chosen"  # a name the user picked stays under Save As
    model.save(tmp_path / "copy.json")
    assert model.project.name == "chosen"
    assert json.loads((tmp_path / "copy.json").read_text("utf-8"))["name"] == "chosen"


def test_failed_save_keeps_the_name(tmp_path: Path) -> None:
    from netbuilder.core.errors import DocumentError
    from netbuilder.ui.document_model import DocumentModel

    model = DocumentModel(load_preset("lenet5"))
    with pytest.raises((DocumentError, OSError)):
        model.save(tmp_path / "missing" / "dir" / "x.json")
    assert model.project.name == "lenet5"
    assert model.path is None
