"""File handling of the main window: new, open, save, recent files, presets, export.

Every problem reaches the user as a dialog with the core's sentence; a failed open
leaves the current document untouched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from netbuilder.core.document import Project, dumps, loads
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import one_line
from netbuilder.core.presets import PRESET_NAMES, load_preset, preset_text
from netbuilder.ui import settings as user_settings
from netbuilder.ui.background_call import call_in_background
from netbuilder.ui.core_text import tr_block, tr_core
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from netbuilder.ui.canvas import CanvasView

PROJECT_FILTER = QT_TRANSLATE_NOOP(
    "Files", "NetBuilder projects (*.json *.netbuilder);;All files (*)"
)
#: Per export kind of :data:`netbuilder.export.kinds.KINDS` (a test keeps them equal): the
#: menu entry, the dialog title, the suggested file name and the file filter.
EXPORTS = {
    "model": (
        QT_TRANSLATE_NOOP("Files", "PyTorch &Module (model.py)…"),
        QT_TRANSLATE_NOOP("Files", "Export PyTorch module"),
        "model.py",
        QT_TRANSLATE_NOOP("Files", "Python (*.py)"),
    ),
    "onnx": (
        "&ONNX…",
        QT_TRANSLATE_NOOP("Files", "Export ONNX"),
        "model.onnx",
        QT_TRANSLATE_NOOP("Files", "ONNX (*.onnx)"),
    ),
    "train": (
        QT_TRANSLATE_NOOP("Files", "&Training Script (train.py)…"),
        QT_TRANSLATE_NOOP("Files", "Export training script"),
        "train.py",
        QT_TRANSLATE_NOOP("Files", "Python (*.py)"),
    ),
}


#: Export kinds that can carry trained weights, with their menu entries.
WEIGHT_EXPORTS = {
    "model": QT_TRANSLATE_NOOP("Files", "PyTorch Module with &trained weights…"),
    "onnx": QT_TRANSLATE_NOOP("Files", "ONNX with trained &weights…"),
}
WEIGHTS_FILTER = QT_TRANSLATE_NOOP("Files", "PyTorch weights (*.pt *.pth);;All files (*)")


def preset_description(name: str) -> str:
    """The description of preset ``name`` without building its graph."""
    try:
        return str(json.loads(preset_text(name)).get("description", ""))
    except (NetBuilderError, ValueError):
        return ""


class FileController(QObject):
    """Document-level commands of a window.

    Parameters
    ----------
    model : DocumentModel
        The open document.
    parent : QWidget
        The window (dialogs are centred on it).

    Signals
    -------
    documentOpened()
        A new document replaced the old one (the canvas should fit it).
    recentChanged()
        The recent files list changed.
    """

    documentOpened = Signal()
    recentChanged = Signal()

    def __init__(self, model: DocumentModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.window = parent

    # -- dialogs ------------------------------------------------------------------------------
    def error(self, title: str, sentence: str) -> None:
        """A modal warning with the core's sentence (each line escaped and bounded)."""
        lines = sentence.split("\n")
        shown = "\n".join(one_line(part) for part in lines[:30])
        if len(lines) > 30:
            shown += translate("Files", "\n… and {value} more").format(value=len(lines) - 30)
        box = QMessageBox(QMessageBox.Warning, title, shown, QMessageBox.Ok, self.window)
        box.setObjectName("netbuilderError")
        box.setTextInteractionFlags(Qt.TextSelectableByMouse)
        box.exec()

    def maybe_save(self) -> bool:
        """Ask "Save changes?" when dirty; False when the user cancels."""
        if not self.model.is_dirty():
            return True
        box = QMessageBox(self.window)
        box.setObjectName("saveChanges")
        box.setIcon(QMessageBox.Question)
        box.setWindowTitle(translate("Files", "Save changes?"))
        box.setText(
            translate("Files", "Save changes to “{document_name}” before closing it?").format(
                document_name=self.document_name()
            )
        )
        box.setInformativeText(translate("Files", "Your changes are lost if you don't save them."))
        box.setStandardButtons(QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel)
        box.setDefaultButton(QMessageBox.Save)
        box.exec()
        answer = box.standardButton(box.clickedButton())
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def document_name(self) -> str:
        """File name without extension, or the project name."""
        return self.model.path.stem if self.model.path else self.model.project.name

    # -- documents -----------------------------------------------------------------------------
    def locked(self) -> bool:
        """True (and the reason in the status bar) while the document must stay (training)."""
        reason = self.model.locked_reason
        if reason:
            status = getattr(self.window, "statusBar", None)
            if status is not None:
                status().showMessage(reason, 6000)
        return bool(reason)

    def new(self) -> bool:
        """An empty project with one Input block."""
        if self.locked() or not self.maybe_save():
            return False
        project = Project(name="untitled")
        project.graph.add_node("Input", {}, "", (0.0, 0.0))
        self.model.set_project(project)
        self.documentOpened.emit()
        return True

    def open_dialog(self) -> bool:
        """Ask for a file and open it."""
        if self.locked() or not self.maybe_save():
            return False
        start = str(self.model.path.parent) if self.model.path else ""
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            translate("Files", "Open project"),
            start,
            translate("Files", PROJECT_FILTER),
        )
        return bool(path) and self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open ``path``; on a problem show the sentence and keep the current document."""
        if self.locked() or (ask and not self.maybe_save()):
            return False
        try:
            with _busy():
                self.model.open(path)
        except (NetBuilderError, OSError) as exc:
            self.error(translate("Files", "Cannot open project"), tr_core(exc))
            return False
        user_settings.add_recent_file(path)
        self.recentChanged.emit()
        self.documentOpened.emit()
        return True

    def open_preset(self, name: str, ask: bool = True) -> bool:
        """Replace the document by preset ``name``."""
        if self.locked() or (ask and not self.maybe_save()):
            return False
        try:
            project = load_preset(name)
        except NetBuilderError as exc:
            self.error(translate("Files", "Cannot open preset"), tr_core(exc))
            return False
        self.model.set_project(project)
        self.documentOpened.emit()
        return True

    def save(self) -> bool:
        """Save to the current file, or ask for one."""
        if self.model.path is None:
            return self.save_as()
        return self.save_to(self.model.path)

    def save_as(self) -> bool:
        """Ask for a file name and save there."""
        default = str(self.model.path or Path.home() / f"{self.model.project.name}.json")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("Files", "Save project"),
            default,
            translate("Files", PROJECT_FILTER),
        )
        return bool(path) and self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        """Write atomically to ``path``; show the sentence on failure."""
        try:
            self.model.save(path)
        except (NetBuilderError, OSError) as exc:
            self.error(translate("Files", "Cannot save project"), tr_core(exc))
            return False
        user_settings.add_recent_file(path)
        self.recentChanged.emit()
        return True

    # -- export -------------------------------------------------------------------------------
    def export_dialog(self, kind: str) -> bool:
        """Ask for a file name and export ``kind`` (``model``, ``onnx``, ``train``)."""
        _menu, title, name, filters = EXPORTS[kind]
        title, filters = translate("Files", title), translate("Files", filters)
        base = self.model.path.parent if self.model.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.window, title, str(base / name), filters)
        return bool(path) and self.export_to(kind, path)

    def export_weights_dialog(self, kind: str) -> bool:
        """Ask for trained weights (a run's ``model.pt``), then a file name; export with them."""
        _menu, title, name, filters = EXPORTS[kind]
        title, filters = translate("Files", title), translate("Files", filters)
        base = self.model.path.parent if self.model.path else Path.home()
        weights, _ = QFileDialog.getOpenFileName(
            self.window,
            translate("Files", "Trained weights (a run's model.pt)"),
            str(base),
            translate("Files", WEIGHTS_FILTER),
        )
        if not weights:
            return False
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("Files", "{title} with trained weights").format(title=title),
            str(base / name),
            filters,
        )
        return bool(path) and self.export_to(kind, path, weights=weights)

    def export_to(self, kind: str, path: str | Path, weights: str | Path | None = None) -> bool:
        """Export through :func:`netbuilder.export.export`; errors become a dialog.

        ``weights`` (a ``state_dict`` file) go into a ``model`` or ``onnx`` export.
        """
        from netbuilder.export import export  # loads torch: only when exporting

        # torch runs: off the GUI thread, on a copy of the document (edits may go on)
        background = kind == "onnx" or weights is not None
        project = loads(dumps(self.model.project)) if background else self.model.project

        def work() -> str:
            return export(project, str(path), kind, weights=weights)

        try:
            with _busy():
                if background:
                    label = translate("Files", "Exporting {name}…").format(name=Path(path).name)
                    message = call_in_background(work, self.window, label)
                else:
                    message = work()
        except (NetBuilderError, OSError) as exc:
            self.error(translate("Files", "Export failed"), tr_core(exc))
            return False
        status = getattr(self.window, "statusBar", None)
        if status is not None:
            status().showMessage(message, 6000)
        return True

    def export_image_dialog(self, canvas: CanvasView, fmt: str) -> bool:
        """Ask for a file name and export the canvas as PNG or SVG."""
        function = getattr(canvas, f"export_{fmt}")
        base = self.model.path.parent if self.model.path else Path.home()
        default = base / f"{self.document_name()}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("Files", "Export canvas as {upper}").format(upper=fmt.upper()),
            str(default),
            f"{fmt.upper()} (*.{fmt})",
        )
        if not path:
            return False
        try:
            function(path)
        except (NetBuilderError, OSError) as exc:
            self.error(translate("Files", "Export failed"), tr_core(exc))
            return False
        return True

    @staticmethod
    def presets() -> list[tuple[str, str]]:
        """``(name, description)`` of every preset, in menu order."""
        return [(name, tr_block(preset_description(name))) for name in PRESET_NAMES]


class _busy:
    """Context manager showing the wait cursor."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()
