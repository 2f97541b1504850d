"""Fixtures of the GUI tests: settings in a temporary folder, a main window, dialogs,
and a leak check that guards every test.

QSettings always points into ``tmp_path`` so no test touches the real user config.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from netbuilder.core.graph import Graph


def _owner(listener: object) -> object:
    return getattr(listener, "__self__", None)


def _stray_listeners(graph: Graph) -> list[object]:
    """Listeners of ``graph`` that no live document owns.

    A :class:`DocumentModel` legitimately holds two: its own and its one analysis'.
    """
    from netbuilder.ui.document_model import DocumentModel

    models = [
        owner
        for listener in graph._listeners
        if isinstance(owner := _owner(listener), DocumentModel) and owner.project.graph is graph
    ]
    owned = {id(m) for m in models} | {id(m.analysis) for m in models}
    return [listener for listener in graph._listeners if id(_owner(listener)) not in owned]


@pytest.fixture
def stray_listeners() -> Callable[[Graph], list[object]]:
    """The leak check's own test: listeners of a graph that no live document owns."""
    return _stray_listeners


def _training_threads() -> list[object]:
    module = sys.modules.get("netbuilder.ui.training.threads")
    threads = getattr(module, "_THREADS", [])
    return [thread for thread, _worker in threads if thread.isRunning()]


def _idle_popup(widget: QWidget) -> bool:
    """A hidden widget under a parentless QMenu: pyqtgraph makes its context menus without a
    parent and Python owns them; they hold no window and go when their plot is garbage-collected."""
    top = widget
    while top.parentWidget() is not None:
        top = top.parentWidget()
    return isinstance(top, QMenu) and not widget.isVisible()


@pytest.fixture(autouse=True)
def leak_check(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves graph listeners, top-level widgets or running threads behind.

    In napari's spirit: what a test creates, the test (or its fixtures) tears down. Graphs
    are found through the subscriptions made during the test; the check runs after every
    other fixture's teardown and after Qt's deferred deletions.
    """
    graphs: list[weakref.ref[Graph]] = []
    subscribe = Graph.subscribe

    def recording_subscribe(self: Graph, listener):  # type: ignore[no-untyped-def]
        graphs.append(weakref.ref(self))
        return subscribe(self, listener)

    monkeypatch.setattr(Graph, "subscribe", recording_subscribe)
    before = set(QApplication.topLevelWidgets())
    yield
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        QCoreApplication.processEvents()
    problems = []
    seen: set[int] = set()
    for ref in graphs:
        graph = ref()
        if graph is None or id(graph) in seen:
            continue
        seen.add(id(graph))
        stray = _stray_listeners(graph)
        if stray:
            problems.append(f"{len(stray)} stray graph listener(s): {stray[:3]}")
    widgets = [w for w in QApplication.topLevelWidgets() if w not in before and not _idle_popup(w)]
    if widgets:
        names = sorted({type(w).__name__ + ":" + w.objectName() for w in widgets})
        problems.append(f"{len(widgets)} top-level widget(s) left: {names}")
    threads = _training_threads()
    if threads:
        problems.append(f"{len(threads)} training thread(s) still running")
    assert not problems, "; ".join(problems)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every QSettings store of the test lives in a fresh temporary folder."""
    folder = str(tmp_path_factory.mktemp("settings"))
    QSettings.setDefaultFormat(QSettings.IniFormat)
    for scope in (QSettings.UserScope, QSettings.SystemScope):
        QSettings.setPath(QSettings.IniFormat, scope, folder)
    yield folder


@pytest.fixture
def window(qtbot):
    """The main window as ``netbuilder`` opens it (lenet5), shown offscreen."""
    from netbuilder.ui.app import create_app, open_window

    create_app()
    win = open_window()
    qtbot.waitExposed(win)
    yield win
    # closed here, not by qtbot (whose teardown runs first and would meet "Save changes?")
    win.model.undo_stack.setClean()
    win.close()
    win.deleteLater()


@pytest.fixture
def answer_dialog() -> Callable[..., dict]:
    """Answer the next modal QMessageBox with ``button``; returns what it showed.

    The box is real: a timer polls for the active modal widget, records its title and
    text, then clicks the button, so the code under test runs its normal ``exec()``.
    """

    def arm(button: QMessageBox.StandardButton = QMessageBox.Ok) -> dict:
        seen: dict = {}

        def poll() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                seen["title"] = box.windowTitle()
                seen["text"] = box.text()
                seen["name"] = box.objectName()
                target = box.button(button) or box.defaultButton()
                target.click()
            else:
                QTimer.singleShot(10, poll)

        QTimer.singleShot(0, poll)
        return seen

    return arm


@pytest.fixture(autouse=True)
def isolated_autosave(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> str:
    """Autosaves of every test go to a fresh temporary folder, never the user's."""
    folder = str(tmp_path_factory.mktemp("autosave"))
    monkeypatch.setenv("NETBUILDER_AUTOSAVE_DIR", folder)
    return folder


@pytest.fixture(autouse=True)
def isolated_blocks(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> str:
    """The palette's My blocks of every test live in a fresh folder, never the user's."""
    folder = str(tmp_path_factory.mktemp("blocks"))
    monkeypatch.setenv("NETBUILDER_BLOCKS_DIR", folder)
    return folder
