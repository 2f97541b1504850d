"""The Qt-free trainer: the training loop, stop/pause/resume, evaluation.

A :class:`Trainer` takes any ``nn.Module`` (usually the compiled graph), a
:class:`~netbuilder.train.datasets.Data` and a
:class:`~netbuilder.core.training_config.TrainingConfig`. :meth:`Trainer.run` never raises for
a training problem: it reports a :class:`Failed` event with one sentence and returns a
:class:`TrainResult`. The GUI runs it in a worker thread and calls :meth:`Trainer.stop`,
:meth:`Trainer.pause` and :meth:`Trainer.resume` from the GUI thread.

The pieces live in their own modules: events (:mod:`~netbuilder.train.events`), checkpoints
(:mod:`~netbuilder.train.checkpoints`), tasks and losses (:mod:`~netbuilder.train.tasks`),
optimizers and schedules (:mod:`~netbuilder.train.optim`), batching
(:mod:`~netbuilder.train.batching`) and devices (:mod:`~netbuilder.train.devices`); their
public names are re-exported here.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.amp import device_amp_dtype, maybe_compile, needs_scaler
from netbuilder.train.checkpoints import (
    CHECKPOINT_FORMAT,
    CHECKPOINT_VERSION,
    atomic_torch_save,
    load_checkpoint,
    same_schedule,
    write_metrics,
)
from netbuilder.train.datasets import Data, make_loader
from netbuilder.train.devices import pick_device
from netbuilder.train.errors import Diverged, TrainingError
from netbuilder.train.evaluation import (
    EvalSettings,
    layer_output,
    loss_and_accuracy,
    predictions,
)
from netbuilder.train.events import (
    BatchEnd,
    Callback,
    EpochEnd,
    Event,
    Failed,
    Finished,
    Hint,
    Preparing,
    TrainResult,
)
from netbuilder.train.freezing import frozen_children, train_mode
from netbuilder.train.hints import stall_hint
from netbuilder.train.optim import make_optimizer, make_schedule, resumed_schedule
from netbuilder.train.setup_steps import SetupSteps
from netbuilder.train.tasks import (
    LossFn,
    check_output,
    confusion_matrix,
    count_correct,
    last_leaf_is_sigmoid,
    loss_function,
    shape_text,
)
from netbuilder.train.tensorboard import TensorBoardLogger

__all__ = [
    "CHECKPOINT_FORMAT",
    "CHECKPOINT_VERSION",
    "BatchEnd",
    "Callback",
    "EpochEnd",
    "Event",
    "Failed",
    "Finished",
    "Hint",
    "Preparing",
    "TrainResult",
    "Trainer",
    "TrainingError",
    "atomic_torch_save",
    "confusion_matrix",
    "load_checkpoint",
    "pick_device",
]


def _bad(values: Sequence[float]) -> str:
    return "NaN" if any(v != v for v in values) else "infinite"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


@dataclass
class _Run:
    """What one call of :meth:`Trainer.run` trains with."""

    loader: Any
    steps: int
    opt: torch.optim.Optimizer
    sched: Any
    scaler: torch.amp.GradScaler
    loss_fn: LossFn
    frozen: list[str] = field(default_factory=list)
    start_epoch: int = 0
    best: float = -math.inf


@dataclass
class _EpochTotals:
    """Running sums of one epoch (device tensors, read once at its end)."""

    loss_sum: Tensor
    correct: Tensor
    labels: int = 0
    seen: int = 0
    stopped: bool = False
    t0: float = field(default_factory=time.perf_counter)


class Trainer:
    """Train ``model`` on ``data`` with ``config``, reporting events to ``callbacks``.

    Parameters
    ----------
    model : nn.Module
        The network (moved to the chosen device).
    data : Data
        Training and validation parts.
    config : TrainingConfig
        Epochs, batch size, optimizer, schedule, task, seed, device.
    callbacks : sequence of callable, optional
        Each is called with every event (:class:`BatchEnd`, :class:`EpochEnd`,
        :class:`Finished`, :class:`Failed`) from the training thread.
    out_dir : str or Path, optional
        Where ``checkpoint.pt`` (resumable, each epoch), ``model.pt`` (last weights),
        ``best.pt`` (best validation weights) and ``metrics.csv`` are written.
    resume_from : str or Path, optional
        A ``checkpoint.pt`` to continue from (same network and settings).
    sync_every : int, optional
        Batches between loss reads; default 1 on CPU/MPS and 10 on CUDA.
    setup : SetupSteps, optional
        The set-up steps reported so far (:func:`~netbuilder.train.session.make_trainer`
        reports compiling and loading); the trainer reports its own two.
    files_optional : bool, optional
        When ``out_dir`` cannot be written, keep training without files and say why in
        :attr:`files_error` (the app); by default the run fails (the CLI).
    """

    def __init__(
        self,
        model: nn.Module,
        data: Data,
        config: TrainingConfig,
        callbacks: Sequence[Callback] = (),
        out_dir: str | os.PathLike[str] | None = None,
        resume_from: str | os.PathLike[str] | None = None,
        sync_every: int | None = None,
        setup: SetupSteps | None = None,
        files_optional: bool = False,
    ) -> None:
        self.model = model
        self.data = data
        self.config = config
        self.callbacks = list(callbacks)
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.resume_from = resume_from
        self.sync_every = sync_every
        self.files_optional = files_optional
        #: Why ``out_dir`` could not be written (``files_optional``): one sentence, or None.
        self.files_error: str | None = None
        self.device = torch.device("cpu")
        self.history: list[EpochEnd] = []
        self._stop = threading.Event()
        self._running = threading.Event()
        self._blocked = threading.Event()
        self._running.set()
        self.sigmoid_output = False
        self.amp = False
        self.amp_dtype: torch.dtype | None = None
        self.forward: nn.Module = model  # the compiled network when config.compile
        #: Wraps the network for training (DistributedDataParallel in a distributed run).
        self.wrap: Callable[[nn.Module], nn.Module] | None = None
        self.setup = setup or SetupSteps(self._emit)
        self.setup.emit = self._emit  # later callbacks hear the remaining steps too

    # -- control (thread-safe) ---------------------------------------------------------------
    def stop(self) -> None:
        """Ask the run to stop after the current batch (also ends a pause)."""
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        """Pause after the current batch until :meth:`resume` or :meth:`stop`."""
        self._running.clear()

    def resume(self) -> None:
        """Continue a paused run."""
        self._running.set()

    @property
    def paused(self) -> bool:
        """Whether a pause was requested."""
        return not self._running.is_set()

    @property
    def is_blocked(self) -> bool:
        """Whether the run is actually waiting in a pause (no batch in flight)."""
        return self._blocked.is_set()

    def _emit(self, event: Event) -> None:
        for cb in self.callbacks:
            cb(event)

    # -- checks ------------------------------------------------------------------------------
    def check(self) -> None:
        """Check, before training, that the network fits the data and the task.

        Raises
        ------
        TrainingError
            With one sentence: input shape, output size or label mismatch.
        """
        cfg, data = self.config, self.data
        try:
            cfg.validate()
        except ValueError as exc:
            raise TrainingError(f"Training setting: {exc}.") from None
        if len(data.train) == 0:
            raise TrainingError(f"The dataset '{data.name}' has no training samples.")
        loader = make_loader(data.train, min(2, len(data.train)), self.device, shuffle=False)
        try:
            xb, yb = next(iter(loader))
        except Exception as exc:  # noqa: BLE001 - an unreadable sample is one sentence
            raise TrainingError(
                f"Cannot read the first samples of '{data.name}': "
                f"{_first_line(exc) or type(exc).__name__}."
            ) from None
        was_training = self.model.training
        self.model.eval()
        try:
            with torch.no_grad():
                out, self.sigmoid_output = last_leaf_is_sigmoid(self.model, xb)
        except Exception as exc:  # noqa: BLE001 - any forward failure means a misfit
            raise TrainingError(
                f"The network cannot take the samples of '{data.name}' "
                f"({shape_text(xb.shape[1:])}): {_first_line(exc) or type(exc).__name__}"
            ) from None
        finally:
            self.model.train(was_training)
        if not isinstance(out, Tensor):
            raise TrainingError("The network must return one tensor.")
        check_output(cfg.task, data.name, data.num_classes, out, yb)

    # -- pieces ------------------------------------------------------------------------------
    def _loss_fn(self) -> LossFn:
        return loss_function(self.config.task, self.sigmoid_output)

    def _correct(self, out: Tensor, y: Tensor) -> Tensor | None:
        """Number of correct predictions (a device tensor), ``None`` for regression."""
        return count_correct(self.config.task, out, y, self.sigmoid_output)

    def _optimizer(self) -> torch.optim.Optimizer:
        cfg = self.config
        params = [p for p in self.model.parameters() if p.requires_grad]
        if not params:
            if any(True for _ in self.model.parameters()):
                raise TrainingError(
                    "Every layer with parameters is frozen: unfreeze at least one to train."
                )
            raise TrainingError("The network has no trainable parameters.")
        return make_optimizer(params, cfg.optimizer, cfg.lr, cfg.momentum, cfg.weight_decay)

    def _scheduler(self, opt: torch.optim.Optimizer, steps_per_epoch: int):
        cfg = self.config
        return make_schedule(opt, cfg.schedule, cfg.lr, cfg.epochs, steps_per_epoch)

    def _autocast(self):
        if self.amp_dtype is not None:
            return torch.autocast("cuda", dtype=self.amp_dtype)
        return torch.autocast("cpu", enabled=False)

    # -- queries after (or while) training ---------------------------------------------------
    def predictions(self, part=None) -> tuple[Tensor, Tensor]:
        """Predicted and true labels (CPU, int64, flattened over steps) on ``part``.

        ``part`` is the validation part by default. Classification and binary tasks only.

        Raises
        ------
        TrainingError
            For a regression task.
        """
        part = self.data.val if part is None else part
        return predictions(self.model, part, self.config.task, self._eval_settings())

    def feature_maps(self, layer: str, index: int = 0, part=None) -> Tensor:
        """What module ``layer`` outputs for sample ``index`` (without the batch dimension).

        The sample comes from ``part``: the validation part by default, the training part
        when there is no validation data.

        Raises
        ------
        TrainingError
            When there is no such layer or sample.
        """
        if part is None:
            part = self.data.val if len(self.data.val) else self.data.train
        return layer_output(self.model, part, layer, index, self.device)

    def evaluate(self, part=None) -> tuple[float | None, float | None]:
        """Mean loss and accuracy on the validation part (``None, None`` when empty)."""
        part = self.data.val if part is None else part
        return loss_and_accuracy(self.model, part, self.config.task, self._eval_settings())

    def _eval_settings(self) -> EvalSettings:
        return EvalSettings(
            self.device, self.config.batch_size, self.sigmoid_output, self._autocast
        )

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> TrainResult:
        """Train; never raises for a training problem (see :class:`Failed`)."""
        try:
            self._setup()
        except TrainingError as exc:
            return self._fail(str(exc), "setup", "setup")
        except torch.cuda.OutOfMemoryError:
            return self._oom("setup")
        except Exception as exc:  # noqa: BLE001 - the check never shows a traceback
            text = _first_line(exc)
            return self._fail(
                f"Training cannot start: {type(exc).__name__}{': ' + text if text else ''}.",
                "setup",
                "setup",
            )
        try:
            return self._train()
        except Diverged as exc:
            return self._fail(str(exc), "training", "diverged")
        except torch.cuda.OutOfMemoryError:
            return self._oom("training")
        except TrainingError as exc:
            return self._fail(str(exc), "training", "setup")
        except Exception as exc:  # noqa: BLE001 - reported as one sentence, never a traceback
            text = _first_line(exc)
            return self._fail(
                f"Training failed: {type(exc).__name__}{': ' + text if text else ''}.",
                "training",
                "error",
            )

    def _setup(self) -> None:
        """Device, seed, output folder, and the pre-training :meth:`check`."""
        cfg = self.config
        self.setup.start(2)
        self.device = pick_device(cfg.device)
        self.amp_dtype = device_amp_dtype(self.device)
        self.amp = needs_scaler(self.amp_dtype)  # loss scaling (float16 only)
        torch.manual_seed(cfg.seed)
        self.model.to(self.device)
        if self.out_dir is not None:
            try:
                self.out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                message = f"Cannot create the output folder {self.out_dir}: {exc.strerror}."
                if not self.files_optional:
                    raise TrainingError(message) from None
                self.files_error, self.out_dir = message, None
        self._add_tensorboard()
        self.check()
        wrapped = self.wrap(self.model) if self.wrap is not None else self.model
        self.forward = maybe_compile(wrapped, cfg.compile)

    def _add_tensorboard(self) -> None:
        """Log to TensorBoard event files in the output folder when the settings ask."""
        if not self.config.tensorboard:
            return
        if self.out_dir is None:
            raise TrainingError("TensorBoard logging needs an output folder for its files.")
        self.callbacks.append(TensorBoardLogger(self.out_dir))

    def _fail(self, message: str, stage: str, reason: str) -> TrainResult:
        self._emit(Failed(message, stage, reason))
        return TrainResult("failed", list(self.history), message, reason, stage)

    def _oom(self, stage: str) -> TrainResult:
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        half = max(1, self.config.batch_size // 2)
        return self._fail(
            f"The GPU ran out of memory with batch size {self.config.batch_size}; "
            f"try a batch size of {half}.",
            stage,
            "oom",
        )

    def _train(self) -> TrainResult:
        run = self._prepare()
        stopped = False
        for epoch in range(run.start_epoch, self.config.epochs):
            totals = self._train_epoch(run, epoch)
            stopped = totals.stopped
            if stopped and totals.seen == 0:
                break
            train_loss, train_acc = self._train_metrics(totals, epoch)
            if stopped:
                break  # a partial epoch is not recorded
            self._end_epoch(run, epoch, totals, train_loss, train_acc)
        result = TrainResult("stopped" if stopped else "finished", list(self.history))
        done = len(self.history)
        self._emit(Finished(done, stopped, result.best_val_acc, tuple(self.history)))
        return result

    def _prepare(self) -> _Run:
        """Loader, optimizer, schedule, scaler and loss; the checkpoint's state on resume."""
        cfg = self.config
        self.setup.start(3)
        loader = make_loader(
            self.data.train, cfg.batch_size, self.device, shuffle=True, seed=cfg.seed
        )
        steps = len(loader)
        opt = self._optimizer()
        run = _Run(
            loader=loader,
            steps=steps,
            opt=opt,
            sched=self._scheduler(opt, steps),
            scaler=torch.amp.GradScaler("cuda", enabled=self.amp),
            loss_fn=self._loss_fn(),
            frozen=frozen_children(self.model),
        )
        if self.resume_from is not None:
            self._resume(run)
        self.setup.finish()
        return run

    def _resume(self, run: _Run) -> None:
        """Continue from ``resume_from``: weights, optimizer, schedule, random state."""
        cfg = self.config
        ckpt = load_checkpoint(self.resume_from)  # type: ignore[arg-type]
        try:
            self.model.load_state_dict(ckpt["model"])
            run.opt.load_state_dict(ckpt["optimizer"])
            if same_schedule(ckpt, cfg.schedule, cfg.epochs, run.steps):
                if run.sched is not None and ckpt.get("scheduler") is not None:
                    run.sched.load_state_dict(ckpt["scheduler"])
            else:
                run.sched = resumed_schedule(
                    run.opt, cfg.schedule, cfg.lr, cfg.epochs, run.steps, int(ckpt["epoch"])
                )
            if ckpt.get("scaler"):
                run.scaler.load_state_dict(ckpt["scaler"])
        except (RuntimeError, KeyError, ValueError) as exc:
            raise TrainingError(
                f"The checkpoint {self.resume_from} does not fit this network or these "
                f"settings ({_first_line(exc)[:120]})."
            ) from None
        run.start_epoch = int(ckpt["epoch"])
        run.best = float(ckpt.get("best", -math.inf))
        torch.set_rng_state(ckpt["rng"])
        if self.device.type == "cuda" and ckpt.get("cuda_rng"):
            torch.cuda.set_rng_state_all(ckpt["cuda_rng"])
        self.history = [EpochEnd(**e) for e in ckpt.get("history", [])]

    def _wait_while_paused(self) -> bool:
        """Block while paused; whether a stop was asked."""
        if not self._running.is_set():
            self._blocked.set()
            self._running.wait()
            self._blocked.clear()
        return self._stop.is_set()

    def _train_epoch(self, run: _Run, epoch: int) -> _EpochTotals:
        """One pass over the training data; batch losses are read every ``sync_every``."""
        sync_every = self.sync_every or (10 if self.device.type == "cuda" else 1)
        totals = _EpochTotals(
            torch.zeros((), device=self.device),
            torch.zeros((), device=self.device, dtype=torch.int64),
        )
        run.loader.set_epoch(epoch)
        train_mode(self.model, run.frozen)
        pending: list[Tensor] = []
        for i, (xb, yb) in enumerate(run.loader):
            if self._wait_while_paused():
                totals.stopped = True
                break
            loss, out = self._step(run, xb, yb)
            pending.append(loss)
            totals.loss_sum += loss * xb.shape[0]
            c = self._correct(out, yb)
            if c is not None:
                totals.correct += c
                totals.labels += int(yb.numel())
            totals.seen += int(xb.shape[0])
            if len(pending) >= sync_every or i == run.steps - 1:
                self._report_batches(run, epoch, i, pending, totals)
                pending.clear()
        return totals

    def _step(self, run: _Run, xb: Tensor, yb: Tensor) -> tuple[Tensor, Tensor]:
        """One optimisation step; the detached loss and output."""
        with self._autocast():
            out = self.forward(xb)
        loss = run.loss_fn(out.float(), yb)
        run.opt.zero_grad(set_to_none=True)
        run.scaler.scale(loss).backward()
        run.scaler.step(run.opt)
        scale = run.scaler.get_scale() if self.amp else 1.0
        run.scaler.update()
        # with AMP an inf/NaN gradient skips optimizer.step (the scale drops): the schedule
        # waits for a real step too
        if run.sched is not None and not (self.amp and run.scaler.get_scale() < scale):
            run.sched.step()
        return loss.detach(), out.detach()

    def _report_batches(
        self, run: _Run, epoch: int, i: int, pending: list[Tensor], totals: _EpochTotals
    ) -> None:
        """Read the pending losses (one sync), stop on NaN, report a :class:`BatchEnd`."""
        values = torch.stack(pending).tolist()
        if not all(math.isfinite(v) for v in values):
            raise Diverged(
                f"The loss became {_bad(values)} in epoch {epoch + 1}, batch {i + 1}: "
                f"{self._advice()}"
            )
        elapsed = time.perf_counter() - totals.t0
        self._emit(
            BatchEnd(
                epoch + 1,
                i + 1,
                run.steps,
                values[-1],
                tuple(values),
                epoch * run.loader.num_samples + totals.seen,
                totals.seen / elapsed if elapsed > 0 else 0.0,
                run.opt.param_groups[0]["lr"],
            )
        )

    def _advice(self) -> str:
        return (
            f"lower the learning rate (now {self.config.lr:g}) and train again; the last "
            "good checkpoint is kept."
        )

    def _train_metrics(self, totals: _EpochTotals, epoch: int) -> tuple[float, float | None]:
        train_loss = float(totals.loss_sum.item()) / max(totals.seen, 1)
        if not math.isfinite(train_loss):
            raise Diverged(f"The loss became NaN in epoch {epoch + 1}: {self._advice()}")
        train_acc = float(totals.correct.item()) / totals.labels if totals.labels else None
        return train_loss, train_acc

    def _end_epoch(
        self,
        run: _Run,
        epoch: int,
        totals: _EpochTotals,
        train_loss: float,
        train_acc: float | None,
    ) -> None:
        """Validate, record, checkpoint and report a finished epoch."""
        val_loss, val_acc = self.evaluate()
        if val_loss is not None and not math.isfinite(val_loss):
            raise Diverged(f"The validation loss became NaN in epoch {epoch + 1}: {self._advice()}")
        record = EpochEnd(
            epoch + 1,
            self.config.epochs,
            train_loss,
            train_acc,
            val_loss,
            val_acc,
            time.perf_counter() - totals.t0,
            run.opt.param_groups[0]["lr"],
        )
        self.history.append(record)
        if val_acc is not None:
            score = val_acc
        else:
            score = -val_loss if val_loss is not None else -train_loss
        improved = score > run.best
        run.best = max(run.best, score)
        self._save_files(run, epoch, improved)
        self._emit(record)
        hint = stall_hint(self.history, self.config, self.data.num_classes, self.model)
        if hint is not None:
            self._emit(hint)

    def _save_files(self, run: _Run, epoch: int, improved: bool) -> None:
        """Write the run's files; without them when they are optional and cannot be written."""
        if self.out_dir is None:
            return
        try:
            self._write_checkpoint(run, epoch, improved)
        except TrainingError as exc:
            if not self.files_optional:
                raise
            self.files_error = str(exc)
            self.out_dir = None

    def _write_checkpoint(self, run: _Run, epoch: int, improved: bool) -> None:
        """``checkpoint.pt``, ``model.pt``, ``best.pt`` (when improved) and metrics.csv."""
        assert self.out_dir is not None
        cfg = self.config
        weights = {k: v.detach().cpu() for k, v in self.model.state_dict().items()}
        cuda = self.device.type == "cuda"
        state = {
            "format": CHECKPOINT_FORMAT,
            "version": CHECKPOINT_VERSION,
            "epoch": epoch + 1,
            "model": weights,
            "optimizer": run.opt.state_dict(),
            "scheduler": run.sched.state_dict() if run.sched is not None else None,
            "schedule": cfg.schedule,
            "epochs": cfg.epochs,
            "steps_per_epoch": run.steps,
            "scaler": run.scaler.state_dict() if self.amp else None,
            "rng": torch.get_rng_state(),
            "cuda_rng": torch.cuda.get_rng_state_all() if cuda else None,
            "best": run.best,
            "history": [vars(e) for e in self.history],
        }
        atomic_torch_save(state, self.out_dir / "checkpoint.pt")
        atomic_torch_save(weights, self.out_dir / "model.pt")
        if improved:
            atomic_torch_save(weights, self.out_dir / "best.pt")
        write_metrics(self.out_dir / "metrics.csv", self.history)
