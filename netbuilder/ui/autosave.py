"""Autosave of the open document and recovery after a crash.

:class:`Autosaver` writes the window's document every :data:`INTERVAL_MS` while it has
unsaved changes (and when training starts) into the autosave folder
(:mod:`netbuilder.core.autosave`), never over the user's file; saving, returning to the
saved state, opening another document and a clean exit remove the autosave. The timer's
autosaves take a snapshot of the document on the GUI thread (tuples, no serialisation)
and serialise and write it on a worker thread, so a large document does not freeze the
window every 30 s; a write that a save, a discard or a newer autosave overtook is
dropped, never left behind. Each running
app holds a lock file (``QLockFile``, which knows when its owner died); autosaves of
sessions whose lock is free were left by a crash or a kill, and :class:`RecoveryOffer`
offers each of them with Restore / Discard.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from netbuilder.core.autosave import Autosave, AutosaveStore, ProjectSnapshot, new_session_id
from netbuilder.core.document import load
from netbuilder.core.errors import NetBuilderError
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.i18n import translate

#: Milliseconds between two autosaves of a document with unsaved changes.
INTERVAL_MS = 30_000

_SESSION = new_session_id()
_SLOTS = count()
#: The lock of this process's session, per autosave folder (held while the app runs).
_LOCKS: dict[Path, QLockFile] = {}


def _hold_session_lock(store: AutosaveStore) -> None:
    """Lock this session's lock file in ``store`` (once per folder and process)."""
    key = store.folder.resolve()
    if key in _LOCKS:
        return
    store.ensure()
    lock = QLockFile(str(store.lock_path(_SESSION)))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however old
    lock.tryLock(0)
    _LOCKS[key] = lock


