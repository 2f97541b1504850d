"""The palette's "My blocks" section: groups saved in the user data folder.

Dragging one onto any canvas adds a group node whose definition is copied into that
document (the drag carries the same payload as copied blocks). Files are read with the
project reader (:mod:`netbuilder.core.my_blocks`): a refused file is listed nowhere and
its sentence goes to the section's tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from netbuilder.core.blocks import GroupDef
from netbuilder.core.my_blocks import (
    SavedBlock,
    block_graph,
    default_folder,
    load_blocks,
    save_block,
)
from netbuilder.ui.canvas import clipboard
from netbuilder.ui.canvas.mime import NODES_MIME
from netbuilder.ui.icons import category_icon

#: Item data role holding a :class:`SavedBlock`.
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 2


class MyBlocksTree(QTreeWidget):
    """The saved groups under a "My blocks" header; a drag source.

    Parameters
    ----------
    folder : Path, optional
        The library folder (:func:`~netbuilder.core.my_blocks.default_folder` by default).

    Attributes
    ----------
    problems : list of str
        One sentence per file that was refused at the last :meth:`reload`.
    """

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = folder if folder is not None else default_folder()
        self.problems: list[str] = []
        self.setHeaderHidden(True)
        self.setIndentation(12)
        self.setUniformRowHeights(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.head = QTreeWidgetItem(self, [self.tr("My blocks")])
        bold = QFont(self.font())
        bold.setBold(True)
        self.head.setFont(0, bold)
        self.head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.head.setIcon(0, category_icon("Composite"))
        self.reload()

    def reload(self) -> None:
        """Read the folder again and list its blocks by name."""
        blocks, self.problems = load_blocks(self.folder)
        self.head.takeChildren()
        for block in blocks:
            item = QTreeWidgetItem(self.head, [block.name])
            item.setData(0, BLOCK_ROLE, block)
            item.setIcon(0, category_icon("Composite"))
            count = block.definition.layers
            item.setToolTip(
                0,
                self.tr("<b>{name}</b> — your block of {n} layers; drag it onto the canvas").format(
                    name=_html(block.name), n=count
                ),
            )
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
        if not blocks:
            hint = QTreeWidgetItem(
                self.head, [self.tr("Right-click a group card: Save to My Blocks")]
            )
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
        tip = self.tr("Saved in {folder}").format(folder=_html(str(self.folder)))
        if self.problems:
            tip += "<br>" + "<br>".join(_html(p) for p in self.problems[:5])
        self.head.setToolTip(0, tip)
        self.head.setExpanded(True)

    def blocks(self) -> list[SavedBlock]:
        """The blocks listed, in order."""
        return [
            block
            for i in range(self.head.childCount())
            if (block := self.head.child(i).data(0, BLOCK_ROLE)) is not None
        ]

    def item_for(self, name: str) -> QTreeWidgetItem | None:
        """The item of the block called ``name``."""
        for i in range(self.head.childCount()):
            block = self.head.child(i).data(0, BLOCK_ROLE)
            if block is not None and block.name == name:
                return self.head.child(i)
        return None

    def save(self, definition: GroupDef) -> Path:
        """Save ``definition`` to the folder and list it (raises ``DocumentError``)."""
        path = save_block(definition, self.folder)
        self.reload()
        return path

    def set_filter(self, text: str) -> None:
        """Show the blocks whose name holds ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        for i in range(self.head.childCount()):
            item = self.head.child(i)
            block = item.data(0, BLOCK_ROLE)
            item.setHidden(bool(needle) and (block is None or needle not in block.name.lower()))

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        """Saved blocks travel as copied blocks."""
        return [NODES_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:  # noqa: N802 - Qt API
        """The first saved block's group node and definitions, as copied blocks."""
        for item in items:
            block = item.data(0, BLOCK_ROLE)
            if block is not None:
                return drag_data(block.definition)
        return QMimeData()


def drag_data(definition: GroupDef) -> QMimeData:
    """What dragging a saved block carries: one group node with its definitions."""
    return clipboard.to_mime(clipboard.selection_payload(block_graph(definition), ["n1"]))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
