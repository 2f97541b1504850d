"""Every catalogue block against an independently built torch module.

For random valid parameters and input shapes, the analysis of a one-block graph must give
exactly what a real forward pass gives: the output shape (without batch), the parameter
count ``sum(p.numel())``, the buffers of BatchNorm, and the FLOPs of the seeds' convention,
which are half of ``torch.utils.flop_counter.FlopCounterMode`` per sample.

The torch side is written here by hand from the PyTorch / torchvision / d2l definitions;
nothing is taken from NetBuilder's own templates or code generator. When our analysis
refuses a configuration, torch must refuse it too (and vice versa) wherever the two are
meant to agree.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from importlib import import_module

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from netbuilder.core.analysis import Analysis, NodeStats
from netbuilder.core.blocks import CATALOGUE, get_block
from netbuilder.core.errors import ParamError
from netbuilder.core.graph import Graph

tv_googlenet = import_module("torchvision.models.googlenet")
tv_resnet = import_module("torchvision.models.resnet")
tv_mobilenet = import_module("torchvision.models.mobilenetv2")
tv_densenet = import_module("torchvision.models.densenet")
tv_squeezenet = import_module("torchvision.models.squeezenet")

BATCH = 2
#: What torch raises for an impossible configuration.
TORCH_ERRORS = (RuntimeError, ValueError, IndexError)

#: ``NB_EXAMPLES=500`` explores more (and randomly) when hunting for bugs by hand.
_EXAMPLES = int(os.environ.get("NB_EXAMPLES", "0"))
PROPERTY = settings(
    max_examples=_EXAMPLES or 40,
    deadline=None,
    derandomize=not _EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

#: Blocks covered by a property test below; a test at the end checks none is forgotten.
COVERED: set[str] = set()


def covers(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def mark(func: Callable[..., None]) -> Callable[..., None]:
        COVERED.update(names)
        return func

    return mark


# -- our side: a real graph with Input nodes and one block, analysed -----------------------
def _input_params(shape: Sequence[int], tokens: int | None) -> dict[str, object]:
    if tokens is not None:
        return {"kind": "tokens", "length": shape[0], "vocab": tokens}
    if len(shape) == 1:
        return {"kind": "vector", "features": shape[0]}
    if len(shape) == 2:
        return {"kind": "sequence", "length": shape[0], "features": shape[1]}
    assert len(shape) == 3
    return {"kind": "image", "channels": shape[0], "height": shape[1], "width": shape[2]}


def ours(
    type_name: str, params: dict[str, object], *shapes: Sequence[int], tokens: int | None = None
) -> NodeStats:
    """Stats of a block fed by Input nodes of ``shapes`` (token ids ``0..tokens-1`` when
    ``tokens`` is given), through Graph + Analysis."""
    graph = Graph()
    sources = [graph.add_node("Input", _input_params(s, tokens)) for s in shapes]
    node = graph.add_node(type_name, params)
    for port, src in enumerate(sources):
        graph.connect(src, node, port)
    stats = Analysis(graph).stats(node)
    assert not stats.waiting
    return stats


# -- torch side ---------------------------------------------------------------------------------
class Fn(nn.Module):
    """A parameter-free tensor operation as a module."""

    def __init__(self, fn: Callable[..., torch.Tensor]) -> None:
        super().__init__()
        self.fn = fn

    def forward(self, *xs: torch.Tensor) -> torch.Tensor:
        return self.fn(*xs)


def torch_run(module: nn.Module, *inputs: torch.Tensor) -> tuple[tuple[int, ...], int, int, int]:
    """Output shape without batch, params, FlopCounterMode total and buffer count."""
    module.eval()
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        out = module(*inputs)
    params = sum(p.numel() for p in module.parameters())
    buffers = sum(b.numel() for b in module.buffers())
    return tuple(out.shape[1:]), params, counter.get_total_flops(), buffers


def rand(*shape: int) -> torch.Tensor:
    return torch.randn(BATCH, *shape)


def build_and_run(make: Callable[[], nn.Module], inputs: Sequence[torch.Tensor]) -> tuple:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's "zero-element tensor" style warnings
        return torch_run(make(), *inputs)


def agree(
    stats: NodeStats,
    make: Callable[[], nn.Module],
    inputs: Sequence[torch.Tensor],
    *,
    flops: bool = True,
    buffers: bool = False,
) -> None:
    """Our stats equal torch's; or, when we report an error, torch fails too."""
    if stats.error is not None:
        with pytest.raises(TORCH_ERRORS):
            build_and_run(make, inputs)
        return
    shape, params, total_flops, n_buffers = build_and_run(make, inputs)
    assert stats.shape == shape
    assert stats.params == params
    if flops:
        # FlopCounterMode counts 2 per multiply-add and the whole batch.
        assert 2 * BATCH * stats.flops == total_flops
    if buffers:
        assert stats.buffers == n_buffers


def assert_torch_refuses_or_empties(
    make: Callable[[], nn.Module], inputs: Sequence[torch.Tensor]
) -> None:
    """For an output we refuse as empty: torch raises, or returns a tensor with a 0 size."""
    try:
        shape = build_and_run(make, inputs)[0]
    except TORCH_ERRORS:
        return
    assert 0 in shape


def refused_params(type_name: str, params: dict[str, object]) -> ParamError | None:
    try:
        get_block(type_name).params(params)
    except ParamError as exc:
        return exc
    return None


# -- strategies ---------------------------------------------------------------------------------
def pair(lo: int, hi: int) -> st.SearchStrategy[object]:
    """An int or a list of two ints, as a ``pair`` parameter accepts."""
    return st.one_of(st.integers(lo, hi), st.lists(st.integers(lo, hi), min_size=2, max_size=2))


def as_tuple(value: object, n: int = 2) -> tuple[int, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return (int(value),) * n  # type: ignore[call-overload]


small_shape = st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple)


