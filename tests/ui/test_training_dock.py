"""The training dock with pytest-qt: real training on digits in a worker thread."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from netbuilder.core.presets import load_preset

pytest.importorskip("torch")


@pytest.fixture
def dock(qtbot):
    import torch

    from netbuilder.ui.training import TrainingDock

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    project = load_preset("lenet5")
    widget = TrainingDock(lambda: project)
    qtbot.addWidget(widget)
    widget.project = project
    widget.device.setCurrentText("cpu")
    yield widget
    assert widget.shutdown(10_000)
    torch.set_num_threads(before)


def test_dock_trains_and_draws_curves_and_kernels(qtbot, dock):
    from netbuilder.ui.training import kernel_grid

    plots, board = dock.plots, dock.dashboard
    kernels, maps, confusion = board.kernels, board.maps, board.confusion
    assert dock.dataset.currentText() == "digits"  # from the project's settings
    dock.epochs_box.setValue(2)
    dock.batch_box.setValue(64)
    with qtbot.waitSignal(dock.training_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(dock.train_button, Qt.LeftButton)
        assert not dock.train_button.isEnabled() and dock.stop_button.isEnabled()
    assert blocker.args[0] == "finished", dock.last_message
    batches = math.ceil(1438 / 64)  # 80 % of the 1,797 digits
    assert dock.batch_points == 2 * batches
    assert len(plots.loss_curve.getData()[0]) == 2 * batches
    assert len(plots.smooth_curve.getData()[1]) == 2 * batches
    assert dock.epoch_points == 2
    assert len(plots.val_acc_curve.getData()[1]) == 2
    assert len(plots.val_loss_curve.getData()[1]) == 2
    assert dock.progress.value() == 1000
    assert "val_acc" in dock.status.text()
    # the kernel grid shows net.0's (conv) weights: 6 output × 1 input channels of 5×5
    assert kernels.kernel_shape == (6, 1, 5, 5)
    # one input channel: the six kernels tile a 3 × 2 grid with 1-pixel gaps (x, y)
    assert kernels.kernel_item.image.shape == (3 * 6 - 1, 2 * 6 - 1)
    assert kernels.layer_box.count() == 2 and kernels.layer_box.currentText() == "net.0"
    grid = kernel_grid(np.ones((6, 1, 5, 5)))
    assert grid.shape == kernels.kernel_item.image.shape
    assert dock.train_button.isEnabled()
    # after training: the validation confusion matrix (10 classes) with a count per cell
    qtbot.waitUntil(lambda: confusion.confusion_matrix is not None, timeout=5_000)
    matrix = confusion.confusion_matrix
    assert matrix.shape == (10, 10) and matrix.sum() == 1797 - 1438
    assert confusion.confusion_item.image.shape == (10, 10)
    assert confusion.counts == [str(int(v)) for v in matrix.ravel()]
    assert confusion.classes == [str(i) for i in range(10)]
    axis = confusion.plot.getPlotItem().getAxis("bottom")
    assert axis.labelText == "predicted class"
    # sample predictions: 12 pictures of the first validation digits, ✓ or ✗ with truth
    captions = board.predictions.captions
    assert len(captions) == 12 and all(("✓" in c) != ("✗" in c) for c in captions)
    # feature maps of net.0 (conv) for validation sample 3: 6 maps of 28×28, tiled 6 in a row,
    # computed in the worker's thread (the GUI thread only asks and draws)
    threads = []
    dock.worker.featureMaps.connect(
        lambda *_: threads.append(threading.get_ident()), Qt.DirectConnection
    )
    maps.layer_box.setCurrentText("net.0")
    maps.sample_box.setValue(3)
    with qtbot.waitSignal(dock.worker.featureMaps, timeout=10_000) as got:
        qtbot.mouseClick(maps.maps_button, Qt.LeftButton)
    assert threads and threads[0] != threading.get_ident()
    qtbot.waitUntil(lambda: maps.maps_shape != (), timeout=5_000)  # drawn when delivered
    assert maps.maps_shape == (6, 28, 28) and got.args[1] == 3
    expected = dock.worker.trainer.feature_maps("net.0", 3).numpy()
    assert np.array_equal(got.args[2], expected)
    assert maps.maps_item.image.shape == (6 * 29 - 1, 28)
    assert "Feature maps of net.0 for validation sample 3" in maps.maps_label.text()


def test_choosing_a_layer_after_training_draws_its_final_kernels(qtbot, dock):
    """The worker sends the kernels from its own thread; the GUI thread only draws them."""
    dock.epochs_box.setValue(1)
    with qtbot.waitSignal(dock.training_finished, timeout=60_000):
        dock.start()
    images = dock.dashboard.kernels
    assert images.kernel_shape == (6, 1, 5, 5)
    threads = []
    dock.worker.kernels.connect(
        lambda *_: threads.append(threading.get_ident()), Qt.DirectConnection
    )
    with qtbot.waitSignal(dock.worker.kernels, timeout=10_000) as blocker:
        images.layer_box.setCurrentText("net.3")
    assert blocker.args[0] == "net.3"
    assert threads and threads[0] != threading.get_ident()
    qtbot.waitUntil(lambda: images.kernel_shape != (6, 1, 5, 5), timeout=5_000)
    assert images.kernel_shape == (16, 6, 5, 5)
    final = dock.worker.trainer.model.get_submodule("net.3").weight.detach().numpy()
    assert np.array_equal(blocker.args[1], final)  # the trained weights, not a copy of old
    assert images.kernel_label.text() == "Kernels of net.3 (16×6×5×5)"


def test_dock_pause_and_stop(qtbot, dock):
    dock.epochs_box.setValue(500)
    dock.batch_box.setValue(8)
    dock.start()
    qtbot.waitUntil(lambda: dock.batch_points > 0, timeout=30_000)
    dock.toggle_pause()
    assert dock.state == "paused" and dock.pause_button.text() == "Resume"
    trainer = dock.worker.trainer
    # the training loop itself waits on the pause (no batch runs until resumed)
    qtbot.waitUntil(lambda: trainer.is_blocked, timeout=10_000)
    assert trainer.paused
    frozen = dock.batch_points
    dock.toggle_pause()
    assert dock.state == "running" and dock.pause_button.text() == "Pause"
    qtbot.waitUntil(lambda: dock.batch_points > frozen, timeout=10_000)
    with qtbot.waitSignal(dock.training_finished, timeout=10_000) as blocker:
        qtbot.mouseClick(dock.stop_button, Qt.LeftButton)
    assert blocker.args[0] == "stopped"
    assert dock.state == "idle" and dock.train_button.isEnabled()


def test_a_misfit_network_is_reported_in_the_dock(qtbot, dock):
    last = [n for n in dock.project.graph if n.type == "Linear"][-1]
    dock.project.graph.set_params(last.id, {"out_features": 7})
    with qtbot.waitSignal(dock.training_finished, timeout=30_000) as blocker:
        dock.start()
    assert blocker.args[0] == "failed"
    assert "7 outputs" in dock.status.text()


def test_closing_during_training_does_not_hang(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from netbuilder.ui.training import TrainingDock

    project = load_preset("lenet5")
    window = QMainWindow()
    dock = TrainingDock(lambda: project)
    window.setCentralWidget(dock)
    qtbot.addWidget(window)
    window.show()
    dock.device.setCurrentText("cpu")
    dock.epochs_box.setValue(500)
    dock.start()
    qtbot.waitUntil(lambda: dock.batch_points > 0, timeout=30_000)
    thread = dock.thread
    window.close()
    qtbot.waitUntil(lambda: thread.isFinished(), timeout=10_000)


def test_schedule_is_locked_while_training(qtbot, dock):
    dock.epochs_box.setValue(500)
    dock.start()
    assert not dock.schedule.isEnabled() and not dock.epochs_box.isEnabled()
    with qtbot.waitSignal(dock.training_finished, timeout=30_000):
        dock.stop()
    assert dock.schedule.isEnabled()


def test_pause_before_the_trainer_exists_is_kept(qtbot, dock):
    """Pause pressed while the data loads: the run starts paused and trains nothing."""
    dock.epochs_box.setValue(500)
    dock.start()
    dock.toggle_pause()
    assert dock.worker.trainer is None  # still loading the data
    assert dock.state == "paused" and dock.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: dock.worker.trainer is not None, timeout=30_000)
    qtbot.waitUntil(lambda: dock.worker.trainer.is_blocked, timeout=10_000)
    assert dock.worker.trainer.paused and dock.batch_points == 0
    dock.toggle_pause()
    qtbot.waitUntil(lambda: dock.batch_points > 0, timeout=10_000)
    with qtbot.waitSignal(dock.training_finished, timeout=10_000):
        dock.stop()


def test_deleting_the_dock_during_training_never_destroys_the_running_thread(qtbot):
    """The thread has no parent: deleting the window while a batch runs is safe, the
    thread ends on its own (Qt aborts the process when a running QThread is destroyed)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QMainWindow

    from netbuilder.ui.training import TrainingDock, finish_training_threads

    project = load_preset("lenet5")
    window = QMainWindow()
    dock = TrainingDock(lambda: project)
    window.setCentralWidget(dock)
    window.show()
    dock.device.setCurrentText("cpu")
    dock.epochs_box.setValue(500)
    dock.batch_box.setValue(1438)  # one long batch per epoch
    dock.start()
    qtbot.waitUntil(lambda: dock.worker.trainer is not None, timeout=30_000)
    thread = dock.thread
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert thread.isRunning() or thread.isFinished()  # still a live object
    qtbot.waitUntil(thread.isFinished, timeout=10_000)
    finish_training_threads()  # what application quit does: nothing left to wait for


