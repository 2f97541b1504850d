"""Startup plumbing: the CLI opens the window, the look, fonts, canvas forwarding."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from netbuilder import cli
from netbuilder.ui.theme import REQUIRED_GLYPHS, apply_look, ui_font


def test_netbuilder_without_arguments_opens_the_window(monkeypatch):
    calls = []
    monkeypatch.setattr("netbuilder.ui.app.run_app", lambda **kw: calls.append(kw) or 0)
    assert cli.main([]) == 0
    assert calls == [{"file": None, "preset": None}]
    assert cli.main(["--preset", "vgg11"]) == 0
    assert calls[-1] == {"file": None, "preset": "vgg11"}


def test_light_and_dark_palettes_and_complete_font(qapp):
    apply_look(qapp, dark=True)
    assert qapp.palette().color(QPalette.Window).lightness() < 100
    assert qapp.style().name().lower() == "fusion"
    apply_look(qapp, dark=False)
    assert qapp.palette().color(QPalette.Window).lightness() > 200
    metrics = QFontMetrics(ui_font(QApplication.font()))
    assert all(metrics.inFontUcs4(ord(c)) for c in REQUIRED_GLYPHS)


def test_unknown_preset_on_command_line_keeps_default(qtbot, answer_dialog):
    from netbuilder.ui.app import create_app, open_window

    create_app()
    seen = answer_dialog(QMessageBox.Ok)
    win = open_window(preset="lenet99")
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: "text" in seen)
    assert "lenet99" in seen["text"]
    assert win.model.project.name == "lenet5"


def test_canvas_messages_reach_the_status_bar(window):
    window.canvas.statusMessage.emit("A block cannot feed itself.")
    assert window.statusBar().currentMessage() == "A block cannot feed itself."


def test_problems_double_click_centres_the_canvas_on_the_node(window, qtbot):
    from netbuilder.ui.commands import AddNodeCommand

    command = AddNodeCommand(window.model, "Linear", None, (3000.0, 2000.0))
    window.model.push(command)
    qtbot.waitUntil(lambda: window.problems.count() == 1)
    window.problems.itemDoubleClicked.emit(window.problems.item(0))
    assert window.model.selected == [command.node_id]
    centre = window.canvas.mapToScene(window.canvas.viewport().rect().center())
    assert abs(centre.x() - 3000) < 400 and abs(centre.y() - 2000) < 400


def test_canvas_png_export_from_the_menu(window, tmp_path, monkeypatch):
    target = tmp_path / "net.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions["export_png"].trigger()
    assert target.stat().st_size > 1000
