"""Names: class names from project names, Save As renaming, the live preview, unicode labels."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from netbuilder.core.builder import Builder
from netbuilder.core.codegen import class_name_for, generate_code
from netbuilder.core.document import Project, dumps, loads
from netbuilder.core.errors import DocumentError, LabelError
from netbuilder.core.graph import Graph, label_key
from netbuilder.core.naming import layer_names
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
    "vgg11_bn": "VGG11BN",
    "resnet50": "ResNet50",
    "mobilenet_v2": "MobileNetV2",
    "squeezenet1_1": "SqueezeNet1_1",
    "densenet121": "DenseNet121",
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
    view.show()  # the preview regenerates while shown
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


# -- unicode labels ---------------------------------------------------------------------------
def labelled_project(*labels: str) -> Project:
    """Input 1×8×8 → Conv2d (first label) → Flatten → Linear (second label, if any)."""
    b = Builder()
    b.add("Input", channels=1, height=8, width=8)
    b.add("Conv2d", out_channels=2, kernel_size=3, label=labels[0])
    b.add("Flatten")
    b.add("Linear", out_features=10, label=labels[1] if len(labels) > 1 else "")
    return b.project("unicode")


@pytest.mark.parametrize("label", ["卷积1", "свёртка", "couche_é", "Λ_2", "x_2"])
def test_any_python_identifier_names_a_layer(label: str) -> None:
    assert Graph.check_label(label) is None


@pytest.mark.parametrize(
    "label",
    ["1卷积", "a-b", "a b", "for", "forward", "train", "a\u202eb", "a\u200db", "a\x00", "x" * 65],
)
def test_what_is_not_an_identifier_is_refused(label: str) -> None:
    error = Graph.check_label(label)
    assert isinstance(error, LabelError)
    assert str(error).strip()  # one sentence for the user


def test_labels_are_stored_as_python_reads_them() -> None:
    graph = Graph()
    nid = graph.add_node("Linear", {"out_features": 3}, "ｃｏｎｖ")  # full width letters
    assert graph.node(nid).label == "conv"
    assert Graph.check_label("ｆｏｒ") is not None  # a keyword once normalised


def test_labels_equal_after_nfkc_are_one_name() -> None:
    project = labelled_project("ﬁlter", "filter")  # U+FB01 ligature: NFKC gives "fi"
    names = list(layer_names(project.graph).values())
    assert "ﬁlter" not in names  # Python would read it as "filter": one attribute for two layers
    assert names.count("filter") == 1
    assert len(set(names)) == len(names)
    # a label that reached a node without the graph's check is compared the same way
    linear = next(n for n in project.graph if n.type == "Linear")
    linear.label = "ｆｉｌｔｅｒ"
    names = list(layer_names(project.graph).values())
    assert names.count("filter") == 1
    assert "ｆｉｌｔｅｒ" not in names


def test_unicode_label_exports_runs_and_keys_the_state_dict(tmp_path: Path) -> None:
    from netbuilder.export.model import export_python

    project = labelled_project("卷积1", "全连接")
    target = tmp_path / "model.py"
    export_python(project, target)
    probe = (
        "import runpy, sys\n"
        f"ns = runpy.run_path({str(target)!r})\n"
        "model = ns['Unicode']()\n"
        "print(' '.join(model.state_dict()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "卷积1.weight",
        "卷积1.bias",
        "全连接.weight",
        "全连接.bias",
    ]
    main = subprocess.run(
        [sys.executable, str(target)], capture_output=True, text=True, timeout=120, check=False
    )
    assert main.returncode == 0, main.stderr
    assert main.stdout.strip() == "(2, 10)"


def test_project_files_keep_unicode_labels_and_refuse_controls() -> None:
    project = labelled_project("卷积1")
    text = dumps(project)
    again = loads(text)
    assert sorted(n.label for n in again.graph if n.label) == ["卷积1"]
    for bad in ("卷积\u202e1", "卷积\x1b1", "卷积 1"):
        data = json.loads(text)
        node = next(n for n in data["graph"]["nodes"] if n.get("label"))
        node["label"] = bad
        with pytest.raises(DocumentError):
            loads(json.dumps(data))


@given(st.text(st.characters(codec=None, exclude_categories=()), min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
@example("卷积1")
@example("ﬁlter")
@example("ｃｏｎｖ")
@example("A.0")
def test_every_accepted_label_is_the_attribute_python_reads(text: str) -> None:
    if Graph.check_label(text) is not None or not label_key(text):
        return  # refused, or blank (automatic name)
    project = labelled_project(text)
    source = generate_code(project.graph, "Net")
    tree = ast.parse(source)  # Python reads the label as exactly the stored name
    attrs = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    stored = next(n.label for n in project.graph if n.label)
    assert stored == label_key(text)
    # a module path (``A.0``) lives in nn.Sequential containers: its first part is the
    # attribute (module_tree); a plain label is the attribute itself
    assert stored.split(".")[0] in attrs


def test_layer_names_follow_every_kind_of_edit() -> None:
    """The names kept between edits equal names computed afresh after each edit."""
    import random

    from netbuilder.core.naming import _compute_names

    graph = Graph()
    x = graph.add_node("Input", {"kind": "vector", "features": 4})
    ids = [x]
    rng = random.Random(3)
    for step in range(300):
        op = rng.random()
        nid = rng.choice(ids)
        if op < 0.3:
            new = graph.add_node(rng.choice(["Linear", "ReLU", "Dropout"]), index=0)
            ids.append(new)
            if graph.check_connect(nid, new) is None:
                graph.connect(nid, new)
        elif op < 0.45 and nid != x:
            graph.set_label(nid, rng.choice(["", "fc", "relu1", "linear2", "head.0"]))
        elif op < 0.55 and nid != x:
            graph.remove_node(nid)
            ids.remove(nid)
        elif op < 0.7:
            edges = graph.edges
            if edges:
                graph.disconnect(rng.choice(edges))
        elif op < 0.85 and graph.node(nid).type == "Linear":
            graph.set_params(nid, {"out_features": rng.randint(1, 9)})
        else:
            graph.move(nid, (rng.random(), rng.random()))
        assert layer_names(graph) == _compute_names(graph), step


def test_layer_names_are_not_recomputed_for_a_parameter_edit() -> None:
    graph = Graph()
    x = graph.add_node("Input", {"kind": "vector", "features": 4})
    fc = graph.add_node("Linear", {"out_features": 3})
    graph.connect(x, fc)
    first = layer_names(graph)
    kept = graph._memo["layer_names"][1]
    graph.set_params(fc, {"out_features": 5})
    graph.set_frozen(fc, True)
    graph.move(fc, (10.0, 10.0))
    assert graph._memo["layer_names"][1] is kept  # no new computation
    assert layer_names(graph) == first
    graph.set_label(fc, "head")
    assert layer_names(graph)[fc] == "head"
    mine = layer_names(graph)
    mine[fc] = "changed"  # callers get their own dict
    assert layer_names(graph)[fc] == "head"
