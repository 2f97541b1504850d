"""The inspector: widgets → model (one undo step per edit), model → widgets, validation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netbuilder.core.naming import layer_names
from netbuilder.core.presets import load_preset
from netbuilder.ui.commands import AddNodeCommand, SetLabelCommand, SetParamsCommand
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.inspector import Inspector
from netbuilder.ui.param_editors import (
    BoolEditor,
    ChoiceEditor,
    FloatEditor,
    IntEditor,
    IntsEditor,
    OptionalEditor,
    PairEditor,
)


@pytest.fixture
def model() -> DocumentModel:
    return DocumentModel(load_preset("lenet5"))


@pytest.fixture
def inspector(qtbot, model) -> Inspector:
    widget = Inspector(model)
    qtbot.addWidget(widget)
    widget.resize(360, 600)
    widget.show()
    return widget


def _first(model: DocumentModel, type_name: str) -> str:
    return next(n.id for n in model.graph if n.type == type_name)


def _type_into(spin, text: str) -> None:
    """Select the spin box text, type like a user and press Enter."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, text)
    QTest.keyClick(spin, Qt.Key_Return)


def test_disabled_with_nothing_or_several_selected(inspector, model):
    assert not inspector.isEnabled()
    model.set_selection([_first(model, "Conv2d"), _first(model, "Linear")])
    assert not inspector.isEnabled()
    assert "2 blocks selected" in inspector.placeholder.text()
    model.set_selection([_first(model, "Conv2d")])
    assert inspector.isEnabled()


def test_form_follows_the_schema(inspector, model):
    model.set_selection([_first(model, "Conv2d")])
    kinds = {name: type(editor) for name, editor in inspector.editors.items()}
    assert kinds["out_channels"] is IntEditor
    assert kinds["kernel_size"] is PairEditor
    assert kinds["bias"] is BoolEditor
    assert inspector.editors["out_channels"].spin.maximum() == 65536
    assert inspector.editors["padding"].same is not None  # allow_same
    assert "output channels" in inspector.editors["out_channels"].toolTip()
    assert "6×28×28" in inspector.stats.text()
    assert "117,600" in inspector.stats.text()
    model.set_selection([_first(model, "Input")])
    assert type(inspector.editors["kind"]) is ChoiceEditor
    model.push(AddNodeCommand(model, "MaxPool2d"))
    model.set_selection([list(model.graph._nodes)[-1]])
    assert type(inspector.editors["stride"]) is OptionalEditor
    assert inspector.editors["stride"].auto.isChecked()
    model.push(AddNodeCommand(model, "Reshape"))
    model.set_selection([list(model.graph._nodes)[-1]])
    assert type(inspector.editors["shape"]) is IntsEditor
    assert inspector.editors["shape"].edit.text() == "1, 28, 28"
    model.push(AddNodeCommand(model, "Dropout"))
    model.set_selection([list(model.graph._nodes)[-1]])
    assert type(inspector.editors["p"]) is FloatEditor


def test_typing_a_value_is_one_undo_step_and_updates_every_view(window, qtbot):
    model = window.model
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    spin = window.inspector.editors["out_channels"].spin
    count = model.undo_stack.count()
    _type_into(spin, "8")
    assert model.graph.node(conv).params["out_channels"] == 8
    assert model.undo_stack.count() == count + 1
    # conv1: 5·5·1·8 + 8 = 208 params; the window's views follow
    table = window.summary.table
    qtbot.waitUntil(lambda: table.index(table.row_of(conv), 2).data() == "8×28×28")
    assert table.index(table.row_of(conv), 3).data() == "208"
    window.docks["code"].raise_()  # the code preview regenerates once it is shown
    qtbot.waitUntil(
        lambda: "nn.Conv2d(1, 8, kernel_size=5, padding=2)" in window.code.toPlainText()
    )
    # total 61,706 - 156 + 208 and conv2 now sees 8 input channels: -2,416 + 3,216
    qtbot.waitUntil(lambda: "62,558" in window.params_label.toolTip())
    assert "8×28×28" in window.inspector.stats.text()