# -- convolutions -----------------------------------------------------------------------------
@covers("Conv2d")
@PROPERTY
@given(
    c_in=st.integers(1, 6),
    h=st.integers(1, 10),
    w=st.integers(1, 10),
    groups=st.integers(1, 3),
    per_group=st.integers(1, 3),
    kernel=pair(1, 5),
    stride=pair(1, 3),
    padding=st.one_of(pair(0, 3), st.just("same")),
    dilation=pair(1, 2),
    bias=st.booleans(),
)
def test_conv2d(c_in, h, w, groups, per_group, kernel, stride, padding, dilation, bias) -> None:
    params = dict(
        out_channels=groups * per_group,
        kernel_size=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        bias=bias,
    )

    def make() -> nn.Module:
        return nn.Conv2d(
            c_in,
            groups * per_group,
            kernel_size=as_tuple(kernel),
            stride=as_tuple(stride),
            padding="same" if padding == "same" else as_tuple(padding),
            dilation=as_tuple(dilation),
            groups=groups,
            bias=bias,
        )

    if refused_params("Conv2d", params) is not None:  # 'same' with a stride
        with pytest.raises(TORCH_ERRORS):
            build_and_run(make, [rand(c_in, h, w)])
        return
    agree(ours("Conv2d", params, (c_in, h, w)), make, [rand(c_in, h, w)])


@covers("Conv1d")
@PROPERTY
@given(
    c_in=st.integers(1, 6),
    length=st.integers(1, 12),
    groups=st.integers(1, 3),
    per_group=st.integers(1, 3),
    kernel=st.integers(1, 5),
    stride=st.integers(1, 3),
    padding=st.one_of(st.integers(0, 3), st.just("same")),
    dilation=st.integers(1, 3),
    bias=st.booleans(),
)
def test_conv1d(c_in, length, groups, per_group, kernel, stride, padding, dilation, bias) -> None:
    params = dict(
        out_channels=groups * per_group,
        kernel_size=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
        groups=groups,
        bias=bias,
    )

    def make() -> nn.Module:
        return nn.Conv1d(
            c_in,
            groups * per_group,
            kernel,
            stride=stride,
            padding=padding,
            dilation=dilation,
            groups=groups,
            bias=bias,
        )

    if refused_params("Conv1d", params) is not None:
        with pytest.raises(TORCH_ERRORS):
            build_and_run(make, [rand(c_in, length)])
        return
    # A C×L sequence enters as an Input of kind "sequence" (shape (C, L) either way).
    agree(ours("Conv1d", params, (c_in, length)), make, [rand(c_in, length)])


# -- pooling ------------------------------------------------------------------------------------
@covers("ConvTranspose2d")
@PROPERTY
@given(
    c_in_per_group=st.integers(1, 3),
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    groups=st.integers(1, 3),
    per_group=st.integers(1, 3),
    kernel=pair(1, 4),
    stride=pair(1, 3),
    padding=pair(0, 3),
    output_padding=pair(0, 2),
    dilation=pair(1, 2),
    bias=st.booleans(),
)
def test_conv_transpose2d(
    c_in_per_group, h, w, groups, per_group, kernel, stride, padding, output_padding, dilation, bias
) -> None:
    c_in = groups * c_in_per_group
    params = dict(
        out_channels=groups * per_group,
        kernel_size=kernel,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
        groups=groups,
        bias=bias,
    )

    def make() -> nn.Module:
        return nn.ConvTranspose2d(
            c_in,
            groups * per_group,
            kernel_size=as_tuple(kernel),
            stride=as_tuple(stride),
            padding=as_tuple(padding),
            output_padding=as_tuple(output_padding),
            groups=groups,
            bias=bias,
            dilation=as_tuple(dilation),
        )

    if refused_params("ConvTranspose2d", params) is not None:  # output_padding too large
        with pytest.raises(TORCH_ERRORS):
            build_and_run(make, [rand(c_in, h, w)])
        return
    stats = ours("ConvTranspose2d", params, (c_in, h, w))
    if stats.error is not None:
        # Padding that removes the whole output.
        assert "padding" in stats.error
        assert_torch_refuses_or_empties(make, [rand(c_in, h, w)])
        return
    agree(stats, make, [rand(c_in, h, w)])


def test_conv_transpose2d_doubles_a_feature_map() -> None:
    # The usual decoder step, by the formula (H−1)·s − 2p + d·(k−1) + output_padding + 1.
    stats = ours("ConvTranspose2d", {"out_channels": 8, "kernel_size": 2, "stride": 2}, (4, 7, 7))
    assert stats.shape == (8, 14, 14)
    assert stats.params == 2 * 2 * 4 * 8 + 8
    assert stats.flops == 7 * 7 * 2 * 2 * 4 * 8


@covers("Upsample")
@PROPERTY
@given(
    c=st.integers(1, 3),
    h=st.integers(1, 8),
    w=st.integers(1, 8),
    by_size=st.booleans(),
    size=pair(1, 12),
    scale=st.floats(0.3, 4.0),
    mode=st.sampled_from(["nearest", "bilinear"]),
    align=st.booleans(),
)
def test_upsample(c, h, w, by_size, size, scale, mode, align) -> None:
    align = align and mode == "bilinear"
    params = {
        "size": size if by_size else None,
        "scale_factor": None if by_size else scale,
        "mode": mode,
        "align_corners": align,
    }

    def make() -> nn.Module:
        return nn.Upsample(
            size=as_tuple(size) if by_size else None,
            scale_factor=None if by_size else scale,
            mode=mode,
            align_corners=align if mode == "bilinear" else None,
        )

    stats = ours("Upsample", params, (c, h, w))
    if stats.error is not None:
        assert "scale_factor" in stats.error
        assert_torch_refuses_or_empties(make, [rand(c, h, w)])
        return
    agree(stats, make, [rand(c, h, w)])


