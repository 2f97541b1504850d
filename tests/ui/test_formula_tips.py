"""Hovering a card's shape, params or FLOPs, or the inspector's stats, shows the formula
with the node's numbers. Real views, real help events (what Qt sends when the mouse rests),
the text read back from the shown QToolTip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from netbuilder.core.analysis import analyse
from netbuilder.core.presets import load_preset
from netbuilder.ui.canvas import CanvasView, NodeItem
from netbuilder.ui.canvas.composite_frame import InnerCardItem
from netbuilder.ui.commands import SetParamsCommand
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.formula_text import NOTE_TEXTS
from netbuilder.ui.inspector import Inspector
from netbuilder.ui.units import TWO_PER_MAC
from tests.test_formulas import CASES, NOTES_SEEN, block_graph, check_node


@pytest.fixture
def tip(qtbot):
    """Rest the mouse on a widget point and return the tooltip Qt shows ("" for none)."""

    def rest(widget: QWidget, pos: QPoint) -> str:
        QToolTip.hideText()
        QTest.mouseMove(widget, pos)
        event = QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
        QApplication.sendEvent(widget, event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    yield rest
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def _view(qtbot, preset: str) -> CanvasView:
    view = CanvasView(DocumentModel(load_preset(preset)))
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    return view


def _card(view: CanvasView, title: str) -> NodeItem:
    return next(item for item in view.canvas.nodes.values() if item.title == title)


def _point(view: CanvasView, card: NodeItem, name: str) -> QPoint:
    rect = card.stat_rect(name)
    assert rect is not None, name
    # a point inside the region, near its left (the text starts there)
    local = QPointF(rect.left() + min(12.0, rect.width() / 2), rect.center().y())
    scene = card.mapToScene(local)
    view.centerOn(scene)
    return view.mapFromScene(scene)


def _plain(html: str) -> str:
    """The tooltip's rich text as the user reads it."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_lenet_conv1_card_shows_each_formula(qtbot, tip) -> None:
    view = _view(qtbot, "lenet5")
    conv1 = next(i for i in view.canvas.nodes.values() if i.type_name == "Conv2d")
    viewport = view.viewport()

    shape = _plain(tip(viewport, _point(view, conv1, "shape")))
    assert "Output shape 6×28×28" in shape
    assert "h′ = ⌊(h + 2·p − k)/s⌋ + 1 = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28" in shape

    params = _plain(tip(viewport, _point(view, conv1, "params")))
    assert "params = (k²·c + 1)·c′ = (5²·1 + 1)·6 = 156" in params
    assert "FLOPs" not in params

    flops = _plain(tip(viewport, _point(view, conv1, "flops")))
    assert "FLOPs = h′·w′·k²·c·c′ = 28·28·5²·1·6 = 117,600" in flops
    assert "multiply-adds" in flops

    # symbols are typeset: italic letters, primes and superscripts as characters
    raw = tip(viewport, _point(view, conv1, "flops"))
    assert "<i>h</i>′·<i>w</i>′·<i>k</i>²·<i>c</i>·<i>c</i>′" in raw


def test_flops_tip_follows_the_convention(qtbot, tip) -> None:
    view = _view(qtbot, "lenet5")
    view.canvas.display.set_flops_factor(TWO_PER_MAC)
    conv1 = next(i for i in view.canvas.nodes.values() if i.type_name == "Conv2d")
    flops = _plain(tip(view.viewport(), _point(view, conv1, "flops")))
    assert "FLOPs = 2·h′·w′·k²·c·c′ = 2·28·28·5²·1·6 = 235,200" in flops
    assert "2 per multiply-add" in flops


def test_the_tip_follows_an_edit(qtbot, tip) -> None:
    view = _view(qtbot, "lenet5")
    model = view.model
    conv1 = next(i for i in view.canvas.nodes.values() if i.type_name == "Conv2d")
    params = dict(model.graph.node(conv1.node_id).params, out_channels=8)
    model.push(SetParamsCommand(model, conv1.node_id, params))
    text = _plain(tip(view.viewport(), _point(view, conv1, "params")))
    assert "(5²·1 + 1)·8 = 208" in text


def test_elsewhere_on_the_card_the_card_tip_stays(qtbot, tip) -> None:
    view = _view(qtbot, "lenet5")
    conv1 = next(i for i in view.canvas.nodes.values() if i.type_name == "Conv2d")
    header = conv1.mapToScene(QPointF(20.0, 10.0))
    view.centerOn(header)
    text = tip(view.viewport(), view.mapFromScene(header))
    assert "output 6×28×28" in text and "=" not in text


def test_inner_card_of_an_open_composite(qtbot, tip) -> None:
    view = _view(qtbot, "resnet18")
    block = next(i for i in view.canvas.nodes.values() if i.type_name == "Residual")
    block.set_expanded(True)
    inner = next(
        i for i in view.canvas.items() if isinstance(i, InnerCardItem) and i.layer == "conv1"
    )
    text = _plain(tip(view.viewport(), _point(view, inner, "flops")))
    assert "FLOPs = h′·w′·k²·c·c′ = 56·56·3²·64·64 = 115,605,504" in text


def test_composite_card_lists_its_layers_and_the_sum(qtbot, tip) -> None:
    view = _view(qtbot, "resnet18")
    block = next(i for i in view.canvas.nodes.values() if i.type_name == "Residual")
    text = _plain(tip(view.viewport(), _point(view, block, "params")))
    # torchvision BasicBlock(64, 64): two 3×3 convs without bias and two BatchNorms
    assert "conv1:  params = k²·c·c′ = 3²·64·64 = 36,864" in text
    assert "bn2:  params = 2·c = 2·64 = 128" in text
    assert "params = 36,864 + 128 + 36,864 + 128 = 73,984" in text


def test_inspector_stats_show_the_formulas(qtbot, tip) -> None:
    model = DocumentModel(load_preset("lenet5"))
    inspector = Inspector(model)
    qtbot.addWidget(inspector)
    inspector.resize(360, 600)
    inspector.show()
    qtbot.waitExposed(inspector)
    conv1 = next(n.id for n in model.graph if n.type == "Conv2d")
    model.set_selection([conv1])
    label = inspector.stats
    text = _plain(tip(label, label.rect().center()))
    assert "h′ = ⌊(h + 2·p − k)/s⌋ + 1 = ⌊(28 + 2·2 − 5)/1⌋ + 1 = 28" in text
    assert "params = (k²·c + 1)·c′ = (5²·1 + 1)·6 = 156" in text
    assert "FLOPs = h′·w′·k²·c·c′ = 28·28·5²·1·6 = 117,600" in text
    inspector.display.set_flops_factor(TWO_PER_MAC)
    assert "2·28·28·5²·1·6 = 235,200" in _plain(tip(label, label.rect().center()))


def test_every_note_is_marked_for_translation() -> None:
    """Every note the core gives (over a case of every block) can be translated."""
    for type_name, params, shapes in CASES:
        graph, node = block_graph(type_name, params, shapes)
        check_node(analyse(graph), node)
    assert len(NOTES_SEEN) > 15
    assert NOTES_SEEN <= set(NOTE_TEXTS), NOTES_SEEN - set(NOTE_TEXTS)
