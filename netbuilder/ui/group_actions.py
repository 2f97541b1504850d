"""Edit → Group (Ctrl+G) and Edit → Ungroup (Ctrl+Shift+G) in the main window.

Group asks for a name in a small dialog, then replaces the selected blocks by one group
card (:class:`~netbuilder.ui.group_commands.GroupCommand`); Ungroup puts the selected
groups' inner blocks back. Each is one undo step. A selection that cannot be one group
gets the core's sentence in the status bar, before any name is asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu

from netbuilder.core.blocks import GROUP_TYPE
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.groups import plan_group
from netbuilder.ui.group_commands import GroupCommand, UngroupCommand

if TYPE_CHECKING:  # pragma: no cover
    from netbuilder.ui.main_window import MainWindow


class GroupActions(QObject):
    """The Group and Ungroup actions of ``window`` (added to its Edit menu).

    Attributes
    ----------
    dialog : QInputDialog or None
        The open name dialog of a Group in progress.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.model = window.model
        self.dialog: QInputDialog | None = None
        self.group_action = self._make(
            "group", self.tr("&Group…"), "Ctrl+G", self.tr("Make the selected blocks one block")
        )
        self.group_action.triggered.connect(self.ask_name)
        self.ungroup_action = self._make(
            "ungroup",
            self.tr("&Ungroup"),
            "Ctrl+Shift+G",
            self.tr("Put the selected groups' blocks back on the canvas"),
        )
        self.ungroup_action.triggered.connect(self.ungroup)
        menu = window.edit_menu
        before = window.actions["history"]
        menu.insertAction(before, self.group_action)
        menu.insertAction(before, self.ungroup_action)
        menu.insertSeparator(before)
        self.model.selectionChanged.connect(self._update)
        window.canvas.card_menu_hooks.append(self.add_card_actions)
        self._update()

    def _make(self, key: str, text: str, shortcut: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        self.window.addAction(action)
        self.window.actions[key] = action
        return action

    def _selected(self) -> list[str]:
        return [nid for nid in self.model.selected if nid in self.model.graph]

    def _update(self, *_args: object) -> None:
        selected = self._selected()
        graph = self.model.graph
        self.group_action.setEnabled(bool(selected))
        self.ungroup_action.setEnabled(any(graph.node(n).type == GROUP_TYPE for n in selected))

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    def ask_name(self) -> QInputDialog | None:
        """Check the selection can be a group, then open the name dialog (not modal)."""
        selected = self._selected()
        try:
            plan_group(self.model.graph, selected, "group")
        except NetBuilderError as exc:
            self._say(str(exc))
            return None
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(self.tr("Group"))
        dialog.setLabelText(self.tr("Name of the new block:"))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(self._free_name())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda name: self.group(selected, name))
        dialog.destroyed.connect(self._forget_dialog)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _free_name(self) -> str:
        taken = {n.params["group"].name for n in self.model.graph if n.type == GROUP_TYPE}
        k = 1
        while self.tr("Block {k}").format(k=k) in taken:
            k += 1
        return self.tr("Block {k}").format(k=k)

    def group(self, node_ids: list[str], name: str) -> str | None:
        """Group ``node_ids`` as ``name`` (one undo step); returns the group's id."""
        try:
            command = GroupCommand(self.model, node_ids, name)
        except NetBuilderError as exc:
            self._say(str(exc))
            return None
        if not self.model.push(command):
            self._say(self.model.locked_reason or self.tr("The document is locked."))
            return None
        self.model.set_selection([command.group_id] if command.group_id else [])
        return command.group_id

    def add_card_actions(self, menu: QMenu, node_id: str) -> None:
        """A group card's context menu: Save to My Blocks, Ungroup."""
        if node_id not in self.model.graph or self.model.graph.node(node_id).type != GROUP_TYPE:
            return
        save = menu.addAction(self.tr("Save to My Blocks"))
        save.setStatusTip(self.tr("Keep this group in the palette for any document"))
        save.triggered.connect(lambda: self.save_to_my_blocks(node_id))
        ungroup = menu.addAction(self.tr("Ungroup"))
        ungroup.setShortcut(QKeySequence("Ctrl+Shift+G"))
        ungroup.triggered.connect(lambda: self._ungroup_one(node_id))
        menu.addSeparator()

    def _ungroup_one(self, node_id: str) -> None:
        self.model.set_selection([node_id])
        self.ungroup()

    def save_to_my_blocks(self, node_id: str) -> bool:
        """Save group ``node_id``'s definition to the palette's My blocks."""
        definition = self.model.graph.node(node_id).params["group"]
        try:
            path = self.window.palette.my_blocks.save(definition)
        except NetBuilderError as exc:
            self._say(str(exc))
            return False
        self._say(
            self.tr("Saved {name} to My blocks ({file}).").format(
                name=definition.name, file=path.name
            )
        )
        return True

    def ungroup(self) -> list[str]:
        """Ungroup every selected group (one undo step); returns the restored ids."""
        groups = [n for n in self._selected() if self.model.graph.node(n).type == GROUP_TYPE]
        if not groups:
            self._say(self.tr("Select a group to ungroup."))
            return []
        stack = self.model.undo_stack
        restored: list[str] = []
        if len(groups) > 1:
            stack.beginMacro(self.tr("Ungroup {n} groups").format(n=len(groups)))
        try:
            for node_id in groups:
                command = UngroupCommand(self.model, node_id)
                if not self.model.push(command):
                    self._say(self.model.locked_reason or self.tr("The document is locked."))
                    break
                restored += command.new_ids
        finally:
            if len(groups) > 1:
                stack.endMacro()
        self.model.set_selection(restored)
        return restored
