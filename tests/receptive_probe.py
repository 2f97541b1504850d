"""Measure receptive fields by gradient probing of the compiled model.

The model NetBuilder compiles for a graph cut after one node is made linear and
positive: convolution and linear weights a positive constant (1/fan-in), biases 0, BatchNorm a
plain scaling, max pooling probed as a sum over the same window (a depthwise conv of
ones, same kernel, stride, padding and dilation), adaptive max pooling as adaptive
average pooling, other normalisations, activations and dropout the identity. Then the
gradient of one output unit with respect to the input is non-zero exactly on the input
pixels that unit sees (every path carries a positive product), so the extent of the
non-zero gradient along an axis is the field clipped to the image. So that a hundred
layers cannot shrink a gradient below float32's range (the edge of a field is reached by
one path, its centre by millions), each module's output gradient is replaced by its
non-zero pattern (1 where non-zero, else 0): every gradient is non-negative, so this
keeps exactly which pixels are reached. Nothing here reads
:mod:`netbuilder.core.receptive_field`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812

from netbuilder.core.codegen import compile_model
from netbuilder.core.graph import Graph
from netbuilder.core.naming import layer_names

#: Modules that become the identity (they do not move positions, or their statistics
#: mix positions, which the receptive field does not count).
#: Kept here on purpose rather than read from the blocks' ``elementwise`` flag: the probe
#: must not share the code it checks (a block wrongly flagged would then pass unseen).
_IDENTITY = (
    nn.ReLU,
    nn.ReLU6,
    nn.LeakyReLU,
    nn.Sigmoid,
    nn.Tanh,
    nn.GELU,
    nn.SiLU,
    nn.Hardswish,
    nn.Hardsigmoid,
    nn.Softmax,
    nn.LogSoftmax,
    nn.Dropout,
    nn.Dropout2d,
    nn.LayerNorm,
    nn.GroupNorm,
    nn.InstanceNorm2d,
    nn.LocalResponseNorm,
)


class SumPool(nn.Module):
    """A max pool's windows, summed: same kernel, stride, padding, dilation, ceil_mode."""

    def __init__(self, pool: nn.MaxPool1d | nn.MaxPool2d) -> None:
        super().__init__()
        self.ndim = 1 if isinstance(pool, nn.MaxPool1d) else 2

        def axes(value: object) -> tuple[int, ...]:
            if isinstance(value, (tuple, list)):
                return tuple(int(v) for v in value)
            return (int(value),) * self.ndim

        self.kernel = axes(pool.kernel_size)
        self.stride = axes(pool.stride if pool.stride is not None else pool.kernel_size)
        self.padding = axes(pool.padding)
        self.dilation = axes(pool.dilation)
        self.pool = pool  # for the output size only

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            want = self.pool(x.detach()).shape[2:]
        pads: list[int] = []
        for n, k, s, p, d, o in zip(
            x.shape[2:], self.kernel, self.stride, self.padding, self.dilation, want, strict=True
        ):
            extra = max(0, (o - 1) * s + d * (k - 1) + 1 - (n + 2 * p))
            pads = [p, p + extra, *pads]  # F.pad lists the last axis first
        padded = F.pad(x, pads)
        channels = x.shape[1]
        ones = torch.ones(channels, 1, *self.kernel, dtype=x.dtype)
        conv = F.conv1d if self.ndim == 1 else F.conv2d
        out = conv(padded, ones, stride=self.stride, dilation=self.dilation, groups=channels)
        return out[(..., *(slice(0, o) for o in want))]


