"""The main window: palette, canvas, docks, menus, status bar.

The window only wires views to one :class:`DocumentModel`; each view observes the model
and every edit goes through an undo command (DESIGN §2, one-way data flow).
"""

from __future__ import annotations

import dataclasses
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QStyle,
    QToolBar,
    QUndoView,
    QWidget,
)

from netbuilder.core.formatting import exact, human
from netbuilder.ui import settings as user_settings
from netbuilder.ui.autosave import Autosaver, RecoveryOffer, recoverable, restore_into
from netbuilder.ui.canvas import CanvasView, card_extras
from netbuilder.ui.canvas.free_space import CARD_SIZE, free_position
from netbuilder.ui.canvas.zoom_label import ZoomLabel
from netbuilder.ui.code_view import CodePreview
from netbuilder.ui.commands import AddNodeCommand, SetTrainingCommand
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.dock_tabs import hide_stale_tab_bars
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.files import EXPORTS, WEIGHT_EXPORTS, FileController
from netbuilder.ui.fix_actions import FixButton
from netbuilder.ui.group_actions import GroupActions
from netbuilder.ui.i18n import QT_TRANSLATE_NOOP, translate
from netbuilder.ui.icons import app_icon, themed_icon
from netbuilder.ui.inspector import Inspector
from netbuilder.ui.language_menu import LanguageMenu
from netbuilder.ui.palette import BlockPalette
from netbuilder.ui.problems import ProblemsPanel
from netbuilder.ui.shortcut_tips import show_shortcuts_in_tips
from netbuilder.ui.summary_view import SummaryPanel
from netbuilder.ui.theme import THEMES, apply_theme, chosen_theme, error_color
from netbuilder.ui.training import TrainingDock
from netbuilder.ui.units import MAC, TWO_PER_MAC

APP_NAME = "NetBuilder"
TRAINING_LOCK = QT_TRANSLATE_NOOP("MainWindow", "Training is running; stop it to edit the network.")
STOPPING = QT_TRANSLATE_NOOP(
    "MainWindow", "Stopping training… the window closes when the current batch is done."
)


