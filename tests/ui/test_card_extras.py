"""View → Show on Cards: the registry of optional card lines, the menu, the settings."""

from __future__ import annotations

import pytest

from netbuilder.ui.canvas import card_extras
from netbuilder.ui.canvas.card_extras import CardExtra, CardExtras
from netbuilder.ui.settings import settings


@pytest.fixture
def type_line():
    """A line registered for the test: each node's type and batch size, from the context."""

    def lines(context):
        return {
            node.id: f"{node.type} @ {context.training.batch_size}"
            for node in context.analysis.graph
        }

    extra = card_extras.register(CardExtra("test_type", "Node type (test)", lines))
    yield extra
    card_extras._REGISTRY.pop(extra.key, None)


def _menu_action(window, key):
    return next(a for a in window.cards_menu.actions() if a.objectName() == f"cardExtra_{key}")


def test_a_registered_line_is_in_the_menu_and_on_every_card(qtbot, type_line):
    from netbuilder.ui.app import create_app, open_window

    create_app()
    window = open_window()
    try:
        scene = window.canvas.scene()
        cards = list(scene.nodes.values())
        assert all(card.texts()["extras"] == [] for card in cards)
        heights = {card.node_id: card.rect().height() for card in cards}
        action = _menu_action(window, "test_type")
        assert action.text() == "Node type (test)" and not action.isChecked()
        action.trigger()
        batch = window.model.project.training.batch_size
        for card in cards:
            node = window.model.graph.node(card.node_id)
            assert card.texts()["extras"] == [f"{node.type} @ {batch}"]
            assert card.rect().height() > heights[card.node_id]  # the card grew a line
        # remembered in the settings, read back by a new state object
        assert CardExtras().is_enabled("test_type")
        action.trigger()
        assert all(card.texts()["extras"] == [] for card in cards)
        assert {c.node_id: c.rect().height() for c in cards} == heights
        assert not CardExtras().is_enabled("test_type")
    finally:
        window.model.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_lines_follow_the_training_settings(qtbot, type_line):
    from dataclasses import replace

    from netbuilder.ui.app import create_app, open_window

    create_app()
    settings().setValue("cards/test_type", True)  # switched on in an earlier session
    assert CardExtras().is_enabled("test_type")
    window = open_window()
    try:
        assert _menu_action(window, "test_type").isChecked()
        card = next(iter(window.canvas.scene().nodes.values()))
        window.model.set_training(replace(window.model.project.training, batch_size=7))
        assert card.texts()["extras"][0].endswith("@ 7")
    finally:
        window.model.undo_stack.setClean()
        window.close()
        window.deleteLater()