def test_upsample_needs_exactly_one_of_size_and_scale() -> None:
    error = refused_params("Upsample", {"size": 4, "scale_factor": 2.0})
    assert error is not None and error.param == "size"
    with pytest.raises(TORCH_ERRORS):
        nn.Upsample(size=4, scale_factor=2.0)(rand(1, 2, 2))
    error = refused_params("Upsample", {"mode": "nearest", "align_corners": True})
    assert error is not None and error.param == "align_corners"
    with pytest.raises(TORCH_ERRORS):
        nn.Upsample(scale_factor=2.0, align_corners=True)(rand(1, 2, 2))


@covers("MaxPool2d")
@PROPERTY
@given(
    c=st.integers(1, 3),
    h=st.integers(1, 10),
    w=st.integers(1, 10),
    kernel=pair(1, 4),
    stride=st.one_of(st.none(), pair(1, 3)),
    padding=pair(0, 2),
    dilation=pair(1, 2),
    ceil=st.booleans(),
)
def test_maxpool2d(c, h, w, kernel, stride, padding, dilation, ceil) -> None:
    params = dict(
        kernel_size=kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil
    )

    def make() -> nn.Module:
        return nn.MaxPool2d(
            as_tuple(kernel),
            stride=None if stride is None else as_tuple(stride),
            padding=as_tuple(padding),
            dilation=as_tuple(dilation),
            ceil_mode=ceil,
        )

    if refused_params("MaxPool2d", params) is not None:  # padding over half the window
        with pytest.raises(TORCH_ERRORS):
            build_and_run(make, [rand(c, h, w)])
        return
    agree(ours("MaxPool2d", params, (c, h, w)), make, [rand(c, h, w)])


@covers("AvgPool2d")
@PROPERTY
@given(
    c=st.integers(1, 3),
    h=st.integers(1, 10),
    w=st.integers(1, 10),
    kernel=pair(1, 4),
    stride=st.one_of(st.none(), pair(1, 3)),
    padding=pair(0, 2),
    ceil=st.booleans(),
    include_pad=st.booleans(),
)
def test_avgpool2d(c, h, w, kernel, stride, padding, ceil, include_pad) -> None:
    params = dict(
        kernel_size=kernel,
        stride=stride,
        padding=padding,
        ceil_mode=ceil,
        count_include_pad=include_pad,
    )

    def make() -> nn.Module:
        return nn.AvgPool2d(
            as_tuple(kernel),
            stride=None if stride is None else as_tuple(stride),
            padding=as_tuple(padding),
            ceil_mode=ceil,
            count_include_pad=include_pad,
        )

    if refused_params("AvgPool2d", params) is not None:
        with pytest.raises(TORCH_ERRORS):
            build_and_run(make, [rand(c, h, w)])
        return
    agree(ours("AvgPool2d", params, (c, h, w)), make, [rand(c, h, w)])


@covers("AdaptiveAvgPool2d")
@PROPERTY
@given(c=st.integers(1, 4), h=st.integers(1, 9), w=st.integers(1, 9), size=pair(1, 6))
def test_adaptive_avgpool2d(c, h, w, size) -> None:
    stats = ours("AdaptiveAvgPool2d", {"output_size": size}, (c, h, w))
    agree(stats, lambda: nn.AdaptiveAvgPool2d(as_tuple(size)), [rand(c, h, w)])


@covers("MaxPool1d", "AvgPool1d")
@PROPERTY
@given(
    kind=st.sampled_from(["MaxPool1d", "AvgPool1d"]),
    c=st.integers(1, 3),
    length=st.integers(1, 12),
    kernel=st.integers(1, 5),
    stride=st.one_of(st.none(), st.integers(1, 3)),
    padding=st.integers(0, 3),
    dilation=st.integers(1, 2),
    ceil=st.booleans(),
    include_pad=st.booleans(),
)
def test_pool1d(kind, c, length, kernel, stride, padding, dilation, ceil, include_pad) -> None:
    params: dict[str, object] = dict(
        kernel_size=kernel, stride=stride, padding=padding, ceil_mode=ceil
    )
    if kind == "MaxPool1d":
        params["dilation"] = dilation

        def make() -> nn.Module:
            return nn.MaxPool1d(kernel, stride, padding, dilation=dilation, ceil_mode=ceil)
    else:
        params["count_include_pad"] = include_pad

        def make() -> nn.Module:
            return nn.AvgPool1d(kernel, stride, padding, ceil, count_include_pad=include_pad)

    if refused_params(kind, params) is not None:  # padding over half the window
        with pytest.raises(TORCH_ERRORS):
            build_and_run(make, [rand(c, length)])
        return
    agree(ours(kind, params, (c, length)), make, [rand(c, length)])


def test_pool1d_refuses_an_image() -> None:
    stats = ours("MaxPool1d", {}, (3, 8, 8))
    assert stats.error is not None and "C×L" in stats.error and "MaxPool2d" in stats.error


@covers("AdaptiveMaxPool2d")
@PROPERTY
@given(c=st.integers(1, 4), h=st.integers(1, 9), w=st.integers(1, 9), size=pair(1, 6))
def test_adaptive_maxpool2d(c, h, w, size) -> None:
    stats = ours("AdaptiveMaxPool2d", {"output_size": size}, (c, h, w))
    agree(stats, lambda: nn.AdaptiveMaxPool2d(as_tuple(size)), [rand(c, h, w)])


# -- normalisation ------------------------------------------------------------------------------
@covers("BatchNorm2d", "BatchNorm1d")
@PROPERTY
@given(
    kind=st.sampled_from(["BatchNorm1d", "BatchNorm2d"]),
    shape=small_shape,
    eps=st.floats(1e-6, 0.1),
    momentum=st.floats(0.0, 1.0),
    affine=st.booleans(),
)
def test_batchnorm(kind, shape, eps, momentum, affine) -> None:
    stats = ours(kind, {"eps": eps, "momentum": momentum, "affine": affine}, shape)
    module = getattr(nn, kind)

    def make() -> nn.Module:
        return module(shape[0], eps=eps, momentum=momentum, affine=affine)

    # Ranks: BatchNorm1d takes C or C×L, BatchNorm2d C×H×W — exactly torch's rule.
    agree(stats, make, [rand(*shape)], buffers=True)


