"""The open document as Qt sees it: project, analysis, undo stack, selection, file path.

Bridges the Qt-free core to Qt signals. Views subscribe to these signals; every change
to the network goes through an undo command (``netbuilder.ui.commands``), which calls a
``Graph`` method, which emits a core event. Events reach views in one order: the
document's one live analysis updates first, then ``graphChanged(event)``, then
``statsChanged(ids)`` when stats changed. Views only query the analysis, which never
notifies from inside a query.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from netbuilder.core.analysis import Analysis
from netbuilder.core.document import Project, load, save
from netbuilder.core.graph import Event
from netbuilder.core.training_config import TrainingConfig


class DocumentModel(QObject):
    """One open project.

    Signals
    -------
    graphChanged(object)
        A core graph event (``NodeAdded``, ``EdgeRemoved``, ``ParamsChanged`` ...).
    statsChanged(object)
        Set of node ids whose analysis stats changed.
    documentReset()
        A whole new project was loaded (views rebuild from scratch).
    selectionChanged(object)
        List of selected node ids (canvas and summary table stay in sync).
    dirtyChanged(bool)
        The document differs (True) or not from its saved state.
    pathChanged(object)
        The file path changed (``Path`` or ``None``).
    trainingChanged(object)
        The project's :class:`~netbuilder.core.training_config.TrainingConfig` changed.
    lockedChanged(bool)
        Edits were locked (True, ``locked_reason`` says why) or unlocked (False).
    innerSelected(str, str)
        A layer inside a composite was picked (node id, inner layer name); the canvas
        opens the block and selects the layer's card.
    """

    graphChanged = Signal(object)
    statsChanged = Signal(object)
    documentReset = Signal()
    selectionChanged = Signal(object)
    dirtyChanged = Signal(bool)
    pathChanged = Signal(object)
    trainingChanged = Signal(object)
    lockedChanged = Signal(bool)
    innerSelected = Signal(str, str)

    def __init__(self, project: Project | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.path: Path | None = None
        self.selected: list[str] = []
        self.locked_reason: str = ""
        self.project = Project()
        self.analysis = Analysis(self.project.graph, live=False)
        self._unsubscribe = lambda: None
        self.set_project(project or Project())

    # -- document ---------------------------------------------------------------------------
    @property
    def graph(self):
        """The :class:`~netbuilder.core.graph.Graph` being edited."""
        return self.project.graph

    def set_project(self, project: Project, path: Path | None = None) -> None:
        """Replace the whole document (clears undo history and selection)."""
        self._unsubscribe()
        self.analysis.close()
        self.project = project
        # the analysis subscribes first, so it has seen each event before we re-emit it
        self.analysis = Analysis(project.graph)
        self.analysis.update()
        self._unsubscribe = project.graph.subscribe(self._on_graph_event)
        # a document read from a file has no link graph for edits yet (nor networkx
        # imported): built once the window is idle, so the first edit does not wait for it
        QTimer.singleShot(0, project.graph.prepare_edits)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.path = path
        self.selected = []
        self.documentReset.emit()
        self.pathChanged.emit(path)
        self.dirtyChanged.emit(False)

    def open(self, path: str | Path) -> None:
        """Load ``path``; raises ``DocumentError`` and leaves the current document untouched."""
        project = load(path)
        self.set_project(project, Path(path))

    def save(self, path: str | Path | None = None) -> None:
        """Save atomically to ``path`` (or the current path); raises ``DocumentError``.

        Saving under a new name renames the project after the file when its name was the
        old file's stem (or there was no file yet), so the exported class follows.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path to save to")
        old_name = self.project.name
        if target != self.path and self._name_follows_file():
            self.project.name = target.stem  # Save As renames the project (and its class)
        try:
            save(self.project, target)
        except BaseException:
            self.project.name = old_name
            raise
        self.undo_stack.setClean()
        if target != self.path:
            self.path = target
            self.pathChanged.emit(target)

    def _name_follows_file(self) -> bool:
        """Whether the project name is the file's: the current file's stem, or no file yet."""
        return self.path is None or self.project.name == self.path.stem

    def is_dirty(self) -> bool:
        """True when there are unsaved changes."""
        return not self.undo_stack.isClean()

    # -- edits ------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> bool:
        """Run ``command`` through the undo stack, unless the document is locked.

        Returns False (and changes nothing) while training holds the lock.
        """
        if self.locked_reason:
            return False
        self.undo_stack.push(command)
        return True

    def set_training(self, config: TrainingConfig) -> None:
        """Replace the training settings (undo commands call this; emits ``trainingChanged``)."""
        if config != self.project.training:
            self.project.training = config
            self.trainingChanged.emit(config)

    def set_locked(self, reason: str) -> None:
        """Lock edits with a reason shown to the user (``""`` unlocks).

        Emits ``lockedChanged`` when the document goes from unlocked to locked or back.
        """
        was_locked = bool(self.locked_reason)
        self.locked_reason = reason
        if bool(reason) != was_locked:
            self.lockedChanged.emit(bool(reason))

    def set_selection(self, ids: list[str]) -> None:
        """Select nodes (emits ``selectionChanged`` when it changes)."""
        ids = [i for i in ids if i in self.graph]
        if ids != self.selected:
            self.selected = ids
            self.selectionChanged.emit(list(ids))

    def select_inner(self, node_id: str, layer: str) -> None:
        """Select composite ``node_id`` and point at its inner layer ``layer``."""
        if node_id in self.graph:
            self.set_selection([node_id])
            self.innerSelected.emit(node_id, layer)

    def _on_clean_changed(self, clean: bool) -> None:
        # a bound method (not a lambda): Qt drops the connection when the model is
        # destroyed, before the undo stack child emits its last cleanChanged
        self.dirtyChanged.emit(not clean)

    def close(self) -> None:
        """Stop observing the graph (the model's owner calls this when it is done)."""
        self._unsubscribe()
        self._unsubscribe = lambda: None
        self.analysis.close()

    def _on_graph_event(self, event: Event) -> None:
        changed = self.analysis.update()
        self.graphChanged.emit(event)
        if changed:
            self.statsChanged.emit(changed)