def _default_size() -> QSize:
    """1360×860, or 90 % of a smaller screen."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1360, 860)
    avail = screen.availableGeometry()
    return QSize(min(1360, int(avail.width() * 0.9)), min(860, int(avail.height() * 0.9)))


def _make_training(model: DocumentModel) -> QScrollArea:
    """The training dock of ``model`` in a scroll area (``.training_dock`` is the dock)."""
    dock = TrainingDock(lambda: model.project, path_getter=lambda: model.path)
    model.documentReset.connect(dock.load_settings)
    model.documentReset.connect(dock.refresh_runs)
    model.pathChanged.connect(dock.refresh_runs)
    model.trainingChanged.connect(dock.load_settings)

    def store(fields: dict) -> None:
        config = dataclasses.replace(model.project.training, **fields)
        try:
            config.validate()
        except ValueError:
            dock.load_settings()  # the form never shows a setting the document refuses
            return
        if config != model.project.training and not model.push(SetTrainingCommand(model, config)):
            dock.load_settings()  # refused (locked): the form shows the document again

    dock.settingsEdited.connect(store)
    # a tall panel scrolls instead of forcing the window taller than the screen
    scroll = QScrollArea()
    scroll.setObjectName("trainingScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.NoFrame)
    scroll.setWidget(dock)
    scroll.training_dock = dock  # type: ignore[attr-defined]
    return scroll


class MainWindow(QMainWindow):
    """The NetBuilder window.

    Parameters
    ----------
    model : DocumentModel, optional
        The document to show; a fresh empty one by default.
    restore : bool
        Restore the saved window geometry and dock layout.
    autosave_dir : path, optional
        The autosave folder (``$NETBUILDER_AUTOSAVE_DIR`` or the user data folder).

    Attributes
    ----------
    model : DocumentModel
    files : FileController
    canvas : CanvasView
        The canvas view.
    palette, inspector, summary, code, problems : QWidget
        The dock contents.
    actions : dict of str to QAction
        Every menu action by name (``"undo"``, ``"save"``, ``"zoom_in"`` ...).
    autosave : Autosaver
        Keeps the document safe while it has unsaved changes.
    """

    def __init__(
        self,
        model: DocumentModel | None = None,
        restore: bool = True,
        autosave_dir: str | Path | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.setWindowIcon(app_icon())
        self.setDockNestingEnabled(True)
        self.resize(_default_size())
        self.model = model or DocumentModel(parent=self)
        self.files = FileController(self.model, self)
        self.autosave = Autosaver(self.model, autosave_dir, parent=self)
        self.recovered_windows: list[MainWindow] = []
        self.actions: dict[str, QAction] = {}
        #: How every view shows FLOPs and colours; the views subscribe to it.
        self.display = DisplaySettings(parent=self)
        self.docks: dict[str, QDockWidget] = {}
        self._dock_areas: dict[str, Qt.DockWidgetArea] = {}
        # Qt leaves old dock tab bars visible after tabifying: hidden once the layout settles
        self._tab_cleanup = QTimer(self)
        self._tab_cleanup.setSingleShot(True)
        self._tab_cleanup.setInterval(0)
        self._tab_cleanup.timeout.connect(self._hide_stale_tabs)
        self._close_when_stopped = False

        self.canvas = CanvasView(self.model, display=self.display)
        self.setCentralWidget(self.canvas)

        self.palette = BlockPalette(self)
        self.inspector = Inspector(self.model, self, self.display)
        self.summary_panel = SummaryPanel(self.model, self, self.display)
        self.summary = self.summary_panel.view
        self.code = CodePreview(self.model, self, self.display)
        self.problems_panel = ProblemsPanel(self.model, self)
        self.problems = self.problems_panel.view
        self.undo_view = QUndoView(self.model.undo_stack, self)
        self.undo_view.setEmptyLabel(translate("MainWindow", "<original document>"))
        self.training = _make_training(self.model)

        self._build_status()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self.group_actions = GroupActions(self)
        self._build_toolbar()
        self._docks_sized = False  # sized for the window's real size when it is first shown
        show_shortcuts_in_tips(self.actions.values())
        for menu in self.menuBar().findChildren(QMenu):
            menu.setToolTipsVisible(True)

        # what is trained is what is on the canvas: edits wait until training ends
        training_dock = self.training.training_dock  # type: ignore[attr-defined]
        training_dock.training_started.connect(self.autosave.save_now)
        self.autosave.failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        training_dock.training_started.connect(self._training_started)
        training_dock.training_finished.connect(self._training_finished)
        self.model.lockedChanged.connect(self._apply_lock)
        # the undo stack re-enables its actions when it changes: the lock wins
        self.model.undo_stack.canUndoChanged.connect(self._undo_state_changed)
        self.model.undo_stack.canRedoChanged.connect(self._undo_state_changed)
        self.palette.blockActivated.connect(self.add_block)
        self.problems.nodeActivated.connect(self.center_on)
        self.problems.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.model.dirtyChanged.connect(self.setWindowModified)
        self.model.pathChanged.connect(lambda _p: self.update_title())
        self.model.documentReset.connect(self.update_title)
        self.model.statsChanged.connect(lambda _ids: self.update_status())
        self.model.graphChanged.connect(lambda _e: self._status_timer.start())
        self.model.documentReset.connect(self.update_status)
        self.files.documentOpened.connect(self.fit_later)
        self.files.recentChanged.connect(self._fill_recent)
        self.canvas.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 6000))

        self.display.changed.connect(self._on_display)
        if restore:
            self.restore_state()
            if str(user_settings.settings().value("flopsFactor", MAC)) == str(TWO_PER_MAC):
                self.display.set_flops_factor(TWO_PER_MAC)
        self.update_title()
        self.update_status()

    # -- layout ---------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{key}Dock")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetClosable
            | QDockWidget.DockWidgetMovable
            | QDockWidget.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        self._dock_areas[key] = area
        dock.dockLocationChanged.connect(lambda _area: self._tab_cleanup.start())
        return dock

    def _build_docks(self) -> None:
        left, right, bottom = Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea, Qt.BottomDockWidgetArea
        self._dock("palette", translate("MainWindow", "Blocks"), self.palette, left)
        self._dock("inspector", translate("MainWindow", "Inspector"), self.inspector, right)
        code = self._dock("code", translate("MainWindow", "Code"), self.code, right)
        code.visibilityChanged.connect(self.code.set_shown)  # it regenerates while shown
        self._dock("history", translate("MainWindow", "History"), self.undo_view, right)
        self._dock("summary", translate("MainWindow", "Summary"), self.summary_panel, bottom)
        self._dock("problems", translate("MainWindow", "Problems"), self.problems_panel, bottom)
        training = self._dock(
            "training", translate("MainWindow", "Training"), self.training, bottom
        )
        # its curves and images (pyqtgraph, numpy) are built when it is first shown
        content = self.training.training_dock  # type: ignore[attr-defined]
        training.visibilityChanged.connect(lambda shown: shown and content.build_views())
        self._arrange_docks()

    def _arrange_docks(self) -> None:
        """The default arrangement: tabs on the right and at the bottom, History hidden."""
        docks = self.docks
        for key, dock in docks.items():
            dock.setFloating(False)
            self.addDockWidget(self._dock_areas[key], dock)  # back to its area, last there
        self.tabifyDockWidget(docks["inspector"], docks["code"])
        self.tabifyDockWidget(docks["summary"], docks["problems"])
        self.tabifyDockWidget(docks["summary"], docks["training"])
        for key, dock in docks.items():
            dock.setVisible(key != "history")
        docks["inspector"].raise_()
        docks["summary"].raise_()

    def _size_docks(self) -> None:
        """Default dock sizes: the palette shows whole block names, the canvas keeps at least
        half of the window's width and height."""
        width, height = self.width(), self.height()
        tree = self.palette.tree
        names = max(tree.fontMetrics().horizontalAdvance(i.text(0)) for i in tree.block_items())
        icon = max(16, tree.iconSize().width())
        scroll = self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
        palette_width = names + 2 * tree.indentation() + icon + scroll + 2 * tree.frameWidth() + 30
        separators = 2 * self.style().pixelMetric(QStyle.PM_DockWidgetSeparatorExtent)
        inspector_width = min(340, width * 26 // 100, width // 2 - palette_width - separators)
        self.resizeDocks(
            [self.docks["palette"], self.docks["inspector"]],
            [palette_width, max(inspector_width, 120)],
            Qt.Horizontal,
        )
        bottom = min(240, height * 28 // 100, max(0, height // 2 - 120))
        self.resizeDocks([self.docks["summary"]], [max(bottom, 100)], Qt.Vertical)

    def showEvent(self, event: QShowEvent) -> None:
        """First show: dock sizes for the window's real size (unless a layout was restored)."""
        if not self._docks_sized:
            self._docks_sized = True
            self._size_docks()
        super().showEvent(event)
        self._tab_cleanup.start()

    def _hide_stale_tabs(self) -> None:
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hide_stale_tab_bars(self)

    def reset_layout(self) -> None:
        """View → Reset Layout: every dock back to its default place and size."""
        self._arrange_docks()
        self._size_docks()
        self._tab_cleanup.start()

    def _action(
        self,
        key: str,
        text: str,
        slot,
        shortcut: QKeySequence.StandardKey | str | None = None,
        tip: str = "",
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action_{key}")
        if shortcut is not None:
            if isinstance(shortcut, str):
                action.setShortcut(QKeySequence(shortcut))
            else:
                action.setShortcuts(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.actions[key] = action
        return action

    def _build_actions(self) -> None:
        f, sp = self.files, QStyle.StandardPixmap
        self._action(
            "new",
            translate("MainWindow", "&New"),
            f.new,
            QKeySequence.New,
            translate("MainWindow", "Start an empty network"),
            sp.SP_FileIcon,
        )
        self._action(
            "open",
            translate("MainWindow", "&Open…"),
            f.open_dialog,
            QKeySequence.Open,
            translate("MainWindow", "Open a project file"),
            sp.SP_DialogOpenButton,
        )
        self._action(
            "save",
            translate("MainWindow", "&Save"),
            f.save,
            QKeySequence.Save,
            translate("MainWindow", "Save the project"),
            sp.SP_DialogSaveButton,
        )
        self._action(
            "save_as",
            translate("MainWindow", "Save &As…"),
            f.save_as,
            QKeySequence.SaveAs,
            translate("MainWindow", "Save the project under a new name"),
        )
        self._action(
            "compare",
            self.tr("Co&mpare…"),
            self.show_compare,
            tip=self.tr("The open document next to its saved version, a preset or a file"),
        )
        self._action(
            "quit",
            translate("MainWindow", "&Quit"),
            self.close,
            QKeySequence.Quit,
            translate("MainWindow", "Quit NetBuilder"),
        )
        for kind, (text, *_dialog) in EXPORTS.items():
            action = self._action(
                f"export_{kind}",
                translate("Files", text),
                partial(f.export_dialog, kind),
            )
            action.setToolTip(action.text().replace("&", "").rstrip("…"))
        for kind, text in WEIGHT_EXPORTS.items():
            action = self._action(
                f"export_{kind}_weights",
                translate("Files", text),
                partial(f.export_weights_dialog, kind),
            )
            action.setToolTip(
                translate("MainWindow", "Export with the trained weights of a run (its model.pt)")
            )
        for fmt in ("png", "svg"):
            self._action(
                f"export_{fmt}",
                translate("MainWindow", "Canvas as &{upper}…").format(upper=fmt.upper()),
                partial(f.export_image_dialog, self.canvas, fmt),
            )

        stack = self.model.undo_stack
        undo = stack.createUndoAction(self, translate("MainWindow", "&Undo"))
        undo.setShortcuts(QKeySequence.Undo)
        undo.setObjectName("action_undo")
        undo.setIcon(themed_icon("edit-undo"))
        redo = stack.createRedoAction(self, translate("MainWindow", "&Redo"))
        redo.setShortcuts(QKeySequence.Redo)
        redo.setObjectName("action_redo")
        redo.setIcon(themed_icon("edit-redo"))
        self.actions["undo"], self.actions["redo"] = undo, redo
        history = self.docks["history"].toggleViewAction()
        history.setText(translate("MainWindow", "Undo &History"))
        history.setShortcut(QKeySequence("Ctrl+H"))
        self.actions["history"] = history

        self._action(
            "zoom_in",
            translate("MainWindow", "Zoom &In"),
            partial(self._canvas_call, "zoom_in"),
            QKeySequence.ZoomIn,
        )
        self._action(
            "zoom_out",
            translate("MainWindow", "Zoom &Out"),
            partial(self._canvas_call, "zoom_out"),
            QKeySequence.ZoomOut,
        )
        self._action(
            "fit",
            translate("MainWindow", "&Fit Network in View"),
            partial(self._canvas_call, "fit_all"),
            "F",
            translate("MainWindow", "Show the whole network"),
        )
        # the canvas' own action: one action, so its shortcut stays unambiguous
        layout = self.canvas.layout_action
        layout.setText(translate("MainWindow", "Auto &Layout"))
        layout.setStatusTip(
            translate("MainWindow", "Arrange the blocks in layers, branches side by side")
        )
        self.actions["layout"] = layout
        edits = (
            ("cut", translate("MainWindow", "Cu&t"), "cut", QKeySequence.Cut),
            ("copy", translate("MainWindow", "&Copy"), "copy", QKeySequence.Copy),
            ("paste", translate("MainWindow", "&Paste"), "paste", QKeySequence.Paste),
            ("duplicate", translate("MainWindow", "&Duplicate"), "duplicate", "Ctrl+D"),
            ("delete", translate("MainWindow", "De&lete"), "delete_selection", QKeySequence.Delete),
            (
                "select_all",
                translate("MainWindow", "Select &All"),
                "select_all",
                QKeySequence.SelectAll,
            ),
        )
        # window-wide shortcuts: the canvas takes these keys itself while it has focus,
        # text fields keep theirs, anywhere else (e.g. the summary table) the menu acts
        for key, text, method, shortcut in edits:
            self._action(key, text, partial(self._canvas_call, method), shortcut)
        two = self._action(
            "flops_x2",
            translate("MainWindow", "Count FLOPs as 2 per Multiply-Add"),
            None,
            tip=translate(
                "MainWindow", "Like torch.utils.flop_counter; off: 1 per multiply-add (half of it)"
            ),
        )
        two.setCheckable(True)
        two.toggled.connect(lambda on: self.display.set_flops_factor(TWO_PER_MAC if on else MAC))
        expand = self._action(
            "expand_summary",
            translate("MainWindow", "Summary: Show Layers Inside Composite Blocks"),
            None,
            tip=translate(
                "MainWindow",
                "List the inner layers of Inception, Residual, VGG and NiN blocks with their stats",
            ),
        )
        expand.setCheckable(True)
        expand.toggled.connect(self.summary.table.set_expand)
        for key, short in (
            ("zoom_in", "+"),
            ("zoom_out", "−"),
            ("fit", translate("MainWindow", "Fit")),
        ):
            self.actions[key].setIconText(short)
        # "F" belongs to the canvas while it has focus; elsewhere typing wins
        self.actions["fit"].setShortcutContext(Qt.WidgetWithChildrenShortcut)
        self.canvas.addAction(self.actions["fit"])
        self._action("about", translate("MainWindow", "&About NetBuilder"), self.about)
        self._build_view_actions()

    def _build_view_actions(self) -> None:
        """View → Theme (System / Light / Dark), View → Reset Layout, the Help dialogs."""
        group = QActionGroup(self)
        group.setExclusive(True)
        current = chosen_theme()
        for name, text, tip in (
            (
                "system",
                translate("MainWindow", "&System"),
                translate("MainWindow", "Follow the system's light or dark setting"),
            ),
            ("light", translate("MainWindow", "&Light"), translate("MainWindow", "Light theme")),
            ("dark", translate("MainWindow", "&Dark"), translate("MainWindow", "Dark theme")),
        ):
            action = self._action(
                f"theme_{name}",
                text,
                partial(self.set_theme, name),
                tip=tip,
            )
            action.setCheckable(True)
            action.setChecked(name == current)
            group.addAction(action)
        self._action(
            "reset_layout",
            translate("MainWindow", "&Reset Layout"),
            self.reset_layout,
            tip=translate("MainWindow", "Put every panel back in its default place and size"),
        )
        self._action(
            "shortcuts",
            translate("MainWindow", "&Keyboard Shortcuts"),
            self.show_shortcuts,
            "Ctrl+/",
            translate("MainWindow", "Every command with a shortcut, searchable"),
        )
        self._action(
            "getting_started",
            translate("MainWindow", "&Getting Started"),
            self.show_getting_started,
            QKeySequence.HelpContents,
            translate("MainWindow", "A first network in four steps: open, change, train, export"),
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(translate("MainWindow", "&File"))
        for key in ("new", "open"):
            file.addAction(self.actions[key])
        self.recent_menu = file.addMenu(translate("MainWindow", "Open &Recent"))
        self._fill_recent()
        file.addSeparator()
        file.addAction(self.actions["save"])
        file.addAction(self.actions["save_as"])
        file.addSeparator()
        export = file.addMenu(translate("MainWindow", "&Export"))
        export.setToolTipsVisible(True)
        self.export_menu = export
        for key in ("export_model", "export_onnx", "export_train"):
            export.addAction(self.actions[key])
        export.addSeparator()
        for kind in WEIGHT_EXPORTS:
            export.addAction(self.actions[f"export_{kind}_weights"])
        export.addSeparator()
        export.addAction(self.actions["export_png"])
        export.addAction(self.actions["export_svg"])
        file.addAction(self.actions["compare"])
        file.addSeparator()
        file.addAction(self.actions["quit"])

        edit = bar.addMenu(translate("MainWindow", "&Edit"))
        edit.addAction(self.actions["undo"])
        edit.addAction(self.actions["redo"])
        edit.addSeparator()
        for key in ("cut", "copy", "paste", "duplicate", "delete", None, "select_all", None):
            if key is None:
                edit.addSeparator()
            else:
                edit.addAction(self.actions[key])
        edit.addAction(self.actions["history"])
        self.edit_menu = edit

        view = bar.addMenu(translate("MainWindow", "&View"))
        for key in ("zoom_in", "zoom_out", "fit", "layout"):
            view.addAction(self.actions[key])
        view.addAction(self.canvas.direction_action)
        view.addSeparator()
        view.addAction(self.actions["flops_x2"])
        view.addAction(self.actions["expand_summary"])
        self.cards_menu = view.addMenu(self.tr("Show on &Cards"))
        card_extras.fill_menu(self.cards_menu, self.display.card_extras)
        view.addSeparator()
        theme = view.addMenu(translate("MainWindow", "&Theme"))
        for name in THEMES:
            theme.addAction(self.actions[f"theme_{name}"])
        self.theme_menu = theme
        self.language_menu = LanguageMenu(self)
        view.addMenu(self.language_menu)
        view.addAction(self.actions["reset_layout"])
        view.addSeparator()
        for dock in self.docks.values():
            if dock.objectName() != "historyDock":
                view.addAction(dock.toggleViewAction())
        self.view_menu = view

        presets = bar.addMenu(translate("MainWindow", "&Presets"))
        presets.setToolTipsVisible(True)
        self.presets_menu = presets
        self.preset_actions: dict[str, QAction] = {}
        for name, description in self.files.presets():
            action = presets.addAction(name)
            action.setObjectName(f"preset_{name}")
            action.setToolTip(description or name)
            action.setStatusTip(description)
            action.triggered.connect(lambda _c=False, n=name: self.files.open_preset(n))
            self.preset_actions[name] = action

        help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        help_menu.addAction(self.actions["getting_started"])
        help_menu.addAction(self.actions["shortcuts"])
        help_menu.addSeparator()
        help_menu.addAction(self.actions["about"])
        self.help_menu = help_menu

    def _build_toolbar(self) -> None:
        bar = QToolBar(translate("MainWindow", "Main"), self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonIconOnly)
        for key in ("new", "open", "save", None, "undo", "redo", None):
            if key is None:
                bar.addSeparator()
            else:
                bar.addAction(self.actions[key])
        for key in ("zoom_out", "zoom_in", "fit"):
            bar.addAction(self.actions[key])
        self.addToolBar(Qt.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_status(self) -> None:
        status = self.statusBar()
        self.zoom_label = ZoomLabel(self.canvas, self)
        status.addPermanentWidget(self.zoom_label)
        self.params_label = QLabel(self)
        self.flops_label = QLabel(self)
        self.validity_label = QLabel(self)
        for label in (self.params_label, self.flops_label, self.validity_label):
            label.setContentsMargins(8, 0, 8, 0)
            status.addPermanentWidget(label)
        self.fix_button = FixButton(self.model, self)  # the first error's one-click fix
        self.fix_button.message.connect(lambda text: status.showMessage(text, 6000))
        status.addPermanentWidget(self.fix_button)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(0)
        self._status_timer.timeout.connect(self.update_status)

    # -- state shown ---------------------------------------------------------------
    def update_title(self) -> None:
        """``name[*] — NetBuilder``; Qt shows the asterisk while the document is modified."""
        name = self.files.document_name()
        if self.model.path is None and name == "untitled":  # the new document's name, shown
            name = translate("MainWindow", "untitled")
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(self.model.is_dirty())

    def update_status(self) -> None:
        """Total params, FLOPs and validity in the status bar."""
        self._status_timer.stop()
        totals = self.model.analysis.totals()
        self.params_label.setText(
            translate("MainWindow", "Params {params}").format(params=human(totals.params))
        )
        frozen = totals.params - totals.trainable
        if frozen:
            self.params_label.setText(
                translate("MainWindow", "Params {params} ({trainable} trainable)").format(
                    params=human(totals.params), trainable=human(totals.trainable)
                )
            )
        if frozen:
            tip = translate(
                "MainWindow", "{params} parameters, {trainable} trainable ({frozen} frozen)"
            )
        else:
            tip = translate("MainWindow", "{params} parameters, {trainable} trainable")
        tip += "\n" + translate("MainWindow", "{buffers} non-trainable buffers")
        self.params_label.setToolTip(
            tip.format(
                params=exact(totals.params),
                trainable=exact(totals.trainable),
                frozen=exact(frozen),
                buffers=exact(totals.buffers),
            )
        )
        flops = self.display.flops(totals.flops)
        self.flops_label.setText(f"{self.display.flops_header()} {human(flops)}")
        self.flops_label.setToolTip(
            translate("MainWindow", "{flops} {flops_unit} per sample (batch 1)").format(
                flops=exact(flops), flops_unit=self.display.flops_unit()
            )
        )
        if totals.errors:
            if totals.errors == 1:
                text = translate("MainWindow", "⚠ 1 error")
            else:
                text = translate("MainWindow", "⚠ {count} errors").format(count=totals.errors)
            self.validity_label.setText(text)
            self.validity_label.setStyleSheet(f"color: {error_color().name()}; font-weight: 600;")
            self.validity_label.setToolTip(translate("MainWindow", "See the Problems panel"))
        else:
            self.validity_label.setText(translate("MainWindow", "✓ valid"))
            self.validity_label.setStyleSheet("")
            self.validity_label.setToolTip(
                translate("MainWindow", "Every block has an output shape")
            )

    def _on_display(self) -> None:
        """Keep the menu check and the stored setting in step with the display settings."""
        factor = self.display.flops_factor
        action = self.actions["flops_x2"]
        if action.isChecked() != (factor == TWO_PER_MAC):
            action.setChecked(factor == TWO_PER_MAC)
        user_settings.settings().setValue("flopsFactor", factor)
        self.update_status()

    # -- canvas forwarding ---------------------------------------------------------------
    def _canvas_call(self, name: str, *args: object) -> object:
        return getattr(self.canvas, name)(*args)

    def fit_later(self) -> None:
        """Fit the network in view once the window has its size."""
        QTimer.singleShot(0, self.canvas, self.canvas.fit_all)  # not after the window went

    def center_on(self, node_id: str) -> None:
        """Scroll the canvas to a node."""
        self.canvas.show_node(node_id)

    def canvas_center(self) -> tuple[float, float]:
        """Scene coordinates of the middle of the visible canvas."""
        point: QPointF = self.canvas.mapToScene(self.canvas.viewport().rect().center())
        return (round(point.x()), round(point.y()))

    def add_block(self, type_name: str) -> str | None:
        """Add a block near the canvas centre, clear of other cards (palette double-click);
        returns its id."""
        x, y = self.canvas_center()
        pos = free_position(self.canvas.canvas, (x - CARD_SIZE[0] / 2, y - CARD_SIZE[1] / 2))
        command = AddNodeCommand(self.model, type_name, None, pos)
        if not self.model.push(command):
            self.statusBar().showMessage(self.model.locked_reason, 6000)
            return None
        self.model.set_selection([command.node_id] if command.node_id else [])
        return command.node_id

    def _training_started(self) -> None:
        training = self.docks.get("training")
        if training is not None and not training.isFloating():  # room for the dashboard
            tall = int(self.height() * 0.55)
            if training.height() < tall:
                self.resizeDocks([training], [tall], Qt.Vertical)
        lock = translate("MainWindow", TRAINING_LOCK)
        self.model.set_locked(lock)
        self.statusBar().showMessage(lock, 8000)
        self.inspector.refresh_stats()

    def _training_finished(self, *_args: object) -> None:
        self.model.set_locked("")
        self.inspector.refresh_stats()
        if self._close_when_stopped:
            QTimer.singleShot(0, self.close)

    def _undo_state_changed(self, _can: bool) -> None:
        if self.model.locked_reason:  # the stack just re-enabled its actions
            try:
                self.actions["undo"].setEnabled(False)
                self.actions["redo"].setEnabled(False)
            except RuntimeError:  # the window is being destroyed
                pass

    def _apply_lock(self, *_args: object) -> None:
        """While the document is locked: no undo/redo, no history clicks, no other document."""
        locked = bool(self.model.locked_reason)
        stack = self.model.undo_stack
        self.actions["undo"].setEnabled(not locked and stack.canUndo())
        self.actions["redo"].setEnabled(not locked and stack.canRedo())
        self.undo_view.setEnabled(not locked)
        for key in ("new", "open"):
            self.actions[key].setEnabled(not locked)
        self.presets_menu.menuAction().setEnabled(not locked)
        self.recent_menu.setEnabled(not locked and bool(self.recent_menu.actions()))

    def set_theme(self, theme: str) -> None:
        """Apply ``theme`` (``system``, ``light``, ``dark``) live and remember it."""
        apply_theme(QApplication.instance(), theme)
        user_settings.store_theme(theme)
        self.actions[f"theme_{theme}"].setChecked(True)

    def show_shortcuts(self) -> None:
        """Help → Keyboard Shortcuts: every action with a shortcut, searchable."""
        from netbuilder.ui.help_dialogs import ShortcutsDialog

        self._help_dialog("shortcuts", ShortcutsDialog)

    def show_getting_started(self) -> None:
        """Help → Getting Started: a first network in four steps."""
        from netbuilder.ui.help_dialogs import GettingStartedDialog

        self._help_dialog("getting_started", GettingStartedDialog)

    def show_compare(self) -> QWidget:
        """File → Compare…: the open document beside another network (one window, raised)."""
        from netbuilder.ui.compare_window import CompareWindow

        window = self.findChild(CompareWindow)
        if window is None:
            window = CompareWindow(self.model, self.display, self.autosave.store, self)
            window.setAttribute(Qt.WA_DeleteOnClose)
        else:
            window.refresh_runs()  # asked for again: runs may have finished meanwhile
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _help_dialog(self, key: str, kind: type) -> QWidget:
        """One non-modal help window per kind, raised when already open."""
        dialog = self.findChild(kind)
        if dialog is None:
            dialog = kind(self)
            dialog.setObjectName(f"{key}Dialog")
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def about(self) -> None:
        """A short About box."""
        from PySide6.QtWidgets import QMessageBox

        from netbuilder import __version__

        QMessageBox.about(
            self,
            translate("MainWindow", "About {app}").format(app=APP_NAME),
            translate(
                "MainWindow",
                "<b>{app} {version}</b><p>Design neural networks by drag and drop, see "
                "exact shapes, parameters and FLOPs, train them and export clean PyTorch.</p>",
            ).format(app=APP_NAME, version=__version__),
        )

    def _fill_recent(self) -> None:
        menu: QMenu = self.recent_menu
        menu.clear()
        files = user_settings.recent_files()
        for path in files:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.files.open_path(p))
        if files:
            menu.addSeparator()
            clear = menu.addAction(translate("MainWindow", "Clear Menu"))
            clear.triggered.connect(
                lambda: (user_settings.clear_recent_files(), self._fill_recent())
            )
        menu.setEnabled(bool(files) and not self.model.locked_reason)

    # -- persistence ---------------------------------------------------------------
    def restore_state(self) -> None:
        """Window geometry and dock layout from the last session."""
        store = user_settings.settings()
        geometry, state = store.value("window/geometry"), store.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)
            self._docks_sized = True  # the user's own sizes

    def save_state(self) -> None:
        """Remember geometry and dock layout."""
        store = user_settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask to save changes; remember the window layout.

        While training runs the window asks it to stop and closes when it has stopped
        (a batch may take long; its thread is never destroyed while it runs).
        """
        dock = self.training.training_dock  # type: ignore[attr-defined]
        if not self._close_when_stopped and not self.files.maybe_save():
            event.ignore()
            return
        if dock.is_training():
            self._close_when_stopped = True  # the save question was answered
            dock.stop()
            stopping = translate("MainWindow", STOPPING)
            dock.status.setText(stopping)
            self.statusBar().showMessage(stopping)
            event.ignore()
            return
        self.save_state()
        self.autosave.close()  # a clean exit leaves no autosave behind
        event.accept()

    # -- crash recovery ---------------------------------------------------------------
    def offer_recovery(self) -> RecoveryOffer | None:
        """Offer each document a crashed or killed NetBuilder autosaved (Restore/Discard).

        The first restored document replaces an untouched start document; others open in
        windows of their own (``recovered_windows``).
        """
        items = recoverable(self.autosave.store)
        if not items:
            return None
        self.recovery = RecoveryOffer(self, items, self._restore_recovered)
        self.recovery.start()
        return self.recovery

    def _restore_recovered(self, project, origin: Path | None) -> None:
        target = self
        if self.model.is_dirty() or self.model.path is not None or self.recovered_windows:
            target = MainWindow(autosave_dir=self.autosave.store.folder)
            target.setAttribute(Qt.WA_DeleteOnClose)
            target.show()
        self.recovered_windows.append(target)
        restore_into(target, project, origin)
