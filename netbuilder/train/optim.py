"""Optimizers and learning-rate schedules (Qt-free).

:func:`make_optimizer` and :func:`make_schedule` are also the code of the exported
``train.py`` (their source is inlined there), so they use nothing but ``torch`` and stay
within 88 columns.
"""

from __future__ import annotations

import warnings

import torch

from netbuilder.train.errors import TrainingError


def make_optimizer(
    params: list[torch.nn.Parameter],
    name: str,
    lr: float,
    momentum: float,
    weight_decay: float,
) -> torch.optim.Optimizer:
    """The optimizer ``name`` over ``params``.

    Parameters
    ----------
    params : list of Parameter
        The trainable parameters.
    name : str
        ``sgd`` (with ``momentum``), ``adam`` or ``adamw``.
    lr, momentum, weight_decay : float
        Learning rate, SGD momentum and weight decay.
    """
    if name == "sgd":
        return torch.optim.SGD(
            params,
            lr=lr,
            momentum=momentum,
            weight_decay=weight_decay,
        )
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    return torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)


def make_schedule(
    optimizer: torch.optim.Optimizer,
    name: str,
    lr: float,
    epochs: int,
    steps_per_epoch: int,
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """The learning-rate schedule ``name``, stepped once per batch (``None`` for none).

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rate is scheduled.
    name : str
        ``none``; ``step`` (×0.1 after each third of the run); ``cosine`` (to 0 at the
        end); ``onecycle`` (warm-up to ``lr``, then down).
    lr : float
        The configured (peak) learning rate.
    epochs, steps_per_epoch : int
        The length of the run.
    """
    total = max(1, epochs * steps_per_epoch)
    if name == "step":
        step = max(1, epochs // 3) * steps_per_epoch
        return torch.optim.lr_scheduler.StepLR(optimizer, step_size=step, gamma=0.1)
    if name == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total)
    if name == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer,
            max_lr=lr,
            total_steps=total,
        )
    return None


def resumed_schedule(
    optimizer: torch.optim.Optimizer, name: str, lr: float, epochs: int, steps: int, done: int
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """The schedule of a run with new epochs or batch size, advanced past ``done`` epochs.

    The optimizer's learning rate is reset to ``lr`` first: the checkpoint's holds the old
    schedule's value.

    Raises
    ------
    TrainingError
        When the schedule cannot be advanced that far (one-cycle past its end).
    """
    for group in optimizer.param_groups:
        for key in ("initial_lr", "max_lr", "min_lr"):
            group.pop(key, None)
        group["lr"] = lr
    sched = make_schedule(optimizer, name, lr, epochs, steps)
    if sched is None or done >= epochs:
        return sched
    try:
        with warnings.catch_warnings():
            # "lr_scheduler.step() before optimizer.step()": replaying the steps done
            warnings.simplefilter("ignore", UserWarning)
            for _ in range(done * steps):
                sched.step()
    except ValueError:
        raise TrainingError(
            f"The '{name}' learning-rate schedule cannot continue the checkpoint's "
            f"{done} epoch(s) with {epochs} epochs: train from the start."
        ) from None
    return sched