class Autosaver(QObject):
    """Autosaves one document model.

    Parameters
    ----------
    model : DocumentModel
        The document to keep safe.
    folder : path, optional
        The autosave folder; ``$NETBUILDER_AUTOSAVE_DIR`` or the user data folder by default.
    interval_ms : int
        Time between two autosaves while there are unsaved changes.

    Signals
    -------
    saved(object)
        The autosave file (``Path``) was written.
    failed(str)
        An autosave could not be written (one sentence); the next attempt follows.
    """

    saved = Signal(object)
    failed = Signal(str)
    _written = Signal(int, object)  # from the worker: generation, Path or the exception

    def __init__(
        self,
        model: DocumentModel,
        folder: str | Path | None = None,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.store = AutosaveStore(folder)
        self.session = _SESSION
        self.slot = next(_SLOTS)
        self._pending = False
        self._closed = False
        # a write happens under the lock, and only while its generation is current:
        # saving, discarding and a synchronous autosave move the generation on
        self._lock = threading.Lock()
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._written.connect(self._on_written)
        try:
            _hold_session_lock(self.store)
        except OSError:
            pass  # the folder cannot be made: each autosave attempt reports it (failed)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_in_background)
        self.timer.start()
        model.undo_stack.indexChanged.connect(self._changed)
        model.trainingChanged.connect(self._changed)
        model.dirtyChanged.connect(self._dirty_changed)
        model.documentReset.connect(self.discard)

    @property
    def path(self) -> Path:
        """This document's autosave file (it may not exist)."""
        return self.store.document_path(self.session, self.slot)

    def _changed(self, *_args: object) -> None:
        self._pending = True

    def _dirty_changed(self, dirty: bool) -> None:
        if not dirty:  # saved, or undone back to the saved state
            self.discard()

    def mark_changed(self) -> None:
        """The document changed outside the undo stack (restored): autosave it next time."""
        self._pending = True

    def save_if_needed(self) -> Path | None:
        """Autosave when the document has unsaved changes not autosaved yet."""
        if self._pending:
            return self.save_now()
        return None

    def save_now(self) -> Path | None:
        """Autosave now (on this thread) if the document has unsaved changes; returns the
        file written. A background write still running is overtaken (dropped)."""
        if self._closed or not self.model.is_dirty():
            return None
        try:
            with self._lock:
                self._generation += 1
                path = self.store.write(
                    self.session, self.slot, self.model.project, self.model.path
                )
        except (NetBuilderError, OSError) as exc:
            self.failed.emit(self._failure(exc))
            return None
        self._pending = False
        self.saved.emit(path)
        return path

    def save_in_background(self) -> bool:
        """Autosave if needed: snapshot here, serialise and write on a worker thread.

        Returns True when a write started; :attr:`saved` (or :attr:`failed`) follows.
        Nothing starts while the previous write still runs (the next tick retries).
        """
        if not self._pending or self._closed or not self.model.is_dirty() or self.busy():
            return False
        snapshot = ProjectSnapshot.of(self.model.project)
        self._pending = False
        self._thread = threading.Thread(
            target=self._write,
            args=(snapshot, self.model.path, self._generation),
            name="netbuilder-autosave",
            daemon=True,
        )
        self._thread.start()
        return True

    def busy(self) -> bool:
        """True while a background write runs."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background write (if any) to end; False on timeout."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.busy()

    def _write(self, snapshot: ProjectSnapshot, origin: Path | None, generation: int) -> None:
        """The worker thread: serialise, then write unless overtaken meanwhile."""
        result: object = None
        try:
            text = snapshot.dumps()
            with self._lock:
                if generation == self._generation:
                    result = self.store.write_text(self.session, self.slot, text, origin)
        except (NetBuilderError, OSError) as exc:
            result = exc
        try:
            self._written.emit(generation, result)
        except RuntimeError:  # the autosaver is gone (its window was deleted)
            pass

    def _on_written(self, generation: int, result: object) -> None:
        """Back on the GUI thread: tell what the background write did."""
        if isinstance(result, Path):
            if generation == self._generation:
                self.saved.emit(result)
        elif isinstance(result, Exception):
            self._pending = self._pending or generation == self._generation
            self.failed.emit(self._failure(result))

    def _failure(self, exc: Exception) -> str:
        """The status-bar sentence of a failed autosave."""
        if isinstance(exc, NetBuilderError):
            return translate("Autosave", "Autosave failed: {exc}").format(exc=exc)
        value = getattr(exc, "strerror", None) or exc
        return translate("Autosave", "Autosave failed: cannot create {folder} ({value}).").format(
            folder=self.store.folder, value=value
        )

    def discard(self) -> None:
        """Remove the autosave (the document was saved, replaced or closed); a background
        write still running is dropped."""
        self._pending = self.model.is_dirty() and not self._closed
        with self._lock:
            self._generation += 1
            try:
                self.store.remove(self.session, self.slot)
            except OSError:
                pass

    def close(self) -> None:
        """A clean exit: stop autosaving, let a running write end, remove the autosave."""
        self._closed = True
        self.timer.stop()
        self.wait()
        self.discard()


def recoverable(store: AutosaveStore) -> list[Autosave]:
    """Autosaves left by sessions that are no longer running (crashed or killed).

    A session is over when its lock file can be taken (its process is gone); the stale
    lock is then removed. This process's own session is never listed.
    """
    found: list[Autosave] = []
    for session in store.sessions():
        if session == _SESSION:
            continue
        lock = QLockFile(str(store.lock_path(session)))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another NetBuilder still runs and owns these
        found.extend(store.autosaves(session))
        lock.unlock()
    return found


class RecoveryOffer(QObject):
    """Offers each recovered document in turn: Restore or Discard.

    The questions are window-modal message boxes opened with ``open()`` (the event loop
    keeps running), named ``recoverDocument``; their buttons are named ``restore`` and
    ``discard``.

    Parameters
    ----------
    window : QWidget
        The window the questions belong to.
    items : list of Autosave
        What to offer.
    restore : callable
        ``restore(project, origin)`` puts a recovered project into a window.

    Signals
    -------
    finished()
        Every question was answered.
    """

    finished = Signal()

    def __init__(
        self,
        window: QWidget,
        items: list[Autosave],
        restore: Callable[[Any, Path | None], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.items = list(items)
        self.restore = restore
        self.box: QMessageBox | None = None
        self.answers: list[tuple[Path, str]] = []

    def start(self) -> None:
        """Ask about the first document (the others follow after each answer)."""
        self._next()

    def _next(self) -> None:
        if not self.items:
            self.box = None
            self.finished.emit()
            return
        item = self.items[0]
        box = QMessageBox(self.window)
        box.setObjectName("recoverDocument")
        box.setIcon(QMessageBox.Question)
        box.setWindowTitle(translate("Autosave", "Recover unsaved changes?"))
        name = item.origin.name if item.origin else _project_name(item.document)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.saved_at))
        box.setText(
            translate(
                "Autosave",
                "NetBuilder ended without saving “{name}”. Its changes were autosaved at {when}.",
            ).format(name=name, when=when)
        )
        box.setInformativeText(
            translate("Autosave", "Restore opens them as an unsaved document")
            + (
                translate("Autosave", " (your file {origin} is unchanged).").format(
                    origin=item.origin
                )
                if item.origin
                else "."
            )
            + translate("Autosave", " Discard deletes the autosave.")
        )
        box.setTextInteractionFlags(Qt.TextSelectableByMouse)
        restore = box.addButton(translate("Autosave", "Restore"), QMessageBox.AcceptRole)
        restore.setObjectName("restore")
        discard = box.addButton(QMessageBox.Discard)
        discard.setObjectName("discard")
        box.setDefaultButton(restore)
        box.finished.connect(lambda _r, b=box, i=item, r=restore: self._answered(b, i, r))
        self.box = box
        box.open()

    def _answered(self, box: QMessageBox, item: Autosave, restore_button: Any) -> None:
        self.items.pop(0)
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is restore_button:
            try:
                project = load(item.document)
            except NetBuilderError as exc:
                self.answers.append((item.document, "unreadable"))
                _remove(item)
                QMessageBox.warning(
                    self.window, translate("Autosave", "Cannot restore"), tr_core(exc)
                )
            else:
                self.restore(project, item.origin)  # autosaved again by its new window
                _remove(item)
                self.answers.append((item.document, "restored"))
        elif clicked is not None and box.buttonRole(clicked) == QMessageBox.DestructiveRole:
            _remove(item)
            self.answers.append((item.document, "discarded"))
        else:  # closed without an answer: asked again at the next start
            self.answers.append((item.document, "kept"))
        QTimer.singleShot(0, self._next)


def restore_into(window: Any, project: Any, origin: Path | None) -> None:
    """Show a recovered ``project`` in ``window`` as an unsaved document of ``origin``.

    ``window`` is a main window (``model``, ``autosave``, ``files``); the document is
    autosaved at once under the new session.
    """
    model: DocumentModel = window.model
    model.set_project(project, origin)
    model.undo_stack.resetClean()  # unsaved: saving is the user's decision
    window.autosave.mark_changed()
    window.autosave.save_now()
    window.files.documentOpened.emit()


def _remove(item: Autosave) -> None:
    try:
        AutosaveStore(item.document.parent).remove(item.session, item.slot)
    except OSError:
        pass


def _project_name(document: Path) -> str:
    try:
        return load(document).name
    except NetBuilderError:
        return document.name
