"""Composite blocks: generated class, inner-layer list and reference module compute the same.

A composite is described twice: the inner-layer list drives the stats and the expanded
view, the class source drives the exported code. For random parameters, three networks
get the same weights and input and must give the same output:

1. the reference module — torchvision's ``Inception`` / ``BasicBlock`` / ``Bottleneck`` /
   ``InvertedResidual`` / ``_DenseBlock`` / ``_Transition`` / ``Fire`` (whose keys the
   generated classes take unchanged), or the d2l and course blocks written in
   ``tests/test_blocks_vs_torch.py`` from the books;
2. the generated class (``torch_class`` / ``torch_module``), with the reference's
   ``state_dict`` loaded through a key mapping, ``strict=True``;
3. an interpreter of the inner-layer list: one catalogue block's module per inner layer,
   wired as the list says, its weights taken from the generated class by layer name
   (every tensor of the class must be used).

BatchNorm running statistics are random too, so a missing or misplaced BatchNorm, ReLU or
pool, or a swapped concatenation order, changes an output and fails the test.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from importlib import import_module

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from torch import nn

from netbuilder.core.blocks import Composite, InnerLayerError, get_block
from netbuilder.core.blocks.base import Shape
from netbuilder.core.errors import ShapeError
from tests.test_blocks_vs_torch import (
    InceptionCourse,
    InceptionD2L,
    bottleneck_reference,
    nin_block,
    residual_reference,
    vgg_block,
)

tv_googlenet = import_module("torchvision.models.googlenet")
tv_mobilenet = import_module("torchvision.models.mobilenetv2")
tv_densenet = import_module("torchvision.models.densenet")
tv_squeezenet = import_module("torchvision.models.squeezenet")

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
channels = st.integers(1, 5)


# -- the three networks ---------------------------------------------------------------------
def generated_module(block: Composite, ins: Sequence[Shape], p: dict) -> nn.Module:
    """The composite's class from its own source, built by its constructor expression."""
    _, source = block.torch_class(p)
    namespace: dict = {}
    exec(compile("import torch\nfrom torch import nn\n\n" + source, "<class>", "exec"), namespace)
    return eval(block.torch_module(ins, p), namespace)  # noqa: S307 - our generated code


class InnerNetwork(nn.Module):
    """The inner-layer list run as a network: each layer is its catalogue block's code."""

    def __init__(self, block: Composite, ins: Sequence[Shape], p: dict) -> None:
        super().__init__()
        self.steps = []
        self.layers = nn.ModuleList()
        for result in block.run_inner(ins, p):
            inner = get_block(result.layer.type)
            lp = inner.params(dict(result.layer.params))
            expr = inner.torch_module(result.input_shapes, lp)
            module = eval(expr, {"nn": nn, "torch": torch}) if expr else None  # noqa: S307
            if module is not None:
                self.layers.append(module)
            names = [f"v{i}" for i in range(len(result.layer.inputs))]
            call = inner.torch_call("m", names, lp)
            self.steps.append((result.layer.name, result.layer.inputs, names, module, call))

    def load_from(self, state: dict[str, torch.Tensor]) -> None:
        """Weights by inner-layer name (``branch2.0.conv`` takes ``branch2.0.conv.*``)."""
        used: set[str] = set()
        for name, _, _, module, _ in self.steps:
            if module is None:
                continue
            prefix = name + "."
            mine = {k[len(prefix) :]: v for k, v in state.items() if k.startswith(prefix)}
            module.load_state_dict(mine, strict=True)
            used.update(prefix + k for k in mine)
        assert used == set(state), f"class tensors no inner layer holds: {set(state) - used}"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        values = {"x": x}
        out = x
        for name, inputs, names, module, call in self.steps:
            env = {"torch": torch, "m": module}
            env.update(zip(names, (values[i] for i in inputs), strict=True))
            out = values[name] = eval(call, env)  # noqa: S307 - catalogue code
        return out


def randomise(module: nn.Module) -> None:
    """Random weights and BatchNorm statistics, so every layer shows in the output."""
    with torch.no_grad():
        for name, tensor in module.state_dict().items():
            if not tensor.is_floating_point():
                continue
            if name.endswith("running_var"):
                tensor.uniform_(0.5, 1.5)
            else:
                tensor.normal_(0.0, 0.5)