def test_set_value_then_editing_finished_commits_once(inspector, model):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    spin = inspector.editors["out_channels"].spin
    count = model.undo_stack.count()
    spin.setValue(12)
    spin.editingFinished.emit()
    assert model.graph.node(conv).params["out_channels"] == 12
    assert model.undo_stack.count() == count + 1
    name = layer_names(model.graph)[conv]
    assert model.undo_stack.undoText() == f"{name}: out_channels 6 → 12"


def test_model_change_updates_widgets(inspector, model):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    model.push(SetParamsCommand(model, conv, {"out_channels": 20, "kernel_size": [3, 5]}))
    assert inspector.editors["out_channels"].spin.value() == 20
    pair = inspector.editors["kernel_size"]
    assert (pair.first.value(), pair.second.value()) == (3, 5)
    assert not pair.link.isChecked()
    assert "20×30×28" in inspector.stats.text()  # (28 + 4 − 3) + 1, (28 + 4 − 5) + 1
    model.undo_stack.undo()
    assert inspector.editors["out_channels"].spin.value() == 6
    assert (pair.first.value(), pair.second.value()) == (5, 5)
    model.push(SetLabelCommand(model, conv, "stem"))
    assert inspector.label_edit.text() == "stem"


def test_invalid_value_shows_sentence_and_leaves_model(inspector, model):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    before = dict(model.graph.node(conv).params)
    count = model.undo_stack.count()
    inspector.editors["groups"].spin.setValue(4)  # 6 channels are not divisible by 4
    assert model.graph.node(conv).params == before
    assert model.undo_stack.count() == count
    sentence = inspector.error_text("groups")
    assert "divisible by groups (4)" in sentence
    assert not inspector.errors["groups"].isHidden()
    inspector.editors["groups"].spin.setValue(2)
    assert inspector.error_text("groups") == ""
    assert model.graph.node(conv).params["groups"] == 2


def test_same_padding_needs_stride_one(inspector, model):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    model.push(SetParamsCommand(model, conv, {"stride": 2}))
    inspector.editors["padding"].same.setChecked(True)
    assert "stride 1" in inspector.error_text("padding")
    assert model.graph.node(conv).params["padding"] == 2


def test_pair_editor_square_and_rectangular(inspector, model):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    pair = inspector.editors["kernel_size"]
    pair.first.setValue(3)  # linked: both become 3, one command
    assert model.graph.node(conv).params["kernel_size"] == 3
    pair.link.setChecked(False)
    pair.second.setValue(1)
    assert model.graph.node(conv).params["kernel_size"] == [3, 1]


def test_optional_auto_and_ints_editor(inspector, model):
    model.push(AddNodeCommand(model, "MaxPool2d"))
    pool = list(model.graph._nodes)[-1]
    model.set_selection([pool])
    stride = inspector.editors["stride"]
    stride.auto.setChecked(False)
    assert model.graph.node(pool).params["stride"] == 2  # shows the kernel size
    stride.auto.setChecked(True)
    assert model.graph.node(pool).params["stride"] is None
    model.push(AddNodeCommand(model, "Reshape"))
    reshape = list(model.graph._nodes)[-1]
    model.set_selection([reshape])
    edit = inspector.editors["shape"].edit
    edit.setText("4, 14, 14")
    edit.editingFinished.emit()
    assert model.graph.node(reshape).params["shape"] == [4, 14, 14]
    edit.setText("4, x")
    edit.editingFinished.emit()
    assert "whole numbers" in inspector.error_text("shape")
    assert model.graph.node(reshape).params["shape"] == [4, 14, 14]


def test_label_rename_and_invalid_name(inspector, model, qtbot):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    before = model.graph.node(conv).label
    inspector.label_edit.setText("1st")
    inspector.label_edit.editingFinished.emit()
    assert "cannot name a layer" in inspector.error_text("label")
    assert model.graph.node(conv).label == before
    inspector.label_edit.setText("stem")
    inspector.label_edit.editingFinished.emit()
    assert model.graph.node(conv).label == "stem"
    assert inspector.error_text("label") == ""


def test_node_error_sentence_is_shown(inspector, model):
    model.push(AddNodeCommand(model, "Linear"))
    model.set_selection([list(model.graph._nodes)[-1]])
    assert "Linear has no input" in inspector.node_error.text()
    assert not inspector.node_error.isHidden()