@covers("LayerNorm")
@PROPERTY
@given(shape=small_shape, dims=st.integers(1, 3), affine=st.booleans(), eps=st.floats(1e-6, 0.1))
def test_layernorm(shape, dims, affine, eps) -> None:
    params = {"dims": dims, "elementwise_affine": affine, "eps": eps}
    stats = ours("LayerNorm", params, shape)
    if dims > len(shape):
        # Normalising over the batch is refused, naming the parameter.
        assert stats.error is not None and "dims" in stats.error
        return
    normalized = shape[len(shape) - dims :]
    agree(
        stats,
        lambda: nn.LayerNorm(normalized, eps=eps, elementwise_affine=affine),
        [rand(*shape)],
    )


@covers("GroupNorm")
@PROPERTY
@given(
    shape=small_shape,
    groups=st.integers(1, 5),
    affine=st.booleans(),
    eps=st.floats(1e-6, 0.1),
)
def test_groupnorm(shape, groups, affine, eps) -> None:
    stats = ours("GroupNorm", {"num_groups": groups, "eps": eps, "affine": affine}, shape)
    if stats.error is not None:
        assert "num_groups" in stats.error
    agree(
        stats,
        lambda: nn.GroupNorm(groups, shape[0], eps=eps, affine=affine),
        [rand(*shape)],
        buffers=True,
    )


@covers("InstanceNorm2d")
@PROPERTY
@given(
    c=st.integers(1, 4),
    h=st.integers(1, 5),
    w=st.integers(1, 5),
    affine=st.booleans(),
    track=st.booleans(),
    momentum=st.floats(0.0, 1.0),
)
def test_instancenorm2d(c, h, w, affine, track, momentum) -> None:
    params = {"affine": affine, "track_running_stats": track, "momentum": momentum}
    stats = ours("InstanceNorm2d", params, (c, h, w))

    def make() -> nn.Module:
        module = nn.InstanceNorm2d(c, momentum=momentum, affine=affine, track_running_stats=track)
        # Training mode: instance statistics are computed, which needs > 1 pixel.
        module.train()
        module.eval = lambda: module  # type: ignore[method-assign]
        return module

    agree(stats, make, [rand(c, h, w)], buffers=True)


def test_instancenorm_defaults_match_torch() -> None:
    # Our defaults are torch's: no affine, no running statistics (0 params, 0 buffers).
    stats = ours("InstanceNorm2d", {}, (3, 4, 4))
    module = nn.InstanceNorm2d(3)
    assert stats.params == sum(p.numel() for p in module.parameters()) == 0
    assert stats.buffers == sum(b.numel() for b in module.buffers()) == 0


@covers("LocalResponseNorm")
@PROPERTY
@given(
    shape=st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple),
    size=st.integers(1, 7),
    alpha=st.floats(0.0, 1.0),
    beta=st.floats(0.0, 2.0),
    k=st.floats(0.5, 3.0),
)
def test_local_response_norm(shape, size, alpha, beta, k) -> None:
    stats = ours("LocalResponseNorm", {"size": size, "alpha": alpha, "beta": beta, "k": k}, shape)
    agree(
        stats,
        lambda: nn.LocalResponseNorm(size, alpha=alpha, beta=beta, k=k),
        [rand(*shape)],
        buffers=True,
    )


# -- activations and dropout --------------------------------------------------------------------
ELEMENTWISE: dict[str, tuple[st.SearchStrategy[dict], Callable[[dict], nn.Module]]] = {
    "ReLU": (st.just({}), lambda p: nn.ReLU()),
    "Sigmoid": (st.just({}), lambda p: nn.Sigmoid()),
    "Tanh": (st.just({}), lambda p: nn.Tanh()),
    "LeakyReLU": (
        st.fixed_dictionaries({"negative_slope": st.floats(0.0, 1.0)}),
        lambda p: nn.LeakyReLU(p["negative_slope"]),
    ),
    "GELU": (
        st.fixed_dictionaries({"approximate": st.sampled_from(["none", "tanh"])}),
        lambda p: nn.GELU(approximate=p["approximate"]),
    ),
    "ReLU6": (st.just({}), lambda p: nn.ReLU6()),
    "SiLU": (st.just({}), lambda p: nn.SiLU()),
    "Hardswish": (st.just({}), lambda p: nn.Hardswish()),
    "Hardsigmoid": (st.just({}), lambda p: nn.Hardsigmoid()),
    "Dropout": (
        st.fixed_dictionaries({"p": st.floats(0.0, 1.0)}),
        lambda p: nn.Dropout(p["p"]),
    ),
}


@covers(*ELEMENTWISE)
@PROPERTY
@given(type_name=st.sampled_from(sorted(ELEMENTWISE)), shape=small_shape, data=st.data())
def test_elementwise(type_name, shape, data) -> None:
    strategy, make = ELEMENTWISE[type_name]
    params = data.draw(strategy)
    agree(ours(type_name, params, shape), lambda: make(params), [rand(*shape)])


@covers("Dropout2d")
@PROPERTY
@given(
    c=st.integers(1, 4),
    h=st.integers(1, 5),
    w=st.integers(1, 5),
    p=st.floats(0.0, 1.0),
)
def test_dropout2d(c, h, w, p) -> None:
    agree(ours("Dropout2d", {"p": p}, (c, h, w)), lambda: nn.Dropout2d(p), [rand(c, h, w)])


def test_dropout2d_refuses_a_vector() -> None:
    stats = ours("Dropout2d", {}, (7,))
    assert stats.error is not None and "Dropout" in stats.error


