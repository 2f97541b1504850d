"""The training worker: a Qt-free :class:`~netbuilder.train.trainer.Trainer` in a ``QThread``.

Everything it reports reaches the GUI through (queued) signals carrying plain Python /
numpy objects; batch losses are gathered and sent at most every :data:`EMIT_INTERVAL_S`
(and kernel pictures every :data:`KERNEL_INTERVAL_S`, plus one at each epoch's end), so
the GUI repaints its curves about once a second whatever the batch rate: each repaint
takes about 10 ms of the GUI thread and the interpreter lock, which the trainer then
waits for (on two cores, also one of its two intra-op threads); the dock paces its
updates the same way (:mod:`.pacer`). The GUI thread never touches the trainer: it calls
the thread-safe controls (:meth:`~TrainingWorker.stop`, ``pause``, ``resume``) and the public
requests (:meth:`~TrainingWorker.select_layer`, :meth:`~TrainingWorker.request_feature_maps`)
whose work runs in the worker's thread. After a run the thread stays alive (its event loop
serves those requests) until the dock quits it.

Thread policy: the trainer uses torch's intra-op thread count as it is, the same as a
headless run (``netbuilder train``). Leaving a core to the GUI cost 30 % of the speed on
two cores and bought no smoother painting (the GUI thread mostly waits on its event loop).
torch is imported in the worker only, so building the dock does not load torch, and the
app sets OpenMP's wait policy before it loads (:mod:`netbuilder.train.openmp`): torch
work on a second thread of the process otherwise halves the speed of every later
training on two cores (the GUI thread never runs torch: exports that do run in
:mod:`netbuilder.ui.background_call`).
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from netbuilder.ui.i18n import translate

#: Seconds between two batch updates sent to the GUI (curves, progress, ETA).
EMIT_INTERVAL_S = 1.0
#: Seconds between two kernel pictures sent to the GUI while an epoch runs.
KERNEL_INTERVAL_S = 5.0


class TrainingWorker(QObject):
    """Runs one training in a worker thread; reports through (queued) signals.

    Parameters
    ----------
    project_text : str
        The project document to train (a snapshot).
    overrides : dict
        Training-config fields set in the dock.
    data_dir : str or None
        The data folder or file.
    runs_root : path, optional
        Where the new run folder goes (:func:`~netbuilder.train.runs.runs_folder`).
    project_file : path, optional
        The saved document the run belongs to.
    resume : path, optional
        A run folder to continue (same network; refused naming the first changed layer).
    load : path, optional
        A run folder whose best weights are loaded into the network instead of training.

    Signals
    -------
    started(dict)
        Dataset size, epochs, batches per epoch, the conv layers, the device, the run
        folder (``run``, or ``None`` with the reason in ``not_kept``) and, on resume, the
        earlier epochs (``history``).
    batches(dict)
        ``losses`` since the last update (and progress, LR and speed when an epoch runs).
    filesLost(str)
        The run folder cannot be written any more: training goes on without it.
    epoch(object)
        An :class:`~netbuilder.train.trainer.EpochEnd`.
    kernels(str, ndarray)
        The weights of a conv layer.
    confusion(dict)
        The validation confusion matrix, the first predictions and their inputs.
    featureMaps(str, int, ndarray)
        A layer's output for a validation sample (answers a request).
    mapsFailed(str)
        Why the feature maps cannot be computed (one sentence).
    preparing(object)
        A :class:`~netbuilder.train.events.Preparing` step before the first batch.
    hint(object)
        A :class:`~netbuilder.train.events.Hint`: the run does not learn.
    done(dict)
        ``status`` (``finished``, ``stopped``, ``failed``, ``loaded``), ``message``,
        ``device`` and ``run``;
        ``too_large`` is True when the network was refused because it cannot fit in memory.
    """

    started = Signal(object)
    batches = Signal(object)
    epoch = Signal(object)
    kernels = Signal(str, object)
    confusion = Signal(object)
    featureMaps = Signal(str, int, object)  # noqa: N815 - Qt naming
    filesLost = Signal(str)  # noqa: N815 - Qt naming
    mapsFailed = Signal(str)  # noqa: N815 - Qt naming
    preparing = Signal(object)
    hint = Signal(object)
    done = Signal(object)
    # requests, queued into the worker's thread
    _kernelsWanted = Signal()  # noqa: N815 - Qt naming
    _mapsWanted = Signal(str, int)  # noqa: N815 - Qt naming

    def __init__(
        self,
        project_text: str,
        overrides: dict[str, Any],
        data_dir: str | None,
        *,
        runs_root: Any = None,
        project_file: Any = None,
        resume: Any = None,
        load: Any = None,
    ):
        super().__init__()
        self.project_text = project_text
        self.overrides = overrides
        self.data_dir = data_dir or None
        self.runs_root = runs_root
        self.project_file = project_file
        self.resume_run = resume
        self.load_run = load
        #: The run folder written (or loaded), once known.
        self.run_path: Any = resume or load
        self.trainer: Any = None
        self._files_lost = False
        self.layer = ""
        self.running = False
        self._stop_requested = False
        self._pause_requested = False
        self._layer_changed = False
        self._control = threading.Lock()  # pause/resume vs. the trainer being created
        self._pending: list[float] = []
        self._last_emit = 0.0
        self._speed = _TrainingSpeed()
        self._last_batch: Any = None  # the latest BatchEnd
        self._last_kernel = 0.0
        self._conv: dict[str, Any] = {}
        self._kernelsWanted.connect(self._send_chosen_kernels, Qt.QueuedConnection)
        self._mapsWanted.connect(self._send_feature_maps, Qt.QueuedConnection)

    # -- thread-safe controls and requests (called from the GUI thread) ----------------------
    def stop(self) -> None:
        """Stop after the current batch."""
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
        """Continue a paused run."""
        with self._control:
            self._pause_requested = False
            self._speed.skip()  # the pause is no part of the speed
            if self.trainer is not None:
                self.trainer.resume()

    def select_layer(self, name: str) -> None:
        """Draw conv layer ``name`` from now on; its kernels follow through ``kernels``."""
        self.layer = name
        self._layer_changed = True  # a running epoch sends them at its next update
        self._kernelsWanted.emit()  # served by the thread's event loop once no run is going

    def request_feature_maps(self, name: str, index: int = 0) -> None:
        """Ask for ``name``'s feature maps for validation sample ``index``; ``featureMaps``
        or ``mapsFailed`` answers."""
        self._mapsWanted.emit(name, index)

    # -- the worker's thread ------------------------------------------------------------------
    @Slot()
    def run(self) -> None:
        """Build the trainer and train (in the worker thread)."""
        self.running = True
        try:
            info = self._run()
        except Exception as exc:  # noqa: BLE001 - reported as one sentence
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            info = {"status": "failed", "message": text}
        self.running = False  # before done: requests made on done are served
        self.done.emit(info)

    def _run(self) -> dict[str, Any]:
        from torch import nn

        from netbuilder.core.document import loads
        from netbuilder.core.errors import NetBuilderError
        from netbuilder.core.memory import MemoryNeedError
        from netbuilder.train.distributed import gpu_count
        from netbuilder.train.session import make_trainer, training_config

        try:
            project = loads(self.project_text)
            config = training_config(project, **self.overrides)
            if config.all_gpus and gpu_count() > 1:
                return self._run_distributed(project, config)
            trainer = make_trainer(
                project,
                config,
                data_dir=self.data_dir,
                callbacks=[self._on_event],
                resume_from=self._checkpoint(),
            )
            history, not_kept = self._attach_run(project, config, trainer)
        except NetBuilderError as exc:
            too_large = isinstance(exc, MemoryNeedError)
            return {"status": "failed", "message": str(exc), "too_large": too_large}
        with self._control:
            self.trainer = trainer
            if self._pause_requested:
                trainer.pause()
        if self._stop_requested:
            trainer.stop()
        self._conv = {
            name: m
            for name, m in trainer.model.named_modules()
            if isinstance(m, nn.Conv2d | nn.Conv1d)
        }
        if self.layer not in self._conv:
            self.layer = next(iter(self._conv), "")
        self.started.emit(
            {
                "dataset": trainer.data.name,
                "train": len(trainer.data.train),
                "val": len(trainer.data.val),
                "epochs": config.epochs,
                "batches": math.ceil(len(trainer.data.train) / config.batch_size),
                "conv_layers": list(self._conv),
                "layers": _layers(trainer.model),
                "notes": list(trainer.data.notes),
                "gpus": gpu_count(),
                "device": _device_name(config.device),
                "lr": config.lr,
                "run": self.run_path,
                "not_kept": not_kept,
                "history": history,
                "loaded": self.load_run is not None,
            }
        )
        self._send_kernels(force=True)
        if self.load_run is not None:
            status, message = "loaded", ""
        else:
            result = trainer.run()  # torch's thread count as is: the same as headless
            status, message = result.status, result.message
            self._flush(None)
            self._send_kernels(force=True)
            if not result.history:
                return {"status": status, "message": message, "device": str(trainer.device)}
        self._send_confusion(trainer)
        return {
            "status": status,
            "message": message,
            "device": str(trainer.device),
            "run": self.run_path,
            "files_error": trainer.files_error,
        }

    def _checkpoint(self) -> Any:
        from pathlib import Path

        return Path(self.resume_run) / "checkpoint.pt" if self.resume_run is not None else None

    def _attach_run(self, project: Any, config: Any, trainer: Any) -> tuple[list[Any], str]:
        """Resume, load or create the run folder; the earlier epochs and why none is kept.

        Raises
        ------
        TrainingError
            When the network changed since the run to resume or load (names the layer).
        """
        from netbuilder.train import runs

        trainer.files_optional = True  # the app trains on when the folder cannot be written
        if self.load_run is not None:
            state = runs.load_weights(self.load_run, "best")
            runs.check_network(self.load_run, project, trainer.model, state, doing="load")
            trainer.model.load_state_dict(state)
            return runs.load_metrics(self.load_run), ""
        if self.resume_run is not None:
            runs.check_resume(self.resume_run, project, trainer.model)
            info = runs.read_run(self.resume_run)
            if config.epochs <= info.epochs_done:
                raise runs.TrainingError(
                    translate(
                        "TrainingWorker",
                        "The run {id} already trained {epochs_done} epoch(s); set Epochs above "
                        "{epochs_done} to continue it.",
                    ).format(id=info.id, epochs_done=info.epochs_done)
                )
            history = runs.load_metrics(self.resume_run)
            runs.attach_run(trainer, runs.update_settings(info, config))
            return history, ""
        try:
            info = runs.create_run(
                project, config, root=self.runs_root, project_file=self.project_file
            )
        except runs.RunWriteError as exc:
            return [], str(exc)
        self.run_path = info.path
        runs.attach_run(trainer, info)
        return [], ""

    def _run_distributed(self, project: Any, config: Any) -> dict[str, Any]:
        """Train on every GPU under torchrun; rank 0's events drive the same signals."""
        from netbuilder.train.distributed import gpu_count, run_distributed
        from netbuilder.train.session import load_data

        count = gpu_count()
        data = load_data(project, config, self.data_dir)  # sizes for the dashboard
        per_rank = len(data.train) // count
        self.started.emit(
            {
                "dataset": data.name,
                "train": per_rank,  # what rank 0 reports (samples of its shard)
                "val": len(data.val),
                "epochs": config.epochs,
                "batches": math.ceil(per_rank / config.batch_size),
                "conv_layers": [],
                "layers": [],
                "notes": list(data.notes),
                "gpus": count,
                "device": translate("TrainingWorker", "{count} GPUs (DDP)").format(count=count),
                "lr": config.lr,
                "history": [],
                "loaded": False,
            }
        )
        status = run_distributed(
            self.project_text,
            self.overrides,
            count,
            self._on_event,
            data_dir=self.data_dir,
            should_stop=lambda: self._stop_requested,
        )
        self._flush(None)
        ok = status == 0
        if self._stop_requested:
            return {
                "status": "stopped",
                "message": "",
                "device": translate("TrainingWorker", "{count} GPUs (DDP)").format(count=count),
            }
        return {
            "status": "finished" if ok else "failed",
            "message": ""
            if ok
            else translate(
                "TrainingWorker", "The run on {count} GPUs failed (exit status {status})."
            ).format(count=count, status=status),
            "device": translate("TrainingWorker", "{count} GPUs (DDP)").format(count=count),
        }

    @Slot()
    def _send_chosen_kernels(self) -> None:
        self._send_kernels(force=True)

    @Slot(str, int)
    def _send_feature_maps(self, name: str, index: int) -> None:
        from netbuilder.core.errors import NetBuilderError

        if self.trainer is None or self.running:
            self.mapsFailed.emit(translate("TrainingWorker", "they are drawn after training."))
            return
        try:
            maps = self.trainer.feature_maps(name, index).float().numpy()
        except (NetBuilderError, RuntimeError) as exc:
            self.mapsFailed.emit(str(exc))
            return
        self.featureMaps.emit(name, index, maps)

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
        matrix = confusion_matrix(pred, true, k).numpy()
        if self.run_path is not None and self.load_run is None and trainer.out_dir is not None:
            from netbuilder.train.runs import write_confusion

            try:
                write_confusion(self.run_path, matrix.tolist(), classes)
            except NetBuilderError as exc:
                self.filesLost.emit(str(exc))
        self.confusion.emit(
            {
                "matrix": matrix,
                "classes": classes,
                "pred": pred[:12].tolist(),
                "true": true[:12].tolist(),
                "inputs": _first_inputs(trainer.data.val, 12),
            }
        )

    def _send_kernels(self, force: bool = False) -> None:
        now = time.perf_counter()
        module = self._conv.get(self.layer)
        due = force or self._layer_changed or now - self._last_kernel >= KERNEL_INTERVAL_S
        if module is None or not due:
            return
        self._last_kernel = now
        self._layer_changed = False
        self.kernels.emit(self.layer, module.weight.detach().float().cpu().numpy().copy())

    def _flush(self, event: Any) -> None:
        if not self._pending:
            return
        import numpy as np  # training has imported it (torch does): not at app startup

        info: dict[str, Any] = {"losses": np.asarray(self._pending, dtype=np.float64)}
        if event is not None:
            info.update(
                epoch=event.epoch,
                batch=event.batch,
                batches=event.batches,
                samples=event.samples,
                samples_per_s=self._speed.since_last_read(),
                lr=event.lr,
            )
        self._pending = []
        self._last_emit = time.perf_counter()
        self.batches.emit(info)

    def _on_event(self, event: Any) -> None:
        from netbuilder.train.trainer import BatchEnd, EpochEnd, Hint, Preparing

        if isinstance(event, Preparing):
            self.preparing.emit(event)
        elif isinstance(event, Hint):
            self.hint.emit(event)
        elif isinstance(event, BatchEnd):
            self._speed.add(event, time.perf_counter())
            self._last_batch = event
            self._pending.extend(event.losses)
            if time.perf_counter() - self._last_emit >= EMIT_INTERVAL_S:
                self._flush(event)
                self._send_kernels()
        elif isinstance(event, EpochEnd):
            self._flush(self._last_batch)  # with the progress and speed at the epoch's end
            self._send_kernels(force=True)
            self.epoch.emit(event)
            error = self.trainer.files_error if self.trainer is not None else None
            if error and not self._files_lost:
                self._files_lost = True
                self.filesLost.emit(error)


