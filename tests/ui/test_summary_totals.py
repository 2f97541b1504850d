"""The Summary's totals row, the FLOPs unit in its header, column widths and scrolling.

Expected totals come from torch (``sum(p.numel())`` and ½ of ``FlopCounterMode``), never
from our own analysis.
"""

from __future__ import annotations

import pytest
import torch
import torchvision
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QHeaderView
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from netbuilder.core.document import Project
from netbuilder.core.formatting import exact, human
from netbuilder.core.presets import load_preset
from netbuilder.ui.commands import AddNodeCommand, SetParamsCommand
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.summary_view import SummaryPanel


def lenet5() -> nn.Module:
    """LeNet-5 as d2l writes it (1×28×28 input)."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120),
        nn.Sigmoid(),
        nn.Linear(120, 84),
        nn.Sigmoid(),
        nn.Linear(84, 10),
    )


TORCH_MODELS = {
    "lenet5": (lenet5, (1, 1, 28, 28)),
    "resnet18": (lambda: torchvision.models.resnet18(weights=None), (1, 3, 224, 224)),
}


def torch_totals(name: str) -> tuple[int, int]:
    """Parameters and multiply-adds (½ of FlopCounterMode) of the torch model."""
    build, shape = TORCH_MODELS[name]
    module = build().eval()
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        module(torch.zeros(shape))
    return sum(p.numel() for p in module.parameters()), counter.get_total_flops() // 2


@pytest.fixture
def panel(qtbot):
    model = DocumentModel(load_preset("lenet5"))
    widget = SummaryPanel(model, display=DisplaySettings())
    qtbot.addWidget(widget)
    widget.resize(720, 320)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.view.table.display.deleteLater()
    model.close()


@pytest.mark.parametrize("name", sorted(TORCH_MODELS))
def test_totals_row_equals_the_torch_model(panel, name):
    params, flops = torch_totals(name)
    panel.view.document.set_project(load_preset(name))
    cells, tips = panel.totals.cells, panel.totals.tips
    assert cells[0] == "Total"
    assert cells[3] == human(params)
    assert cells[4] == human(flops)
    assert tips[3].startswith(f"{exact(params)} trainable parameters")
    assert tips[4].startswith(f"{exact(flops)} multiply-adds")
    # the same sums the status bar and the analysis report
    totals = panel.view.document.analysis.totals()
    assert (totals.params, totals.flops) == (params, flops)


def test_totals_row_follows_an_edit(panel, qtbot):
    model = panel.view.document
    conv2 = [n.id for n in model.graph if n.type == "Conv2d"][1]
    model.push(SetParamsCommand(model, conv2, {"bias": False}))
    # LeNet-5 has 61,706 parameters; conv2 loses its 16 biases
    qtbot.waitUntil(lambda: panel.totals.tips[3].startswith("61,690 trainable"))
    model.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.totals.tips[3].startswith("61,706 trainable"))


def test_totals_row_is_drawn_under_the_params_and_flops_columns(panel):
    bar, view = panel.totals, panel.view
    for column in (3, 4):
        rect = bar.cell_rect(column)
        header = view.horizontalHeader()
        left = header.mapTo(panel, QPoint(header.sectionViewportPosition(column), 0)).x()
        assert rect.left() == left
        assert rect.width() == header.sectionSize(column)
        assert bar.column_at(rect.center().x()) == column


def test_flops_header_names_the_unit_and_follows_the_convention(panel):
    table, display = panel.view.table, panel.view.table.display
    assert table.headerData(4, Qt.Horizontal) == "FLOPs (MACs)"
    assert panel.totals.cells[4] == human(416_520)  # LeNet-5 multiply-adds (DESIGN §2)
    display.set_flops_factor(2)
    assert table.headerData(4, Qt.Horizontal) == "FLOPs (2×MACs)"
    assert panel.totals.cells[4] == human(833_040)
    assert panel.totals.tips[4].startswith("833,040 FLOPs (2 per multiply-add)")
    display.set_flops_factor(1)
    assert table.headerData(4, Qt.Horizontal) == "FLOPs (MACs)"


def test_numbers_keep_their_width_whatever_the_shape_column(panel, qtbot):
    view = panel.view
    header = view.horizontalHeader()
    assert all(header.sectionResizeMode(c) == QHeaderView.Interactive for c in range(5))
    assert not header.stretchLastSection()
    view.document.set_project(load_preset("googlenet"))
    metrics = view.fontMetrics()
    for column in (3, 4):
        texts = [view.table.text(row, column) for row in view.table.rows]
        needed = max(metrics.horizontalAdvance(t) for t in texts)
        assert view.columnWidth(column) >= needed + 12
    # a narrow dock scrolls sideways instead of squeezing the numbers
    panel.resize(360, 300)
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    assert view.columnWidth(3) >= needed


def test_scroll_position_resets_for_a_new_document(panel, qtbot):
    view = panel.view
    panel.resize(300, 200)
    view.document.set_project(load_preset("googlenet"))
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    assert view.verticalScrollBar().value() > 0
    assert view.horizontalScrollBar().value() > 0
    view.document.set_project(load_preset("resnet18"))
    assert view.verticalScrollBar().value() == 0
    assert view.horizontalScrollBar().value() == 0


def test_a_document_built_from_nothing_gets_room_for_its_types(panel, qtbot):
    view, model = panel.view, panel.view.document
    project = Project(name="untitled")
    project.graph.add_node("Input", {}, "", (0.0, 0.0))
    model.set_project(project)
    metrics = view.fontMetrics()
    for type_name in ("Conv2d", "BatchNorm2d", "AdaptiveAvgPool2d"):
        model.push(AddNodeCommand(model, type_name))
    qtbot.waitUntil(lambda: view.table.rowCount() == 4)
    # measured again as the rows doubled: the longest type name is not cut
    assert view.columnWidth(1) >= metrics.horizontalAdvance("AdaptiveAvgPool2d") + 12


@pytest.mark.parametrize("name", ["googlenet", "resnet18"])
def test_no_cell_is_cut(panel, qtbot, name):
    """Each column is at least as wide as Qt's own delegate asks for its visible cells."""
    view = panel.view
    panel.resize(900, 1200)  # every row visible, so Qt measures every cell
    view.document.set_project(load_preset(name))
    qtbot.waitUntil(lambda: view.viewport().height() > 27 * view.rowHeight(0))
    for column in range(5):
        assert view.columnWidth(column) >= view.sizeHintForColumn(column), column