def rename(state: dict[str, torch.Tensor], table: dict[str, str]) -> dict[str, torch.Tensor]:
    """Reference keys → generated keys: module path looked up in ``table`` (else kept)."""
    out = {}
    for key, value in state.items():
        path, _, leaf = key.rpartition(".")
        out[f"{table.get(path, path)}.{leaf}"] = value
    return out


def agree(
    type_name: str,
    params: dict,
    in_shape: Shape,
    reference: Callable[[], nn.Module],
    table: dict[str, str] | None = None,
) -> None:
    """Reference, generated class and inner-layer network give the same output."""
    block = get_block(type_name)
    assert isinstance(block, Composite)
    p = block.params(params)
    ins = [tuple(in_shape)]
    torch.manual_seed(0)
    ref = reference()
    randomise(ref)
    gen = generated_module(block, ins, p)
    gen.load_state_dict(rename(ref.state_dict(), table or {}), strict=True)
    inner = InnerNetwork(block, ins, p)
    inner.load_from(gen.state_dict())
    x = torch.randn(2, *in_shape)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outputs = [m.eval()(x) for m in (ref, gen, inner)]
    assert outputs[0].shape == outputs[1].shape == outputs[2].shape
    assert torch.allclose(outputs[1], outputs[0], atol=1e-5), "class ≠ reference"
    assert torch.allclose(outputs[2], outputs[0], atol=1e-5), "inner layers ≠ reference"


# -- every composite and variant -------------------------------------------------------------
D2L_INCEPTION = {
    "b1.0": "p1_1",
    "b2.0": "p2_1",
    "b2.2": "p2_2",
    "b3.0": "p3_1",
    "b3.2": "p3_2",
    "b4.1": "p4_2",
}
COURSE_INCEPTION = {
    "pool.1": "branch_pool_2",
    "one": "branch1x1",
    "five.0": "branch5x5_1",
    "five.1": "branch5x5_2",
    "three.0": "branch3x3_1",
    "three.1": "branch3x3_2",
    "three.2": "branch3x3_3",
}


@EXAMPLES
@given(
    variant=st.sampled_from(["googlenet", "d2l", "mnist"]),
    c_in=channels,
    size=st.integers(1, 6),
    c=st.lists(channels, min_size=6, max_size=6),
)
def test_inception(variant: str, c_in: int, size: int, c: list[int]) -> None:
    c1, c3r, c3, c5r, c5, pp = c
    params = dict(variant=variant, c1=c1, c3_reduce=c3r, c3=c3, c5_reduce=c5r, c5=c5, pool_proj=pp)
    shape = (c_in, size, size + 1)
    if variant == "googlenet":
        agree("Inception", params, shape, lambda: tv_googlenet.Inception(c_in, *c))
    elif variant == "d2l":
        make = lambda: InceptionD2L(c_in, c1, (c3r, c3), (c5r, c5), pp)  # noqa: E731
        agree("Inception", params, shape, make, D2L_INCEPTION)
    else:
        make = lambda: InceptionCourse(c_in, pp, c1, c5r, c5, c3r, c3)  # noqa: E731
        agree("Inception", params, shape, make, COURSE_INCEPTION)


@EXAMPLES
@given(
    variant=st.sampled_from(["torchvision", "d2l"]),
    c_in=channels,
    c_out=channels,
    size=st.integers(1, 7),
    stride=st.integers(1, 3),
    shortcut=st.sampled_from(["auto", "conv1x1", "identity"]),
)
def test_residual(
    variant: str, c_in: int, c_out: int, size: int, stride: int, shortcut: str
) -> None:
    projection = shortcut == "conv1x1" or (shortcut == "auto" and (stride != 1 or c_in != c_out))
    if not projection and (stride != 1 or c_in != c_out):
        return  # refused (see test_residual_identity_mismatch_is_a_typed_error)
    params = dict(variant=variant, out_channels=c_out, stride=stride, shortcut=shortcut)

    def make() -> nn.Module:
        return residual_reference(variant, c_in, c_out, projection, stride)

    agree("Residual", params, (c_in, size, size), make)


@EXAMPLES
@given(c_in=channels, c_out=channels, num_convs=st.integers(1, 3), size=st.integers(2, 9))
def test_vgg_block(c_in: int, c_out: int, num_convs: int, size: int) -> None:
    table = {str(i): f"layers.{i}" for i in range(2 * num_convs + 1)}
    make = lambda: vgg_block(num_convs, c_in, c_out)  # noqa: E731
    agree(
        "VGGBlock", dict(num_convs=num_convs, out_channels=c_out), (c_in, size, size), make, table
    )


