"""The receptive field in the Inspector's stats and the Summary's column.

Expected values are the course's F(i) = (F(i+1) − 1)·stride + k worked by hand for
LeNet-5 (5×5 conv, 2×2 pool, 5×5 conv, 2×2 pool): 5, 6, 14, 16 with jumps 1, 2, 2, 4.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from netbuilder.core.presets import load_preset
from netbuilder.ui.commands import SetParamsCommand
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.inspector import Inspector
from netbuilder.ui.summary_view import FIELD_COLUMN, SummaryPanel


@pytest.fixture
def model() -> DocumentModel:
    return DocumentModel(load_preset("lenet5"))


def _ids(model: DocumentModel, type_name: str) -> list[str]:
    return [n.id for n in model.graph if n.type == type_name]


@pytest.fixture
def panel(qtbot, model) -> SummaryPanel:
    widget = SummaryPanel(model)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    return widget


def test_summary_column_shows_the_field_per_layer(panel, model):
    table = panel.view.table
    assert table.headerData(FIELD_COLUMN, Qt.Horizontal) == "Receptive field"

    def cell(nid: str) -> str:
        return table.index(table.row_of(nid), FIELD_COLUMN).data()

    convs, pools = _ids(model, "Conv2d"), _ids(model, "AvgPool2d")
    assert [cell(n) for n in convs] == ["5×5", "14×14"]
    assert [cell(n) for n in pools] == ["6×6", "16×16"]
    assert cell(_ids(model, "Flatten")[0]) == "—"
    assert cell(_ids(model, "Input")[0]) == "1×1"
    tip = table.index(table.row_of(pools[1]), FIELD_COLUMN).data(Qt.ToolTipRole)
    assert "16×16" in tip and "Jump 4" in tip and "Start 5.5" in tip
    assert panel.totals.cells[FIELD_COLUMN] == ""


def test_summary_follows_a_kernel_edit_that_keeps_the_shape(panel, model):
    """A 5×5 → 3×3 conv with padding 1 instead of 2 keeps 6×28×28, but every field after
    it shrinks by 2: the rows downstream update although no shape changed."""
    table = panel.view.table
    conv1 = _ids(model, "Conv2d")[0]
    last_pool = _ids(model, "AvgPool2d")[1]
    model.push(SetParamsCommand(model, conv1, {"kernel_size": 3, "padding": 1}))
    assert table.index(table.row_of(conv1), FIELD_COLUMN).data() == "3×3"
    assert table.index(table.row_of(last_pool), FIELD_COLUMN).data() == "14×14"
    model.undo_stack.undo()
    assert table.index(table.row_of(last_pool), FIELD_COLUMN).data() == "16×16"


def test_expanded_composites_show_their_inner_fields(qtbot):
    model = DocumentModel(load_preset("resnet18"))
    widget = SummaryPanel(model)
    qtbot.addWidget(widget)
    table = widget.view.table
    table.set_expand(True)
    rows = table.rows
    block = next(i for i, r in enumerate(rows) if r.type == "Residual")
    before = rows[block - 1].receptive_field
    inner = [r for r in rows[block + 1 :] if r.depth][:5]
    assert [r.name.rsplit(".", 1)[-1] for r in inner] == ["conv1", "bn1", "relu1", "conv2", "bn2"]
    # the first 3×3 conv (stride 1) widens the field by 2 jumps, the second by 2 more
    assert inner[0].receptive_field.sizes[0] == before.sizes[0] + 2 * before.jumps[0]
    assert inner[3].receptive_field.sizes[0] == before.sizes[0] + 4 * before.jumps[0]
    assert rows[block].receptive_field == inner[3].receptive_field


def test_inspector_shows_size_jump_and_start(qtbot, model):
    inspector = Inspector(model)
    qtbot.addWidget(inspector)
    inspector.show()
    conv2 = _ids(model, "Conv2d")[1]
    model.set_selection([conv2])
    text = inspector.stats.text()
    assert "receptive field" in text
    assert "<b>14×14</b> px · jump 2 · start 4.5" in text
    model.set_selection([_ids(model, "Linear")[0]])
    assert "— (no spatial axes)" in inspector.stats.text()
    model.set_selection([conv2])
    model.push(SetParamsCommand(model, conv2, {"kernel_size": 3}))
    assert "<b>10×10</b> px · jump 2 · start 2.5" in inspector.stats.text()


def test_card_line_view_show_on_cards(qtbot):
    from netbuilder.ui.app import create_app, open_window

    create_app()
    window = open_window()  # LeNet-5
    try:
        model = window.model
        scene = window.canvas.scene()
        action = next(
            a for a in window.cards_menu.actions() if a.objectName() == "cardExtra_receptive_field"
        )
        assert action.text() == "Receptive field" and not action.isChecked()
        action.trigger()
        conv1, conv2 = _ids(model, "Conv2d")
        assert scene.nodes[conv2].texts()["extras"] == ["RF 14×14"]
        assert scene.nodes[_ids(model, "Linear")[0]].texts()["extras"] == []
        # a kernel change that keeps every shape still redraws the cards after it
        model.push(SetParamsCommand(model, conv1, {"kernel_size": 3, "padding": 1}))
        assert scene.nodes[conv2].texts()["extras"] == ["RF 12×12"]
        action.trigger()
        assert scene.nodes[conv2].texts()["extras"] == []
    finally:
        window.model.undo_stack.setClean()
        window.close()
        window.deleteLater()