def probe_ready(model: nn.Module) -> nn.Module:
    """``model`` in eval mode, made linear and positive (see the module doc)."""
    model = model.eval()
    for name, module in list(model.named_modules()):
        replacement: nn.Module | None = None
        if isinstance(module, _IDENTITY):
            replacement = nn.Identity()
        elif isinstance(module, (nn.MaxPool1d, nn.MaxPool2d)):
            replacement = SumPool(module)
        elif isinstance(module, nn.AdaptiveMaxPool2d):
            replacement = nn.AdaptiveAvgPool2d(module.output_size)
        elif isinstance(module, (nn.Conv1d, nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            with torch.no_grad():
                module.weight.fill_(1.0 / module.weight[0].numel())
                if module.bias is not None:
                    module.bias.zero_()
        elif isinstance(module, nn.modules.batchnorm._BatchNorm):
            with torch.no_grad():
                module.weight.fill_(1.0)
                module.bias.zero_()
                module.running_mean.zero_()
                module.running_var.fill_(1.0)
        if replacement is not None and name:
            parent_name, _, attr = name.rpartition(".")
            parent = model.get_submodule(parent_name) if parent_name else model
            setattr(parent, attr, replacement)
    model.requires_grad_(False)
    for module in model.modules():
        if not any(True for _ in module.children()):
            module.register_forward_hook(_binarise_gradient)
    return model


def _binarise_gradient(_module: nn.Module, _args: object, output: torch.Tensor) -> None:
    """Let the gradient reaching ``output`` through as its non-zero pattern."""
    if isinstance(output, torch.Tensor) and output.requires_grad:
        output.register_hook(lambda g: (g != 0).to(g.dtype))


def cut_after(graph: Graph, node_id: str) -> Graph:
    """A copy of ``graph`` holding ``node_id`` and the nodes it depends on."""
    keep, todo = {node_id}, [node_id]
    while todo:
        for pred in graph.predecessors(todo.pop()):
            if pred not in keep:
                keep.add(pred)
                todo.append(pred)
    copy = graph.snapshot().to_graph()
    for nid in [n.id for n in copy.nodes]:
        if nid not in keep:
            copy.remove_node(nid)
    return copy


Extents = list[list[tuple[int, int] | None]]


def measured_extents(
    model: nn.Module, input_shape: Sequence[int], units: Sequence[Sequence[int]]
) -> Extents:
    """For each output unit (spatial index per axis, all channels: branches joined along
    channels each own some): per axis, the first and last input index with a non-zero
    gradient (``None`` when the gradient is zero)."""
    x = torch.ones(len(units), *input_shape, requires_grad=True)
    y = model(x)
    return _extents(x, y, units)


def _extents(x: torch.Tensor, y: torch.Tensor, units: Sequence[Sequence[int]]) -> Extents:
    """The extents of ``units`` of ``y`` (unit ``b`` in sample ``b``) in the input ``x``."""
    assert torch.isfinite(y).all(), "the probe overflowed"
    picked = sum(y[(b, slice(None), *unit)].sum() for b, unit in enumerate(units))
    (grad,) = torch.autograd.grad(picked, x, retain_graph=True)
    assert torch.isfinite(grad).all(), "the probe's gradient overflowed"
    out = []
    for b in range(len(units)):
        seen = grad[b].abs().sum(dim=0) != 0  # over input channels
        extents: list[tuple[int, int] | None] = []
        for axis in range(seen.dim()):
            others = tuple(a for a in range(seen.dim()) if a != axis)
            line = seen.any(dim=others) if others else seen
            hits = torch.nonzero(line).flatten().tolist()
            extents.append((hits[0], hits[-1]) if hits else None)
        out.append(extents)
    return out


def clipped(lo: float, hi: float, n: int) -> tuple[int, int]:
    """An unclipped field ``lo … hi`` (input indices) cut to an axis of ``n`` pixels."""
    return max(0, math.ceil(lo - 1e-9)), min(n - 1, math.floor(hi + 1e-9))


def probe_many(graph: Graph, units: dict[str, list[tuple[int, ...]]]) -> dict[str, Extents]:
    """:func:`probe` for several nodes of a valid one-output ``graph`` at once.

    One forward pass of the whole compiled model, the outputs of the nodes' modules caught
    by hooks, then one backward pass per node through the layers before it. Nodes without
    a module of their own (``Add``, ``Concat`` ... are tensor operations in ``forward``) are
    probed in a model cut after them (:func:`probe`).
    """
    model = probe_ready(compile_model(graph))
    names = layer_names(graph)
    caught: dict[str, torch.Tensor] = {}
    hooks = []
    for nid in units:
        try:
            module = model.get_submodule(names[nid])
        except AttributeError:
            continue

        def catch(_m: nn.Module, _a: object, out: torch.Tensor, nid: str = nid) -> None:
            caught[nid] = out

        hooks.append(module.register_forward_hook(catch))
    source = next(n for n in graph.nodes if not n.input_ports())
    shape = source.block.infer((), source.params)
    batch = max(len(u) for u in units.values())
    x = torch.ones(batch, *shape, requires_grad=True)
    model(x)
    for hook in hooks:
        hook.remove()
    out = {}
    for nid, node_units in units.items():
        if nid in caught:
            out[nid] = _extents(x, caught[nid], node_units)
        else:
            out[nid] = probe(graph, nid, node_units)
    return out


def probe(graph: Graph, node_id: str, units: Sequence[Sequence[int]]) -> Extents:
    """:func:`measured_extents` of ``node_id``'s units in the compiled, probe-ready model."""
    cut = cut_after(graph, node_id)
    source = next(n for n in cut.nodes if not n.input_ports())
    shape = source.block.infer((), source.params)
    model = probe_ready(compile_model(cut))
    return measured_extents(model, shape, units)
