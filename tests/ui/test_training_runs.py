"""Runs in the training dock (pytest-qt, real training on digits, real run folders)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from netbuilder.core.presets import load_preset

pytest.importorskip("torch")


@pytest.fixture
def dock(qtbot, tmp_path):
    import torch

    from netbuilder.ui.training import TrainingDock

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    project = load_preset("lenet5")
    project_file = tmp_path / "net.json"
    widget = TrainingDock(lambda: project, path_getter=lambda: project_file)
    qtbot.addWidget(widget)
    widget.project = project
    widget.device.setCurrentText("cpu")
    widget.batch_box.setValue(64)
    widget.epochs_box.setValue(1)
    yield widget
    assert widget.shutdown(10_000)
    torch.set_num_threads(before)


def train(qtbot, dock, start=None):
    with qtbot.waitSignal(dock.training_finished, timeout=120_000) as blocker:
        (start or dock.start)()
    return blocker.args


def metrics(run: Path) -> list[dict]:
    with (run / "metrics.csv").open() as handle:
        return list(csv.DictReader(handle))


def test_runs_are_listed_reopened_overlaid_loaded_and_deleted(qtbot, dock, tmp_path, answer_dialog):
    assert dock.runs.tree.topLevelItemCount() == 0
    assert train(qtbot, dock)[0] == "finished"
    trained_matrix = dock.dashboard.confusion.confusion_matrix.copy()
    first_lr = dock.lr.value()
    dock.lr.setValue(0.05)
    assert train(qtbot, dock)[0] == "finished"
    # beside the project file, newest first
    runs = sorted((tmp_path / "runs").iterdir())
    assert len(runs) == 2 and "will not be kept" not in dock.status.text()
    first, second = runs
    tree = dock.runs.tree
    assert tree.topLevelItemCount() == 2
    row = tree.topLevelItem(1)  # the older run
    best = max(float(r["val_acc"]) for r in metrics(first))
    assert [row.text(c) for c in (1, 2, 3)] == ["digits", "1/1", f"{best:.3f}"]
    assert json.loads((first / "settings.json").read_text())["lr"] == pytest.approx(first_lr)

    # reopen the first run: its curves and its confusion matrix come back from the files
    dock.runs.select([first])
    qtbot.mouseClick(dock.runs.show_button, Qt.LeftButton)
    plots = dock.plots
    # every batch of the epoch (ceil(1438 / 64) = 23), ending at epoch position 1.0
    assert plots.epoch_points == 1 and plots.batch_points == 23
    assert plots.loss_curve.getData()[0][-1] == pytest.approx(1.0)
    assert plots.val_acc_curve.getData()[1][0] == pytest.approx(best, abs=1e-6)
    assert np.array_equal(dock.dashboard.confusion.confusion_matrix, trained_matrix)
    assert dock.dashboard.info.text("run") == first.name

    # overlay both runs
    dock.runs.select([first, second])
    qtbot.mouseClick(dock.runs.show_button, Qt.LeftButton)
    assert plots.overlaid_runs == 2 and "2 runs overlaid" in dock.status.text()

    # load the first run into the network: predictions and feature maps
    dock.runs.select([first])
    assert (
        train(qtbot, dock, lambda: qtbot.mouseClick(dock.runs.load_button, Qt.LeftButton))[0]
        == "loaded"
    )
    qtbot.waitUntil(lambda: len(dock.dashboard.predictions.captions) == 12, timeout=10_000)
    assert np.array_equal(dock.dashboard.confusion.confusion_matrix, trained_matrix)
    maps = dock.dashboard.maps
    assert maps.maps_button.isEnabled()
    with qtbot.waitSignal(dock.worker.featureMaps, timeout=10_000):
        qtbot.mouseClick(maps.maps_button, Qt.LeftButton)

    # the loaded run is in use: deleting it is refused, the folder stays
    assert dock.run_in_use() == first
    qtbot.mouseClick(dock.runs.delete_button, Qt.LeftButton)
    assert "is in use" in dock.status.text() and first.is_dir()

    # another run can be deleted after the question
    dock.runs.select([second])
    seen = answer_dialog(QMessageBox.Yes)
    qtbot.mouseClick(dock.runs.delete_button, Qt.LeftButton)
    assert seen["name"] == "deleteRun" and second.name in seen["text"]
    assert not second.exists() and first.is_dir()
    assert dock.runs.tree.topLevelItemCount() == 1


def test_resume_of_a_changed_network_is_refused_naming_the_layer(qtbot, dock, tmp_path):
    assert train(qtbot, dock)[0] == "finished"
    (run,) = (tmp_path / "runs").iterdir()
    # nothing left to train: one sentence saying what to change
    dock.runs.select([run])
    status, message = train(
        qtbot, dock, lambda: qtbot.mouseClick(dock.runs.resume_button, Qt.LeftButton)
    )
    assert status == "failed" and "already trained 1 epoch(s); set Epochs above 1" in message
    conv = next(n for n in dock.project.graph if n.type == "Conv2d")
    dock.project.graph.set_params(conv.id, {"out_channels": 8})
    dock.epochs_box.setValue(2)
    dock.runs.select([run])
    status, message = train(
        qtbot, dock, lambda: qtbot.mouseClick(dock.runs.resume_button, Qt.LeftButton)
    )
    assert status == "failed"
    name = conv.label or "conv1"  # the layer's name in the code
    assert "Cannot resume the run" in message and f"{name} has out_channels=8 now" in message
    assert message in dock.status.text()
    assert json.loads((run / "run.json").read_text())["epochs_done"] == 1

    # the network back as it was: the run continues (epoch 2 of 200), and while it trains
    # the run is in use and cannot be deleted
    dock.project.graph.set_params(conv.id, {"out_channels": 6})
    dock.epochs_box.setValue(200)
    dock.runs.select([run])
    qtbot.mouseClick(dock.runs.resume_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dock.batch_points > 0, timeout=60_000)
    assert dock.epoch_points == 1  # the earlier epoch, drawn from the run's metrics
    dock.runs.select([run])
    qtbot.mouseClick(dock.runs.delete_button, Qt.LeftButton)
    assert "is in use" in dock.status.text() and run.is_dir()
    with qtbot.waitSignal(dock.training_finished, timeout=30_000) as blocker:
        dock.stop()
    assert blocker.args[0] == "stopped"
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "stopped" and record["epochs"] == 200


def test_an_unwritable_runs_folder_still_trains_and_says_so(qtbot, tmp_path):
    import torch

    from netbuilder.ui.training import TrainingDock

    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder")
    project = load_preset("lenet5")
    torch.set_num_threads(1)
    dock = TrainingDock(lambda: project, path_getter=lambda: blocker / "net.json")
    qtbot.addWidget(dock)
    dock.device.setCurrentText("cpu")
    dock.epochs_box.setValue(1)
    with qtbot.waitSignal(dock.training_finished, timeout=60_000) as done:
        dock.start()
    assert done.args[0] == "finished" and dock.epoch_points == 1
    assert "Its results will not be kept: Cannot create a run folder in" in dock.status.text()
    assert dock.dashboard.info.text("run") == "not kept"
    assert dock.runs.tree.topLevelItemCount() == 0
    assert dock.shutdown(10_000)


def test_every_dashboard_plot_follows_the_theme(qtbot, qapp):
    from PySide6.QtGui import QPalette

    from netbuilder.ui.theme import apply_look, dark_palette, is_dark, light_palette
    from netbuilder.ui.training import TrainingDock

    project = load_preset("lenet5")
    dock = TrainingDock(lambda: project)
    qtbot.addWidget(dock)
    dock.show()
    dark_before = is_dark(qapp)
    board = dock.dashboard
    views = (
        board.plots.loss_plot,
        board.plots.acc_plot,
        board.confusion.plot,
        board.kernels.kernel_view,
        board.maps.maps_view,
    )

    def backgrounds():
        return [v.backgroundBrush().color().name() for v in views]

    try:
        for dark in (True, False, True):
            apply_look(qapp, dark=dark)
            palette = dark_palette() if dark else light_palette()
            base = palette.color(QPalette.Base).name()
            qtbot.waitUntil(lambda base=base: backgrounds() == [base] * len(views))
        assert all(v.backgroundBrush().color().lightness() < 128 for v in views)
    finally:
        apply_look(qapp, dark=dark_before)


def test_the_settings_fold_away_and_the_plots_share_the_width(qtbot):
    from netbuilder.ui.training import TrainingDock

    project = load_preset("lenet5")
    dock = TrainingDock(lambda: project)
    qtbot.addWidget(dock)
    dock.resize(1280, 800)
    dock.show()
    dock.build_views()
    qtbot.waitExposed(dock)
    assert dock.form.isVisible()
    qtbot.mouseClick(dock.settings_button, Qt.LeftButton)
    assert not dock.form.isVisible() and dock.train_button.isVisible()
    qtbot.mouseClick(dock.settings_button, Qt.LeftButton)
    assert dock.form.isVisible()
    # loss and accuracy side by side, equally wide, growing together with the dock
    loss, acc = dock.plots.loss_plot, dock.plots.acc_plot
    board = dock.dashboard
    # laid out: both plots inside the dashboard, the accuracy right of the loss
    qtbot.waitUntil(
        lambda: loss.geometry().right() < acc.geometry().left() and board.width() < dock.width()
    )
    assert loss.geometry().top() == acc.geometry().top()
    assert abs(loss.width() - acc.width()) <= 2
    before = loss.width()
    dock.resize(1600, 800)
    qtbot.waitUntil(lambda: loss.width() > before)
    assert abs(loss.width() - acc.width()) <= 2


def test_feature_maps_of_any_rank_tile_into_one_picture():
    from netbuilder.ui.training.images import maps_grid

    assert maps_grid(np.arange(10.0)).shape == (10, 1)  # a vector: one strip (x, y)
    assert maps_grid(np.ones((4, 3))).shape == (3, 4)  # L×F: one map
    assert maps_grid(np.ones((2, 3, 4, 5))).shape == (6 * 6 - 1, 4)  # 6 maps of 4×5
    strip = maps_grid(np.array([0.0, 5.0, 10.0]))
    assert strip[:, 0].tolist() == [0.0, 0.5, 1.0]  # scaled to its own range
