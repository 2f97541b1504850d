"""The dashboard is updated at a fixed pace: reports that arrive together are shown together."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QObject

from netbuilder.core.presets import load_preset
from netbuilder.ui.training.pacer import Pacer


@pytest.fixture
def owner():
    parent = QObject()
    yield parent
    parent.deleteLater()


def test_first_request_is_shown_at_once_later_ones_together(qtbot, owner):
    shown: list[int] = []
    pacer = Pacer(lambda: shown.append(1), interval_ms=300, parent=owner)
    pacer.request()
    assert len(shown) == 1 and not pacer.pending  # a quiet dashboard answers at once
    for _ in range(5):  # a burst within the interval: one update, later
        pacer.request()
    assert len(shown) == 1 and pacer.pending
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5_000)
    assert not pacer.pending  # nothing else scheduled: the burst cost one update


def test_flush_shows_now_and_cancels_the_wait(qtbot, owner):
    shown: list[int] = []
    pacer = Pacer(lambda: shown.append(1), interval_ms=60_000, parent=owner)
    pacer.request()
    pacer.request()
    assert pacer.pending and len(shown) == 1
    pacer.flush()
    assert len(shown) == 2 and not pacer.pending


@pytest.fixture
def dock(qtbot):
    from netbuilder.ui.training import TrainingDock

    project = load_preset("lenet5")
    widget = TrainingDock(lambda: project)
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def _started(epochs):
    """What the worker reports before its first batch: 10 batches of 32 per epoch."""
    return {
        "dataset": "digits",
        "train": 320,
        "val": 80,
        "epochs": epochs,
        "batches": 10,
        "conv_layers": ["net.0"],
        "layers": ["net.0"],
        "notes": [],
        "device": "cpu",
        "lr": 0.1,
        "history": [],
    }


def _batch(losses, batch, epoch=1):
    return {
        "losses": np.asarray(losses, dtype=np.float64),
        "epoch": epoch,
        "batch": batch,
        "batches": 10,
        "samples": ((epoch - 1) * 10 + batch) * 32,
        "samples_per_s": 1000.0 + batch,
        "lr": 0.1,
    }


def test_dock_merges_reports_of_one_interval_into_one_update(qtbot, dock):
    dock._pacer.interval_ms = 60_000  # nothing is shown by the timer in this test
    dock._on_started(_started(epochs=2))
    dock._on_batches(_batch([2.0, 1.9], 2))
    assert dock.batch_points == 2  # the first report of a quiet dashboard: at once
    dock._on_batches(_batch([1.8, 1.7, 1.6], 5))
    dock._on_batches({"losses": np.asarray([1.5] * 5)})  # the epoch's last batches
    epoch = SimpleNamespace(
        epoch=1, train_loss=1.7, train_acc=0.4, val_loss=1.6, val_acc=0.5, seconds=1.0, lr=0.1
    )
    dock._on_epoch(epoch)
    weights = np.arange(6 * 25, dtype=np.float32).reshape(6, 1, 5, 5)
    dock._on_kernels("net.0", weights)
    dock._on_kernels("net.0", -weights)  # only the newest picture is drawn
    assert dock.batch_points == 2 and dock.epoch_points == 0  # waiting for their turn
    assert dock.dashboard.kernels.kernel_shape == ()
    dock._pacer.flush()
    assert dock.batch_points == 10 and dock.epoch_points == 1
    # every loss, in order, at its place on the epoch axis
    x, y = dock.plots.loss_curve.getData()
    assert list(y) == [2.0, 1.9, 1.8, 1.7, 1.6, 1.5, 1.5, 1.5, 1.5, 1.5]
    assert x[-1] == pytest.approx(1.0)
    # the newest batch progress (speed of batch 5), then the epoch's end: 1 of 2 epochs
    assert dock.dashboard.info.text("speed") == "1,005"
    assert dock.progress.value() == 500
    image = dock.dashboard.kernels.kernel_item.image
    assert image.max() == 0.0 and image.min() == -1.0  # -weights, scaled to [-1, 1]


def test_done_shows_what_is_pending_before_it_reports(qtbot, dock):
    dock._pacer.interval_ms = 60_000
    dock._on_started(_started(epochs=1))
    dock._on_batches(_batch([1.0], 1))
    dock._on_batches(_batch([0.9] * 9, 10))
    seen: list[int] = []
    dock.training_finished.connect(lambda *_: seen.append(dock.batch_points))
    dock._on_done({"status": "finished", "message": "", "device": "cpu"})
    assert seen == [10]
