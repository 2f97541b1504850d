"""The training dock: settings, Train / Pause / Stop, the runs, and the dashboard.

A left column holds the (collapsible) :class:`~.form.TrainingForm`, the controls, the
status and the document's runs (:class:`~.runs_view.RunsView`); the right side is the
:class:`~.dashboard.Dashboard`. Each training runs a :class:`~.worker.TrainingWorker` in a
thread of its own (:mod:`.threads`), writing a run folder
(:mod:`netbuilder.train.runs`); the dock only talks to the worker through its public
methods and signals.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netbuilder.ui.i18n import translate
from netbuilder.ui.training.form import TrainingForm
from netbuilder.ui.training.hint_bar import HintBar
from netbuilder.ui.training.info import duration_text
from netbuilder.ui.training.pacer import Pacer
from netbuilder.ui.training.runs_view import RunsView
from netbuilder.ui.training.threads import keep_thread
from netbuilder.ui.training.worker import TrainingWorker

if TYPE_CHECKING:  # built on first use: pyqtgraph and numpy are not startup imports
    from netbuilder.ui.training.dashboard import Dashboard
    from netbuilder.ui.training.plots import TrainingPlots

#: Width of the left column (settings, controls, runs) before the screen's scale factor.
LEFT_WIDTH = 330

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
    path_getter : callable, optional
        Returns the document's file (``None`` while unsaved): its runs live beside it.

    Attributes
    ----------
    form : TrainingForm
    runs : RunsView
        The document's runs.
    dashboard : Dashboard
        Built on first use (:meth:`build_views`): pyqtgraph and numpy load only then.
    plots : TrainingPlots
        The dashboard's curves.

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

    def __init__(
        self,
        project_getter: Callable[[], Any],
        parent: QWidget | None = None,
        *,
        path_getter: Callable[[], Any] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("trainingDock")
        self.project_getter = project_getter
        self.path_getter = path_getter or (lambda: None)
        self.shown_runs: list[Path] = []
        self.thread: QThread | None = None
        self.worker: TrainingWorker | None = None
        self.state = "idle"  # idle | running | paused
        self.last_status = ""
        self.last_message = ""
        self.total_samples = 0
        self._settings_shown = True
        self._start_epoch = self._train_samples = 0
        #: Why this run's results are not kept ("" while they are).
        self.not_kept = ""
        self._start_time = 0.0
        self._guarded = False
        self.refusal_box: QMessageBox | None = None
        self._dashboard: Dashboard | None = None
        # the worker's reports, shown together at most once a second (:mod:`.pacer`)
        self._pending_batches: list[dict] = []
        self._pending_epochs: list[Any] = []
        self._pending_kernels: tuple[str, Any] | None = None
        self._pacer = Pacer(self._show_pending, parent=self)
        self._build()
        self.load_settings()
        self.refresh_runs()

    def _build(self) -> None:
        self.form = TrainingForm()
        self.form.settingsEdited.connect(self.settingsEdited)
        for name in _FORM_FIELDS:
            setattr(self, name, getattr(self.form, name))
        self.settings_button = QToolButton()
        self.settings_button.setText(translate("TrainingDock", "Settings"))
        self.settings_button.setCheckable(True)
        self.settings_button.setChecked(True)
        self.settings_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.settings_button.setArrowType(Qt.DownArrow)
        self.settings_button.setToolTip(
            translate("TrainingDock", "Show or hide the training settings")
        )
        self.settings_button.toggled.connect(self._toggle_settings)
        self.train_button = QPushButton(translate("TrainingDock", "Train"))
        self.pause_button = QPushButton(translate("TrainingDock", "Pause"))
        self.stop_button = QPushButton(translate("TrainingDock", "Stop"))
        self.train_button.clicked.connect(self.start)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        for b in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel(translate("TrainingDock", "Ready."))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.runs = RunsView()
        self.runs.showRequested.connect(self.show_runs)
        self.runs.resumeRequested.connect(self.resume_run)
        self.runs.loadRequested.connect(self.load_run)
        self.runs.deleteRequested.connect(self.delete_run)
        runs_title = QLabel(translate("TrainingDock", "Runs"))
        runs_title.setStyleSheet("font-weight: bold;")

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 4, 0)
        column.addWidget(self.settings_button)
        column.addWidget(self.form)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addWidget(runs_title)
        column.addWidget(self.runs, 1)
        left.setMinimumWidth(260)
        self.left = left
        self.right = QWidget()
        self._right_layout = QVBoxLayout(self.right)
        self._right_layout.setContentsMargins(0, 0, 0, 0)
        self.hint_bar = HintBar()  # above the dashboard: the whole width for its sentence
        self.hint_bar.applied.connect(self.form.apply)
        self._right_layout.addWidget(self.hint_bar)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([LEFT_WIDTH, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.splitter)
        self._update_buttons()

    def _toggle_settings(self, shown: bool) -> None:
        self.form.setVisible(shown)
        self.settings_button.setArrowType(Qt.DownArrow if shown else Qt.RightArrow)

    @property
    def views_built(self) -> bool:
        """Whether the dashboard exists (it is built on first use)."""
        return self._dashboard is not None

    def build_views(self) -> None:
        """Build the dashboard now (the window calls this when the dock is shown).

        It imports pyqtgraph and numpy, which the app does not need until then.
        """
        if self._dashboard is not None:
            return
        from netbuilder.ui.training.dashboard import Dashboard

        board = Dashboard()
        self._dashboard = board
        board.kernels.layerChosen.connect(self._layer_chosen)
        board.maps.mapsRequested.connect(self._maps_requested)
        self._right_layout.addWidget(board)  # its plots follow the palette (light/dark)

    @property
    def dashboard(self) -> Dashboard:
        """Curves, info, kernels, confusion matrix, predictions, feature maps."""
        self.build_views()
        assert self._dashboard is not None
        return self._dashboard

    @property
    def plots(self) -> TrainingPlots:
        """The loss and accuracy curves (built on first use)."""
        return self.dashboard.plots

    @property
    def images(self) -> Dashboard:
        """The dashboard (kernels, feature maps, confusion matrix); kept for callers."""
        return self.dashboard

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
        """Start training a snapshot of the current project (a new run)."""
        self._launch()

    def resume_run(self, path: Path) -> None:
        """Continue run ``path`` up to the Epochs setting (same network, else refused)."""
        self._launch(resume=Path(path))

    def load_run(self, path: Path) -> None:
        """Load run ``path``'s best weights into the network for predictions and maps."""
        self._launch(load=Path(path))

    def runs_root(self) -> Path:
        """Where the document's runs live (beside its file, or the user data folder)."""
        from netbuilder.train.runs import runs_folder

        return runs_folder(self.path_getter())

    def _launch(self, resume: Path | None = None, load: Path | None = None) -> None:
        if self.state != "idle":
            return
        from netbuilder.core.document import dumps

        text = dumps(self.project_getter())
        self._end_thread()  # the previous run's idle thread
        overrides = self.overrides()
        if load is not None:
            overrides = self._run_settings(load, overrides)
            if overrides is None:
                return
        path = self.path_getter()
        worker = TrainingWorker(
            text,
            overrides,
            self.form.data_path(),
            runs_root=self.runs_root(),
            project_file=path,
            resume=resume,
            load=load,
        )
        worker.layer = self.dashboard.kernels.layer_box.currentText()
        # no parent: deleting the dock must never destroy a running thread (keep_thread)
        thread = QThread()
        thread.setObjectName("netbuilder-training")
        keep_thread(thread, worker)
        # a deleted dock ends its run (a plain function: called at once, not queued)
        self.destroyed.connect(lambda _obj=None, w=worker, t=thread: _end_run(w, t))
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.started.connect(self._on_started)
        worker.batches.connect(self._on_batches)
        worker.epoch.connect(self._on_epoch)
        board = self.dashboard
        worker.kernels.connect(self._on_kernels)
        worker.confusion.connect(self._on_confusion)
        worker.featureMaps.connect(board.maps.show_maps)
        worker.mapsFailed.connect(board.maps.show_problem)
        worker.filesLost.connect(self._on_files_lost)
        worker.done.connect(self._on_done)
        worker.preparing.connect(self._on_preparing)
        worker.hint.connect(self.hint_bar.show_hint)
        self.hint_bar.clear()
        self.worker, self.thread = worker, thread
        self._drop_pending()
        # the form is locked while training: fold it away so the dashboard gets the room
        self._settings_shown = self.settings_button.isChecked()
        self.settings_button.setChecked(False)
        self.state = "running"
        self.last_status = self.last_message = ""
        self.not_kept = ""
        self.shown_runs = []
        board.clear_results()
        board.info.clear()
        board.info.set(status="loading" if load is None else "loading the run")
        doing = translate("TrainingDock", "Loading the data and compiling the network…")
        if load is not None:
            doing = translate("TrainingDock", "Loading the run {name} into the network…").format(
                name=load.name
            )
        self.status.setText(doing)
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
            self.status.setText(translate("TrainingDock", "Stopping…"))

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
        self.pause_button.setText(
            translate("TrainingDock", "Resume")
            if self.state == "paused"
            else translate("TrainingDock", "Pause")
        )
        if not idle and self._dashboard is not None:
            self._dashboard.maps.maps_button.setEnabled(False)
        self.form.set_editable(idle)
        self.runs.set_busy(not idle)

    # -- runs ------------------------------------------------------------------------------------
    def run_in_use(self) -> Path | None:
        """The run being trained, or the one loaded into the network."""
        worker = self.worker
        if worker is None or worker.run_path is None:
            return None
        loaded = worker.load_run is not None and worker.trainer is not None
        if self.state != "idle" or loaded:
            return Path(worker.run_path)
        return None

    def refresh_runs(self, *_: object) -> None:
        """List the document's runs again (a run ended, the document was saved elsewhere)."""
        from netbuilder.train.runs import list_runs

        root = self.runs_root()
        self.runs.set_runs(list_runs(root, self.path_getter()), root)

    def show_runs(self, paths: list[Path]) -> None:
        """Reopen one run (curves, confusion matrix) or overlay the curves of several."""
        from netbuilder.core.errors import NetBuilderError
        from netbuilder.train.runs import load_batches, load_confusion, load_metrics, read_run

        try:
            infos = [read_run(p) for p in paths]
            histories = [load_metrics(p) for p in paths]
        except NetBuilderError as exc:
            self.status.setText(str(exc))
            return
        board = self.dashboard
        self.shown_runs = [Path(p) for p in paths]
        board.tabs.setCurrentIndex(0)
        if len(infos) > 1:
            board.plots.overlay([(i.id, h) for i, h in zip(infos, histories, strict=True)])
            self.status.setText(
                translate(
                    "TrainingDock",
                    "{infos} runs overlaid: validation solid, training dashed, one colour each.",
                ).format(infos=len(infos))
            )
            return
        info, history = infos[0], histories[0]
        board.plots.show_history(history, info.epochs, load_batches(info.path))
        board.clear_results()
        try:
            confusion = load_confusion(info.path)
        except NetBuilderError:
            confusion = None
        if confusion is not None:
            board.confusion.show_confusion(confusion)
        best = "–" if info.best_val_acc is None else f"{info.best_val_acc:.3f}"
        board.info.set(
            status=info.status,
            elapsed=duration_text(info.duration),
            epoch=f"{info.epochs_done}/{info.epochs}",
            iteration="–",
            lr=f"{history[-1].lr:.3g}" if history else "–",
            speed="–",
            eta="–",
            device=info.device or "–",
            best=best,
            run=info.id,
        )
        self.status.setText(
            translate(
                "TrainingDock",
                "Run {id}: {epochs_done} epoch(s) on {dataset}, best val acc {best}. Load it for "
                "predictions and feature maps.",
            ).format(id=info.id, epochs_done=info.epochs_done, dataset=info.dataset, best=best)
        )

    def _run_settings(self, path: Path, overrides: dict[str, Any]) -> dict[str, Any] | None:
        """The run's own settings for loading it (the dataset it was validated on)."""
        from netbuilder.core.errors import NetBuilderError
        from netbuilder.train.runs import load_settings

        try:
            settings = load_settings(path).to_dict()
        except NetBuilderError as exc:
            self.status.setText(str(exc))
            return None
        settings["device"] = overrides.get("device", settings["device"])
        return settings

    def delete_run(self, path: Path) -> None:
        """Delete run ``path`` after asking; the run in use is refused with a sentence."""
        from netbuilder.core.errors import NetBuilderError
        from netbuilder.train.runs import RunInUseError, delete_run

        in_use = self.run_in_use()
        if in_use is not None and in_use.resolve() == Path(path).resolve():
            try:
                delete_run(path, in_use=in_use)
            except RunInUseError as exc:
                self.status.setText(str(exc))
            return
        box = QMessageBox(
            QMessageBox.Question,
            translate("TrainingDock", "Delete run"),
            translate(
                "TrainingDock", "Delete the run {name} and its weights? This cannot be undone."
            ).format(name=Path(path).name),
            QMessageBox.Yes | QMessageBox.Cancel,
            self,
        )
        box.setObjectName("deleteRun")
        box.setDefaultButton(QMessageBox.Cancel)
        if box.exec() != QMessageBox.Yes:
            return
        try:
            delete_run(path, in_use=in_use)
        except NetBuilderError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(
            translate("TrainingDock", "Deleted the run {name}.").format(name=Path(path).name)
        )
        self.refresh_runs()

    # -- requests to the worker ----------------------------------------------------------------
    def _layer_chosen(self, name: str) -> None:
        if self.worker is not None:
            self.worker.select_layer(name)  # its kernels come back through a signal

    def _maps_requested(self, name: str, index: int) -> None:
        if self.worker is not None and self.state == "idle":
            self.worker.request_feature_maps(name, index)

    # -- worker signals ----------------------------------------------------------------------
    @Slot(object)
    def _on_preparing(self, event: Any) -> None:
        """A set-up step before the first batch: the progress bar names it and counts steps."""
        if event.step:
            self.progress.setFormat(f"{event.step} ({event.done + 1}/{event.total})")
            self.progress.setValue(int(1000 * event.done / max(1, event.total)))
        else:
            self.progress.setFormat("%p%")
            self.progress.setValue(0)
            self.progress.setToolTip(
                translate("TrainingDock", "Set-up before the first batch: {seconds:.1f} s").format(
                    seconds=event.seconds
                )
            )

    @Slot(object)
    def _on_started(self, info: dict) -> None:
        board = self.dashboard
        history = info.get("history") or []
        start = 0 if info.get("loaded") else len(history)
        self.total_samples = info["train"] * max(1, info["epochs"] - start)
        self.plots.reset(max(info["epochs"], len(history)), info["batches"], start_epoch=start)
        self.plots.add_epochs(history)
        board.kernels.set_layers(info["conv_layers"])
        board.maps.set_layers(info["layers"], info["val"])
        self.form.set_gpu_count(info.get("gpus", 0))
        self._start_time = time.perf_counter()
        self._start_epoch, self._train_samples = start, info["train"]
        run = info.get("run")
        self.not_kept = info.get("not_kept") or ""
        board.info.set(
            status="loaded" if info.get("loaded") else "training",
            epoch=f"{start}/{info['epochs']}",
            lr=f"{info['lr']:.3g}",
            device=info["device"],
            run=Path(run).name if run else translate("TrainingDock", "not kept"),
        )
        self._show_best()
        paused = "  (paused)" if self.state == "paused" else ""
        kept = ""
        if self.not_kept:
            kept = translate("TrainingDock", " Its results will not be kept: {not_kept}").format(
                not_kept=self.not_kept
            )
        elif run and not info.get("loaded"):
            kept = translate("TrainingDock", " Results are kept in {run}.").format(run=run)
        self.status.setText(
            translate(
                "TrainingDock", "Training on {dataset}: {train:,} train / {val:,} val samples."
            ).format(dataset=info["dataset"], train=info["train"], val=info["val"])
            + "".join(f" {note}" for note in info.get("notes", ()))
            + kept
            + paused
        )
        self.refresh_runs()

    def _show_best(self) -> None:
        best = self.plots.best_val_acc()
        self.dashboard.info.set(best="–" if math.isnan(best) else f"{best:.3f}")

    @Slot(str)
    def _on_files_lost(self, sentence: str) -> None:
        self.not_kept = sentence
        self.dashboard.info.set(run=translate("TrainingDock", "not kept"))
        self.runs.where.setText(
            translate("TrainingDock", "This run's results will not be kept: {sentence}").format(
                sentence=sentence
            )
        )

    @Slot(object)
    def _on_confusion(self, info: dict) -> None:
        board = self.dashboard
        board.confusion.show_confusion(info)
        board.predictions.show_predictions(info)

    # -- reports, shown at the pacer's rate ---------------------------------------------------
    @Slot(object)
    def _on_batches(self, info: dict) -> None:
        self._pending_batches.append(info)
        self._pacer.request()

    @Slot(object)
    def _on_epoch(self, event: Any) -> None:
        self._pending_epochs.append(event)
        self._pacer.request()

    @Slot(str, object)
    def _on_kernels(self, name: str, weights: Any) -> None:
        self._pending_kernels = (name, weights)  # only the newest picture is drawn
        self._pacer.request()

    def _drop_pending(self) -> None:
        self._pending_batches, self._pending_epochs = [], []
        self._pending_kernels = None

    def _show_pending(self) -> None:
        """Show every report received since the last update, in one update."""
        batches, epochs, kernels = (
            self._pending_batches,
            self._pending_epochs,
            self._pending_kernels,
        )
        self._drop_pending()
        if batches:
            self._show_batches(_merged(batches))
        if epochs:
            self._show_epochs(epochs)
        if kernels is not None:
            self.dashboard.kernels.show_kernels(*kernels)

    def _show_batches(self, info: dict) -> None:
        losses = info["losses"]
        self.plots.add_batches(losses)
        if "samples" in info:
            rate = info["samples_per_s"]
            done = info["samples"] - self._start_epoch * self._train_samples
            fraction = max(0, done) / max(1, self.total_samples)
            self._set_progress(int(1000 * min(1.0, fraction)))
            elapsed = time.perf_counter() - self._start_time
            eta = elapsed / fraction - elapsed if fraction > 0 else math.inf
            paused = "  (paused)" if self.state == "paused" else ""
            iteration = (info["epoch"] - 1) * info["batches"] + info["batch"]
            self.dashboard.info.set(
                status="paused" if self.state == "paused" else "training",
                elapsed=duration_text(elapsed),
                epoch=f"{info['epoch']}/{self.plots.epochs}",
                iteration=f"{iteration:,}/{self.plots.epochs * info['batches']:,}",
                lr=f"{info['lr']:.3g}",
                speed=f"{rate:,.0f}",
                eta=duration_text(eta),
            )
            self.status.setText(
                translate(
                    "TrainingDock",
                    "Epoch {epoch}/{epochs} · batch {batch}/{batches} · loss {losses:.4f} · "
                    "{rate:,.0f} samples/s · ETA {eta}",
                ).format(
                    epoch=info["epoch"],
                    epochs=self.plots.epochs,
                    batch=info["batch"],
                    batches=info["batches"],
                    losses=losses[-1],
                    rate=rate,
                    eta=_duration(eta),
                )
                + paused
            )

    def _show_epochs(self, events: list[Any]) -> None:
        """The epochs that ended since the last update: the curves drawn once."""
        self.plots.add_epochs(events)
        self._show_best()
        event = events[-1]
        per_epoch = self.plots.batches_per_epoch
        self.dashboard.info.set(
            epoch=f"{event.epoch}/{self.plots.epochs}",
            iteration=f"{event.epoch * per_epoch:,}/{self.plots.epochs * per_epoch:,}",
        )
        self._set_progress(int(1000 * event.epoch / max(1, self.plots.epochs)))

    def _set_progress(self, value: int) -> None:
        """Move the progress bar; an unchanged value costs nothing (``setValue`` repaints
        the bar at once, not at the next paint)."""
        if value != self.progress.value():
            self.progress.setValue(value)

    @Slot(object)
    def _on_done(self, info: dict) -> None:
        self._pacer.flush()  # the last curves and kernels before the final words
        self.progress.setFormat("%p%")
        self.state = "idle"
        self.last_status = info["status"]
        self.last_message = info.get("message", "")
        board = self.dashboard
        board.info.set(status=info["status"], eta="–")
        if info.get("files_error"):
            self.not_kept = info["files_error"]
        if info["status"] == "failed":
            self.status.setText(
                translate("TrainingDock", "Training failed: {last_message}").format(
                    last_message=self.last_message
                )
            )
            if info.get("too_large"):
                self._show_refusal(self.last_message)
        elif info["status"] == "loaded":
            run = Path(info["run"]).name if info.get("run") else ""
            self.status.setText(
                translate(
                    "TrainingDock",
                    "Loaded the run {run} into the network (best weights): its predictions and "
                    "feature maps are in the Results tab.",
                ).format(run=run)
            )
            board.tabs.setCurrentIndex(1)
        else:
            epochs = self.plots.epoch_points
            acc = self.plots.last_val_acc()
            tail = (
                translate("TrainingDock", " · val_acc {acc:.3f}").format(acc=acc)
                if not math.isnan(acc)
                else ""
            )
            word = (
                translate("TrainingDock", "Stopped")
                if info["status"] == "stopped"
                else translate("TrainingDock", "Finished")
            )
            kept = (
                translate("TrainingDock", " Its results will not be kept: {not_kept}").format(
                    not_kept=self.not_kept
                )
                if self.not_kept
                else (
                    translate("TrainingDock", " Kept in run {name}.").format(
                        name=Path(info["run"]).name
                    )
                    if info.get("run")
                    else ""
                )
            )
            self.status.setText(
                translate(
                    "TrainingDock", "{word} after {epochs} epoch(s) on {device}{tail}."
                ).format(word=word, epochs=epochs, device=info.get("device"), tail=tail)
                + kept
            )
            if info["status"] == "finished":
                self.progress.setValue(1000)
        self._update_buttons()
        self.settings_button.setChecked(self._settings_shown)
        trained = self.worker is not None and self.worker.trainer is not None
        board.maps.maps_button.setEnabled(trained and board.maps.layer_box.count() > 0)
        self.refresh_runs()
        self.training_finished.emit(self.last_status, self.last_message)

    def _show_refusal(self, sentence: str) -> None:
        """A dialog (window-modal, not blocking the event loop) with the core's sentence."""
        box = QMessageBox(
            QMessageBox.Warning,
            translate("TrainingDock", "Cannot train this network"),
            sentence,
            QMessageBox.Ok,
            self,
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
        """Points of the per-epoch curves."""
        return self.plots.epoch_points


def _end_run(worker: TrainingWorker, thread: QThread) -> None:
    """Stop ``worker`` and quit ``thread`` unless Qt already deleted them (app quit)."""
    try:
        worker.stop()
        thread.quit()
    except RuntimeError:  # already deleted: nothing runs any more
        pass


def _merged(reports: list[dict]) -> dict:
    """One batch report for several: every loss, and the newest progress."""
    if len(reports) == 1:
        return reports[0]
    import numpy as np  # the dashboard is built: pyqtgraph imported it already

    info: dict[str, Any] = {}
    for report in reports:
        info.update(report)
    info["losses"] = np.concatenate([np.asarray(r["losses"]) for r in reports])
    return info


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return "?"
    seconds = int(seconds)
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"