@EXAMPLES
@given(
    c_in=channels,
    c_out=channels,
    kernel=st.integers(1, 4),
    stride=st.integers(1, 3),
    padding=st.integers(0, 2),
    size=st.integers(4, 10),
)
def test_nin_block(
    c_in: int, c_out: int, kernel: int, stride: int, padding: int, size: int
) -> None:
    params = dict(out_channels=c_out, kernel_size=kernel, stride=stride, padding=padding)
    make = lambda: nin_block(c_in, c_out, kernel, stride, padding)  # noqa: E731
    agree("NiNBlock", params, (c_in, size, size), make, {"0": "conv1", "2": "conv2", "4": "conv3"})


# -- the zoo's composites: torchvision's own modules, keys taken as they are ------------------
@EXAMPLES
@given(
    c_in=st.integers(1, 9),
    width=st.integers(1, 3),
    size=st.integers(1, 7),
    stride=st.integers(1, 3),
    shortcut=st.sampled_from(["auto", "conv1x1"]),
)
def test_bottleneck(c_in: int, width: int, size: int, stride: int, shortcut: str) -> None:
    projection = shortcut == "conv1x1" or stride != 1 or c_in != 4 * width
    params = dict(channels=width, stride=stride, shortcut=shortcut)
    make = lambda: bottleneck_reference(c_in, width, projection, stride)  # noqa: E731
    agree("Bottleneck", params, (c_in, size, size), make)


@EXAMPLES
@given(
    c_in=channels,
    c_out=channels,
    size=st.integers(1, 7),
    stride=st.integers(1, 2),
    ratio=st.integers(1, 4),
)
def test_inverted_residual(c_in: int, c_out: int, size: int, stride: int, ratio: int) -> None:
    params = dict(out_channels=c_out, stride=stride, expand_ratio=ratio)
    make = lambda: tv_mobilenet.InvertedResidual(c_in, c_out, stride, ratio)  # noqa: E731
    agree("InvertedResidual", params, (c_in, size, size + 1), make)


@EXAMPLES
@given(
    c_in=channels,
    layers=st.integers(1, 4),
    growth=channels,
    bn_size=st.integers(1, 3),
    size=st.integers(1, 6),
)
def test_dense_block(c_in: int, layers: int, growth: int, bn_size: int, size: int) -> None:
    params = dict(num_layers=layers, growth_rate=growth, bn_size=bn_size)
    make = lambda: tv_densenet._DenseBlock(layers, c_in, bn_size, growth, 0.0)  # noqa: E731
    agree("DenseBlock", params, (c_in, size, size), make)


@EXAMPLES
@given(c_in=channels, c_out=channels, size=st.integers(2, 9))
def test_transition(c_in: int, c_out: int, size: int) -> None:
    make = lambda: tv_densenet._Transition(c_in, c_out)  # noqa: E731
    agree("Transition", {"out_channels": c_out}, (c_in, size, size + 1), make)


@EXAMPLES
@given(c_in=channels, squeeze=channels, e1=channels, e3=channels, size=st.integers(1, 6))
def test_fire(c_in: int, squeeze: int, e1: int, e3: int, size: int) -> None:
    params = dict(squeeze=squeeze, expand1x1=e1, expand3x3=e3)
    make = lambda: tv_squeezenet.Fire(c_in, squeeze, e1, e3)  # noqa: E731
    agree("Fire", params, (c_in, size, size), make)


def test_residual_identity_mismatch_is_a_typed_error() -> None:
    block = get_block("Residual")
    p = block.params({"out_channels": 4, "stride": 2, "shortcut": "identity"})
    with pytest.raises(InnerLayerError) as info:
        block.infer([(4, 8, 8)], p)
    assert info.value.block == "Residual" and info.value.layer.type == "Add"
    assert isinstance(info.value.reason, ShapeError)
    assert "shortcut" in str(info.value) and "conv1x1" in str(info.value)


def test_inner_errors_name_the_layer_and_keep_the_reason() -> None:
    block = get_block("NiNBlock")
    p = block.params({"out_channels": 4, "kernel_size": 5, "padding": 0})
    with pytest.raises(InnerLayerError) as info:
        block.infer([(3, 3, 3)], p)
    assert info.value.layer.name == "conv1"
    assert str(info.value) == f"NiNBlock layer 'conv1': {info.value.reason}"
