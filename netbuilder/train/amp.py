"""Mixed precision and compilation on the GPU (Qt-free).

On CUDA the forward pass runs under ``torch.autocast``: bfloat16 where the GPU supports
it (no loss scaling needed), float16 with a ``GradScaler`` otherwise. The CPU and MPS
train in float32.
"""

from __future__ import annotations

import torch
from torch import nn


def amp_dtype(device_type: str, bf16_supported: bool) -> torch.dtype | None:
    """The autocast dtype on ``device_type``: bf16 where supported, else fp16; ``None`` off CUDA."""
    if device_type != "cuda":
        return None
    return torch.bfloat16 if bf16_supported else torch.float16


def device_amp_dtype(device: torch.device) -> torch.dtype | None:
    """:func:`amp_dtype` for ``device`` as this machine's GPU reports it."""
    if device.type != "cuda":
        return None
    return amp_dtype("cuda", torch.cuda.is_bf16_supported())


def needs_scaler(dtype: torch.dtype | None) -> bool:
    """Whether gradients need loss scaling (float16's range is small; bf16's is not)."""
    return dtype == torch.float16


def maybe_compile(model: nn.Module, wanted: bool) -> nn.Module:
    """``torch.compile(model)`` when ``wanted``, else ``model`` itself.

    The compiled wrapper shares the parameters of ``model``; checkpoints are written from
    ``model``, so their keys stay those of the exported class.
    """
    return torch.compile(model) if wanted else model
