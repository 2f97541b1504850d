"""Autosave and crash recovery: a real app process is killed, the next start restores.

The autosave folder is a temporary one (``NETBUILDER_AUTOSAVE_DIR``, conftest).
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLockFile, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from netbuilder.core.autosave import AutosaveStore, new_session_id
from netbuilder.core.document import load, save
from netbuilder.core.presets import load_preset

DRIVER = Path(__file__).with_name("autosave_driver.py")
ROOT = Path(__file__).resolve().parents[2]


def _conv_channels(project) -> int:
    return next(n for n in project.graph if n.type == "Conv2d").params["out_channels"]


def _autosaves(folder: str) -> list[Path]:
    return sorted(Path(folder).glob("autosave-*.json"))


def _run_app_until_autosaved(project: Path, settings_dir: str, autosave_dir: str) -> str:
    """Start the app in a subprocess, wait for its first autosave, kill it (SIGKILL)."""
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        NETBUILDER_AUTOSAVE_DIR=autosave_dir,
        PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
    )
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(project), settings_dir],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    seen = []
    try:
        while not any(line.startswith("AUTOSAVED") for line in seen):
            seen.append(lines.get(timeout=120))
    except queue.Empty:
        pytest.fail(f"the app never autosaved: {''.join(seen)}")
    finally:
        proc.kill()  # SIGKILL: no clean exit, no chance to remove anything
        proc.wait(timeout=30)
    assert proc.returncode != 0
    return "".join(seen)


def _box(window) -> QMessageBox:
    boxes = [b for b in window.findChildren(QMessageBox, "recoverDocument") if b.isVisible()]
    return boxes[0] if boxes else None


def test_a_killed_app_s_edit_is_restored_at_the_next_start(
    qtbot, tmp_path, isolated_settings, isolated_autosave
):
    from netbuilder.ui.app import create_app, open_window

    user_file = tmp_path / "net.json"
    save(load_preset("lenet5"), user_file)
    original = user_file.read_bytes()
    assert _conv_channels(load(user_file)) == 6

    _run_app_until_autosaved(user_file, isolated_settings, isolated_autosave)
    assert user_file.read_bytes() == original  # never written over the user's file
    (left,) = _autosaves(isolated_autosave)
    assert _conv_channels(load(left)) == 7  # the edit reached the autosave

    create_app()
    window = open_window()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: _box(window) is not None, timeout=10_000)
    box = _box(window)
    assert "net.json" in box.text() and "unchanged" in box.informativeText()
    restore = box.findChild(QPushButton, "restore")
    qtbot.mouseClick(restore, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.recovery.answers != [], timeout=5_000)

    assert window.recovery.answers == [(left, "restored")]
    assert _conv_channels(window.model.project) == 7
    assert window.model.path == user_file and window.model.is_dirty()
    assert window.isWindowModified() and "net" in window.windowTitle()
    assert user_file.read_bytes() == original
    assert not left.exists()  # taken over by this session, autosaved again under it
    (mine,) = _autosaves(isolated_autosave)
    assert mine == window.autosave.path and _conv_channels(load(mine)) == 7

    # saving writes the user's file and removes the autosave
    assert window.files.save()
    assert _conv_channels(load(user_file)) == 7
    assert _autosaves(isolated_autosave) == []
    window.close()


def test_discard_deletes_a_dead_session_s_autosave_and_live_ones_are_not_offered(
    qtbot, isolated_autosave
):
    from netbuilder.ui.app import create_app, open_window

    store = AutosaveStore(isolated_autosave)
    project = load_preset("lenet5")
    project.name = "crashed net"
    dead = store.write(new_session_id(), 0, project, None)  # its lock file is gone
    live_session = new_session_id()
    live_lock = QLockFile(str(store.lock_path(live_session)))
    live_lock.setStaleLockTime(0)
    assert live_lock.tryLock(0)  # a NetBuilder that still runs (this process)
    live = store.write(live_session, 0, project, None)

    create_app()
    window = open_window()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: _box(window) is not None, timeout=10_000)
    box = _box(window)
    assert "crashed net" in box.text()
    qtbot.mouseClick(box.findChild(QPushButton, "discard"), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.recovery.answers != [], timeout=5_000)
    qtbot.waitUntil(lambda: window.recovery.box is None, timeout=5_000)  # nothing else asked
    assert window.recovery.answers == [(dead, "discarded")]
    assert not dead.exists() and live.exists()
    assert window.model.project.name == "lenet5" and not window.model.is_dirty()
    live_lock.unlock()
    window.close()


def test_autosave_only_while_unsaved_and_removed_by_save_undo_and_clean_exit(
    window, qtbot, tmp_path, answer_dialog
):
    from netbuilder.ui.commands import SetParamsCommand

    saver = window.autosave
    assert saver.save_if_needed() is None  # nothing changed: nothing written
    saver.timer.setInterval(20)
    conv = next(n for n in window.model.graph if n.type == "Conv2d")
    with qtbot.waitSignal(saver.saved, timeout=5_000) as blocker:
        window.model.push(SetParamsCommand(window.model, conv.id, {"out_channels": 9}))
    path = blocker.args[0]
    assert path == saver.path and _conv_channels(load(path)) == 9

    target = tmp_path / "mine.json"
    assert window.files.save_to(target)
    assert not path.exists() and _conv_channels(load(target)) == 9
    assert saver.save_if_needed() is None and not path.exists()  # saved: nothing to keep

    with qtbot.waitSignal(saver.saved, timeout=5_000):
        window.model.push(SetParamsCommand(window.model, conv.id, {"out_channels": 4}))
    assert path.exists()
    window.model.undo_stack.undo()  # back to the saved state
    assert not path.exists()

    with qtbot.waitSignal(saver.saved, timeout=5_000):
        window.model.push(SetParamsCommand(window.model, conv.id, {"out_channels": 5}))
    seen = answer_dialog(QMessageBox.Discard)  # "Save changes?" at close: Discard
    window.close()
    assert seen["name"] == "saveChanges" and not window.isVisible()
    assert not path.exists()
    assert _conv_channels(load(target)) == 9


def test_starting_training_autosaves_first(window, qtbot, isolated_autosave):
    pytest.importorskip("torch")
    from netbuilder.ui.commands import SetParamsCommand

    conv = next(n for n in window.model.graph if n.type == "Conv2d")
    window.model.push(SetParamsCommand(window.model, conv.id, {"out_channels": 3}))
    assert _autosaves(isolated_autosave) == []  # the 30 s timer has not fired
    dock = window.training.training_dock
    dock.device.setCurrentText("cpu")
    dock.epochs_box.setValue(200)
    saved = []
    window.autosave.saved.connect(saved.append)
    dock.start()
    assert saved == [window.autosave.path]
    assert _conv_channels(load(saved[0])) == 3
    with qtbot.waitSignal(dock.training_finished, timeout=60_000):
        dock.stop()


def test_an_autosave_that_cannot_be_written_says_so_in_the_status_bar(qtbot, tmp_path):
    from netbuilder.ui.commands import SetParamsCommand
    from netbuilder.ui.main_window import MainWindow

    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    window = MainWindow(restore=False, autosave_dir=blocker / "autosave")
    qtbot.addWidget(window)
    window.files.open_preset("lenet5", ask=False)
    conv = next(n for n in window.model.graph if n.type == "Conv2d")
    window.model.push(SetParamsCommand(window.model, conv.id, {"out_channels": 8}))
    assert window.autosave.save_now() is None
    message = window.statusBar().currentMessage()
    assert message.startswith("Autosave failed: cannot create ") and "a file" in message
    assert "\n" not in message and blocker.read_text() == "not a folder"
    window.model.undo_stack.setClean()


def test_the_timer_s_autosave_is_written_by_a_worker_and_a_save_drops_a_late_one(
    window, qtbot, tmp_path, isolated_autosave
):
    from netbuilder.core.document import dumps
    from netbuilder.ui.commands import SetParamsCommand

    saver = window.autosave
    model = window.model
    conv = next(n for n in model.graph if n.type == "Conv2d")
    model.push(SetParamsCommand(model, conv.id, {"out_channels": 7}))
    expected = dumps(model.project)
    threads = []
    saver.saved.connect(lambda _path: threads.append(threading.current_thread()))
    with qtbot.waitSignal(saver.saved, timeout=10_000) as blocker:
        assert saver.save_in_background()
        model.push(SetParamsCommand(model, conv.id, {"out_channels": 8}))  # after the snapshot
    assert threads == [threading.main_thread()]  # told on the GUI thread
    assert blocker.args[0].read_text(encoding="utf-8") == expected
    assert saver.save_in_background()  # the later edit is still to be autosaved
    saver.wait()
    qtbot.waitUntil(lambda: _conv_channels(load(saver.path)) == 8)

    # a write still running when the user saves must not leave an autosave behind
    model.push(SetParamsCommand(model, conv.id, {"out_channels": 9}))
    told = len(threads)
    assert saver.save_in_background()
    assert window.files.save_to(tmp_path / "mine.json")  # discards the autosave
    assert saver.wait(10)
    QCoreApplication.sendPostedEvents()  # the worker's report (queued) is ignored
    assert _autosaves(isolated_autosave) == [] and len(threads) == told
