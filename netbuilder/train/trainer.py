"""The Qt-free trainer: epochs, events to callbacks, checkpoints, stop/pause/resume.

A :class:`Trainer` takes any ``nn.Module`` (usually the compiled graph), a
:class:`~netbuilder.train.datasets.Data` and a
:class:`~netbuilder.core.training_config.TrainingConfig`. :meth:`Trainer.run` never raises for
a training problem: it reports a :class:`Failed` event with one sentence and returns a
:class:`TrainResult`. The GUI runs it in a worker thread and calls :meth:`Trainer.stop`,
:meth:`Trainer.pause` and :meth:`Trainer.resume` from the GUI thread.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.training_config import DEVICES, TrainingConfig, one_of
from netbuilder.train.datasets import Data, make_loader

CHECKPOINT_FORMAT = "netbuilder-checkpoint"
CHECKPOINT_VERSION = 1


class TrainingError(NetBuilderError):
    """Training cannot start (device, data or network problem): one sentence."""


# -- events ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BatchEnd:
    """Reported after each batch (on CUDA after a few batches, to avoid synchronising).

    ``losses`` holds the loss of every batch since the previous event; ``loss`` is the last.
    """

    epoch: int
    batch: int
    batches: int
    loss: float
    losses: tuple[float, ...]
    samples: int
    samples_per_s: float
    lr: float


@dataclass(frozen=True)
class EpochEnd:
    """Reported after each epoch with the training and validation metrics.

    Accuracies are ``None`` for regression; validation values are ``None`` without a
    validation set.
    """

    epoch: int
    epochs: int
    train_loss: float
    train_acc: float | None
    val_loss: float | None
    val_acc: float | None
    seconds: float
    lr: float


@dataclass(frozen=True)
class Finished:
    """Training ended normally (``stopped`` when the user asked it to stop)."""

    epochs_done: int
    stopped: bool
    best_val_acc: float | None
    history: tuple[EpochEnd, ...]


@dataclass(frozen=True)
class Failed:
    """Training could not start (``stage='setup'``) or broke off (``stage='training'``).

    ``reason`` is ``setup``, ``diverged`` (NaN/inf loss), ``oom`` or ``error``.
    """

    message: str
    stage: str
    reason: str


Event = BatchEnd | EpochEnd | Finished | Failed
Callback = Callable[[Event], Any]


@dataclass
class TrainResult:
    """What :meth:`Trainer.run` returns.

    ``status`` is ``finished``, ``stopped`` or ``failed``.
    """

    status: str
    history: list[EpochEnd] = field(default_factory=list)
    message: str = ""
    reason: str = ""
    stage: str = ""

    @property
    def last(self) -> EpochEnd | None:
        """The last epoch record, if any."""
        return self.history[-1] if self.history else None

    @property
    def best_val_acc(self) -> float | None:
        """Best validation accuracy over the epochs."""
        accs = [e.val_acc for e in self.history if e.val_acc is not None]
        return max(accs) if accs else None


class _Diverged(Exception):
    pass


# -- helpers ---------------------------------------------------------------------------------
def pick_device(name: str = "auto") -> torch.device:
    """``auto`` → cuda > mps > cpu; a named device is checked for availability.

    Raises
    ------
    TrainingError
        When the named device is not available.
    """
    mps = getattr(torch.backends, "mps", None)
    has_mps = bool(mps is not None and mps.is_available())
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps" if has_mps else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise TrainingError("CUDA was requested but no CUDA GPU is available; use --device cpu.")
    if name == "mps" and not has_mps:
        raise TrainingError("MPS was requested but is not available here; use --device cpu.")
    if name not in DEVICES:
        raise TrainingError(f"Unknown device '{name}': use {one_of(DEVICES)}.")
    return torch.device(name)


def atomic_torch_save(obj: Any, path: str | os.PathLike[str]) -> None:
    """``torch.save`` to a temporary file in the same folder, then ``os.replace``."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            torch.save(obj, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_checkpoint(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a checkpoint with ``torch.load(weights_only=True)`` (never unpickles code).

    Raises
    ------
    TrainingError
        When the file is missing or not a NetBuilder checkpoint.
    """
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise TrainingError(f"The checkpoint {path} does not exist.") from None
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same problem
        raise TrainingError(
            f"{path} is not a readable checkpoint ({type(exc).__name__})."
        ) from None
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
        raise TrainingError(f"{path} is not a NetBuilder training checkpoint.")
    return data


def _last_leaf_is_sigmoid(model: nn.Module, sample: Tensor) -> tuple[Tensor, bool]:
    """Run ``model`` on ``sample``; tell whether its output comes straight from nn.Sigmoid."""
    last: list[tuple[nn.Module, Any]] = []

    def hook(module: nn.Module, _inputs: Any, output: Any) -> None:
        last.append((module, output))

    handles = [m.register_forward_hook(hook) for m in model.modules() if not list(m.children())]
    try:
        out = model(sample)
    finally:
        for h in handles:
            h.remove()
    sigmoid = bool(last) and isinstance(last[-1][0], nn.Sigmoid) and last[-1][1] is out
    return out, sigmoid


def _bce_on_probabilities(out: Tensor, y: Tensor) -> Tensor:
    """``BCELoss`` on sigmoid outputs that turns a NaN output into a NaN loss.

    ``BCELoss`` refuses a NaN input (a RuntimeError on the CPU, a device assert on CUDA);
    here the NaN reaches the loss, so a diverged run is reported like any other. Without
    NaN the loss and its gradients are exactly those of ``BCELoss`` (plus an exact zero).
    """
    p = out.float().reshape(y.shape)
    bad = torch.isnan(p)
    loss = nn.functional.binary_cross_entropy(torch.where(bad, 0.5, p), y.float())
    return loss + torch.where(bad, p, 0.0).sum() * 0.0


def confusion_matrix(pred: Tensor, true: Tensor, num_classes: int) -> Tensor:
    """``num_classes``² counts: row = true class, column = predicted class."""
    index = true.long() * num_classes + pred.long()
    counts = torch.bincount(index, minlength=num_classes * num_classes)
    return counts.reshape(num_classes, num_classes)


def _bad(values: Sequence[float]) -> str:
    return "NaN" if any(v != v for v in values) else "infinite"


def _shape(t: Sequence[int]) -> str:
    return "×".join(str(int(s)) for s in t) or "a scalar"


# -- the trainer -----------------------------------------------------------------------------
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
    ) -> None:
        self.model = model
        self.data = data
        self.config = config
        self.callbacks = list(callbacks)
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.resume_from = resume_from
        self.sync_every = sync_every
        self.device = torch.device("cpu")
        self.history: list[EpochEnd] = []
        self._stop = threading.Event()
        self._running = threading.Event()
        self._blocked = threading.Event()
        self._running.set()
        self.sigmoid_output = False
        self.amp = False

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
        xb, yb = next(iter(loader))
        was_training = self.model.training
        self.model.eval()
        try:
            with torch.no_grad():
                out, self.sigmoid_output = _last_leaf_is_sigmoid(self.model, xb)
        except Exception as exc:  # noqa: BLE001 - any forward failure means a misfit
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise TrainingError(
                f"The network cannot take the samples of '{data.name}' "
                f"({_shape(xb.shape[1:])}): {first}"
            ) from None
        finally:
            self.model.train(was_training)
        if not isinstance(out, Tensor):
            raise TrainingError("The network must return one tensor.")
        self._check_output(out, yb)

    def _check_output(self, out: Tensor, y: Tensor) -> None:
        task, name = self.config.task, self.data.name
        got = _shape(out.shape[1:])
        if task == "classification":
            k = self.data.num_classes
            if k is None:
                raise TrainingError(f"'{name}' has real-valued targets: use the regression task.")
            if y.dtype != torch.int64:
                raise TrainingError(f"'{name}' has no class labels for a classification task.")
            per_step = y.ndim == 2
            want = (int(y.shape[1]), k) if per_step else (k,)
            if tuple(out.shape[1:]) != want:
                if out.ndim >= 2 and out.shape[-1] != k:
                    raise TrainingError(
                        f"The network ends with {out.shape[-1]} outputs but '{name}' has {k} "
                        f"classes: set the last layer to {k} outputs."
                    )
                raise TrainingError(
                    f"The network's output is {got} but '{name}' needs {_shape(want)} "
                    f"({'one score per class and step' if per_step else 'one score per class'})."
                )
        elif task == "binary":
            if y.dtype == torch.int64 or (self.data.num_classes not in (None, 2)):
                raise TrainingError(
                    f"'{name}' has {self.data.num_classes} classes; the binary task needs 0/1 "
                    "labels: use the classification task."
                )
            if out.shape[1:].numel() != 1:
                raise TrainingError(
                    f"A binary task needs one output per sample but the network gives {got}: "
                    "set the last layer to 1 output."
                )
        else:
            if y.dtype == torch.int64:
                raise TrainingError(f"'{name}' has class labels: use the classification task.")
            if out.shape[1:].numel() != y.shape[1:].numel():
                raise TrainingError(
                    f"The network's output is {got} but the targets of '{name}' are "
                    f"{_shape(y.shape[1:])}."
                )

    # -- pieces ------------------------------------------------------------------------------
    def _loss_fn(self) -> Callable[[Tensor, Tensor], Tensor]:
        task = self.config.task
        if task == "classification":
            ce = nn.CrossEntropyLoss()
            return lambda out, y: ce(out.reshape(-1, out.shape[-1]), y.reshape(-1))
        if task == "binary":
            if self.sigmoid_output:
                # The seeds' logistic regression ends in nn.Sigmoid: BCE on probabilities.
                return _bce_on_probabilities
            bce = nn.BCEWithLogitsLoss()
            return lambda out, y: bce(out.float().reshape(y.shape), y.float())
        mse = nn.MSELoss()
        return lambda out, y: mse(out.float().reshape(y.shape), y.float())

    def _correct(self, out: Tensor, y: Tensor) -> Tensor | None:
        """Number of correct predictions (a device tensor), ``None`` for regression."""
        task = self.config.task
        if task == "classification":
            return (out.argmax(-1) == y).sum()
        if task == "binary":
            threshold = 0.5 if self.sigmoid_output else 0.0
            return ((out.reshape(y.shape) > threshold) == (y > 0.5)).sum()
        return None

    def _optimizer(self) -> torch.optim.Optimizer:
        cfg = self.config
        params = [p for p in self.model.parameters() if p.requires_grad]
        if not params:
            raise TrainingError("The network has no trainable parameters.")
        if cfg.optimizer == "sgd":
            return torch.optim.SGD(
                params, lr=cfg.lr, momentum=cfg.momentum, weight_decay=cfg.weight_decay
            )
        if cfg.optimizer == "adamw":
            return torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
        return torch.optim.Adam(params, lr=cfg.lr, weight_decay=cfg.weight_decay)

    def _scheduler(self, opt: torch.optim.Optimizer, steps_per_epoch: int):
        cfg = self.config
        total = max(1, cfg.epochs * steps_per_epoch)
        if cfg.schedule == "step":
            step = max(1, cfg.epochs // 3) * steps_per_epoch
            return torch.optim.lr_scheduler.StepLR(opt, step_size=step, gamma=0.1)
        if cfg.schedule == "cosine":
            return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total)
        if cfg.schedule == "onecycle":
            return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=total)
        return None

    def _same_schedule(self, ckpt: dict[str, Any], steps_per_epoch: int) -> bool:
        """Whether the checkpoint's schedule was planned for this run's length.

        Checkpoints without these keys (older ones) are taken as the same.
        """
        cfg = self.config
        saved = (ckpt.get("schedule"), ckpt.get("epochs"), ckpt.get("steps_per_epoch"))
        now = (cfg.schedule, cfg.epochs, steps_per_epoch)
        return all(a is None or a == b for a, b in zip(saved, now, strict=True))

    def _resumed_scheduler(self, opt: torch.optim.Optimizer, steps_per_epoch: int, done: int):
        """The schedule of this run (new epochs or batch size), advanced past ``done`` epochs.

        The optimizer's learning rate is reset to the configured one first: the checkpoint's
        holds the old schedule's value.
        """
        import warnings

        cfg = self.config
        for group in opt.param_groups:
            for key in ("initial_lr", "max_lr", "min_lr"):
                group.pop(key, None)
            group["lr"] = cfg.lr
        sched = self._scheduler(opt, steps_per_epoch)
        if sched is None or done >= cfg.epochs:
            return sched
        try:
            with warnings.catch_warnings():
                # "lr_scheduler.step() before optimizer.step()": replaying the steps done
                warnings.simplefilter("ignore", UserWarning)
                for _ in range(done * steps_per_epoch):
                    sched.step()
        except ValueError:
            raise TrainingError(
                f"The '{cfg.schedule}' learning-rate schedule cannot continue the checkpoint's "
                f"{done} epoch(s) with {cfg.epochs} epochs: train from the start."
            ) from None
        return sched

    def predictions(self, part=None) -> tuple[Tensor, Tensor]:
        """Predicted and true labels (CPU, int64, flattened over steps) on ``part``.

        ``part`` is the validation part by default. Classification and binary tasks only.

        Raises
        ------
        TrainingError
            For a regression task.
        """
        if self.config.task == "regression":
            raise TrainingError("Predicted classes exist for classification tasks only.")
        part = self.data.val if part is None else part
        preds, trues = [], []
        if len(part) == 0:
            empty = torch.zeros(0, dtype=torch.int64)
            return empty, empty
        loader = make_loader(part, max(self.config.batch_size, 256), self.device, shuffle=False)
        was_training = self.model.training
        self.model.eval()
        threshold = 0.5 if self.sigmoid_output else 0.0
        with torch.no_grad():
            for xb, yb in loader:
                with self._autocast():
                    out = self.model(xb)
                if self.config.task == "binary":
                    pred = (out.reshape(yb.shape) > threshold).long()
                    true = (yb > 0.5).long()
                else:
                    pred, true = out.argmax(-1), yb
                preds.append(pred.reshape(-1).cpu())
                trues.append(true.reshape(-1).cpu())
        self.model.train(was_training)
        return torch.cat(preds), torch.cat(trues)

    def feature_maps(self, layer: str, index: int = 0, part=None) -> Tensor:
        """What module ``layer`` outputs for sample ``index`` (without the batch dimension).

        The sample comes from ``part``: the validation part by default, the training part
        when there is no validation data.

        Raises
        ------
        TrainingError
            When there is no such layer or sample.
        """
        modules = dict(self.model.named_modules())
        if layer not in modules or not layer:
            raise TrainingError(f"The network has no layer '{layer}'.")
        part = part if part is not None else (self.data.val if len(self.data.val) else None)
        part = part if part is not None else self.data.train
        if not 0 <= index < len(part):
            raise TrainingError(f"There is no sample {index} (the data has {len(part)}).")
        loader = make_loader(part, index + 1, self.device, shuffle=False)
        xb, _ = next(iter(loader))
        captured: list[Tensor] = []
        handle = modules[layer].register_forward_hook(
            lambda _m, _i, out: captured.append(out[0] if isinstance(out, tuple) else out)
        )
        was_training = self.model.training
        self.model.eval()
        try:
            with torch.no_grad():
                self.model(xb[index : index + 1])
        finally:
            handle.remove()
            self.model.train(was_training)
        if not captured:
            raise TrainingError(
                f"The layer '{layer}' does not run when the network computes its output."
            )
        return captured[0][0].detach().float().cpu()

    def evaluate(self, part=None) -> tuple[float | None, float | None]:
        """Mean loss and accuracy on the validation part (``None, None`` when empty)."""
        part = self.data.val if part is None else part
        if len(part) == 0:
            return None, None
        loss_fn = self._loss_fn()
        batch = max(self.config.batch_size, 256)
        loader = make_loader(part, batch, self.device, shuffle=False)
        was_training = self.model.training
        self.model.eval()
        total_loss = torch.zeros((), device=self.device)
        correct = torch.zeros((), device=self.device, dtype=torch.int64)
        count = 0
        labels = 0
        with torch.no_grad():
            for xb, yb in loader:
                with self._autocast():
                    out = self.model(xb)
                total_loss += loss_fn(out.float(), yb).float() * xb.shape[0]
                c = self._correct(out, yb)
                if c is not None:
                    correct += c
                count += int(xb.shape[0])
                labels += int(yb.numel()) if self.config.task != "regression" else 0
        self.model.train(was_training)
        loss = float(total_loss.item()) / max(count, 1)
        acc = float(correct.item()) / labels if labels else None
        return loss, acc

    def _autocast(self):
        if self.amp:
            return torch.autocast("cuda", dtype=torch.float16)
        return torch.autocast("cpu", enabled=False)

    # -- checkpoints -------------------------------------------------------------------------
    def _save(self, name: str, obj: Any) -> None:
        if self.out_dir is not None:
            atomic_torch_save(obj, self.out_dir / name)

    def _write_metrics(self) -> None:
        if self.out_dir is None:
            return
        from netbuilder.core.document import atomic_write_text

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(
            ["epoch", "train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds"]
        )
        for e in self.history:
            writer.writerow(
                [
                    e.epoch,
                    f"{e.train_loss:.6g}",
                    "" if e.train_acc is None else f"{e.train_acc:.6g}",
                    "" if e.val_loss is None else f"{e.val_loss:.6g}",
                    "" if e.val_acc is None else f"{e.val_acc:.6g}",
                    f"{e.lr:.6g}",
                    f"{e.seconds:.3f}",
                ]
            )
        atomic_write_text(self.out_dir / "metrics.csv", buf.getvalue())

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> TrainResult:
        """Train; never raises for a training problem (see :class:`Failed`)."""
        cfg = self.config
        try:
            self.device = pick_device(cfg.device)
            self.amp = self.device.type == "cuda"
            torch.manual_seed(cfg.seed)
            self.model.to(self.device)
            if self.out_dir is not None:
                try:
                    self.out_dir.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise TrainingError(
                        f"Cannot create the output folder {self.out_dir}: {exc.strerror}."
                    ) from None
            self.check()
        except TrainingError as exc:
            return self._fail(str(exc), "setup", "setup")
        except torch.cuda.OutOfMemoryError:
            return self._oom("setup")
        try:
            return self._train()
        except _Diverged as exc:
            return self._fail(str(exc), "training", "diverged")
        except torch.cuda.OutOfMemoryError:
            return self._oom("training")
        except TrainingError as exc:
            return self._fail(str(exc), "training", "setup")
        except Exception as exc:  # noqa: BLE001 - reported as one sentence, never a traceback
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            return self._fail(
                f"Training failed: {type(exc).__name__}{': ' + text if text else ''}.",
                "training",
                "error",
            )

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
        cfg, model = self.config, self.model
        train_loader = make_loader(
            self.data.train, cfg.batch_size, self.device, shuffle=True, seed=cfg.seed
        )
        steps = len(train_loader)
        opt = self._optimizer()
        sched = self._scheduler(opt, steps)
        scaler = torch.amp.GradScaler("cuda", enabled=self.amp)
        loss_fn = self._loss_fn()
        start_epoch = 0
        best = -math.inf
        if self.resume_from is not None:
            ckpt = load_checkpoint(self.resume_from)
            try:
                model.load_state_dict(ckpt["model"])
                opt.load_state_dict(ckpt["optimizer"])
                if self._same_schedule(ckpt, steps):
                    if sched is not None and ckpt.get("scheduler") is not None:
                        sched.load_state_dict(ckpt["scheduler"])
                else:
                    sched = self._resumed_scheduler(opt, steps, int(ckpt["epoch"]))
                if ckpt.get("scaler"):
                    scaler.load_state_dict(ckpt["scaler"])
            except (RuntimeError, KeyError, ValueError) as exc:
                raise TrainingError(
                    f"The checkpoint {self.resume_from} does not fit this network or these "
                    f"settings ({str(exc).splitlines()[0][:120]})."
                ) from None
            start_epoch = int(ckpt["epoch"])
            best = float(ckpt.get("best", -math.inf))
            torch.set_rng_state(ckpt["rng"])
            if self.device.type == "cuda" and ckpt.get("cuda_rng"):
                torch.cuda.set_rng_state_all(ckpt["cuda_rng"])
            self.history = [EpochEnd(**e) for e in ckpt.get("history", [])]
        sync_every = self.sync_every or (10 if self.device.type == "cuda" else 1)
        n_train = train_loader.num_samples
        model.train()
        stopped = False
        epoch = start_epoch
        for epoch in range(start_epoch, cfg.epochs):
            t0 = time.perf_counter()
            train_loader.set_epoch(epoch)
            pending: list[Tensor] = []
            loss_sum = torch.zeros((), device=self.device)
            correct = torch.zeros((), device=self.device, dtype=torch.int64)
            labels = 0
            seen = 0
            for i, (xb, yb) in enumerate(train_loader):
                if not self._running.is_set():
                    self._blocked.set()
                    self._running.wait()
                    self._blocked.clear()
                if self._stop.is_set():
                    stopped = True
                    break
                with self._autocast():
                    out = model(xb)
                loss = loss_fn(out.float(), yb)
                opt.zero_grad(set_to_none=True)
                scaler.scale(loss).backward()
                scaler.step(opt)
                scale = scaler.get_scale() if self.amp else 1.0
                scaler.update()
                # with AMP an inf/NaN gradient skips optimizer.step (the scale drops): the
                # schedule waits for a real step too
                if sched is not None and not (self.amp and scaler.get_scale() < scale):
                    sched.step()
                detached = loss.detach()
                pending.append(detached)
                loss_sum += detached * xb.shape[0]
                c = self._correct(out.detach(), yb)
                if c is not None:
                    correct += c
                    labels += int(yb.numel())
                seen += int(xb.shape[0])
                if len(pending) >= sync_every or i == steps - 1:
                    values = torch.stack(pending).tolist()
                    pending.clear()
                    if not all(math.isfinite(v) for v in values):
                        raise _Diverged(
                            f"The loss became {_bad(values)} in epoch {epoch + 1}, batch {i + 1}: "
                            f"lower the learning rate "
                            f"(now {cfg.lr:g}) and train again; the last good checkpoint is kept."
                        )
                    elapsed = time.perf_counter() - t0
                    self._emit(
                        BatchEnd(
                            epoch + 1,
                            i + 1,
                            steps,
                            values[-1],
                            tuple(values),
                            epoch * n_train + seen,
                            seen / elapsed if elapsed > 0 else 0.0,
                            opt.param_groups[0]["lr"],
                        )
                    )
            if stopped and seen == 0:
                break
            train_loss = float(loss_sum.item()) / max(seen, 1)
            if not math.isfinite(train_loss):
                raise _Diverged(
                    f"The loss became NaN in epoch {epoch + 1}: lower the learning rate "
                    f"(now {cfg.lr:g}) and train again; the last good checkpoint is kept."
                )
            train_acc = float(correct.item()) / labels if labels else None
            if stopped:
                break  # a partial epoch is not recorded
            val_loss, val_acc = self.evaluate()
            if val_loss is not None and not math.isfinite(val_loss):
                raise _Diverged(
                    f"The validation loss became NaN in epoch {epoch + 1}: lower the learning "
                    f"rate (now {cfg.lr:g}) and train again; the last good checkpoint is kept."
                )
            record = EpochEnd(
                epoch + 1,
                cfg.epochs,
                train_loss,
                train_acc,
                val_loss,
                val_acc,
                time.perf_counter() - t0,
                opt.param_groups[0]["lr"],
            )
            self.history.append(record)
            score = (
                val_acc
                if val_acc is not None
                else (-val_loss if val_loss is not None else -train_loss)
            )
            improved = score > best
            best = max(best, score)
            if self.out_dir is not None:
                weights = {k: v.detach().cpu() for k, v in model.state_dict().items()}
                self._save(
                    "checkpoint.pt",
                    {
                        "format": CHECKPOINT_FORMAT,
                        "version": CHECKPOINT_VERSION,
                        "epoch": epoch + 1,
                        "model": weights,
                        "optimizer": opt.state_dict(),
                        "scheduler": sched.state_dict() if sched is not None else None,
                        "schedule": cfg.schedule,
                        "epochs": cfg.epochs,
                        "steps_per_epoch": steps,
                        "scaler": scaler.state_dict() if self.amp else None,
                        "rng": torch.get_rng_state(),
                        "cuda_rng": (
                            torch.cuda.get_rng_state_all() if self.device.type == "cuda" else None
                        ),
                        "best": best,
                        "history": [vars(e) for e in self.history],
                    },
                )
                self._save("model.pt", weights)
                if improved:
                    self._save("best.pt", weights)
                self._write_metrics()
            self._emit(record)
        done = len(self.history)
        result = TrainResult("stopped" if stopped else "finished", list(self.history))
        self._emit(Finished(done, stopped, result.best_val_acc, tuple(self.history)))
        return result
