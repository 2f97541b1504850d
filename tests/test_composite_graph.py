"""The inner graph of a composite: each inner layer's shape, parameters and FLOPs equal what
the reference PyTorch module's own layers do in a real forward pass.

The references are torchvision's ``Inception`` and ``BasicBlock`` and the books' blocks
(``tests/test_blocks_vs_torch.py``). Forward hooks record every leaf module the forward
pass calls, in call order, with its output shape and its parameter count; the inner
layers of the same kinds must match them one to one. FLOPs of each convolution equal
half of ``torch.utils.flop_counter.FlopCounterMode`` run on that convolution alone.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from netbuilder.core.composite_graph import INPUT, inner_graph
from netbuilder.core.errors import NetBuilderError
from tests.test_blocks_vs_torch import (
    InceptionCourse,
    InceptionD2L,
    nin_block,
    residual_reference,
    tv_googlenet,
    vgg_block,
)

#: Layer kinds that are modules in every reference (ReLU is functional in some).
KINDS = (nn.Conv2d, nn.BatchNorm2d, nn.MaxPool2d, nn.AvgPool2d)


def _calls(module: nn.Module, x: torch.Tensor) -> tuple[list[tuple], torch.Tensor]:
    """``(kind, output shape, params, module, input)`` per call of a leaf module of KINDS."""
    calls: list[tuple] = []
    hooks = []
    for leaf in module.modules():
        if isinstance(leaf, KINDS):

            def hook(mod, args, out, calls=calls) -> None:
                params = sum(p.numel() for p in mod.parameters())
                calls.append((type(mod).__name__, tuple(out.shape[1:]), params, mod, args[0]))

            hooks.append(leaf.register_forward_hook(hook))
    try:
        module.eval()
        with torch.no_grad():
            out = module(x)
    finally:
        for handle in hooks:
            handle.remove()
    return calls, out


def _check(block: str, params: dict, shape: tuple, reference: nn.Module) -> None:
    graph = inner_graph(block, shape, params)
    calls, out = _calls(reference, torch.randn(1, *shape))
    ours = [n for n in graph.nodes if n.type in {k.__name__ for k in KINDS}]
    assert [(n.type, n.output_shape, n.params_count) for n in ours] == [c[:3] for c in calls]
    for node, (_kind, _shape, _params, module, given) in zip(ours, calls, strict=True):
        assert node.input_shapes[0] == tuple(given.shape[1:])
        if isinstance(module, nn.Conv2d):
            with FlopCounterMode(display=False) as counter, torch.no_grad():
                module(given)
            assert 2 * node.flops == counter.get_total_flops(), node.name
    assert graph.nodes[-1].output_shape == tuple(out.shape[1:])
    assert sum(n.params_count for n in graph.nodes) == sum(
        p.numel() for p in reference.parameters()
    )
    # the links: every layer reads layers listed before it, or the block's input
    seen = {INPUT}
    for node in graph.nodes:
        assert set(node.inputs) <= seen
        seen.add(node.name)
    assert [(s, d) for s, d, _ in graph.edges] == [
        (src, n.name) for n in graph.nodes for src in n.inputs
    ]


INCEPTION = (6, 4, 8, 2, 5, 3)  # c1, c3_reduce, c3, c5_reduce, c5, pool_proj


@pytest.mark.parametrize("variant", ["googlenet", "d2l", "mnist"])
def test_inception_inner_layers_equal_the_reference_forward(variant: str) -> None:
    c1, c3r, c3, c5r, c5, pp = INCEPTION
    params = dict(variant=variant, c1=c1, c3_reduce=c3r, c3=c3, c5_reduce=c5r, c5=c5, pool_proj=pp)
    cin = 7
    if variant == "googlenet":
        reference = tv_googlenet.Inception(cin, c1, c3r, c3, c5r, c5, pp)
    elif variant == "d2l":
        reference = InceptionD2L(cin, c1, (c3r, c3), (c5r, c5), pp)
    else:
        reference = InceptionCourse(cin, pp, c1, c5r, c5, c3r, c3)
    _check("Inception", params, (cin, 9, 11), reference)


@pytest.mark.parametrize("variant", ["torchvision", "d2l"])
@pytest.mark.parametrize(("cin", "cout", "stride"), [(8, 8, 1), (8, 16, 2), (4, 6, 1)])
def test_residual_inner_layers_equal_the_reference_forward(
    variant: str, cin: int, cout: int, stride: int
) -> None:
    projection = stride != 1 or cin != cout
    reference = residual_reference(variant, cin, cout, projection, stride)
    params = {"variant": variant, "out_channels": cout, "stride": stride}
    _check("Residual", params, (cin, 10, 9), reference)
    graph = inner_graph("Residual", (cin, 10, 9), params)
    add = graph.node("add")
    assert add.inputs[0] == "bn2"  # the main path on port 0, the shortcut on port 1
    assert (add.inputs[1] == INPUT) == (not projection)


def test_vgg_and_nin_inner_layers_equal_the_reference_forward() -> None:
    _check("VGGBlock", {"num_convs": 3, "out_channels": 5}, (3, 12, 12), vgg_block(3, 3, 5))
    nin = {"out_channels": 6, "kernel_size": 5, "stride": 2, "padding": 1}
    _check("NiNBlock", nin, (3, 19, 17), nin_block(3, 6, 5, 2, 1))


def test_not_a_composite_or_a_bad_input_is_one_sentence() -> None:
    with pytest.raises(NetBuilderError, match="Conv2d is not a composite block"):
        inner_graph("Conv2d", (3, 8, 8), {})
    with pytest.raises(NetBuilderError) as info:
        inner_graph("Residual", (3, 8, 8), {"out_channels": 4, "shortcut": "identity"})
    assert "shortcut" in str(info.value)