@covers("Softmax", "LogSoftmax")
@PROPERTY
@given(
    type_name=st.sampled_from(["Softmax", "LogSoftmax"]),
    shape=small_shape,
    dim=st.integers(-5, 5),
)
def test_softmax(type_name, shape, dim) -> None:
    rank = len(shape) + 1
    stats = ours(type_name, {"dim": dim}, shape)
    if dim in (0, -rank):
        # Normalising across the batch is refused by design (torch would allow it).
        assert stats.error is not None and f"dim={dim}" in stats.error
        return
    agree(stats, lambda: getattr(nn, type_name)(dim=dim), [rand(*shape)])


# -- recurrent ----------------------------------------------------------------------------------
class RecurrentHead(nn.Module):
    """A batch_first recurrent layer returning every step or the final state (h_n of the
    last layer; both directions' final states when bidirectional)."""

    def __init__(self, rnn: nn.Module, last: bool) -> None:
        super().__init__()
        self.rnn = rnn
        self.last = last

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, h_n = self.rnn(x)
        if not self.last:
            return out
        h_n = h_n[0] if isinstance(self.rnn, nn.LSTM) else h_n
        if self.rnn.bidirectional:
            return torch.cat([h_n[-2], h_n[-1]], dim=1)
        return h_n[-1]


@covers("RNN", "LSTM", "GRU")
@PROPERTY
@given(
    type_name=st.sampled_from(["RNN", "LSTM", "GRU"]),
    length=st.integers(1, 5),
    features=st.integers(1, 6),
    hidden=st.integers(1, 6),
    layers=st.integers(1, 3),
    bidirectional=st.booleans(),
    bias=st.booleans(),
    dropout=st.sampled_from([0.0, 0.3]),
    last=st.booleans(),
    relu=st.booleans(),
)
def test_recurrent(
    type_name, length, features, hidden, layers, bidirectional, bias, dropout, last, relu
) -> None:
    assume(dropout == 0.0 or layers > 1)  # torch only warns there; we refuse (tested apart)
    params: dict[str, object] = dict(
        hidden_size=hidden,
        num_layers=layers,
        bidirectional=bidirectional,
        bias=bias,
        dropout=dropout,
        output="last" if last else "sequence",
    )
    extra: dict[str, object] = {}
    if type_name == "RNN":
        params["nonlinearity"] = extra["nonlinearity"] = "relu" if relu else "tanh"
    stats = ours(type_name, params, (length, features))

    def make() -> nn.Module:
        rnn = getattr(nn, type_name)(
            features,
            hidden,
            num_layers=layers,
            bias=bias,
            batch_first=True,
            dropout=dropout,
            bidirectional=bidirectional,
            **extra,
        )
        return RecurrentHead(rnn, last)

    # FlopCounterMode counts RNN and GRU on CPU but returns 0 for LSTM (its fused CPU
    # kernel has no FLOP formula), so only LSTM's FLOPs check is skipped.
    agree(stats, make, [rand(length, features)], flops=type_name != "LSTM")


def test_recurrent_dropout_needs_two_layers() -> None:
    error = refused_params("GRU", {"dropout": 0.5, "num_layers": 1})
    assert error is not None and error.param == "dropout"


# -- linear family ------------------------------------------------------------------------------
@covers("Linear")
@PROPERTY
@given(
    shape=st.lists(st.integers(1, 6), min_size=1, max_size=2).map(tuple),
    out=st.integers(1, 9),
    bias=st.booleans(),
)
def test_linear(shape, out, bias) -> None:
    stats = ours("Linear", {"out_features": out, "bias": bias}, shape)
    agree(stats, lambda: nn.Linear(shape[-1], out, bias=bias), [rand(*shape)])


@covers("Embedding")
@PROPERTY
@given(length=st.integers(1, 8), vocab=st.integers(1, 50), dim=st.integers(1, 8))
def test_embedding(length, vocab, dim) -> None:
    stats = ours(
        "Embedding", {"num_embeddings": vocab, "embedding_dim": dim}, (length,), tokens=vocab
    )
    tokens = torch.randint(0, vocab, (BATCH, length))
    agree(stats, lambda: nn.Embedding(vocab, dim), [tokens])


@covers("Flatten")
@PROPERTY
@given(shape=small_shape, start=st.integers(1, 4), end=st.integers(-5, 4))
def test_flatten(shape, start, end) -> None:
    stats = ours("Flatten", {"start_dim": start, "end_dim": end}, shape)
    agree(stats, lambda: nn.Flatten(start, end), [rand(*shape)])


@st.composite
def reshape_case(draw: st.DrawFn) -> tuple[tuple[int, ...], list[int]]:
    shape = draw(small_shape)
    total = 1
    for d in shape:
        total *= d
    if draw(st.booleans()):
        # A valid target: factor the total, maybe with one -1.
        dims, rest = [], total
        for _ in range(draw(st.integers(0, 2))):
            divisors = [d for d in range(1, rest + 1) if rest % d == 0]
            d = draw(st.sampled_from(divisors))
            dims.append(d)
            rest //= d
        dims.append(rest)
        dims = draw(st.permutations(dims))
        if draw(st.booleans()):
            dims[draw(st.integers(0, len(dims) - 1))] = -1
        return shape, list(dims)
    return shape, draw(st.lists(st.integers(-1, 7), min_size=1, max_size=3))


@covers("Reshape")
@PROPERTY
@given(case=reshape_case())
def test_reshape(case) -> None:
    shape, target = case
    stats = ours("Reshape", {"shape": target}, shape)
    agree(stats, lambda: Fn(lambda x: x.reshape(x.shape[0], *target)), [rand(*shape)])


# -- merges -------------------------------------------------------------------------------------
@st.composite
def concat_case(draw: st.DrawFn) -> tuple[list[tuple[int, ...]], int]:
    base = list(draw(small_shape))
    rank = len(base) + 1
    dim = draw(st.integers(-rank - 1, rank + 1).filter(lambda d: d not in (0, -rank)))
    n = draw(st.integers(2, 4))
    axis = (dim + rank if dim < 0 else dim) - 1
    shapes = []
    for _ in range(n):
        shape = list(base)
        if 0 <= axis < len(base):
            shape[axis] = draw(st.integers(1, 4))
        if draw(st.integers(0, 5)) == 0:  # now and then a mismatch elsewhere
            j = draw(st.integers(0, len(shape) - 1))
            shape[j] += 1
        shapes.append(tuple(shape))
    return shapes, dim


