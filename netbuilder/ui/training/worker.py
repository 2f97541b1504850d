"""The training worker: a Qt-free :class:`~netbuilder.train.trainer.Trainer` in a ``QThread``.

Everything it reports reaches the GUI through (queued) signals carrying plain Python /
numpy objects; batch losses are gathered and sent at most every :data:`EMIT_INTERVAL_S`,
so painting never slows training. The GUI thread never touches the trainer: it calls the
thread-safe controls (:meth:`~TrainingWorker.stop`, ``pause``, ``resume``) and the public
requests (:meth:`~TrainingWorker.select_layer`, :meth:`~TrainingWorker.request_feature_maps`)
whose work runs in the worker's thread. After a run the thread stays alive (its event loop
serves those requests) until the dock quits it.

Thread policy: the trainer uses torch's intra-op thread count as it is, the same as a
headless run (``netbuilder train``). Leaving a core to the GUI cost 30 % of the speed on
two cores and bought no smoother painting (the GUI thread mostly waits on its event loop).
torch is imported in the worker only, so building the dock does not load torch.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

#: Seconds between two batch updates sent to the GUI.
EMIT_INTERVAL_S = 0.4
#: Seconds between two kernel pictures sent to the GUI while an epoch runs.
KERNEL_INTERVAL_S = 2.0


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

    Signals
    -------
    started(dict)
        Dataset size, epochs, batches per epoch and the conv layers.
    batches(dict)
        ``losses`` since the last update (and progress when an epoch runs).
    epoch(object)
        An :class:`~netbuilder.train.trainer.EpochEnd`.
    kernels(str, ndarray)
        The weights of a conv layer.
    confusion(dict)
        The validation confusion matrix and the first predictions (classification).
    featureMaps(str, ndarray)
        A layer's output for the first validation sample (answers a request).
    mapsFailed(str)
        Why the feature maps cannot be computed (one sentence).
    preparing(object)
        A :class:`~netbuilder.train.events.Preparing` step before the first batch.
    hint(object)
        A :class:`~netbuilder.train.events.Hint`: the run does not learn.
    done(dict)
        ``status`` (``finished``, ``stopped``, ``failed``), ``message`` and ``device``;
        ``too_large`` is True when the network was refused because it cannot fit in memory.
    """

    started = Signal(object)
    batches = Signal(object)
    epoch = Signal(object)
    kernels = Signal(str, object)
    confusion = Signal(object)
    featureMaps = Signal(str, object)  # noqa: N815 - Qt naming
    mapsFailed = Signal(str)  # noqa: N815 - Qt naming
    preparing = Signal(object)
    hint = Signal(object)
    done = Signal(object)
    # requests, queued into the worker's thread
    _kernelsWanted = Signal()  # noqa: N815 - Qt naming
    _mapsWanted = Signal(str)  # noqa: N815 - Qt naming

    def __init__(self, project_text: str, overrides: dict[str, Any], data_dir: str | None):
        super().__init__()
        self.project_text = project_text
        self.overrides = overrides
        self.data_dir = data_dir or None
        self.trainer: Any = None
        self.layer = ""
        self.running = False
        self._stop_requested = False
        self._pause_requested = False
        self._layer_changed = False
        self._control = threading.Lock()  # pause/resume vs. the trainer being created
        self._pending: list[float] = []
        self._last_emit = 0.0
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
            if self.trainer is not None:
                self.trainer.resume()

    def select_layer(self, name: str) -> None:
        """Draw conv layer ``name`` from now on; its kernels follow through ``kernels``."""
        self.layer = name
        self._layer_changed = True  # a running epoch sends them at its next update
        self._kernelsWanted.emit()  # served by the thread's event loop once no run is going

    def request_feature_maps(self, name: str) -> None:
        """Ask for ``name``'s feature maps; ``featureMaps`` or ``mapsFailed`` answers."""
        self._mapsWanted.emit(name)

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
                return self._run_distributed()
            trainer = make_trainer(
                project, config, data_dir=self.data_dir, callbacks=[self._on_event]
            )
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
                "notes": list(trainer.data.notes),
                "gpus": gpu_count(),
            }
        )
        self._send_kernels(force=True)
        result = trainer.run()  # torch's thread count as is: the same as headless
        self._flush(None)
        self._send_kernels(force=True)
        if result.history:
            self._send_confusion(trainer)
        return {"status": result.status, "message": result.message, "device": str(trainer.device)}

    def _run_distributed(self) -> dict[str, Any]:
        """Train on every GPU under torchrun; rank 0's events drive the same signals."""
        from netbuilder.train.distributed import gpu_count, run_distributed

        count = gpu_count()
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
            return {"status": "stopped", "message": "", "device": f"{count} GPUs (DDP)"}
        return {
            "status": "finished" if ok else "failed",
            "message": "" if ok else f"The run on {count} GPUs failed (exit status {status}).",
            "device": f"{count} GPUs (DDP)",
        }

    @Slot()
    def _send_chosen_kernels(self) -> None:
        self._send_kernels(force=True)

    @Slot(str)
    def _send_feature_maps(self, name: str) -> None:
        from netbuilder.core.errors import NetBuilderError

        if self.trainer is None or self.running:
            self.mapsFailed.emit("they are drawn after training.")
            return
        try:
            maps = self.trainer.feature_maps(name).numpy()
        except (NetBuilderError, RuntimeError) as exc:
            self.mapsFailed.emit(str(exc))
            return
        self.featureMaps.emit(name, maps)

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
                samples_per_s=event.samples_per_s,
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
            self._pending.extend(event.losses)
            if time.perf_counter() - self._last_emit >= EMIT_INTERVAL_S:
                self._flush(event)
                self._send_kernels()
        elif isinstance(event, EpochEnd):
            self._flush(None)
            self._send_kernels(force=True)
            self.epoch.emit(event)