def test_a_network_too_large_for_the_memory_is_refused_in_a_dialog(qtbot):
    """Input vector 10,000,000 → Linear 25,000: 250 billion weights of 4 bytes = 1.0 TB."""
    from PySide6.QtWidgets import QMessageBox

    from netbuilder.core.builder import Builder
    from netbuilder.ui.training import TrainingDock

    b = Builder()
    b.add("Input", kind="vector", features=10_000_000)
    b.add("Linear", out_features=25_000)
    project = b.project("huge", "", "")
    dock = TrainingDock(lambda: project)
    qtbot.addWidget(dock)
    dock.show()
    dock.device.setCurrentText("cpu")
    with qtbot.waitSignal(dock.training_finished, timeout=60_000) as blocker:
        dock.start()
    assert blocker.args[0] == "failed"
    weights_tb = (10_000_000 + 1) * 25_000 * 4 / 1e12
    assert round(weights_tb, 1) == 1.0
    expected = "This network needs 1.0 TB for its weights; this machine has "
    assert blocker.args[1].startswith(expected) and "\n" not in blocker.args[1]
    qtbot.waitUntil(lambda: dock.findChild(QMessageBox, "trainingRefused") is not None)
    box = dock.findChild(QMessageBox, "trainingRefused")
    assert box.isVisible() and box.text() == blocker.args[1]
    assert box.windowTitle() == "Cannot train this network"
    assert expected in dock.status.text()  # the status line says it too
    assert dock.worker.trainer is None and dock.train_button.isEnabled()
    qtbot.mouseClick(box.button(QMessageBox.Ok), Qt.LeftButton)
    qtbot.waitUntil(lambda: dock.findChild(QMessageBox, "trainingRefused") is None)
    assert dock.shutdown(10_000)