class _TrainingSpeed:
    """Samples per second of training since the dashboard last read it.

    The trainer's own rate covers the current epoch so far, which an update early in an
    epoch reads from a batch or two. Here the samples and the time between two batch
    reports of the same epoch add up; what lies between epochs (validation, checkpoints)
    and a pause are left out. :meth:`add` and :meth:`since_last_read` run in the worker's
    thread; :meth:`skip` may come from the GUI thread (one assignment).
    """

    def __init__(self) -> None:
        self._last: tuple[int, int, float] | None = None  # (epoch, samples, time) reported
        self._samples = 0  # samples trained since the last read
        self._seconds = 0.0  # and the time they took
        self._rate = 0.0  # the trainer's rate in its latest report

    def add(self, event: Any, now: float) -> None:
        """A ``BatchEnd`` reported at ``now``."""
        last, self._last = self._last, (event.epoch, event.samples, now)
        self._rate = event.samples_per_s
        if last is not None and last[0] == event.epoch and event.samples > last[1]:
            self._samples += event.samples - last[1]
            self._seconds += now - last[2]

    def skip(self) -> None:
        """The time up to the next report is no training (a pause)."""
        self._last = None

    def since_last_read(self) -> float:
        """The speed since the previous read; the trainer's rate when less than 50 ms of
        training was measured (the first update of a run)."""
        samples, seconds = self._samples, self._seconds
        self._samples, self._seconds = 0, 0.0
        return samples / seconds if seconds >= 0.05 else self._rate


def _layers(model: Any) -> list[str]:
    """Names of the modules whose output can be drawn (containers left out)."""
    from torch import nn

    containers = nn.Sequential | nn.ModuleList | nn.ModuleDict
    return [n for n, m in model.named_modules() if n and not isinstance(m, containers)]


def _device_name(name: str) -> str:
    from netbuilder.core.errors import NetBuilderError
    from netbuilder.train.devices import pick_device

    try:
        return str(pick_device(name))
    except NetBuilderError:
        return name


def _first_inputs(part: Any, n: int) -> Any:
    """The first ``n`` inputs of ``part`` as a numpy array (``None`` when unreadable)."""
    from netbuilder.train.datasets import make_loader

    try:
        xb, _ = next(iter(make_loader(part, n, "cpu", shuffle=False)))
        return xb[:n].detach().float().cpu().numpy()
    except Exception:  # noqa: BLE001 - pictures are a bonus; predictions show without them
        return None
