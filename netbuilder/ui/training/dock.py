"""The training dock: the settings form, Train / Pause / Stop, progress, curves and images.

It composes :class:`~.form.TrainingForm`, :class:`~.plots.TrainingPlots` and
:class:`~.images.ImageViews`, and runs a :class:`~.worker.TrainingWorker` in a thread of its
own (:mod:`.threads`); it only ever talks to the worker through its public methods and
signals.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netbuilder.ui.training.form import TrainingForm
from netbuilder.ui.training.hint_bar import HintBar
from netbuilder.ui.training.threads import keep_thread
from netbuilder.ui.training.worker import TrainingWorker

if TYPE_CHECKING:  # built on first use: pyqtgraph and numpy are not startup imports
    from netbuilder.ui.training.images import ImageViews
    from netbuilder.ui.training.plots import TrainingPlots

#: Widgets of the parts, also reachable on the dock (``dock.epochs_box`` …).
_FORM_FIELDS = (
    "dataset",
    "data_dir",
    "epochs_box",
    "batch_box",
    "optimizer",
    "lr",
    "weight_decay",
    "schedule",
    "device",
)


class TrainingDock(QWidget):
    """Settings, controls, progress, live curves, kernels and the confusion matrix.

    Parameters
    ----------
    project_getter : callable
        Returns the current :class:`~netbuilder.core.document.Project`; a snapshot of it is
        trained, so the canvas may keep changing.

    Attributes
    ----------
    form : TrainingForm
    plots : TrainingPlots
        Built on first use (:meth:`build_views`): pyqtgraph and numpy load only then.
    images : ImageViews
        Built with ``plots``.

    Signals
    -------
    training_started()
        A run began (the window may lock the canvas).
    settingsEdited(object)
        The user changed a setting of the form: a dict of TrainingConfig fields.
    training_finished(str, str)
        A run ended: status (``finished``, ``stopped``, ``failed``) and message.
    """

    training_started = Signal()
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
        self.total_samples = 0
        self._start_time = 0.0
        self._guarded = False
        self.refusal_box: QMessageBox | None = None
        self._plots: TrainingPlots | None = None
        self._images: ImageViews | None = None
        self._build()
        self.load_settings()

    def _build(self) -> None:
        self.form = TrainingForm()
        self.form.settingsEdited.connect(self.settingsEdited)
        for name in _FORM_FIELDS:
            setattr(self, name, getattr(self.form, name))
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

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.hint_bar = HintBar()
        self.hint_bar.applied.connect(self.form.apply)
        layout.addWidget(self.hint_bar)
        self._layout = layout
        self._update_buttons()

    @property
    def views_built(self) -> bool:
        """Whether the curves and images exist (they are built on first use)."""
        return self._plots is not None

    def build_views(self) -> None:
        """Build the curves and images now (the window calls this when the dock is shown).

        They import pyqtgraph and numpy, which the app does not need until then.
        """
        if self._plots is not None:
            return
        from netbuilder.ui.training.images import ImageViews
        from netbuilder.ui.training.plots import TrainingPlots

        self._plots = TrainingPlots()
        self._images = ImageViews()
        self._images.layerChosen.connect(self._layer_chosen)
        self._images.mapsRequested.connect(self._maps_requested)
        self._layout.addWidget(self._plots, 4)
        self._layout.addWidget(self._images, 3)
        if self.state != "idle":
            self._images.maps_button.setEnabled(False)

    @property
    def plots(self) -> TrainingPlots:
        """The live loss and accuracy curves (built on first use)."""
        self.build_views()
        assert self._plots is not None
        return self._plots

    @property
    def images(self) -> ImageViews:
        """Kernels, feature maps and the confusion matrix (built on first use)."""
        self.build_views()
        assert self._images is not None
        return self._images

    def load_settings(self, *_: object) -> None:
        """Fill the form with the project's training settings (new document, undo)."""
        try:
            cfg = self.project_getter().training
        except Exception:  # noqa: BLE001 - no project yet: keep the widget defaults
            return
        self.form.load(cfg)

    def overrides(self) -> dict[str, Any]:
        """The settings of the form, as training-config overrides."""
        return self.form.overrides()

    # -- controls ----------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Start training a snapshot of the current project."""
        if self.state != "idle":
            return
        from netbuilder.core.document import dumps

        text = dumps(self.project_getter())
        self._end_thread()  # the previous run's idle thread
        worker = TrainingWorker(text, self.overrides(), self.form.data_path())
        worker.layer = self.images.layer_box.currentText()
        # no parent: deleting the dock must never destroy a running thread (keep_thread)
        thread = QThread()
        thread.setObjectName("netbuilder-training")
        keep_thread(thread, worker)
        # a deleted dock ends its run (a plain function: called at once, not queued)
        self.destroyed.connect(lambda _obj=None, w=worker, t=thread: (w.stop(), t.quit()))
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.started.connect(self._on_started)
        worker.batches.connect(self._on_batches)
        worker.epoch.connect(self._on_epoch)
        worker.kernels.connect(self.images.show_kernels)
        worker.confusion.connect(self.images.show_confusion)
        worker.featureMaps.connect(self.images.show_maps)
        worker.mapsFailed.connect(self.images.show_maps_problem)
        worker.done.connect(self._on_done)
        worker.preparing.connect(self._on_preparing)
        worker.hint.connect(self.hint_bar.show_hint)
        self.hint_bar.clear()
        self.worker, self.thread = worker, thread
        self.state = "running"
        self.last_status = self.last_message = ""
        self.status.setText("Loading the data and compiling the network…")
        self.progress.setValue(0)
        self._update_buttons()
        self._install_close_guard()
        thread.start()
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

    def _end_thread(self) -> None:
        """Quit the previous run's thread (idle, serving requests) and wait for it."""
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()

    def _install_close_guard(self) -> None:
        top = self.window()
        if top is not self and not self._guarded:
            top.installEventFilter(self)
            self._guarded = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Close and watched is self.window():
            # after the window decided (it may refuse to close), stop if it really closed
            QTimer.singleShot(0, self, self._stop_if_hidden)
        return False

    def _stop_if_hidden(self) -> None:
        # ask to stop, without blocking the GUI: the thread ends after its batch; an idle
        # thread (only serving requests) ends at once
        if not self.window().isVisible():
            self._ask_to_end()
            if self.state == "idle" and self.thread is not None:
                self.thread.wait()

    def _ask_to_end(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.thread is not None:
            self.thread.quit()  # takes effect when the run returns to the event loop

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._ask_to_end()
        super().closeEvent(event)

    def _update_buttons(self) -> None:
        idle = self.state == "idle"
        self.train_button.setEnabled(idle)
        self.pause_button.setEnabled(not idle)
        self.stop_button.setEnabled(not idle)
        self.pause_button.setText("Resume" if self.state == "paused" else "Pause")
        if not idle and self._images is not None:
            self._images.maps_button.setEnabled(False)
        self.form.set_editable(idle)

    # -- requests to the worker ----------------------------------------------------------------
    def _layer_chosen(self, name: str) -> None:
        if self.worker is not None:
            self.worker.select_layer(name)  # its kernels come back through a signal

    def _maps_requested(self, name: str) -> None:
        if self.worker is not None and self.state == "idle":
            self.worker.request_feature_maps(name)

    # -- worker signals ----------------------------------------------------------------------
    @Slot(object)
    def _on_preparing(self, event: Any) -> None:
        """A set-up step before the first batch: its label and its own progress."""
        if event.step:
            self.status.setText(f"Preparing ({event.done + 1}/{event.total}): {event.step}…")
            self.progress.setFormat("preparing %p%")
            self.progress.setValue(int(1000 * event.done / max(1, event.total)))
        else:
            self.status.setText(f"Ready in {event.seconds:.1f} s; the first batch is running…")
            self.progress.setFormat("%p%")
            self.progress.setValue(0)

    @Slot(object)
    def _on_started(self, info: dict) -> None:
        self.total_samples = info["train"] * info["epochs"]
        self.plots.reset(info["epochs"], info["batches"])
        self.images.set_layers(info["conv_layers"])
        self.form.set_gpu_count(info.get("gpus", 0))
        self._start_time = time.perf_counter()
        paused = "  (paused)" if self.state == "paused" else ""
        self.status.setText(
            f"Training on {info['dataset']}: {info['train']:,} train / {info['val']:,} val samples."
            + "".join(f" {note}" for note in info.get("notes", ()))
            + paused
        )

    @Slot(object)
    def _on_batches(self, info: dict) -> None:
        losses = info["losses"]
        self.plots.add_batches(losses)
        if "samples" in info:
            rate = info["samples_per_s"]
            fraction = info["samples"] / max(1, self.total_samples)
            self.progress.setValue(int(1000 * min(1.0, fraction)))
            elapsed = time.perf_counter() - self._start_time
            eta = elapsed / fraction - elapsed if fraction > 0 else math.inf
            paused = "  (paused)" if self.state == "paused" else ""
            self.status.setText(
                f"Epoch {info['epoch']}/{self.plots.epochs} · batch {info['batch']}/"
                f"{info['batches']} · loss {losses[-1]:.4f} · {rate:,.0f} samples/s"
                f" · ETA {_duration(eta)}" + paused
            )

    @Slot(object)
    def _on_epoch(self, event: Any) -> None:
        self.plots.add_epoch(event)
        self.progress.setValue(int(1000 * event.epoch / max(1, self.plots.epochs)))

    @Slot(object)
    def _on_done(self, info: dict) -> None:
        self.progress.setFormat("%p%")
        self.state = "idle"
        self.last_status = info["status"]
        self.last_message = info.get("message", "")
        if info["status"] == "failed":
            self.status.setText(f"Training failed: {self.last_message}")
            if info.get("too_large"):
                self._show_refusal(self.last_message)
        else:
            epochs = self.plots.epoch_points
            acc = self.plots.last_val_acc()
            tail = f" · val_acc {acc:.3f}" if not math.isnan(acc) else ""
            word = "Stopped" if info["status"] == "stopped" else "Finished"
            self.status.setText(f"{word} after {epochs} epoch(s) on {info.get('device')}{tail}.")
            if info["status"] == "finished":
                self.progress.setValue(1000)
        self._update_buttons()
        trained = self.worker is not None and self.worker.trainer is not None
        self.images.maps_button.setEnabled(trained and self.images.layer_box.count() > 0)
        self.training_finished.emit(self.last_status, self.last_message)

    def _show_refusal(self, sentence: str) -> None:
        """A dialog (window-modal, not blocking the event loop) with the core's sentence."""
        box = QMessageBox(
            QMessageBox.Warning, "Cannot train this network", sentence, QMessageBox.Ok, self
        )
        box.setObjectName("trainingRefused")
        box.setTextInteractionFlags(Qt.TextSelectableByMouse)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModal)
        self.refusal_box = box
        box.open()

    # -- read-only views for tests and the window --------------------------------------------
    @property
    def batch_points(self) -> int:
        """Points of the per-batch training-loss curve."""
        return self.plots.batch_points

    @property
    def epoch_points(self) -> int:
        """Points of the per-epoch validation curves."""
        return self.plots.epoch_points


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "?"
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"
