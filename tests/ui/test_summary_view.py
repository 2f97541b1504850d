"""The Summary dock updates only the rows an edit changed and measures its columns once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from netbuilder.core.presets import load_preset
from netbuilder.ui.commands import AddNodeCommand, SetParamsCommand
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.summary_view import SummaryView


@pytest.fixture
def model() -> DocumentModel:
    return DocumentModel(load_preset("lenet5"))


@pytest.fixture
def view(qtbot, model) -> SummaryView:
    widget = SummaryView(model)
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    return widget


class _Recorder:
    """Rows named by ``dataChanged`` and the number of resets of a table model."""

    def __init__(self, table) -> None:
        self.rows: set[int] = set()
        self.resets = 0
        table.dataChanged.connect(self._changed)
        table.modelReset.connect(self._reset)

    def _changed(self, top, bottom, *_roles) -> None:
        self.rows.update(range(top.row(), bottom.row() + 1))

    def _reset(self) -> None:
        self.resets += 1


def _ids(model: DocumentModel, type_name: str) -> list[str]:
    return [n.id for n in model.graph if n.type == type_name]


def test_a_param_edit_changes_only_that_nodes_row(view, model):
    table = view.table
    conv2 = _ids(model, "Conv2d")[1]
    seen = _Recorder(table)
    # dropping the bias changes conv2's parameter count only: its output shape stays
    model.push(SetParamsCommand(model, conv2, {"bias": False}))
    assert seen.resets == 0
    assert seen.rows == {table.row_of(conv2)}
    # 16 filters of 6×5×5 weights, no bias: 2,400 (and 2,416 with the bias before)
    assert table.index(table.row_of(conv2), 3).data(Qt.ToolTipRole) == "2,400 parameters"


def test_a_shape_edit_changes_the_rows_downstream_and_no_row_upstream(view, model):
    table = view.table
    conv1 = _ids(model, "Conv2d")[0]
    seen = _Recorder(table)
    model.push(SetParamsCommand(model, conv1, {"out_channels": 8}))
    assert seen.resets == 0
    assert table.row_of(_ids(model, "Input")[0]) not in seen.rows
    assert table.row_of(conv1) in seen.rows
    # conv2 now reads 8 channels: 16×8×5×5 + 16 = 3,216 parameters
    conv2 = _ids(model, "Conv2d")[1]
    assert table.row_of(conv2) in seen.rows
    assert table.index(table.row_of(conv2), 3).data(Qt.ToolTipRole) == "3,216 parameters"
    # the last Linear keeps its 84 inputs: its row is not touched
    assert table.row_of(_ids(model, "Linear")[2]) not in seen.rows


def test_adding_a_node_adds_its_row(view, model, qtbot):
    rows = view.table.rowCount()
    model.push(AddNodeCommand(model, "ReLU"))
    qtbot.waitUntil(lambda: view.table.rowCount() == rows + 1)


def test_column_widths_are_measured_per_document_not_per_edit(view, model):
    view.setColumnWidth(1, 333)  # wider than any type name: no measurement gives it
    conv1 = _ids(model, "Conv2d")[0]
    model.push(SetParamsCommand(model, conv1, {"out_channels": 8}))
    assert view.columnWidth(1) == 333
    model.set_project(load_preset("alexnet"))
    assert view.columnWidth(1) < 333