def test_locked_document_refuses_edits_with_reason(inspector, model):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    model.set_locked("Training is running; stop it to edit the network.")
    inspector.editors["out_channels"].spin.setValue(9)
    assert model.graph.node(conv).params["out_channels"] == 6
    assert "Training is running" in inspector.error_text("out_channels")
    assert inspector.editors["out_channels"].spin.value() == 6


def test_removed_node_clears_the_form(inspector, model):
    model.push(AddNodeCommand(model, "ReLU"))
    relu = list(model.graph._nodes)[-1]
    model.set_selection([relu])
    assert inspector.isEnabled()
    model.undo_stack.undo()
    assert not inspector.isEnabled()
    assert inspector.node_id is None


def test_spin_arrow_steps_merge_into_one_undo_step(inspector, model):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    spin = inspector.editors["out_channels"].spin
    count = model.undo_stack.count()
    for _ in range(5):
        spin.stepUp()  # what the arrow keys and buttons do
    assert model.graph.node(conv).params["out_channels"] == 11
    assert model.undo_stack.count() == count + 1
    model.undo_stack.undo()
    assert model.graph.node(conv).params["out_channels"] == 6
    assert spin.value() == 6
    # stepping back to where it started leaves no undo step at all
    spin.stepUp()
    spin.stepDown()
    assert model.undo_stack.index() == count


def test_other_commands_do_not_merge(model):
    conv = _first(model, "Conv2d")
    count = model.undo_stack.count()
    model.push(SetParamsCommand(model, conv, {"out_channels": 7}))
    model.push(SetParamsCommand(model, conv, {"out_channels": 8}))
    assert model.undo_stack.count() == count + 2


def test_input_form_shows_only_the_fields_of_its_kind(qtbot) -> None:
    from netbuilder.core.presets import load_preset
    from netbuilder.ui.commands import SetParamsCommand
    from netbuilder.ui.document_model import DocumentModel
    from netbuilder.ui.inspector import Inspector

    model = DocumentModel(load_preset("lenet5"))
    inspector = Inspector(model)
    qtbot.addWidget(inspector)
    input_id = model.graph.sources()[0]
    model.set_selection([input_id])
    visible = {n for n, label in inspector.row_labels.items() if not label.isHidden()}
    assert visible == {"kind", "channels", "height", "width"}
    model.push(SetParamsCommand(model, input_id, {"kind": "tokens"}))
    visible = {n for n, label in inspector.row_labels.items() if not label.isHidden()}
    assert visible == {"kind", "length", "vocab"}


@pytest.mark.parametrize(
    ("name", "why"), [("train", "PyTorch modules already use"), ("class", "Python keyword")]
)
def test_typing_a_reserved_name_is_refused_with_a_sentence_and_no_undo_step(
    inspector, model, name, why
):
    conv = _first(model, "Conv2d")
    model.set_selection([conv])
    steps = model.undo_stack.count()
    label = model.graph.node(conv).label
    field = inspector.label_edit
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, name)
    QTest.keyClick(field, Qt.Key_Return)
    assert why in inspector.error_text("label")
    assert inspector.error_text("label") == str(model.graph.check_label(name))
    assert model.graph.node(conv).label == label
    assert model.undo_stack.count() == steps


def test_fewer_inputs_than_linked_ports_shows_the_cores_reason(inspector, model):
    first = model.graph.topological_order()[0]
    model.push(AddNodeCommand(model, "Concat", {"inputs": 3}))
    concat = list(model.graph._nodes)[-1]
    from netbuilder.ui.commands import ConnectCommand

    for port in range(3):
        model.push(ConnectCommand(model, first, concat, port))
    model.set_selection([concat])
    steps = model.undo_stack.count()
    _type_into(inspector.editors["inputs"].spin, "2")
    reason = model.graph.check_params(concat, {"inputs": 2})
    assert reason is not None and reason.port == 2
    assert inspector.error_text("inputs") == str(reason)
    assert "Input port 3" in str(reason)
    assert model.graph.node(concat).params["inputs"] == 3
    assert model.undo_stack.count() == steps
