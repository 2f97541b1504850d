"""The block palette: searchable tree of blocks grouped by category, a drag source."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.block_search import search
from netbuilder.core.blocks import by_category
from netbuilder.ui.canvas.mime import BLOCK_MIME
from netbuilder.ui.core_text import tr_block
from netbuilder.ui.i18n import translate
from netbuilder.ui.icons import category_icon
from netbuilder.ui.my_blocks import MyBlocksTree

TYPE_ROLE = Qt.UserRole + 1


class BlockTree(QTreeWidget):
    """Categories with their blocks; dragging a block carries its type under ``BLOCK_MIME``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(12)
        self.setUniformRowHeights(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragOnly)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setAnimated(False)
        bold = QFont(self.font())
        bold.setBold(True)
        for category, blocks in by_category().items():
            if not blocks:
                continue
            head = QTreeWidgetItem(self, [tr_block(category)])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemIsEnabled)
            head.setIcon(0, category_icon(category))
            for block in blocks:
                item = QTreeWidgetItem(head, [block.type])
                item.setData(0, TYPE_ROLE, block.type)
                item.setIcon(0, category_icon(category))
                item.setToolTip(
                    0, f"<b>{block.type}</b> — {tr_block(category)}<br>{tr_block(block.summary)}"
                )
                item.setStatusTip(0, f"{block.type}: {tr_block(block.summary)}")
                item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsDragEnabled)
        self.expandAll()

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        """The one mime type the palette produces."""
        return [BLOCK_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:  # noqa: N802 - Qt API
        """``BLOCK_MIME`` with the block type name in UTF-8 (first block item)."""
        data = QMimeData()
        for item in items:
            type_name = item.data(0, TYPE_ROLE)
            if type_name:
                data.setData(BLOCK_MIME, type_name.encode("utf-8"))
                data.setText(type_name)
                break
        return data

    def block_items(self) -> list[QTreeWidgetItem]:
        """Every block item (not the category headers)."""
        out = []
        for i in range(self.topLevelItemCount()):
            head = self.topLevelItem(i)
            out += [head.child(j) for j in range(head.childCount())]
        return out

    def item_for(self, type_name: str) -> QTreeWidgetItem | None:
        """The item of block ``type_name``."""
        for item in self.block_items():
            if item.data(0, TYPE_ROLE) == type_name:
                return item
        return None


class BlockPalette(QWidget):
    """Search field above the block tree.

    Signals
    -------
    blockActivated(str)
        A block was double-clicked (or Enter pressed): add it to the canvas.
    """

    blockActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(translate("Palette", "Search blocks…"))
        self.search.setClearButtonEnabled(True)
        self.tree = BlockTree(self)
        self.my_blocks = MyBlocksTree(parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.my_blocks, 1)
        self.search.textChanged.connect(self.set_filter)
        self.search.textChanged.connect(self.my_blocks.set_filter)
        self.tree.itemActivated.connect(self._activated)

    def set_filter(self, text: str) -> None:
        """Show the blocks :func:`~netbuilder.core.block_search.search` finds for ``text``
        (names, synonyms such as "dense" or "fc" for Linear, categories, fuzzy)."""
        found = set(search(text))
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            shown = 0
            for j in range(head.childCount()):
                item = head.child(j)
                hidden = item.data(0, TYPE_ROLE) not in found
                item.setHidden(hidden)
                shown += not hidden
            head.setHidden(shown == 0)
            head.setExpanded(True)

    def visible_types(self) -> list[str]:
        """Block types currently shown."""
        return [
            item.data(0, TYPE_ROLE)
            for item in self.tree.block_items()
            if not item.isHidden() and not item.parent().isHidden()
        ]

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        type_name = item.data(0, TYPE_ROLE)
        if type_name:
            self.blockActivated.emit(type_name)
