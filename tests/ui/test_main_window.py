"""The main window: startup, status bar, menus, files, presets, dirty state, docks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from netbuilder.core.analysis import analyse
from netbuilder.core.document import dumps
from netbuilder.core.presets import PRESET_NAMES, load_preset
from netbuilder.ui.commands import AddNodeCommand, SetParamsCommand
from netbuilder.ui.palette import BLOCK_MIME, TYPE_ROLE


def _node(win, type_name: str, index: int = 0) -> str:
    return [n.id for n in win.model.graph if n.type == type_name][index]


# -- startup --------------------------------------------------------------------------------
def test_window_starts_with_lenet5_and_exact_totals(window):
    # 61,706 params / 416,520 FLOPs: LeNet-5 of d2l, counted by hand in DESIGN §2
    assert window.model.project.name == "lenet5"
    assert window.windowTitle() == "lenet5[*] — NetBuilder"
    assert not window.isWindowModified()
    assert window.params_label.text() == "Params 61.7K"
    assert "61,706" in window.params_label.toolTip()
    assert window.flops_label.text() == "FLOPs 417K"
    assert "416,520" in window.flops_label.toolTip()
    assert "valid" in window.validity_label.text()


def _run_app(tmp_path: Path, then: str) -> list[str]:
    """Open the window in a fresh interpreter of this tree, paint it, run ``then``.

    Returns the lines the child printed.
    """
    code = (
        "import sys\n"
        "from PySide6.QtCore import QSettings\n"
        f"QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, {str(tmp_path)!r})\n"
        "from netbuilder.ui.app import create_app, open_window\n"
        "app = create_app(); w = open_window()\n"
        "for _ in range(5): app.processEvents()\n"
        "def loaded(): return ' '.join(str(m in sys.modules) for m in HEAVY)\n"
        f"HEAVY = {HEAVY!r}\n" + then
    )
    # the child imports the tree this test lives in, not whatever is installed
    root = str(Path(__file__).resolve().parents[2])
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "PYTHONPATH": root}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


HEAVY = ("torch", "pyqtgraph", "numpy")


def test_startup_never_imports_torch_pyqtgraph_or_numpy(tmp_path):
    # how quick the first window is belongs in bench/gui_speed.py, not in a timed assertion
    then = "import netbuilder; print(loaded()); print(netbuilder.__file__); print(w.windowTitle())"
    loaded, package, title = _run_app(tmp_path, then)
    assert loaded.split() == ["False", "False", "False"]
    # the child really ran this tree's code
    assert Path(package).resolve().parents[1] == Path(__file__).resolve().parents[2]
    assert title.strip() == "lenet5[*] — NetBuilder"


def test_showing_the_training_dock_builds_its_curves_and_images(tmp_path):
    then = (
        "d = w.training.training_dock\n"
        "print(d.views_built, loaded())\n"
        "w.docks['training'].raise_()\n"
        "for _ in range(5): app.processEvents()\n"
        "import pyqtgraph as pg\n"
        "plots = d.findChildren(pg.PlotWidget)\n"
        "live = (d.plots.loss_plot, d.plots.acc_plot)\n"
        "print(d.views_built, loaded(), len(plots), all(p.isVisible() for p in live))\n"
        "print(d.dashboard.kernels.layer_box.isVisible(), d.plots.batch_points)\n"
    )
    before, after, views = (line.split() for line in _run_app(tmp_path, then))
    assert before == ["False", "False", "False", "False"]
    built, torch_, pyqtgraph_, numpy_, n_plots, shown = after
    assert (built, torch_, pyqtgraph_, numpy_) == ("True", "False", "True", "True")
    assert int(n_plots) >= 1 and shown == "True"
    assert views == ["True", "0"]


def test_window_state_is_remembered_in_isolated_settings(window, isolated_settings):
    window.save_state()
    store = QSettings(QSettings.IniFormat, QSettings.UserScope, "NetBuilder", "NetBuilder")
    assert store.fileName().startswith(isolated_settings)
    assert store.value("window/state") is not None


# -- status bar and docks follow the model -----------------------------------------------------
def test_status_bar_counts_errors(window, qtbot):
    window.model.push(AddNodeCommand(window.model, "Linear", {"out_features": 3}))
    qtbot.waitUntil(lambda: window.validity_label.text().endswith("1 error"))
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: window.validity_label.text().endswith("valid"))


def test_problems_list_every_error_and_double_click_selects(window, qtbot):
    command = AddNodeCommand(window.model, "Linear", {"out_features": 3})
    window.model.push(command)
    qtbot.waitUntil(lambda: window.problems.count() == 1)
    item = window.problems.item(0)
    assert "Linear has no input" in item.text()
    window.problems.itemDoubleClicked.emit(item)
    assert window.model.selected == [command.node_id]


def test_summary_selection_follows_model_and_back(window, qtbot):
    conv = _node(window, "Conv2d", 1)
    window.model.set_selection([conv])
    rows = {i.row() for i in window.summary.selectionModel().selectedRows()}
    assert rows == {window.summary.table.row_of(conv)}
    first_row = window.summary.table.row_of(_node(window, "Input"))
    window.summary.selectRow(first_row)
    assert window.model.selected == [_node(window, "Input")]


def test_summary_rows_show_shapes_and_exact_tooltips(window):
    table = window.summary.table
    row = table.row_of(_node(window, "Conv2d"))
    assert table.index(row, 2).data() == "6×28×28"
    assert table.index(row, 3).data() == "156"
    assert "117,600" in table.index(row, 4).data(Qt.ToolTipRole)


def test_code_preview_shows_generated_module(window, qtbot):
    window.docks["code"].raise_()  # it shares a tab with the inspector
    qtbot.waitUntil(lambda: "class LeNet5" in window.code.toPlainText())
    text = window.code.toPlainText()
    assert "class LeNet5(nn.Module)" in text
    assert "nn.Conv2d(1, 6, kernel_size=5, padding=2)" in text


# -- edit menu ----------------------------------------------------------------------------------
def test_undo_redo_through_edit_menu(window, qtbot):
    conv = _node(window, "Conv2d")
    edit_actions = {a.objectName(): a for a in window.edit_menu.actions()}
    assert not edit_actions["action_undo"].isEnabled()
    window.model.push(SetParamsCommand(window.model, conv, {"out_channels": 8}))
    assert edit_actions["action_undo"].isEnabled()
    edit_actions["action_undo"].trigger()
    assert window.model.graph.node(conv).params["out_channels"] == 6
    edit_actions["action_redo"].trigger()
    assert window.model.graph.node(conv).params["out_channels"] == 8
    assert window.actions["undo"].shortcut().matches(Qt.CTRL | Qt.Key_Z)
    assert window.undo_view.stack() is window.model.undo_stack


def test_view_menu_toggles_docks(window):
    toggles = {a.text(): a for a in window.view_menu.actions()}
    assert {"Blocks", "Inspector", "Summary", "Code", "Problems"} <= set(toggles)
    toggles["Code"].trigger()
    assert window.docks["code"].isHidden()


# -- palette --------------------------------------------------------------------------------------
def test_palette_drag_starts_with_block_mime(window):
    tree = window.palette.tree
    item = tree.item_for("Conv2d")
    data = tree.mimeData([item])
    assert data.hasFormat(BLOCK_MIME)
    assert bytes(data.data(BLOCK_MIME)).decode("utf-8") == "Conv2d"
    assert tree.mimeTypes() == [BLOCK_MIME]
    assert "2-D convolution" in item.toolTip(0)
    assert not item.icon(0).isNull()


def test_palette_groups_blocks_by_category_in_order(window):
    tree = window.palette.tree
    heads = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert heads == [
        "Input", "Convolution", "Pooling", "Normalization", "Activation",
        "Recurrent", "Linear", "Merge", "Composite",
    ]  # fmt: skip


def test_palette_filter_hides_non_matching_blocks(window, qtbot):
    qtbot.keyClicks(window.palette.search, "pool")
    shown = window.palette.visible_types()
    assert "MaxPool2d" in shown and "AdaptiveAvgPool2d" in shown
    assert "Conv2d" not in shown and "ReLU" not in shown
    window.palette.search.clear()
    assert "Conv2d" in window.palette.visible_types()


def test_palette_double_click_adds_block(window):
    before = len(window.model.graph)
    item = window.palette.tree.item_for("ReLU")
    window.palette.tree.itemActivated.emit(item, 0)
    assert len(window.model.graph) == before + 1
    (new,) = window.model.selected
    assert window.model.graph.node(new).type == "ReLU"
    assert item.data(0, TYPE_ROLE) == "ReLU"


# -- files ------------------------------------------------------------------------
def test_save_then_open_round_trip_is_byte_identical(window, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert window.files.save_to(first)
    window.model.set_project(load_preset("googlenet"))
    assert window.files.open_path(first)
    assert window.model.project.name == "a"  # Save As named the untitled preset after its file
    assert window.files.save_to(second)  # the name was the file's stem: it follows again
    assert window.model.project.name == "b"
    assert first.read_bytes().replace(b'"name": "a"', b'"name": "b"') == second.read_bytes()
    assert window.windowTitle() == "b[*] — NetBuilder"
    menu = [a.toolTip() for a in window.recent_menu.actions()]
    assert str(second.resolve()) in menu and str(first.resolve()) in menu


def test_corrupt_file_shows_sentence_and_keeps_document(window, tmp_path, answer_dialog):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "netbuilder", "version": 1, "graph": {"nodes": [{"id": 3}]}}')
    before = dumps(window.model.project)
    seen = answer_dialog(QMessageBox.Ok)
    assert not window.files.open_path(bad)
    assert seen["title"] == "Cannot open project"
    assert seen["text"]  # the core's sentence, e.g. naming the JSON path
    assert "graph" in seen["text"]
    assert dumps(window.model.project) == before
    assert window.model.path is None


def test_unknown_block_type_is_reported_by_name(window, tmp_path, answer_dialog):
    doc = json.loads(dumps(load_preset("lenet5")))
    doc["graph"]["nodes"][1]["type"] = "Conv9d"
    path = tmp_path / "unknown.json"
    path.write_text(json.dumps(doc))
    seen = answer_dialog()
    assert not window.files.open_path(path)
    assert "Conv9d" in seen["text"]


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_loads_from_presets_menu(window, name):
    action = window.preset_actions[name]
    assert action in window.presets_menu.actions()
    assert action.toolTip()
    action.trigger()
    assert window.model.project.name == name
    totals = analyse(load_preset(name).graph).totals()
    assert window.model.analysis.totals() == totals
    assert window.params_label.toolTip().startswith(
        f"{totals.params:,} parameters, {totals.trainable:,} trainable"
    )
    assert window.summary.table.rowCount() == len(window.model.graph)


def test_dirty_asterisk_appears_after_edit_and_goes_after_save(window, tmp_path):
    conv = _node(window, "Conv2d")
    window.model.push(SetParamsCommand(window.model, conv, {"out_channels": 7}))
    assert window.isWindowModified()
    assert window.windowTitle() == "lenet5[*] — NetBuilder"  # Qt draws [*] as '*'
    assert window.files.save_to(tmp_path / "net.json")
    assert not window.isWindowModified()
    assert window.windowTitle() == "net[*] — NetBuilder"


def test_close_with_unsaved_changes_asks(window, answer_dialog):
    conv = _node(window, "Conv2d")
    window.model.push(SetParamsCommand(window.model, conv, {"out_channels": 7}))
    seen = answer_dialog(QMessageBox.Cancel)
    assert not window.close()
    assert seen["name"] == "saveChanges"
    assert "lenet5" in seen["text"]
    assert window.isVisible()
    seen = answer_dialog(QMessageBox.Discard)
    assert window.close()


def test_new_asks_and_cancel_keeps_document(window, answer_dialog):
    conv = _node(window, "Conv2d")
    window.model.push(SetParamsCommand(window.model, conv, {"out_channels": 7}))
    answer_dialog(QMessageBox.Cancel)
    assert not window.files.new()
    assert window.model.project.name == "lenet5"
    answer_dialog(QMessageBox.Discard)
    assert window.files.new()
    assert [n.type for n in window.model.graph] == ["Input"]


def test_export_model_py(window, tmp_path):
    assert window.actions["export_model"].isEnabled()
    target = tmp_path / "model.py"
    assert window.files.export_to("model", target)
    assert "class LeNet5(nn.Module)" in target.read_text()


def test_run_app_opens_a_preset_from_the_command_line(qtbot):
    from netbuilder.ui.app import create_app, open_window

    create_app()
    win = open_window(preset="resnet18")
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.model.project.name == "resnet18")
    assert win.windowTitle() == "resnet18[*] — NetBuilder"


def test_bad_file_on_command_line_keeps_default(qtbot, tmp_path, answer_dialog):
    from netbuilder.ui.app import create_app, open_window

    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    create_app()
    seen = answer_dialog()
    win = open_window(file=str(bad))
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: "text" in seen)
    assert win.model.project.name == "lenet5"
    assert Path(bad).name in seen["text"] or "JSON" in seen["text"]


def test_flops_convention_switches_every_view_together(window, isolated_settings):
    # 416,520 multiply-adds = 833,040 FLOPs as torch's FlopCounterMode counts them
    conv = _node(window, "Conv2d")
    window.model.set_selection([conv])
    window.actions["flops_x2"].trigger()
    assert "833,040" in window.flops_label.toolTip()
    assert window.flops_label.text() == "FLOPs ×2 833K"
    table = window.summary.table
    assert table.headerData(4, Qt.Horizontal) == "FLOPs (2×MACs)"
    assert "235,200" in table.index(table.row_of(conv), 4).data(Qt.ToolTipRole)
    assert "235,200" in window.inspector.stats.text()
    card = window.canvas.canvas.nodes[conv]
    assert "235,200 FLOPs (2 per multiply-add)" in card.toolTip() and "235K" in card.stats_line
    store = QSettings(QSettings.IniFormat, QSettings.UserScope, "NetBuilder", "NetBuilder")
    assert str(store.value("flopsFactor")) == "2"
    window.actions["flops_x2"].trigger()
    assert "416,520 multiply-adds" in window.flops_label.toolTip()


def test_training_locks_edits_until_it_ends(window):
    dock = window.training.training_dock
    dock.training_started.emit()
    assert window.model.locked_reason
    before = window.model.undo_stack.count()
    assert window.add_block("ReLU") is None
    assert window.model.undo_stack.count() == before
    dock.training_finished.emit("finished", "done")
    assert window.model.locked_reason == ""


def test_geometry_and_docks_come_back_next_time(qtbot):
    from netbuilder.ui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 540)  # inside the offscreen screen
    first.docks["problems"].hide()
    assert first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (720, 540)
    assert second.docks["problems"].isHidden()
    assert not second.docks["summary"].isHidden()


def test_summary_can_list_layers_inside_composites(window):
    window.preset_actions["googlenet"].trigger()
    table = window.summary.table
    outer = table.rowCount()
    window.actions["expand_summary"].trigger()
    assert table.rowCount() > outer
    inner = [r for r in table.rows if r.depth]
    assert inner and all(r.node_id in window.model.graph for r in inner)
    # inner rows add up to their block
    block = inner[0].node_id
    stats = window.model.analysis.stats(block)
    assert sum(r.params for r in inner if r.node_id == block) == stats.params
    window.summary.selectRow(table.rows.index(inner[0]))
    assert window.model.selected == [block]
    window.actions["expand_summary"].trigger()
    assert table.rowCount() == outer


def test_training_dock_follows_the_documents_training_settings(window):
    from netbuilder.core.presets import load_preset

    dock = window.training.training_dock
    lenet = load_preset("lenet5").training
    assert dock.overrides()["epochs"] == lenet.epochs
    assert dock.overrides()["batch_size"] == lenet.batch_size
    assert dock.overrides()["schedule"] == lenet.schedule
    assert dock.overrides()["lr"] == pytest.approx(lenet.lr)
    window.files.open_preset("mlp_mnist", ask=False)
    mlp = load_preset("mlp_mnist").training
    assert dock.overrides()["optimizer"] == mlp.optimizer == "adam"  # its own setting (issue 13)
    assert dock.overrides()["epochs"] == mlp.epochs


def test_training_settings_edited_in_the_dock_are_saved_and_undoable(window, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from netbuilder.core.document import load

    dock = window.training.training_dock
    before = window.model.project.training
    dock.epochs_box.setFocus()
    dock.epochs_box.selectAll()
    QTest.keyClicks(dock.epochs_box, "3")
    QTest.keyClick(dock.epochs_box, Qt.Key.Key_Return)
    assert window.model.project.training.epochs == 3
    assert window.model.is_dirty()
    target = tmp_path / "net.json"
    window.model.save(target)
    assert load(target).training.epochs == 3
    window.model.undo_stack.undo()
    assert window.model.project.training == before
    assert dock.epochs_box.value() == before.epochs


def test_training_lock_disables_undo_history_and_other_documents(window, qtbot):
    from netbuilder.ui.commands import SetParamsCommand

    model, dock = window.model, window.training.training_dock
    locks: list[bool] = []
    model.lockedChanged.connect(locks.append)
    assert model.push(SetParamsCommand(model, "n9", {"out_features": 32}))
    assert window.actions["undo"].isEnabled()
    dock.training_started.emit()
    assert locks == [True]
    assert not window.actions["undo"].isEnabled() and not window.actions["redo"].isEnabled()
    assert not window.undo_view.isEnabled()
    window.actions["undo"].trigger()  # the shortcut of a disabled action does nothing
    assert model.graph.node("n9").params["out_features"] == 32
    for key in ("new", "open"):
        assert not window.actions[key].isEnabled()
    assert not window.presets_menu.menuAction().isEnabled()
    assert not window.recent_menu.isEnabled()
    # called directly (a recent file, a preset), the document stays and the bar says why
    assert not window.files.open_preset("mlp_mnist", ask=False)
    assert not window.files.new()
    assert model.graph.node("n9").params["out_features"] == 32
    assert window.statusBar().currentMessage() == model.locked_reason
    dock.training_finished.emit("stopped", "")
    assert locks == [True, False]
    assert window.actions["undo"].isEnabled() and not window.actions["redo"].isEnabled()
    assert window.undo_view.isEnabled() and window.actions["new"].isEnabled()
    assert window.presets_menu.menuAction().isEnabled()
    window.actions["undo"].trigger()
    assert model.graph.node("n9").params["out_features"] != 32


def test_a_refused_training_setting_goes_back_to_the_documents(window):
    dock = window.training.training_dock
    before = window.model.project.training.schedule
    other = next(s for s in ("cosine", "step", "none") if s != before)
    window.model.set_locked("locked for the test")
    dock.schedule.setCurrentText(other)
    dock.settingsEdited.emit(dock.overrides())  # what a user edit reports
    assert window.model.project.training.schedule == before
    assert dock.schedule.currentText() == before
    window.model.set_locked("")


def test_closing_during_training_stops_first_then_closes(qtbot):
    """The window waits for the batch in flight: no thread is destroyed while running."""
    import torch

    from netbuilder.ui.main_window import MainWindow

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    window = MainWindow(restore=False)
    window.files.open_preset("lenet5", ask=False)
    window.show()
    dock = window.training.training_dock
    dock.device.setCurrentText("cpu")
    dock.epochs_box.setValue(500)
    dock.batch_box.setValue(1438)  # one long batch per epoch
    dock.start()
    qtbot.waitUntil(lambda: dock.batch_points > 0, timeout=30_000)
    thread = dock.thread
    with qtbot.waitSignal(dock.training_finished, timeout=30_000) as blocker:
        assert not window.close()  # refused for now: training stops first
        assert window.isVisible()
        assert "Stopping training" in window.statusBar().currentMessage()
        assert "Stopping training" in dock.status.text()
    assert blocker.args[0] == "stopped"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    qtbot.waitUntil(thread.isFinished, timeout=10_000)
    window.deleteLater()
    torch.set_num_threads(before)
