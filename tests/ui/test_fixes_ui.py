"""One-click fixes in the window: Problems dock button and menu, the card's context menu and
the status-bar button. Each fix is one undo step; afterwards a fresh analysis finds no
error, and undo brings it back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from netbuilder.core.analysis import analyse
from netbuilder.core.document import Project
from netbuilder.core.graph import Graph
from tests.ui.menu_driver import right_click_and_pick


def _linear_after_conv() -> tuple[Project, dict[str, str]]:
    graph = Graph()
    ids = {
        "x": graph.add_node("Input", {"channels": 3, "height": 15, "width": 15}, pos=(0, 0)),
        "conv": graph.add_node("Conv2d", {"out_channels": 33, "kernel_size": 3}, pos=(0, 200)),
        "fc": graph.add_node("Linear", {"out_features": 10}, pos=(0, 400)),
    }
    graph.connect(ids["x"], ids["conv"])
    graph.connect(ids["conv"], ids["fc"])
    return Project(graph=graph), ids


def _big_kernel() -> tuple[Project, dict[str, str]]:
    graph = Graph()
    ids = {
        "x": graph.add_node("Input", {"channels": 1, "height": 4, "width": 4}, pos=(0, 0)),
        "conv": graph.add_node("Conv2d", {"out_channels": 2, "kernel_size": 7}, pos=(0, 200)),
    }
    graph.connect(ids["x"], ids["conv"])
    return Project(graph=graph), ids


def _errors(window) -> list[tuple[str, str]]:
    """Errors of a fresh analysis of the document's graph (not the live one)."""
    return analyse(window.model.graph).errors()


def test_problems_dock_fix_button_inserts_flatten_in_one_undo_step(window, qtbot):
    project, ids = _linear_after_conv()
    window.model.set_project(project)
    panel = window.problems_panel
    window.docks["problems"].raise_()
    qtbot.waitUntil(lambda: panel.fix_button.isVisible())
    assert window.problems.count() == 1
    assert panel.fix_button.text() == "Fix: Insert Flatten before fc1"
    assert [e[0] for e in _errors(window)] == [ids["fc"]]

    qtbot.mouseClick(panel.fix_button, Qt.LeftButton)
    assert _errors(window) == []
    assert window.model.undo_stack.count() == 1
    assert window.model.undo_stack.undoText() == "Insert Flatten before fc1"
    (flatten,) = [n.id for n in window.model.graph if n.type == "Flatten"]
    assert window.model.selected == [flatten]
    assert flatten in window.canvas.canvas.nodes
    cards = window.canvas.canvas.nodes
    new = cards[flatten].mapRectToScene(cards[flatten].rect())
    for other in ids.values():  # halfway along the link, clear of the cards
        assert not new.intersects(cards[other].mapRectToScene(cards[other].rect()))
    qtbot.waitUntil(lambda: window.problems.count() == 0 and panel.fix_button.isHidden())

    window.model.undo_stack.undo()
    assert [e[0] for e in _errors(window)] == [ids["fc"]]
    assert all(n.type != "Flatten" for n in window.model.graph)
    qtbot.waitUntil(lambda: window.problems.count() == 1 and panel.fix_button.isVisible())


def test_problems_context_menu_lists_every_fix(window, qtbot):
    project, ids = _big_kernel()
    window.model.set_project(project)
    qtbot.waitUntil(lambda: window.problems.count() == 1)
    menu = window.problems.context_menu(window.problems.item(0))
    texts = [a.text() for a in menu.actions() if a.objectName() == "fixAction"]
    assert texts == ["Fix: Set conv1 padding to 'same'", "Fix: Set conv1 kernel_size to 4×4"]
    next(a for a in menu.actions() if "kernel_size" in a.text()).trigger()
    menu.deleteLater()
    assert _errors(window) == []
    assert window.model.graph.node(ids["conv"]).params["kernel_size"] == 4
    assert window.model.undo_stack.undoText() == "Set conv1 kernel_size to 4×4"
    window.model.undo_stack.undo()
    assert window.model.graph.node(ids["conv"]).params["kernel_size"] == 7
    assert [e[0] for e in _errors(window)] == [ids["conv"]]


def test_status_bar_button_makes_the_first_fix(window, qtbot):
    project, ids = _big_kernel()
    window.model.set_project(project)
    button = window.fix_button
    qtbot.waitUntil(lambda: button.isVisible())
    assert button.text() == "Fix: Set conv1 padding to 'same'"
    assert "larger than" in button.toolTip()
    qtbot.mouseClick(button, Qt.LeftButton)
    assert window.model.graph.node(ids["conv"]).params["padding"] == "same"
    assert _errors(window) == []
    qtbot.waitUntil(lambda: button.isHidden())
    assert window.validity_label.text() == "✓ valid"
    window.model.undo_stack.undo()
    assert [e[0] for e in _errors(window)] == [ids["conv"]]
    qtbot.waitUntil(lambda: button.isVisible())


def test_card_context_menu_offers_the_fix(window, qtbot):
    project, ids = _linear_after_conv()
    window.model.set_project(project)
    view = window.canvas
    view.show_node(ids["fc"])
    card = view.canvas.nodes[ids["fc"]]
    pos = view.mapFromScene(card.sceneBoundingRect().center())
    actions = right_click_and_pick(
        view.viewport(), pos, lambda acts: next(a for a in acts if a.objectName() == "fixAction")
    )
    assert actions[0].text() == "Fix: Insert Flatten before fc1"
    assert _errors(window) == []
    assert window.model.undo_stack.count() == 1
    window.model.undo_stack.undo()
    assert [e[0] for e in _errors(window)] == [ids["fc"]]


def test_a_problem_without_a_fix_says_so(window, qtbot):
    graph = Graph()
    graph.add_node("ReLU", {})
    window.model.set_project(Project(graph=graph))
    panel = window.problems_panel
    window.docks["problems"].raise_()
    qtbot.waitUntil(lambda: window.problems.count() == 1)
    qtbot.waitUntil(lambda: panel.note.text() != "")
    assert panel.note.text() == "No one-click fix is known for this problem."
    assert panel.fix_button.isHidden() and window.fix_button.isHidden()
    menu = window.problems.context_menu(window.problems.item(0))
    assert "No one-click fix is known for this problem." in [a.text() for a in menu.actions()]
    menu.deleteLater()
