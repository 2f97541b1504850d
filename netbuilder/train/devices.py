"""Choosing the device to train on (Qt-free)."""

from __future__ import annotations

import torch

from netbuilder.core.memory import machine_memory
from netbuilder.core.training_config import DEVICES, one_of
from netbuilder.train.errors import TrainingError


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


def device_memory(device: torch.device) -> tuple[int | None, str]:
    """Bytes of memory of ``device`` and how to name it in a sentence.

    A GPU reports its total memory (``torch.cuda.mem_get_info``); the CPU and Apple's
    unified memory report the machine's (:func:`~netbuilder.core.memory.machine_memory`).
    """
    if device.type == "cuda":
        _free, total = torch.cuda.mem_get_info(device)
        return int(total), f"the GPU ({torch.cuda.get_device_name(device)})"
    return machine_memory(), "this machine"
