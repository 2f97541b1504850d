"""Help → Keyboard Shortcuts and Help → Getting Started.

The shortcuts list is generated from the window's actions (every ``QAction`` with a
shortcut, named by its menu), never written by hand, so it cannot go stale. Getting
Started walks through a first network; each step's button triggers the window's own
action (open a preset, select a layer, show Training, export).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from netbuilder.ui.i18n import QT_TRANSLATE_NOOP, translate

SHORTCUT_COLUMNS = (
    QT_TRANSLATE_NOOP("HelpDialogs", "Command"),
    QT_TRANSLATE_NOOP("HelpDialogs", "Shortcut"),
    QT_TRANSLATE_NOOP("HelpDialogs", "Where"),
)


class ShortcutEntry(NamedTuple):
    """One line of the shortcuts list."""

    command: str
    shortcut: str
    where: str


def _plain(text: str) -> str:
    """Menu text without mnemonics and trailing dots: ``"&Open…"`` → ``"Open"``."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def _menu_paths(window: QMainWindow) -> dict[int, str]:
    """``id(action)`` → the menu path it sits in (``"Edit"``, ``"View › Theme"``)."""
    paths: dict[int, str] = {}

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} › {_plain(action.text())}")
            elif not action.isSeparator():
                paths.setdefault(id(action), path)

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(top.text()))
    return paths


def _where(action: QAction, menus: dict[int, str]) -> str:
    if id(action) in menus:
        return menus[id(action)]
    parent = action.parent()
    name = type(parent).__name__ if parent is not None else ""
    return (
        translate("HelpDialogs", "Canvas")
        if "Canvas" in name
        else translate("HelpDialogs", "Window")
    )


def _typeable(sequence: QKeySequence) -> bool:
    """False for the special keys some keyboards have (Copy, Open, Zoom In, Help ...)."""
    key = sequence[0].key()
    return not (key == Qt.Key_Help or Qt.Key_Back <= key < Qt.Key_unknown)


def shortcut_entries(window: QMainWindow) -> list[ShortcutEntry]:
    """Every action of ``window`` (menus, canvas, docks) that has a shortcut, by command.

    Shortcuts are shown in the platform's own text (``Ctrl+Z``; ``⌘Z`` on macOS).
    """
    menus = _menu_paths(window)
    seen: set[int] = set()
    entries = []
    for action in window.findChildren(QAction):
        keys = [k for k in action.shortcuts() if not k.isEmpty() and _typeable(k)]
        if not keys or id(action) in seen:
            continue
        seen.add(id(action))
        text = _plain(action.text()) or _plain(action.toolTip()) or action.objectName()
        shortcut = ", ".join(k.toString(QKeySequence.NativeText) for k in keys)
        entries.append(ShortcutEntry(text, shortcut, _where(action, menus)))
    return sorted(entries, key=lambda e: (e.where, e.command.casefold()))


class ShortcutsDialog(QDialog):
    """A searchable table of every keyboard shortcut of a main window.

    Attributes
    ----------
    search : QLineEdit
        Filters the rows: text found in any column (case-insensitive).
    shown : QSortFilterProxyModel
        The rows left by the filter.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(translate("HelpDialogs", "Keyboard Shortcuts"))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(translate("HelpDialogs", "Search commands or keys…"))
        self.search.setClearButtonEnabled(True)
        self.rows = QStandardItemModel(0, len(SHORTCUT_COLUMNS), self)
        self.rows.setHorizontalHeaderLabels(
            [translate("HelpDialogs", title) for title in SHORTCUT_COLUMNS]
        )
        self.shown = QSortFilterProxyModel(self)
        self.shown.setSourceModel(self.rows)
        self.shown.setFilterKeyColumn(-1)
        self.shown.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.search.textChanged.connect(self.shown.setFilterFixedString)
        self.table = QTreeView(self)
        self.table.setModel(self.shown)
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        header = self.table.header()
        header.setStretchLastSection(False)
        for column, mode in enumerate(
            (QHeaderView.ResizeToContents, QHeaderView.Stretch, QHeaderView.ResizeToContents)
        ):
            header.setSectionResizeMode(column, mode)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 28)
        self.reload()

    def reload(self) -> None:
        """Re-read the window's actions (shortcuts may have changed since)."""
        self.rows.removeRows(0, self.rows.rowCount())
        for entry in shortcut_entries(self.window_):
            self.rows.appendRow([QStandardItem(text) for text in entry])

    def visible_entries(self) -> list[ShortcutEntry]:
        """The rows the search leaves, as shown."""
        return [
            ShortcutEntry(*(self.shown.index(r, c).data() for c in range(len(SHORTCUT_COLUMNS))))
            for r in range(self.shown.rowCount())
        ]

    def showEvent(self, event: QShowEvent) -> None:
        self.reload()
        self.search.setFocus()
        super().showEvent(event)


