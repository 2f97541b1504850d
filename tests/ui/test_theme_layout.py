"""View → Theme (live, persisted), View → Reset Layout, and room for the canvas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QTabBar

from netbuilder.ui import settings as user_settings
from netbuilder.ui.dock_tabs import stale_tab_bars
from netbuilder.ui.main_window import MainWindow
from netbuilder.ui.theme import apply_theme, chosen_theme, is_dark

DRIVER = Path(__file__).with_name("layout_driver.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restore_theme():
    """Whatever a test chooses, the application goes back to the system theme."""
    yield
    apply_theme(QApplication.instance(), "system")


@pytest.fixture
def fresh(qtbot):
    """A main window without a restored layout, 1280×800, shown."""
    win = MainWindow(restore=False, autosave_dir=tempfile.mkdtemp())
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.model.undo_stack.setClean()
    win.close()
    win.deleteLater()


def _canvas_lightness(window) -> int:
    """Lightness of the canvas background as drawn (a corner of the viewport)."""
    image = window.canvas.viewport().grab().toImage()
    return image.pixelColor(1, 1).lightness()


def test_theme_menu_switches_every_view_live(window, qtbot, restore_theme):
    menu_texts = [a.text() for a in window.theme_menu.actions()]
    assert menu_texts == ["&System", "&Light", "&Dark"]
    dock = window.training.training_dock
    plots = dock.plots  # built now, before the switch: it must follow anyway
    window.actions["theme_dark"].trigger()
    assert is_dark() and window.display.dark
    assert window.actions["theme_dark"].isChecked()
    assert window.code.highlighter.dark
    assert _canvas_lightness(window) < 80
    # Qt delivers the new palette to each widget through its event loop
    qtbot.waitUntil(lambda: _base(window.code) < 80)
    qtbot.waitUntil(lambda: _base(window.summary) < 80)
    qtbot.waitUntil(lambda: plots.loss_plot.backgroundBrush().color().lightness() < 80)
    kernels = dock.dashboard.kernels.kernel_view
    qtbot.waitUntil(lambda: kernels.backgroundBrush().color().lightness() < 80)
    window.actions["theme_light"].trigger()
    assert not is_dark() and not window.display.dark
    assert not window.code.highlighter.dark
    assert _canvas_lightness(window) > 180
    qtbot.waitUntil(lambda: _base(window.code) > 180)
    qtbot.waitUntil(lambda: plots.loss_plot.backgroundBrush().color().lightness() > 180)


def _base(widget) -> int:
    return widget.palette().color(QPalette.Base).lightness()


def test_plots_built_after_a_switch_use_the_theme(window, qtbot, restore_theme):
    window.actions["theme_dark"].trigger()
    qtbot.waitUntil(lambda: _base(window.code) < 80)
    plots = window.training.training_dock.plots
    qtbot.waitUntil(lambda: plots.acc_plot.backgroundBrush().color().lightness() < 80)
    text = plots.acc_plot.getPlotItem().getAxis("left").textPen().color()
    assert text.lightness() > 180  # light text on the dark plot


def test_theme_choice_is_remembered(window, restore_theme):
    window.actions["theme_dark"].trigger()
    assert user_settings.stored_theme() == "dark"
    assert chosen_theme() == "dark"
    window.actions["theme_system"].trigger()
    assert user_settings.stored_theme() == "system"
    # the system theme of the test platform is the palette it started with, not the last one
    assert not is_dark()


def test_an_unknown_stored_theme_reads_as_system():
    user_settings.settings().setValue("theme", "purple")
    assert user_settings.stored_theme() == "system"
    with pytest.raises(ValueError, match="Unknown theme 'purple'"):
        apply_theme(QApplication.instance(), "purple")


def test_canvas_keeps_half_the_width_at_1280x800(fresh):
    assert fresh.width() == 1280
    assert fresh.canvas.width() >= fresh.width() // 2
    # whole block names in the palette
    tree = fresh.palette.tree
    widest = max(tree.fontMetrics().horizontalAdvance(i.text(0)) for i in tree.block_items())
    assert tree.viewport().width() > widest + 2 * tree.indentation()


def test_canvas_keeps_half_after_growing_from_the_default_size(window, qtbot):
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert window.canvas.width() >= 640


def test_no_stray_tab_bar_over_the_palette(fresh, qtbot):
    qtbot.waitUntil(lambda: not stale_tab_bars(fresh))
    bars = [b for b in fresh.findChildren(QTabBar) if b.isVisible()]
    titles = sorted(tuple(b.tabText(i) for i in range(b.count())) for b in bars)
    assert titles == [("Inspector", "Code"), ("Summary", "Problems", "Training")]
    palette = fresh.docks["palette"].geometry()
    assert not any(b.geometry().intersects(palette) for b in bars)


def test_reset_layout_puts_docks_back(fresh, qtbot):
    docks = fresh.docks
    docks["palette"].setFloating(True)
    docks["summary"].hide()
    fresh.resizeDocks([docks["inspector"]], [700], Qt.Horizontal)
    qtbot.waitUntil(lambda: fresh.canvas.width() < 640)
    fresh.actions["reset_layout"].trigger()
    qtbot.waitUntil(lambda: not stale_tab_bars(fresh))
    assert not docks["palette"].isFloating()
    assert docks["summary"].isVisible() and not docks["history"].isVisible()
    assert set(fresh.tabifiedDockWidgets(docks["summary"])) == {
        docks["problems"],
        docks["training"],
    }
    assert fresh.tabifiedDockWidgets(docks["inspector"]) == [docks["code"]]
    assert fresh.canvas.width() >= fresh.width() // 2
    assert "&Reset Layout" in [a.text() for a in fresh.view_menu.actions()]


@pytest.mark.parametrize("scale, size", [("1", (1280, 800)), ("1.5", (853, 533))])
def test_default_layout_in_a_real_process(scale, size, tmp_path):
    """1280×800 pixels at scale 1 and at QT_SCALE_FACTOR=1.5 (853×533 device-independent):
    the canvas keeps half the width, block names fit, no tab bar is left over the palette."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(size[0]), str(size[1]), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ratio"] == float(scale)
    assert report["window"] == size[0]
    assert report["canvas"] >= size[0] // 2
    assert report["name_room"] >= report["widest_name"]
    assert report["tab_bars"] == [["Inspector", "Code"], ["Summary", "Problems", "Training"]]
    assert report["bars_over_palette"] == 0