@covers("Concat")
@PROPERTY
@given(case=concat_case())
def test_concat(case) -> None:
    shapes, dim = case
    stats = ours("Concat", {"inputs": len(shapes), "dim": dim}, *shapes)
    agree(stats, lambda: Fn(lambda *xs: torch.cat(xs, dim=dim)), [rand(*s) for s in shapes])


@covers("Add")
@PROPERTY
@given(shape=small_shape, n=st.integers(2, 4))
def test_add(shape, n) -> None:
    stats = ours("Add", {"inputs": n}, *([shape] * n))

    def total(*xs: torch.Tensor) -> torch.Tensor:
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out

    agree(stats, lambda: Fn(total), [rand(*shape) for _ in range(n)])


def test_add_of_different_shapes_fails_in_both() -> None:
    stats = ours("Add", {}, (3, 4, 4), (5, 4, 4))
    assert stats.error is not None and "3×4×4" in stats.error
    with pytest.raises(TORCH_ERRORS):
        rand(3, 4, 4) + rand(5, 4, 4)


@st.composite
def multiply_case(draw: st.DrawFn) -> list[tuple[int, ...]]:
    """Shapes of equal rank whose sizes are equal or 1 per dimension (and sometimes not)."""
    full = draw(small_shape)
    n = draw(st.integers(2, 3))
    shapes = []
    for _ in range(n):
        shapes.append(tuple(draw(st.sampled_from([s, 1, s + 1])) for s in full))
    return shapes


@covers("Multiply")
@PROPERTY
@given(shapes=multiply_case())
def test_multiply(shapes) -> None:
    stats = ours("Multiply", {"inputs": len(shapes)}, *shapes)

    def product(*xs: torch.Tensor) -> torch.Tensor:
        out = xs[0]
        for x in xs[1:]:
            out = out * x
        return out

    agree(stats, lambda: Fn(product), [rand(*s) for s in shapes])


def test_multiply_gates_channels_as_in_squeeze_excitation() -> None:
    stats = ours("Multiply", {}, (8, 5, 5), (8, 1, 1))
    assert stats.error is None and stats.shape == (8, 5, 5)
    assert tuple((rand(8, 5, 5) * rand(8, 1, 1)).shape[1:]) == stats.shape
    refused = ours("Multiply", {}, (8, 5, 5), (8,))
    assert refused.error is not None and "8×1×1" in refused.error


# -- composites: reference modules written from the papers / d2l / the course -----------------
class InceptionD2L(nn.Module):
    """d2l.ai 8.4 Inception: conv+ReLU branches, 3×3 and 5×5, max-pool branch."""

    def __init__(self, in_channels: int, c1: int, c2: tuple, c3: tuple, c4: int) -> None:
        super().__init__()
        self.b1 = nn.Sequential(nn.Conv2d(in_channels, c1, 1), nn.ReLU())
        self.b2 = nn.Sequential(
            nn.Conv2d(in_channels, c2[0], 1),
            nn.ReLU(),
            nn.Conv2d(c2[0], c2[1], 3, padding=1),
            nn.ReLU(),
        )
        self.b3 = nn.Sequential(
            nn.Conv2d(in_channels, c3[0], 1),
            nn.ReLU(),
            nn.Conv2d(c3[0], c3[1], 5, padding=2),
            nn.ReLU(),
        )
        self.b4 = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1), nn.Conv2d(in_channels, c4, 1), nn.ReLU()
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], dim=1)


class InceptionCourse(nn.Module):
    """The course's MNIST Inception with its channel counts made parameters:
    avg-pool→1×1, 1×1, 1×1→5×5, 1×1→3×3→3×3, concatenated in that order."""

    def __init__(self, cin: int, pool: int, one: int, r5: int, c5: int, r3: int, c3: int) -> None:
        super().__init__()
        self.pool = nn.Sequential(nn.AvgPool2d(3, 1, 1), nn.Conv2d(cin, pool, 1))
        self.one = nn.Conv2d(cin, one, 1)
        self.five = nn.Sequential(nn.Conv2d(cin, r5, 1), nn.Conv2d(r5, c5, 5, padding=2))
        self.three = nn.Sequential(
            nn.Conv2d(cin, r3, 1), nn.Conv2d(r3, c3, 3, padding=1), nn.Conv2d(c3, c3, 3, padding=1)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.pool(x), self.one(x), self.five(x), self.three(x)], dim=1)


channels = st.integers(1, 6)


@covers("Inception")
@PROPERTY
@given(
    variant=st.sampled_from(["googlenet", "d2l", "mnist"]),
    c_in=st.integers(1, 6),
    h=st.integers(1, 7),
    w=st.integers(1, 7),
    c1=channels,
    c3r=channels,
    c3=channels,
    c5r=channels,
    c5=channels,
    pp=channels,
)
def test_inception(variant, c_in, h, w, c1, c3r, c3, c5r, c5, pp) -> None:
    params = dict(variant=variant, c1=c1, c3_reduce=c3r, c3=c3, c5_reduce=c5r, c5=c5, pool_proj=pp)
    stats = ours("Inception", params, (c_in, h, w))

    def make() -> nn.Module:
        if variant == "googlenet":
            return tv_googlenet.Inception(c_in, c1, c3r, c3, c5r, c5, pp)
        if variant == "d2l":
            return InceptionD2L(c_in, c1, (c3r, c3), (c5r, c5), pp)
        return InceptionCourse(c_in, pp, c1, c5r, c5, c3r, c3)

    agree(stats, make, [rand(c_in, h, w)], buffers=True)


