"""From a project document to a ready :class:`~netbuilder.train.trainer.Trainer` (Qt-free).

Shared by the CLI and the GUI's training dock: applies setting overrides, loads the dataset
adapted to the Input block, compiles the graph with a seeded initialisation.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import Any

import torch
from torch import nn

from netbuilder.core.document import Project
from netbuilder.core.memory import machine_memory
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.amp import device_amp_dtype
from netbuilder.train.datasets import Data, InputSpec, load_dataset
from netbuilder.train.devices import device_memory, pick_device
from netbuilder.train.setup_steps import SetupSteps
from netbuilder.train.tensorboard import require_tensorboard
from netbuilder.train.trainer import Callback, Trainer, TrainingError


def training_config(project: Project, **overrides: Any) -> TrainingConfig:
    """The project's settings with ``overrides`` (``None`` values are ignored).

    Raises
    ------
    TrainingError
        When a setting is impossible (one sentence).
    """
    changes = {k: v for k, v in overrides.items() if v is not None}
    try:
        config = dataclasses.replace(project.training, **changes)
        config.validate()
    except (TypeError, ValueError) as exc:
        raise TrainingError(f"Training setting: {exc}.") from None
    return config


def check_memory(project: Project, config: TrainingConfig) -> None:
    """Refuse, before anything is allocated, a network too large to train here.

    The weights must fit in the machine's memory (the model is built there first), and
    weights, gradients, optimizer state and one batch's activations in the device's.
    A graph with errors is left to the compiler, which lists them.

    Raises
    ------
    netbuilder.core.memory.MemoryNeedError
        With one sentence ("This network needs 1.0 TB for its weights; ...").
    """
    from netbuilder.core.analysis import analyse
    from netbuilder.core.memory import check_training_fits, check_weights_fit, estimate

    analysis = analyse(project.graph)
    if analysis.errors():
        return
    device = pick_device(config.device)
    # on a GPU the forward runs under autocast: the activations kept are half precision
    amp = device_amp_dtype(device)
    half = None if amp is None else str(amp).removeprefix("torch.")
    need = estimate(analysis, config.batch_size, config.optimizer, config.momentum, "float32", half)
    check_weights_fit(need, machine_memory())
    available, where = device_memory(device)
    check_training_fits(need, config.batch_size, available, where)


def build_model(project: Project, seed: int = 0) -> nn.Module:
    """Compile the project's graph (the exported code) with a seeded initialisation.

    Raises
    ------
    netbuilder.core.errors.NetBuilderError
        When the graph has errors (the code generator lists them).
    """
    from netbuilder.core.codegen import compile_model

    torch.manual_seed(seed)
    return compile_model(project.graph)


def load_data(
    project: Project, config: TrainingConfig, data_dir: str | os.PathLike[str] | None = None
) -> Data:
    """The dataset of ``config`` adapted to the project's Input block."""
    spec = InputSpec.from_graph(project.graph)
    return load_dataset(
        config.dataset,
        spec,
        data_dir=data_dir,
        val_split=config.val_split,
        seed=config.seed,
        task=config.task,
    )


def make_trainer(
    project: Project,
    config: TrainingConfig | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    callbacks: Sequence[Callback] = (),
    out_dir: str | os.PathLike[str] | None = None,
    resume_from: str | os.PathLike[str] | None = None,
) -> Trainer:
    """A trainer for ``project`` (compiled model + dataset + settings).

    Raises
    ------
    netbuilder.core.errors.NetBuilderError
        With one sentence when the graph, the settings or the dataset are unusable, or
        the network is too large for the memory (:func:`check_memory`).
    """
    config = config or project.training

    def emit(event: object) -> None:
        for callback in callbacks:
            callback(event)  # type: ignore[arg-type]

    if config.tensorboard:
        require_tensorboard()  # before any work: one sentence when it is missing
    steps = SetupSteps(emit)
    steps.start(0)
    check_memory(project, config)
    model = build_model(project, config.seed)
    steps.start(1, config.dataset)
    data = load_data(project, config, data_dir)
    return Trainer(
        model,
        data,
        config,
        callbacks,
        out_dir=out_dir,
        resume_from=resume_from,
        setup=steps,
    )