def test_the_speed_shown_counts_training_time_only_since_the_last_update():
    """The trainer's own rate covers the epoch so far (a batch or two early in an epoch);
    the dock shows samples over training time since its last update, leaving out what
    lies between epochs (validation, checkpoints) and pauses."""
    from netbuilder.train.events import BatchEnd
    from netbuilder.ui.training.worker import _TrainingSpeed

    def report(epoch: int, samples: int, rate: float = 123.0) -> BatchEnd:
        return BatchEnd(epoch, 1, 90, 0.5, (0.5,), samples, rate, 0.01)

    speed = _TrainingSpeed()
    assert speed.since_last_read() == 0.0  # nothing reported yet
    speed.add(report(1, 160, rate=800.0), now=10.0)
    assert speed.since_last_read() == 800.0  # one report: the trainer's rate
    speed.add(report(1, 1440), now=10.2)  # 1,280 samples in 0.2 s
    speed.add(report(2, 1437 + 160), now=14.0)  # validation and a checkpoint between
    speed.add(report(2, 1437 + 800), now=14.1)  # 640 samples in 0.1 s
    assert speed.since_last_read() == pytest.approx((1280 + 640) / 0.3)
    speed.add(report(2, 1437 + 960), now=14.2)  # 160 samples in 0.1 s
    speed.skip()  # paused for a minute
    speed.add(report(2, 1437 + 1120), now=74.3)
    speed.add(report(2, 1437 + 1280), now=74.4)  # 160 samples in 0.1 s
    assert speed.since_last_read() == pytest.approx(320 / 0.2)