class ResidualD2L(nn.Module):
    """d2l.ai 8.6 Residual: conv(bias)+BN+ReLU, conv+BN, optional 1×1 conv shortcut."""

    def __init__(self, cin: int, cout: int, use_1x1conv: bool, strides: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(cout, cout, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(cin, cout, kernel_size=1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(cout)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        if self.conv3 is not None:
            x = self.conv3(x)
        return torch.relu(y + x)


def residual_reference(
    variant: str, c_in: int, c_out: int, projection: bool, stride: int
) -> nn.Module:
    """d2l's Residual or torchvision's BasicBlock (with its 1×1 conv + BN downsample)."""
    if variant == "d2l":
        return ResidualD2L(c_in, c_out, projection, stride)
    downsample = None
    if projection:
        downsample = nn.Sequential(
            nn.Conv2d(c_in, c_out, kernel_size=1, stride=stride, bias=False),
            nn.BatchNorm2d(c_out),
        )
    return tv_resnet.BasicBlock(c_in, c_out, stride=stride, downsample=downsample)


@covers("Residual")
@PROPERTY
@given(
    variant=st.sampled_from(["torchvision", "d2l"]),
    c_in=st.integers(1, 6),
    h=st.integers(1, 8),
    w=st.integers(1, 8),
    c_out=st.integers(1, 6),
    stride=st.integers(1, 3),
    shortcut=st.sampled_from(["auto", "identity", "conv1x1"]),
)
def test_residual(variant, c_in, h, w, c_out, stride, shortcut) -> None:
    params = dict(variant=variant, out_channels=c_out, stride=stride, shortcut=shortcut)
    stats = ours("Residual", params, (c_in, h, w))
    if shortcut == "auto":
        projection = stride != 1 or c_in != c_out
    else:
        projection = shortcut == "conv1x1"

    def make() -> nn.Module:
        return residual_reference(variant, c_in, c_out, projection, stride)

    if stats.error is not None and shortcut == "identity":
        # An identity shortcut across a change of shape: torch fails at the addition,
        # or (1 channel, 1 pixel) silently broadcasts into something that is no residual.
        assert "shortcut" in stats.error
        try:
            build_and_run(make, [rand(c_in, h, w)])
        except TORCH_ERRORS:
            return
        # torch broadcast the sum: the conv path's shape really differs from the input's.
        conv_path = (c_out, (h - 1) // stride + 1, (w - 1) // stride + 1)
        assert conv_path != (c_in, h, w)
        return
    agree(stats, make, [rand(c_in, h, w)], buffers=True)


def vgg_block(num_convs: int, in_channels: int, out_channels: int) -> nn.Module:
    """d2l.ai 8.2 vgg_block."""
    layers: list[nn.Module] = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)


@covers("VGGBlock")
@PROPERTY
@given(
    c_in=st.integers(1, 5),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    num_convs=st.integers(1, 3),
    c_out=st.integers(1, 6),
)
def test_vgg_block(c_in, h, w, num_convs, c_out) -> None:
    stats = ours("VGGBlock", {"num_convs": num_convs, "out_channels": c_out}, (c_in, h, w))
    agree(stats, lambda: vgg_block(num_convs, c_in, c_out), [rand(c_in, h, w)])


def nin_block(in_channels: int, out_channels: int, kernel_size: int, strides: int, padding: int):
    """d2l.ai 8.3 nin_block."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU(),
    )


@covers("NiNBlock")
@PROPERTY
@given(
    c_in=st.integers(1, 5),
    h=st.integers(1, 12),
    w=st.integers(1, 12),
    c_out=st.integers(1, 6),
    kernel=st.integers(1, 5),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
)
def test_nin_block(c_in, h, w, c_out, kernel, stride, padding) -> None:
    params = dict(out_channels=c_out, kernel_size=kernel, stride=stride, padding=padding)
    stats = ours("NiNBlock", params, (c_in, h, w))
    agree(stats, lambda: nin_block(c_in, c_out, kernel, stride, padding), [rand(c_in, h, w)])


def bottleneck_reference(c_in: int, width: int, projection: bool, stride: int) -> nn.Module:
    """torchvision's Bottleneck (ResNet-50), with its 1×1 conv + BN downsample."""
    downsample = None
    if projection:
        downsample = nn.Sequential(
            nn.Conv2d(c_in, 4 * width, kernel_size=1, stride=stride, bias=False),
            nn.BatchNorm2d(4 * width),
        )
    return tv_resnet.Bottleneck(c_in, width, stride=stride, downsample=downsample)


@covers("Bottleneck")
@PROPERTY
@given(
    c_in=st.integers(1, 9),
    h=st.integers(1, 8),
    w=st.integers(1, 8),
    width=st.integers(1, 3),
    stride=st.integers(1, 3),
    shortcut=st.sampled_from(["auto", "identity", "conv1x1"]),
)
def test_bottleneck(c_in, h, w, width, stride, shortcut) -> None:
    params = dict(channels=width, stride=stride, shortcut=shortcut)
    stats = ours("Bottleneck", params, (c_in, h, w))
    if shortcut == "auto":
        projection = stride != 1 or c_in != 4 * width
    else:
        projection = shortcut == "conv1x1"
    make = lambda: bottleneck_reference(c_in, width, projection, stride)  # noqa: E731
    if stats.error is not None and shortcut == "identity":
        assert "shortcut" in stats.error and "Bottleneck" in stats.error
        try:
            build_and_run(make, [rand(c_in, h, w)])
        except TORCH_ERRORS:
            return
        # torch broadcast the sum: the conv path's shape really differs from the input's.
        assert (4 * width, (h - 1) // stride + 1, (w - 1) // stride + 1) != (c_in, h, w)
        return
    agree(stats, make, [rand(c_in, h, w)], buffers=True)


@covers("InvertedResidual")
@PROPERTY
@given(
    c_in=st.integers(1, 5),
    h=st.integers(1, 8),
    w=st.integers(1, 8),
    c_out=st.integers(1, 5),
    stride=st.integers(1, 2),
    ratio=st.integers(1, 4),
)
def test_inverted_residual(c_in, h, w, c_out, stride, ratio) -> None:
    params = dict(out_channels=c_out, stride=stride, expand_ratio=ratio)
    stats = ours("InvertedResidual", params, (c_in, h, w))
    make = lambda: tv_mobilenet.InvertedResidual(c_in, c_out, stride, ratio)  # noqa: E731
    agree(stats, make, [rand(c_in, h, w)], buffers=True)


@covers("DenseBlock")
@PROPERTY
@given(
    c_in=st.integers(1, 6),
    h=st.integers(1, 6),
    w=st.integers(1, 6),
    layers=st.integers(1, 4),
    growth=st.integers(1, 5),
    bn_size=st.integers(1, 4),
    drop=st.sampled_from([0.0, 0.2]),
)
def test_dense_block(c_in, h, w, layers, growth, bn_size, drop) -> None:
    params = dict(num_layers=layers, growth_rate=growth, bn_size=bn_size, drop_rate=drop)
    stats = ours("DenseBlock", params, (c_in, h, w))

    def make() -> nn.Module:
        return tv_densenet._DenseBlock(layers, c_in, bn_size, growth, drop)

    agree(stats, make, [rand(c_in, h, w)], buffers=True)


@covers("Transition")
@PROPERTY
@given(
    c_in=st.integers(1, 6),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    c_out=st.integers(1, 6),
)
def test_transition(c_in, h, w, c_out) -> None:
    stats = ours("Transition", {"out_channels": c_out}, (c_in, h, w))
    if h < 2 or w < 2:  # the 2×2 pool has nothing to pool
        assert stats.error is not None
    agree(stats, lambda: tv_densenet._Transition(c_in, c_out), [rand(c_in, h, w)], buffers=True)


@covers("Fire")
@PROPERTY
@given(
    c_in=st.integers(1, 6),
    h=st.integers(1, 7),
    w=st.integers(1, 7),
    squeeze=st.integers(1, 5),
    e1=st.integers(1, 5),
    e3=st.integers(1, 5),
)
def test_fire(c_in, h, w, squeeze, e1, e3) -> None:
    params = dict(squeeze=squeeze, expand1x1=e1, expand3x3=e3)
    stats = ours("Fire", params, (c_in, h, w))
    agree(stats, lambda: tv_squeezenet.Fire(c_in, squeeze, e1, e3), [rand(c_in, h, w)])


def test_composites_refuse_a_flat_vector() -> None:
    composites = [name for name, block in CATALOGUE.items() if block.composite]
    assert len(composites) == 9
    for type_name in composites:
        stats = ours(type_name, {}, (10,))
        assert stats.error is not None and "C×H×W" in stats.error


# -- hand-picked impossible configurations ------------------------------------------------------
def test_kernel_larger_than_input_fails_in_both() -> None:
    stats = ours("Conv2d", {"out_channels": 4, "kernel_size": 5}, (3, 3, 3))
    assert stats.error is not None and "kernel 5" in stats.error
    with pytest.raises(TORCH_ERRORS):
        nn.Conv2d(3, 4, 5)(rand(3, 3, 3))
    stats = ours("MaxPool2d", {"kernel_size": 4}, (2, 3, 8))
    assert stats.error is not None and "height" in stats.error
    with pytest.raises(TORCH_ERRORS):
        nn.MaxPool2d(4)(rand(2, 3, 8))


def test_channels_not_divisible_by_groups_fail_in_both() -> None:
    stats = ours("Conv2d", {"out_channels": 4, "groups": 2}, (3, 8, 8))
    assert stats.error is not None and "groups" in stats.error
    with pytest.raises(TORCH_ERRORS):
        nn.Conv2d(3, 4, 3, groups=2)
    error = refused_params("Conv2d", {"out_channels": 3, "groups": 2})
    assert error is not None and error.param == "groups" and "groups" in str(error)
    with pytest.raises(TORCH_ERRORS):
        nn.Conv2d(4, 3, 3, groups=2)


@pytest.mark.parametrize(
    ("type_name", "params", "name", "torch_call"),
    [
        ("Conv2d", {"padding": -1}, "padding", lambda: nn.Conv2d(3, 4, 3, padding=-1)),
        ("MaxPool2d", {"padding": -1}, "padding", lambda: nn.MaxPool2d(2, padding=-1)),
        ("Conv1d", {"padding": -2}, "padding", lambda: nn.Conv1d(3, 4, 3, padding=-2)),
        ("Conv2d", {"out_channels": 0}, "out_channels", lambda: nn.Conv2d(3, 0, 3)),
        ("Conv2d", {"kernel_size": 0}, "kernel_size", lambda: nn.Conv2d(3, 4, 0)),
        ("Conv2d", {"stride": [1, 0]}, "stride", lambda: nn.Conv2d(3, 4, 3, stride=(1, 0))),
    ],
)
def test_impossible_params_are_refused_naming_them(type_name, params, name, torch_call) -> None:
    error = refused_params(type_name, params)
    assert error is not None
    assert error.param == name
    sentence = str(error)
    assert sentence.startswith(name) and sentence.endswith(".")
    x = rand(3, 8, 8) if type_name != "Conv1d" else rand(3, 8)
    with pytest.raises(TORCH_ERRORS):
        build_and_run(torch_call, [x])
    # The graph refuses the node as well, with the same sentence.
    with pytest.raises(ParamError, match=name):
        Graph().add_node(type_name, params)


def test_every_block_is_covered() -> None:
    assert set(CATALOGUE) - {"Input"} == COVERED


def test_importer_maps_the_new_activations() -> None:
    from netbuilder.core.importer import import_model

    model = nn.Sequential(
        nn.Linear(4, 5), nn.ReLU6(), nn.SiLU(), nn.Hardswish(), nn.Hardsigmoid(), nn.Linear(5, 2)
    )
    project = import_model(model, (4,))
    types = [project.graph.node(n).type for n in project.graph.topological_order()]
    assert types[2:6] == ["ReLU6", "SiLU", "Hardswish", "Hardsigmoid"]