#: The steps of Getting Started: title, what to do, the button's text.
STEPS = (
    (
        QT_TRANSLATE_NOOP("HelpDialogs", "Open a preset"),
        QT_TRANSLATE_NOOP(
            "HelpDialogs",
            "Presets → LeNet5 opens a classic network: every block shows its output shape, "
            "parameters and FLOPs, and the Summary below lists them with totals.",
        ),
        QT_TRANSLATE_NOOP("HelpDialogs", "Open LeNet5"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpDialogs", "Change a parameter"),
        QT_TRANSLATE_NOOP(
            "HelpDialogs",
            "Click a block (here the first convolution) and edit it in the Inspector, e.g. "
            "out_channels 6 → 16. Shapes, parameters and FLOPs downstream update at once; "
            "Ctrl+Z undoes it.",
        ),
        QT_TRANSLATE_NOOP("HelpDialogs", "Select the first convolution"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpDialogs", "Train"),
        QT_TRANSLATE_NOOP(
            "HelpDialogs",
            "The Training panel trains on the built-in digits data set (no download). "
            "Press Train and watch loss and accuracy grow.",
        ),
        QT_TRANSLATE_NOOP("HelpDialogs", "Show Training"),
    ),
    (
        QT_TRANSLATE_NOOP("HelpDialogs", "Export"),
        QT_TRANSLATE_NOOP(
            "HelpDialogs",
            "File → Export writes model.py (readable PyTorch), train.py or ONNX — the same "
            "network you see.",
        ),
        QT_TRANSLATE_NOOP("HelpDialogs", "Export model.py…"),
    ),
)


class GettingStartedDialog(QDialog):
    """A first network in four steps; each button does the step in the window.

    Attributes
    ----------
    buttons : list of QPushButton
        One per step of :data:`STEPS`.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(translate("HelpDialogs", "Getting Started"))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(14)
        self.buttons: list[QPushButton] = []
        actions = (self.open_preset, self.select_layer, self.show_training, self.export)
        for row, ((title, text, button_text), act) in enumerate(zip(STEPS, actions, strict=True)):
            number = QLabel(f"<b>{row + 1}</b>", self)
            number.setAlignment(Qt.AlignTop | Qt.AlignHCenter)
            label = QLabel(
                "<b>{title}</b><br>{text}".format(
                    title=translate("HelpDialogs", title), text=translate("HelpDialogs", text)
                ),
                self,
            )
            label.setWordWrap(True)
            label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 52)
            button = QPushButton(translate("HelpDialogs", button_text), self)
            button.clicked.connect(act)
            self.buttons.append(button)
            grid.addWidget(number, row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(button, row, 2, Qt.AlignTop)
        close = QDialogButtonBox(QDialogButtonBox.Close, self)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        intro = QLabel(
            translate("HelpDialogs", "Build, check, train and export a first network."), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(close)
        self.adjustSize()

    def _window_action(self, name: str) -> QAction | None:
        actions = getattr(self.window_, "actions", {})
        return actions.get(name) if isinstance(actions, dict) else None

    def open_preset(self) -> None:
        """Step 1: the window's own Presets → LeNet5 command."""
        action = getattr(self.window_, "preset_actions", {}).get("lenet5")
        if action is not None:
            action.trigger()

    def select_layer(self) -> None:
        """Step 2: select the first convolution (or the first block) and show the Inspector."""
        model = self.window_.model  # type: ignore[attr-defined]
        nodes = [n for n in model.graph if n.type != "Input"]
        convs = [n for n in nodes if "Conv" in n.type]
        target = (convs or nodes or [None])[0]
        if target is not None:
            model.set_selection([target.id])
            self.window_.center_on(target.id)  # type: ignore[attr-defined]
        self._raise_dock("inspector")

    def show_training(self) -> None:
        """Step 3: bring the Training panel to the front."""
        self._raise_dock("training")

    def export(self) -> None:
        """Step 4: the window's own File → Export → PyTorch module command."""
        action = self._window_action("export_model")
        if action is not None:
            action.trigger()

    def _raise_dock(self, key: str) -> None:
        docks: dict[str, QWidget] = getattr(self.window_, "docks", {})
        dock = docks.get(key)
        if dock is not None:
            dock.show()
            dock.raise_()
