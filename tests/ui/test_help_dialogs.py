"""Help → Keyboard Shortcuts (generated from the actions) and Help → Getting Started."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from netbuilder.ui.help_dialogs import GettingStartedDialog, ShortcutsDialog, shortcut_entries


def _native(sequence: QKeySequence.StandardKey | str) -> str:
    keys = QKeySequence.keyBindings(sequence) if not isinstance(sequence, str) else []
    key = keys[0] if keys else QKeySequence(sequence)
    return key.toString(QKeySequence.NativeText)


def _open_shortcuts(window, qtbot) -> ShortcutsDialog:
    window.actions["shortcuts"].trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_shortcuts_list_every_action_with_a_shortcut(window, qtbot):
    dialog = _open_shortcuts(window, qtbot)
    shown = dialog.visible_entries()
    undo = _native(QKeySequence.Undo)
    assert any(e.shortcut.startswith(undo) and e.where == "Edit" for e in shown)
    # generated from the actions: one row per action that has a shortcut, none without
    with_keys = {
        id(a) for a in window.findChildren(QAction) if any(not k.isEmpty() for k in a.shortcuts())
    }
    assert len(shown) == len(with_keys)
    # an action added later is listed the next time the dialog opens
    extra = QAction("Frobnicate the canvas", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+Shift+F"))
    window.addAction(extra)
    dialog.close()
    dialog = _open_shortcuts(window, qtbot)
    assert any(e.command == "Frobnicate the canvas" for e in dialog.visible_entries())
    dialog.close()


def test_shortcut_search_filters_by_command_and_by_key(window, qtbot):
    dialog = _open_shortcuts(window, qtbot)
    everything = len(dialog.visible_entries())
    qtbot.keyClicks(dialog.search, "undo")
    rows = dialog.visible_entries()
    assert 0 < len(rows) < everything
    assert all("undo" in " ".join(row).lower() for row in rows)
    dialog.search.clear()
    dialog.search.setText(_native(QKeySequence.Undo))
    assert any("Undo" in row.command for row in dialog.visible_entries())
    dialog.search.setText("no such command at all")
    assert dialog.visible_entries() == []
    dialog.search.clear()
    assert len(dialog.visible_entries()) == everything
    dialog.close()


def test_shortcut_entries_name_the_menu_of_each_action(window):
    entries = {e.command: e for e in shortcut_entries(window)}
    assert entries["Keyboard Shortcuts"].where == "Help"
    assert entries["Save"].where == "File"
    assert entries["Zoom In"].where == "View"


def test_help_menu_offers_getting_started_and_shortcuts(window):
    texts = [a.text() for a in window.help_menu.actions() if not a.isSeparator()]
    assert texts[:2] == ["&Getting Started", "&Keyboard Shortcuts"]


def test_getting_started_steps_act_on_the_window(window, qtbot):
    window.actions["getting_started"].trigger()
    dialog = window.findChild(GettingStartedDialog)
    qtbot.waitExposed(dialog)
    assert [b.text() for b in dialog.buttons][0] == "Open LeNet5"
    window.files.new()
    assert not any(n.type == "Conv2d" for n in window.model.graph)
    dialog.buttons[0].click()  # open the preset
    qtbot.waitUntil(lambda: any(n.type == "Conv2d" for n in window.model.graph))
    assert window.files.document_name().lower().startswith("lenet")
    dialog.buttons[1].click()  # select the first convolution
    selected = window.model.selected
    assert [window.model.graph.node(i).type for i in selected] == ["Conv2d"]
    assert window.docks["inspector"].isVisible()
    dialog.buttons[2].click()  # show Training
    qtbot.waitUntil(lambda: window.training.training_dock.views_built)
    dialog.close()
    # one dialog per kind: opening again raises the same one
    window.actions["getting_started"].trigger()
    assert window.findChildren(GettingStartedDialog) == [dialog]
    dialog.close()
