"""Measure what autograd really keeps for the backward pass (Qt-free, torch).

The measurement behind the training-memory estimate's tests and ``bench/memory_estimate.py``:
a training-mode forward under :func:`torch.autograd.graph.saved_tensors_hooks`, counting
each storage a saved tensor lives in once (views of one tensor share its storage), with
the model's parameters and buffers left out (they are counted as weights).
"""

from __future__ import annotations

import torch
from torch import nn

from netbuilder.core.analysis import Analysis
from netbuilder.core.graph import Graph

#: torch dtypes by the names the estimate uses.
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def _storage_key(tensor: torch.Tensor) -> tuple[int, str]:
    storage = tensor.untyped_storage()
    return storage.data_ptr(), str(tensor.device)


def saved_tensor_bytes(model: nn.Module, x: torch.Tensor) -> int:
    """Bytes of the unique storages autograd saves in one forward of ``model`` on ``x``.

    ``model`` should be in training mode. Parameters and buffers are excluded; each
    other storage counts its full ``nbytes`` once, however many saved tensors view it.
    """
    state = {_storage_key(t) for t in (*model.parameters(), *model.buffers())}
    seen: dict[tuple[int, str], int] = {}

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        key = _storage_key(tensor)
        if key not in state and key not in seen:
            seen[key] = tensor.untyped_storage().nbytes()
        return tensor

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        model(x)
    return sum(seen.values())


def example_input(
    graph: Graph, analysis: Analysis, batch: int, dtype: str = "float32", device: str = "cpu"
) -> torch.Tensor:
    """A random batch for ``graph``'s Input block: token ids, or values in ``dtype``."""
    source = next(node for node in graph if not node.input_ports())
    shape = analysis.stats(source.id).shape or ()
    if source.params["kind"] == "tokens":
        return torch.randint(0, source.params["vocab"], (batch, *shape), device=device)
    return torch.randn(batch, *shape, dtype=DTYPES[dtype], device=device)


def peak_training_bytes(model: nn.Module, x: torch.Tensor, optimizer: str = "adam") -> int:
    """``torch.cuda.max_memory_allocated`` over one training step of ``model`` on ``x``.

    ``model`` and ``x`` must already be on the GPU; the peak counts them too (it starts
    from what is allocated when the step begins): forward, ``sum().backward()`` and one
    step of ``optimizer`` (the trainer's, :func:`netbuilder.train.optim.make_optimizer`).
    """
    from netbuilder.train.optim import make_optimizer

    model.train()
    opt = make_optimizer(
        [p for p in model.parameters() if p.requires_grad], optimizer, 1e-3, 0.9, 0.0
    )
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    model(x).float().sum().backward()
    opt.step()
    torch.cuda.synchronize()
    return torch.cuda.max_memory_allocated()
