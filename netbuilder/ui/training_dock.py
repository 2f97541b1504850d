"""The training dock: settings, Train / Pause / Stop, live curves and conv-kernel pictures.

The trainer (Qt-free, :mod:`netbuilder.train`) runs in a ``QThread``; its events reach the
GUI through Qt signals, throttled in the worker (batch losses are gathered and sent at most
every :data:`EMIT_INTERVAL_S`), so painting never slows training. Plots use preallocated
numpy buffers and ``setData`` on items created once. torch is imported in the worker only,
so building the dock (and the window) does not load torch.
"""

from __future__ import annotations

import atexit
import math
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.training_config import DATASETS, DEVICES, OPTIMIZERS, SCHEDULES

#: Seconds between two batch updates sent to the GUI.
EMIT_INTERVAL_S = 0.2
#: Seconds between two kernel pictures sent to the GUI while an epoch runs.
KERNEL_INTERVAL_S = 1.0
#: Tiles drawn at most per kernel grid (output × input channels).
MAX_TILES_OUT, MAX_TILES_IN = 64, 16


def maps_grid(maps: np.ndarray, columns: int = 8) -> np.ndarray:
    """Tile feature maps C×H×W (at most 64) into one image with 1-pixel gaps, for ``ImageItem``.

    Each map is scaled to [0, 1] on its own; the result is indexed ``[x, y]``.
    """
    m = np.asarray(maps, dtype=np.float32)
    if m.ndim == 2:  # a sequence L×F: one map
        m = m[None]
    m = m[:64]
    c, h, w = m.shape
    cols = min(columns, c)
    rows = -(-c // cols)
    grid = np.zeros((rows * (h + 1) - 1, cols * (w + 1) - 1), dtype=np.float32)
    for k in range(c):
        tile = m[k]
        lo, hi = float(tile.min()), float(tile.max())
        tile = (tile - lo) / (hi - lo) if hi > lo else np.zeros_like(tile)
        r, q = divmod(k, cols)
        grid[r * (h + 1) : r * (h + 1) + h, q * (w + 1) : q * (w + 1) + w] = tile
    return grid.T


def kernel_grid(weights: np.ndarray) -> np.ndarray:
    """Tile conv weights (out, in, kh, kw) into one image, 1-pixel gaps, values in [-1, 1].

    Rows are output channels, columns input channels (at most :data:`MAX_TILES_OUT` ×
    :data:`MAX_TILES_IN`); with one input channel the kernels fill a near-square grid.
    The image is indexed ``[x, y]`` as pyqtgraph's ``ImageItem`` expects (column-major).
    """
    w = np.asarray(weights, dtype=np.float32)
    if w.ndim == 3:  # Conv1d: (out, in, k) → one-row kernels
        w = w[:, :, None, :]
    out_c, in_c, kh, kw = w.shape
    out_c, in_c = min(out_c, MAX_TILES_OUT), min(in_c, MAX_TILES_IN)
    w = w[:out_c, :in_c]
    scale = float(np.abs(w).max()) or 1.0
    if in_c == 1:  # one input channel (a first layer): a near-square grid of kernels
        per_row = math.ceil(math.sqrt(out_c))
        tiles = [(divmod(o, per_row), w[o, 0]) for o in range(out_c)]
        n_rows, n_cols = math.ceil(out_c / per_row), per_row
    else:
        tiles = [((o, i), w[o, i]) for o in range(out_c) for i in range(in_c)]
        n_rows, n_cols = out_c, in_c
    grid = np.zeros((n_rows * (kh + 1) - 1, n_cols * (kw + 1) - 1), dtype=np.float32)
    for (row, col), tile in tiles:
        r, c = row * (kh + 1), col * (kw + 1)
        grid[r : r + kh, c : c + kw] = tile / scale
    return grid.T  # pyqtgraph: first axis is x


#: Every training thread not yet known to be finished, with its worker: the threads have no
#: parent, so closing or deleting a dock never destroys a running thread (Qt aborts then).
_THREADS: list[tuple[QThread, TrainingWorker]] = []
_QUIT_HOOKED = False


def _keep_thread(thread: QThread, worker: TrainingWorker) -> None:
    """Hold ``thread`` until it finished; on application quit, stop and wait for it."""
    global _QUIT_HOOKED
    _THREADS[:] = [(t, w) for t, w in _THREADS if not t.isFinished()]
    _THREADS.append((thread, worker))
    app = QCoreApplication.instance()
    if app is not None and not _QUIT_HOOKED:
        app.aboutToQuit.connect(finish_training_threads)
        atexit.register(finish_training_threads)  # also when Python exits without quit
        _QUIT_HOOKED = True


def finish_training_threads() -> None:
    """Stop every training and wait until its thread ended (the application quits)."""
    for thread, worker in list(_THREADS):
        worker.stop()
        thread.quit()
    for thread, _worker in list(_THREADS):
        thread.wait()
    _THREADS.clear()


class TrainingWorker(QObject):
    """Runs one training in a worker thread; reports through (queued) signals.

    Signals carry plain Python/numpy objects: ``started(dict)`` with the dataset size and
    conv layers, ``batches(dict)`` with the losses since the last update, ``epoch(object)``
    with an :class:`~netbuilder.train.trainer.EpochEnd`, ``kernels(str, ndarray)`` and
    ``done(dict)`` with ``status`` (``finished``, ``stopped``, ``failed``) and ``message``.
    """

    started = Signal(object)
    batches = Signal(object)
    epoch = Signal(object)
    kernels = Signal(str, object)
    confusion = Signal(object)
    done = Signal(object)

    def __init__(self, project_text: str, overrides: dict[str, Any], data_dir: str | None):
        super().__init__()
        self.project_text = project_text
        self.overrides = overrides
        self.data_dir = data_dir or None
        self.trainer: Any = None
        self.layer = ""
        self._stop_requested = False
        self._pause_requested = False
        self._control = threading.Lock()  # pause/resume vs. the trainer being created
        self._pending: list[float] = []
        self._last_emit = 0.0
        self._last_kernel = 0.0
        self._conv: dict[str, Any] = {}

    # thread-safe controls (called from the GUI thread)
    def stop(self) -> None:
        self._stop_requested = True
        if self.trainer is not None:
            self.trainer.stop()

    def pause(self) -> None:
        """Pause now, or as soon as the trainer exists (while the data loads)."""
        with self._control:
            self._pause_requested = True
            if self.trainer is not None:
                self.trainer.pause()

    def resume(self) -> None:
        with self._control:
            self._pause_requested = False
            if self.trainer is not None:
                self.trainer.resume()

    @Slot()
    def run(self) -> None:
        """Build the trainer and train (in the worker thread)."""
        try:
            self._run()
        except Exception as exc:  # noqa: BLE001 - reported as one sentence
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            self.done.emit({"status": "failed", "message": text})

    def _run(self) -> None:
        from torch import nn

        from netbuilder.core.document import loads
        from netbuilder.core.errors import NetBuilderError
        from netbuilder.train.session import make_trainer, training_config

        try:
            project = loads(self.project_text)
            config = training_config(project, **self.overrides)
            trainer = make_trainer(
                project, config, data_dir=self.data_dir, callbacks=[self._on_event]
            )
        except NetBuilderError as exc:
            self.done.emit({"status": "failed", "message": str(exc)})
            return
        with self._control:
            self.trainer = trainer
            if self._pause_requested:
                trainer.pause()
        if self._stop_requested:
            trainer.stop()
        model = trainer.model
        self._conv = {
            name: m for name, m in model.named_modules() if isinstance(m, nn.Conv2d | nn.Conv1d)
        }
        if self.layer not in self._conv:
            self.layer = next(iter(self._conv), "")
        batches = math.ceil(len(trainer.data.train) / config.batch_size)
        self.started.emit(
            {
                "dataset": trainer.data.name,
                "train": len(trainer.data.train),
                "val": len(trainer.data.val),
                "epochs": config.epochs,
                "batches": batches,
                "conv_layers": list(self._conv),
            }
        )
        self._send_kernels(force=True)
        result = self._run_leaving_a_core_to_the_gui(trainer)
        self._flush(None)
        self._send_kernels(force=True)
        if result.history:
            self._send_confusion(trainer)
        self.done.emit(
            {"status": result.status, "message": result.message, "device": str(trainer.device)}
        )

    @staticmethod
    def _run_leaving_a_core_to_the_gui(trainer: Any) -> Any:
        """Train; on the CPU with one torch thread fewer than cores, so painting never
        fights the trainer's threads for a core (oversubscribed threads stall)."""
        import os

        import torch

        from netbuilder.train.trainer import TrainingError, pick_device

        before = torch.get_num_threads()
        try:
            on_cpu = pick_device(trainer.config.device).type == "cpu"
        except TrainingError:
            on_cpu = False  # run() reports it
        if on_cpu:
            torch.set_num_threads(max(1, min(before, (os.cpu_count() or 1) - 1)))
        try:
            return trainer.run()
        finally:
            torch.set_num_threads(before)

    def _send_confusion(self, trainer: Any) -> None:
        """The validation confusion matrix and the first predictions (classification)."""
        from netbuilder.core.errors import NetBuilderError
        from netbuilder.train.trainer import confusion_matrix

        k = trainer.data.num_classes
        if trainer.config.task == "regression" or not k:
            return
        try:
            pred, true = trainer.predictions()
        except (NetBuilderError, RuntimeError):
            return
        if len(true) == 0:
            return
        classes = list(trainer.data.classes) or [str(i) for i in range(k)]
        self.confusion.emit(
            {
                "matrix": confusion_matrix(pred, true, k).numpy(),
                "classes": classes,
                "pred": pred[:12].tolist(),
                "true": true[:12].tolist(),
            }
        )

    def _send_kernels(self, force: bool = False) -> None:
        now = time.perf_counter()
        module = self._conv.get(self.layer)
        if module is None or (not force and now - self._last_kernel < KERNEL_INTERVAL_S):
            return
        self._last_kernel = now
        self.kernels.emit(self.layer, module.weight.detach().float().cpu().numpy().copy())

    def _flush(self, event: Any) -> None:
        if not self._pending:
            return
        info = {"losses": np.asarray(self._pending, dtype=np.float64)}
        if event is not None:
            info.update(
                epoch=event.epoch,
                batch=event.batch,
                batches=event.batches,
                samples=event.samples,
                samples_per_s=event.samples_per_s,
            )
        self._pending = []
        self._last_emit = time.perf_counter()
        self.batches.emit(info)

    def _on_event(self, event: Any) -> None:
        from netbuilder.train.trainer import BatchEnd, EpochEnd

        if isinstance(event, BatchEnd):
            self._pending.extend(event.losses)
            if time.perf_counter() - self._last_emit >= EMIT_INTERVAL_S:
                self._flush(event)
                self._send_kernels()
        elif isinstance(event, EpochEnd):
            self._flush(None)
            self._send_kernels(force=True)
            self.epoch.emit(event)


class TrainingDock(QWidget):
    """Settings, controls, progress, live curves and the conv-kernel grid.

    Parameters
    ----------
    project_getter : callable
        Returns the current :class:`~netbuilder.core.document.Project`; a snapshot of it is
        trained, so the canvas may keep changing.

    Signals
    -------
    training_started()
        A run began (the window may lock the canvas).
    training_finished(str, str)
        A run ended: status (``finished``, ``stopped``, ``failed``) and message.
    """

    training_started = Signal()
    #: The user changed a setting of the form: a dict of TrainingConfig fields.
    settingsEdited = Signal(object)  # noqa: N815 - Qt naming
    training_finished = Signal(str, str)

    def __init__(self, project_getter: Callable[[], Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainingDock")
        self.project_getter = project_getter
        self.thread: QThread | None = None
        self.worker: TrainingWorker | None = None
        self.state = "idle"  # idle | running | paused
        self.last_status = ""
        self.last_message = ""
        self.epochs = 0
        self.batches_per_epoch = 0
        self.total_samples = 0
        self.train_samples = 0
        self.kernel_shape: tuple[int, ...] = ()
        self._start_time = 0.0
        self._n_batches = 0
        self._n_epochs = 0
        self._ema = math.nan
        self._loss_x = np.zeros(0)
        self._loss_y = np.zeros(0)
        self._smooth_y = np.zeros(0)
        self._epoch_x = np.zeros(0)
        self._val_loss = np.zeros(0)
        self._val_acc = np.zeros(0)
        self._train_acc = np.zeros(0)
        self._build()
        self.load_settings()
        self._connect_settings()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        self.dataset = QComboBox()
        self.dataset.addItems(DATASETS)
        self.data_dir = QLineEdit()
        self.data_dir.setPlaceholderText("folder or file (mnist, cifar10, csv, images, names)")
        browse = QToolButton()
        browse.setText("…")
        browse.setToolTip("Choose the data folder or file")
        browse.clicked.connect(self._browse)
        dir_row = QHBoxLayout()
        dir_row.addWidget(self.data_dir)
        dir_row.addWidget(browse)
        self.epochs_box = QSpinBox()
        self.epochs_box.setRange(1, 100_000)
        self.batch_box = QSpinBox()
        self.batch_box.setRange(1, 1_000_000)
        self.optimizer = QComboBox()
        self.optimizer.addItems(OPTIMIZERS)
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(6)
        self.lr.setRange(1e-6, 99.0)
        self.lr.setSingleStep(0.001)
        self.weight_decay = QDoubleSpinBox()
        self.weight_decay.setDecimals(6)
        self.weight_decay.setRange(0.0, 10.0)
        self.weight_decay.setSingleStep(0.0001)
        self.schedule = QComboBox()
        self.schedule.addItems(SCHEDULES)
        self.schedule.setToolTip("Learning-rate schedule over the run")
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        form.addRow("Dataset", self.dataset)
        form.addRow("Data", dir_row)
        form.addRow("Epochs", self.epochs_box)
        form.addRow("Batch size", self.batch_box)
        form.addRow("Optimizer", self.optimizer)
        form.addRow("Learning rate", self.lr)
        form.addRow("LR schedule", self.schedule)
        form.addRow("Weight decay", self.weight_decay)
        form.addRow("Device", self.device)

        self.train_button = QPushButton("Train")
        self.pause_button = QPushButton("Pause")
        self.stop_button = QPushButton("Stop")
        self.train_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        for b in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("Ready.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.loss_plot = pg.PlotWidget(title="Loss")
        self.loss_plot.setLabel("bottom", "epoch")
        self.loss_plot.addLegend(offset=(-5, 5))
        self.loss_curve = self.loss_plot.plot(
            pen=pg.mkPen((120, 160, 220, 90)), name="train (batch)"
        )
        self.smooth_curve = self.loss_plot.plot(pen=pg.mkPen((40, 100, 220), width=2), name="train")
        self.val_loss_curve = self.loss_plot.plot(
            pen=pg.mkPen((220, 110, 40), width=2), symbol="o", symbolSize=5, name="val"
        )
        self.acc_plot = pg.PlotWidget(title="Accuracy")
        self.acc_plot.setLabel("bottom", "epoch")
        self.acc_plot.setYRange(0, 1)
        self.acc_plot.addLegend(offset=(-5, -5))
        self.train_acc_curve = self.acc_plot.plot(
            pen=pg.mkPen((40, 100, 220), width=2), symbol="o", symbolSize=5, name="train"
        )
        self.val_acc_curve = self.acc_plot.plot(
            pen=pg.mkPen((220, 110, 40), width=2), symbol="o", symbolSize=5, name="val"
        )
        for plot in (self.loss_plot, self.acc_plot):
            plot.setMinimumHeight(120)
            plot.setMouseEnabled(x=False, y=False)
        for curve in (self.loss_curve, self.smooth_curve):
            # thousands of batches: draw at most about one point per pixel
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)

        self.layer_box = QComboBox()
        self.layer_box.setToolTip("Conv layer whose kernels are drawn")
        self.layer_box.currentTextChanged.connect(self._layer_chosen)
        self.kernel_view = pg.GraphicsLayoutWidget()
        self.kernel_view.setMinimumHeight(120)
        box = self.kernel_view.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
        self.kernel_item = pg.ImageItem(axisOrder="col-major")
        self.kernel_item.setLevels((-1.0, 1.0))
        self.kernel_item.setLookupTable(_diverging_lut())
        box.addItem(self.kernel_item)
        self.kernel_box = box
        self.kernel_label = QLabel("Kernels: no conv layer yet.")
        self.maps_button = QPushButton("Feature maps")
        self.maps_button.setToolTip(
            "After training: the chosen layer's output for the first validation sample"
        )
        self.maps_button.setEnabled(False)
        self.maps_button.clicked.connect(self.show_feature_maps)
        self.maps_shape: tuple[int, ...] = ()

        self.confusion_view = pg.GraphicsLayoutWidget()
        self.confusion_view.setMinimumHeight(100)
        cbox = self.confusion_view.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
        self.confusion_item = pg.ImageItem(axisOrder="row-major")
        self.confusion_item.setLookupTable(_blues_lut())
        cbox.addItem(self.confusion_item)
        self.confusion_box = cbox
        self.confusion_label = QLabel("Confusion matrix: after training.")
        self.confusion_label.setWordWrap(True)
        self.confusion_matrix: np.ndarray | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.loss_plot, 2)
        layout.addWidget(self.acc_plot, 2)
        kernel_row = QHBoxLayout()
        kernel_row.addWidget(self.kernel_label, 1)
        kernel_row.addWidget(self.layer_box)
        kernel_row.addWidget(self.maps_button)
        layout.addLayout(kernel_row)
        layout.addWidget(self.kernel_view, 2)
        layout.addWidget(self.confusion_label)
        layout.addWidget(self.confusion_view, 1)
        self._update_buttons()

    def load_settings(self, *_: object) -> None:
        """Fill the form with the project's training settings (new document, undo)."""
        try:
            cfg = self.project_getter().training
        except Exception:  # noqa: BLE001 - no project yet: keep the widget defaults
            return
        index = self.dataset.findText(cfg.dataset)
        if index >= 0:
            self.dataset.setCurrentIndex(index)
        self.epochs_box.setValue(cfg.epochs)
        self.batch_box.setValue(cfg.batch_size)
        self.optimizer.setCurrentText(cfg.optimizer)
        self.lr.setValue(cfg.lr)
        self.schedule.setCurrentText(cfg.schedule)
        self.weight_decay.setValue(cfg.weight_decay)
        self.device.setCurrentText(cfg.device)

    def _connect_settings(self) -> None:
        """User edits (not programmatic loads) are reported through ``settingsEdited``."""
        for combo in (self.dataset, self.optimizer, self.schedule, self.device):
            combo.activated.connect(self._emit_settings)
        for spin in (self.epochs_box, self.batch_box, self.lr, self.weight_decay):
            spin.editingFinished.connect(self._emit_settings)

    def _emit_settings(self, *_: object) -> None:
        self.settingsEdited.emit(self.overrides())

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Data folder")
        if path:
            self.data_dir.setText(path)

    def overrides(self) -> dict[str, Any]:
        """The settings of the form, as training-config overrides."""
        return {
            "dataset": self.dataset.currentText(),
            "epochs": self.epochs_box.value(),
            "batch_size": self.batch_box.value(),
            "optimizer": self.optimizer.currentText(),
            "lr": float(self.lr.value()),
            "schedule": self.schedule.currentText(),
            "weight_decay": float(self.weight_decay.value()),
            "device": self.device.currentText(),
        }

    # -- controls ----------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Start training a snapshot of the current project."""
        if self.state != "idle":
            return
        from netbuilder.core.document import dumps

        text = dumps(self.project_getter())
        if self.thread is not None:  # the previous run's finished thread
            self.thread.wait()
        self.worker = TrainingWorker(text, self.overrides(), self.data_dir.text().strip())
        self.worker.layer = self.layer_box.currentText()
        # no parent: deleting the dock must never destroy a running thread (_keep_thread)
        self.thread = QThread()
        _keep_thread(self.thread, self.worker)
        # a deleted dock stops its run (a plain function: called at once, not queued)
        self.destroyed.connect(lambda _obj=None, worker=self.worker: worker.stop())
        self.thread.setObjectName("netbuilder-training")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.started.connect(self._on_started)
        self.worker.batches.connect(self._on_batches)
        self.worker.epoch.connect(self._on_epoch)
        self.worker.kernels.connect(self._on_kernels)
        self.worker.confusion.connect(self._on_confusion)
        self.worker.done.connect(self._on_done)
        self.worker.done.connect(self.thread.quit)
        self.state = "running"
        self.last_status = self.last_message = ""
        self.status.setText("Loading the data and compiling the network…")
        self.progress.setValue(0)
        self._update_buttons()
        self._install_close_guard()
        self.thread.start()
        self.training_started.emit()

    @Slot()
    def toggle_pause(self) -> None:
        """Pause a running training, or resume a paused one."""
        if self.worker is None:
            return
        if self.state == "running":
            self.worker.pause()
            self.state = "paused"
            self.status.setText(self.status.text() + "  (paused)")
        elif self.state == "paused":
            self.worker.resume()
            self.state = "running"
        self._update_buttons()

    @Slot()
    def stop(self) -> None:
        """Stop after the current batch (also ends a pause)."""
        if self.worker is not None and self.state != "idle":
            self.worker.stop()
            self.status.setText("Stopping…")

    def is_training(self) -> bool:
        """Whether a run is going on (also while it loads the data, pauses or stops)."""
        return self.state != "idle"

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop the worker and wait for its thread; ``True`` when it ended in time.

        A thread still running afterwards is kept alive until it ends (never destroyed).
        """
        if self.worker is not None:
            self.worker.stop()
        thread = self.thread
        if thread is None:
            return True
        thread.quit()
        return bool(thread.wait(timeout_ms))

    def _install_close_guard(self) -> None:
        top = self.window()
        if top is not self and not getattr(self, "_guarded", False):
            top.installEventFilter(self)
            self._guarded = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Close and watched is self.window():
            # after the window decided (it may refuse to close), stop if it really closed
            QTimer.singleShot(0, self, self._stop_if_hidden)
        return False

    def _stop_if_hidden(self) -> None:
        # ask to stop, without blocking the GUI: the thread ends after its batch
        if not self.window().isVisible() and self.worker is not None:
            self.worker.stop()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.worker is not None:
            self.worker.stop()
        super().closeEvent(event)

    def _update_buttons(self) -> None:
        idle = self.state == "idle"
        self.train_button.setEnabled(idle)
        self.pause_button.setEnabled(not idle)
        self.stop_button.setEnabled(not idle)
        self.pause_button.setText("Resume" if self.state == "paused" else "Pause")
        if not idle:
            self.maps_button.setEnabled(False)
        for w in (
            self.dataset,
            self.data_dir,
            self.epochs_box,
            self.batch_box,
            self.optimizer,
            self.lr,
            self.weight_decay,
            self.schedule,
            self.device,
        ):
            w.setEnabled(idle)

    # -- worker signals ----------------------------------------------------------------------
    @Slot(object)
    def _on_started(self, info: dict) -> None:
        self.epochs = info["epochs"]
        self.batches_per_epoch = max(1, info["batches"])
        self.train_samples = info["train"]
        self.total_samples = info["train"] * info["epochs"]
        capacity = self.epochs * self.batches_per_epoch
        self._loss_x = np.zeros(capacity)
        self._loss_y = np.zeros(capacity)
        self._smooth_y = np.zeros(capacity)
        self._epoch_x = np.zeros(self.epochs)
        self._val_loss = np.zeros(self.epochs)
        self._val_acc = np.zeros(self.epochs)
        self._train_acc = np.zeros(self.epochs)
        self._n_batches = self._n_epochs = 0
        self._ema = math.nan
        for curve in (
            self.loss_curve,
            self.smooth_curve,
            self.val_loss_curve,
            self.train_acc_curve,
            self.val_acc_curve,
        ):
            curve.setData([], [])
        self.loss_plot.setXRange(0, self.epochs, padding=0.02)
        self.acc_plot.setXRange(0, self.epochs, padding=0.02)
        self.layer_box.blockSignals(True)
        current = self.layer_box.currentText()
        self.layer_box.clear()
        self.layer_box.addItems(info["conv_layers"])
        if current in info["conv_layers"]:
            self.layer_box.setCurrentText(current)
        self.layer_box.blockSignals(False)
        if not info["conv_layers"]:
            self.kernel_label.setText("Kernels: this network has no conv layer.")
        self._start_time = time.perf_counter()
        paused = "  (paused)" if self.state == "paused" else ""
        self.status.setText(
            f"Training on {info['dataset']}: {info['train']:,} train / {info['val']:,} val samples."
            + paused
        )

    @Slot(object)
    def _on_batches(self, info: dict) -> None:
        losses = info["losses"]
        n0 = self._n_batches
        n = min(n0 + len(losses), len(self._loss_y))
        k = n - n0
        if k <= 0:
            return
        self._loss_y[n0:n] = losses[:k]
        self._loss_x[n0:n] = (np.arange(n0, n) + 1) / self.batches_per_epoch
        ema = self._ema
        for i in range(n0, n):
            v = self._loss_y[i]
            ema = v if math.isnan(ema) else 0.95 * ema + 0.05 * v
            self._smooth_y[i] = ema
        self._ema = ema
        self._n_batches = n
        self.loss_curve.setData(self._loss_x[:n], self._loss_y[:n])
        self.smooth_curve.setData(self._loss_x[:n], self._smooth_y[:n])
        if "samples" in info:
            done = info["samples"]
            rate = info["samples_per_s"]
            fraction = done / max(1, self.total_samples)
            self.progress.setValue(int(1000 * min(1.0, fraction)))
            elapsed = time.perf_counter() - self._start_time
            eta = elapsed / fraction - elapsed if fraction > 0 else math.inf
            paused = "  (paused)" if self.state == "paused" else ""
            self.status.setText(
                f"Epoch {info['epoch']}/{self.epochs} · batch {info['batch']}/{info['batches']}"
                f" · loss {losses[-1]:.4f} · {rate:,.0f} samples/s · ETA {_duration(eta)}" + paused
            )

    @Slot(object)
    def _on_epoch(self, event: Any) -> None:
        i = self._n_epochs
        if i >= len(self._epoch_x):
            return
        self._epoch_x[i] = event.epoch
        self._val_loss[i] = np.nan if event.val_loss is None else event.val_loss
        self._val_acc[i] = np.nan if event.val_acc is None else event.val_acc
        self._train_acc[i] = np.nan if event.train_acc is None else event.train_acc
        self._n_epochs = n = i + 1
        self.val_loss_curve.setData(self._epoch_x[:n], self._val_loss[:n])
        self.val_acc_curve.setData(self._epoch_x[:n], self._val_acc[:n])
        self.train_acc_curve.setData(self._epoch_x[:n], self._train_acc[:n])
        self.progress.setValue(int(1000 * event.epoch / max(1, self.epochs)))

    @Slot(str, object)
    def _on_kernels(self, name: str, weights: np.ndarray) -> None:
        self.kernel_shape = tuple(weights.shape)
        self.kernel_item.setLookupTable(_diverging_lut())
        self.kernel_item.setImage(kernel_grid(weights), autoLevels=False, levels=(-1.0, 1.0))
        self.kernel_box.autoRange(padding=0.02)
        dims = "×".join(str(d) for d in weights.shape)
        self.kernel_label.setText(f"Kernels of {name} ({dims})")
        if self.layer_box.currentText() != name:
            self.layer_box.blockSignals(True)
            self.layer_box.setCurrentText(name)
            self.layer_box.blockSignals(False)

    @Slot(object)
    def _on_confusion(self, info: dict) -> None:
        matrix = np.asarray(info["matrix"], dtype=np.float64)
        self.confusion_matrix = matrix
        rows = matrix.sum(axis=1, keepdims=True)
        share = np.divide(matrix, rows, out=np.zeros_like(matrix), where=rows > 0)
        self.confusion_item.setImage(share, autoLevels=False, levels=(0.0, 1.0))
        self.confusion_box.autoRange(padding=0.02)
        classes = info["classes"]
        samples = " ".join(
            f"{classes[p]}✓" if p == t else f"{classes[p]}✗({classes[t]})"
            for p, t in zip(info["pred"], info["true"], strict=True)
        )
        total = matrix.sum()
        acc = float(np.trace(matrix) / total) if total else math.nan
        self.confusion_label.setText(
            f"Confusion matrix on {int(total):,} validation labels (rows: true, columns: "
            f"predicted), accuracy {acc:.3f}. First predictions: {samples}"
        )

    @Slot()
    def show_feature_maps(self) -> None:
        """Draw the chosen conv layer's feature maps of the first validation sample."""
        worker = self.worker
        name = self.layer_box.currentText()
        if worker is None or worker.trainer is None or self.state != "idle" or not name:
            return
        from netbuilder.core.errors import NetBuilderError

        try:
            maps = worker.trainer.feature_maps(name).numpy()
        except (NetBuilderError, RuntimeError) as exc:
            self.kernel_label.setText(f"Feature maps: {exc}")
            return
        self.maps_shape = tuple(maps.shape)
        self.kernel_item.setImage(maps_grid(maps), autoLevels=False, levels=(0.0, 1.0))
        self.kernel_item.setLookupTable(None)
        self.kernel_box.autoRange(padding=0.02)
        dims = "×".join(str(d) for d in maps.shape)
        self.kernel_label.setText(f"Feature maps of {name} for validation sample 0 ({dims})")

    def _layer_chosen(self, name: str) -> None:
        if self.worker is not None and name:
            self.worker.layer = name
            if self.state == "idle":
                self.worker._send_kernels(force=True)  # shows the final weights

    @Slot(object)
    def _on_done(self, info: dict) -> None:
        self.state = "idle"
        self.last_status = info["status"]
        self.last_message = info.get("message", "")
        if info["status"] == "failed":
            self.status.setText(f"Training failed: {self.last_message}")
        else:
            epochs = self._n_epochs
            acc = self._val_acc[epochs - 1] if epochs else math.nan
            tail = f" · val_acc {acc:.3f}" if not math.isnan(acc) else ""
            word = "Stopped" if info["status"] == "stopped" else "Finished"
            self.status.setText(f"{word} after {epochs} epoch(s) on {info.get('device')}{tail}.")
            if info["status"] == "finished":
                self.progress.setValue(1000)
        self._update_buttons()
        trained = self.worker is not None and self.worker.trainer is not None
        self.maps_button.setEnabled(trained and self.layer_box.count() > 0)
        self.training_finished.emit(self.last_status, self.last_message)

    # -- read-only views for tests and the window --------------------------------------------
    @property
    def batch_points(self) -> int:
        """Points of the per-batch training-loss curve."""
        return self._n_batches

    @property
    def epoch_points(self) -> int:
        """Points of the per-epoch validation curves."""
        return self._n_epochs


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "?"
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _blues_lut() -> np.ndarray:
    """White (0) to dark blue (1), 256 colours."""
    t = np.linspace(0.0, 1.0, 256)[:, None]
    white, blue = np.array([255, 255, 255]), np.array([20, 70, 160])
    return (white + (blue - white) * t).astype(np.ubyte)


def _diverging_lut() -> np.ndarray:
    """Blue (negative) – white (0) – red (positive) lookup table of 256 colours."""
    t = np.linspace(-1.0, 1.0, 256)
    lut = np.empty((256, 3), dtype=np.ubyte)
    neg = t < 0
    lut[:, 0] = np.where(neg, 255 * (1 + t), 255)
    lut[:, 1] = 255 * (1 - np.abs(t))
    lut[:, 2] = np.where(neg, 255, 255 * (1 - t))
    return lut
