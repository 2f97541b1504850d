"""Receptive fields against gradient probing of the compiled model (tests/receptive_probe.py).

For every probed node and unit, the field the analysis predicts, cut to the image, must
equal the span of input pixels whose gradient is non-zero; units in the middle of the
output see an unclipped field (its size), neighbouring units measure the jump, the first
unit the start.
"""

from __future__ import annotations

import math

import pytest

from netbuilder.core.analysis import analyse
from netbuilder.core.builder import Builder
from netbuilder.core.graph import Graph
from netbuilder.core.presets import PRESET_NAMES, load_preset
from netbuilder.core.receptive_field import json_value
from tests.receptive_probe import clipped, probe, probe_many

#: Parameters that set a width (channels), never a position.
WIDTHS = {
    "channels",
    "out_channels",
    "c1",
    "c3_reduce",
    "c3",
    "c5_reduce",
    "c5",
    "pool_proj",
    "growth_rate",
    "bn_size",
    "squeeze",
    "expand1x1",
    "expand3x3",
}


def narrowed(graph: Graph) -> Graph:
    """``graph`` with one channel per layer: the same windows, a fraction of the work."""
    copy = graph.snapshot().to_graph()
    for node in copy.nodes:
        changes = {name: 1 for name in node.params if name in WIDTHS and node.params[name] != 1}
        if node.params.get("groups", 1) != 1:
            changes["groups"] = 1
        if changes:
            copy.set_params(node.id, changes)
    return copy


def probe_units(shape: tuple[int, ...], ends: bool = True) -> list[tuple[int, ...]]:
    """Two neighbours in the middle (size, jump and start unclipped where the image is large
    enough) and, with ``ends``, the first and last unit of each axis (the border)."""
    sizes = shape[1:]
    mid = tuple(n // 2 for n in sizes)
    units = {mid, tuple(min(m + 1, n - 1) for m, n in zip(mid, sizes, strict=True))}
    if ends:
        units |= {tuple(0 for _ in sizes), tuple(n - 1 for n in sizes)}
    return sorted(units)


def moving_nodes(graph: Graph) -> list[str]:
    """Nodes whose field differs from their input's (the pass-through layers after them,
    activations and normalisation, are probed in the hand-built nets below)."""
    stats = analyse(graph).all()
    out = []
    for nid, s in stats.items():
        sources = [e.src for e in graph.incoming(nid) if e is not None]
        if s.receptive_field is None or not sources:
            continue
        if len(sources) > 1 or stats[sources[0]].receptive_field != s.receptive_field:
            out.append(nid)
    return out


def check_graph(graph: Graph, nodes: list[str] | None = None, ends: bool = True) -> int:
    """Probe ``nodes`` (default: every node with a field); returns how many probed units
    saw their whole field (not cut by the border).

    Along an axis where a unit's field lies inside the image, the measured span must be
    the predicted one exactly (size, and centre ``start + unit·jump``); where the border
    cuts it, the measured span must lie inside the cut field (a dilated window has holes,
    so the pixels next to the border may be skipped) and end exactly on the side it
    does not cut.
    """
    analysis = analyse(graph)
    assert analysis.is_valid(), analysis.problems()
    source = graph.sources()[0]
    image = analysis.stats(source).shape[1:]
    stats = analysis.all()
    if nodes is None:
        nodes = [nid for nid, s in stats.items() if s.receptive_field and nid != source]
    whole = 0
    wanted = {nid: probe_units(stats[nid].shape, ends) for nid in nodes}
    found = probe_many(graph, wanted)
    for nid in nodes:
        s = stats[nid]
        field = s.receptive_field
        assert field is not None and field.exact, graph.node(nid).type
        units, measured = wanted[nid], found[nid]
        for unit, extents in zip(units, measured, strict=True):
            inside = True
            for got, axis, u, n in zip(extents, field.axes, unit, image, strict=True):
                lo, hi = axis.interval(u)
                want = clipped(lo, hi, n)
                where = (graph.node(nid).type, nid, unit, field)
                if lo >= 0 and hi <= n - 1:
                    assert got == want, where
                else:
                    inside = False
                    assert got is not None and want[0] <= got[0] <= got[1] <= want[1], where
                    # a side the border does not cut is reached exactly
                    assert lo < 0 or got[0] == want[0], where
                    assert hi > n - 1 or got[1] == want[1], where
            whole += inside
    return whole


# -- presets ---------------------------------------------------------------------------------
def _spatial_presets() -> list[str]:
    names = []
    for name in PRESET_NAMES:
        stats = analyse(load_preset(name).graph).all().values()
        if sum(s.receptive_field is not None for s in stats) > 1:
            names.append(name)
    return names


SPATIAL_PRESETS = _spatial_presets()


def test_the_spatial_presets_are_the_convolutional_ones() -> None:
    assert {"lenet5", "vgg16", "resnet50", "googlenet", "densenet121"} <= set(SPATIAL_PRESETS)
    assert "mlp_mnist" not in SPATIAL_PRESETS and "char_rnn" not in SPATIAL_PRESETS


@pytest.mark.slow
@pytest.mark.parametrize("name", SPATIAL_PRESETS)
def test_every_node_of_every_preset_matches_the_probe(name: str) -> None:
    """At the preset's own input size, every node that changes the field, with one channel
    per layer (the windows are the preset's; widths do not move a field)."""
    original = load_preset(name).graph
    graph = narrowed(original)
    before = {nid: s.receptive_field for nid, s in analyse(original).all().items()}
    after = {nid: s.receptive_field for nid, s in analyse(graph).all().items()}
    assert after == before
    assert check_graph(graph, moving_nodes(graph), ends=False) > 0


@pytest.mark.parametrize("name", ["lenet5", "inception_mnist"])
def test_small_presets_at_full_width(name: str) -> None:
    assert check_graph(load_preset(name).graph) > 0


@pytest.mark.slow
def test_alexnet_last_feature_map_at_full_width() -> None:
    graph = load_preset("alexnet").graph
    stats = analyse(graph).all()
    last = [nid for nid, s in stats.items() if s.receptive_field is not None][-1]
    # 195×195: the AlexNet value in the Distill table (see test_published_vgg16_value)
    assert stats[last].receptive_field.sizes == (195, 195)
    check_graph(graph, [last])


def test_published_vgg16_value() -> None:
    """VGG16's pool5 sees 212×212 with a jump of 32 (the table of Araujo et al., "Computing
    receptive fields of convolutional neural networks", Distill 2019)."""
    graph = load_preset("vgg16").graph
    pools = [nid for nid in graph.topological_order() if graph.node(nid).type == "MaxPool2d"]
    field = analyse(graph).stats(pools[-1]).receptive_field
    assert field.sizes == (212, 212) and field.jumps == (32, 32)


# -- hand-built nets ---------------------------------------------------------------------------
def _image(c: int = 2, h: int = 33, w: int = 33) -> Builder:
    b = Builder()
    b.add("Input", channels=c, height=h, width=w)
    return b


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
def test_dilation_stride_padding_and_rectangles() -> None:
    b = _image(h=41, w=37)
    b.add("Conv2d", out_channels=3, kernel_size=3, dilation=2, padding=1, stride=2)
    b.add("BatchNorm2d")
    b.add("Dropout2d")
    b.add("Sigmoid")
    b.add("GroupNorm", num_groups=3)
    b.add("LocalResponseNorm", size=2)
    b.add("Conv2d", out_channels=3, kernel_size=[3, 1], stride=[1, 2], padding=[2, 0])
    b.add("MaxPool2d", kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True)
    b.add("Conv2d", out_channels=2, kernel_size=4, padding="same")
    b.add("Conv2d", out_channels=2, kernel_size=2, padding="same", dilation=3)
    b.add("AvgPool2d", kernel_size=[2, 3], stride=1, padding=1, ceil_mode=True)
    b.add("Conv2d", out_channels=4, kernel_size=3, groups=2)
    assert check_graph(b.graph) > 0


def test_one_dimensional_nets() -> None:
    b = Builder()
    b.add("Input", kind="sequence", length=3, features=60)
    b.add("Conv1d", out_channels=4, kernel_size=5, stride=2, padding=1)
    b.add("MaxPool1d", kernel_size=3, stride=2, dilation=2, padding=1)
    b.add("Conv1d", out_channels=4, kernel_size=3, dilation=3, padding="same")
    b.add("AvgPool1d", kernel_size=2, ceil_mode=True)
    b.add("ReLU")
    analysis = analyse(b.graph)
    assert json_value(analysis.stats(b.last).receptive_field) == [41]  # 5 → 13 → 37 → 41
    assert check_graph(b.graph) > 0


@pytest.mark.parametrize(
    ("block", "params"),
    [
        (
            "Inception",
            {
                "variant": "googlenet",
                "c1": 2,
                "c3_reduce": 2,
                "c3": 2,
                "c5_reduce": 2,
                "c5": 2,
                "pool_proj": 2,
            },
        ),
        (
            "Inception",
            {
                "variant": "d2l",
                "c1": 2,
                "c3_reduce": 2,
                "c3": 2,
                "c5_reduce": 2,
                "c5": 2,
                "pool_proj": 2,
            },
        ),
        (
            "Inception",
            {
                "variant": "mnist",
                "c1": 2,
                "c3_reduce": 2,
                "c3": 2,
                "c5_reduce": 2,
                "c5": 2,
                "pool_proj": 2,
            },
        ),
        ("Residual", {"variant": "torchvision", "out_channels": 3, "stride": 2}),
        ("Residual", {"variant": "d2l", "out_channels": 3, "stride": 2}),
        ("Bottleneck", {"channels": 2, "stride": 2}),
        ("InvertedResidual", {"out_channels": 2, "stride": 2, "expand_ratio": 2}),
        ("InvertedResidual", {"out_channels": 2, "stride": 1, "expand_ratio": 1}),
        ("DenseBlock", {"num_layers": 3, "growth_rate": 2, "bn_size": 1}),
        ("Transition", {"out_channels": 2}),
        ("Fire", {"squeeze": 2, "expand1x1": 2, "expand3x3": 2}),
        ("VGGBlock", {"num_convs": 3, "out_channels": 2}),
        ("NiNBlock", {"out_channels": 2, "kernel_size": 5, "stride": 2, "padding": 1}),
    ],
)
def test_composite_blocks(block: str, params: dict) -> None:
    b = _image(c=2, h=30, w=30)
    b.add("Conv2d", out_channels=2, kernel_size=3, stride=2, padding=1)
    b.add(block, **params)
    b.add(block, **params)
    assert check_graph(b.graph) > 0


def test_merges_take_the_union_of_their_branches() -> None:
    b = _image(h=32, w=32)
    stem = b.add("Conv2d", out_channels=2, kernel_size=3)
    one = b.add("Conv2d", inputs=stem, out_channels=2, kernel_size=1, stride=2)
    two = b.add("Conv2d", inputs=stem, out_channels=2, kernel_size=2, stride=2)
    three = b.add("MaxPool2d", inputs=stem, kernel_size=3, stride=2, padding=1)
    add = b.add("Add", inputs=[one, two])
    b.add("Concat", inputs=[add, three])
    field = analyse(b.graph).stats(b.last).receptive_field
    assert field.sizes == (5, 5)  # the pool branch (3 + 2) covers the others
    assert check_graph(b.graph) > 0


def test_broadcast_gate_sees_the_whole_image() -> None:
    b = _image(h=20, w=20)
    features = b.add("Conv2d", out_channels=2, kernel_size=3, padding=1)
    gate = b.add("AdaptiveAvgPool2d", inputs=features, output_size=1)
    b.add("Multiply", inputs=[features, gate])
    field = analyse(b.graph).stats(b.last).receptive_field
    assert field.jumps == (0, 0) and field.sizes == (22, 22)
    assert check_graph(b.graph) > 0


def test_vectors_have_no_field_and_concat_along_space_none() -> None:
    b = _image(h=8, w=8)
    conv = b.add("Conv2d", out_channels=2, kernel_size=3)
    b.add("Flatten")
    b.add("Linear", out_features=4)
    stats = analyse(b.graph)
    assert stats.stats(b.last).receptive_field is None
    assert json_value(stats.stats(conv).receptive_field) == [3, 3]
    joined = b.add("Concat", inputs=[conv, conv], dim=2)
    assert analyse(b.graph).stats(joined).receptive_field is None


# -- windows that vary from unit to unit (inexact fields) ------------------------------------
def _check_inexact(graph: Graph, nid: str) -> None:
    """Each interior unit's field lies within half an input pixel of the predicted centre,
    is at most the predicted size, and the widest is exactly that size."""
    analysis = analyse(graph)
    s = analysis.stats(nid)
    field = s.receptive_field
    assert field is not None and not field.exact
    image = analysis.stats(graph.sources()[0]).shape[1:]
    units = [tuple(i for _ in s.shape[1:]) for i in range(min(s.shape[1:]))]
    measured = probe(graph, nid, units)
    widest = [0] * len(image)
    for unit, extents in zip(units, measured, strict=True):
        for a, (got, axis, u, n) in enumerate(zip(extents, field.axes, unit, image, strict=True)):
            if got is None:  # a strided transposed conv leaves units that no input reaches
                continue
            lo, hi = got
            plo, phi = axis.interval(u)
            if plo < 0 or phi > n - 1:
                continue
            assert hi - lo + 1 <= math.ceil(axis.size)
            centre = axis.start + u * axis.jump
            assert abs((lo + hi) / 2 - centre) <= 0.5 + 1e-9, (unit, extents, axis)
            widest[a] = max(widest[a], hi - lo + 1)
    assert tuple(widest) == field.sizes


@pytest.mark.parametrize(
    "params",
    [
        {"scale_factor": 2.0},
        {"scale_factor": 3.0, "mode": "bilinear"},
        {"scale_factor": None, "size": [20, 15], "mode": "bilinear", "align_corners": True},
    ],
)
def test_upsample(params: dict) -> None:
    b = _image(h=10, w=10)
    b.add("Conv2d", out_channels=2, kernel_size=3, padding=1)
    up = b.add("Upsample", **params)
    _check_inexact(b.graph, up)


@pytest.mark.parametrize(
    "params",
    [
        {"kernel_size": 3, "stride": 2, "padding": 1},
        {"kernel_size": 4, "stride": 2, "padding": 1},
        {"kernel_size": 5, "stride": 3, "padding": 1},
    ],
)
def test_transposed_convolution(params: dict) -> None:
    b = _image(h=10, w=10)
    b.add("Conv2d", out_channels=2, kernel_size=3, padding=1)
    up = b.add("ConvTranspose2d", out_channels=2, **params)
    _check_inexact(b.graph, up)


def test_transposed_convolution_with_stride_one_is_exact() -> None:
    b = _image(h=10, w=10)
    b.add("ConvTranspose2d", out_channels=2, kernel_size=3, stride=1, padding=1, dilation=2)
    assert check_graph(b.graph) > 0


def test_adaptive_pool_with_uneven_windows() -> None:
    b = _image(h=23, w=23)
    b.add("Conv2d", out_channels=2, kernel_size=3, padding=1)
    pool = b.add("AdaptiveMaxPool2d", output_size=[5, 7])
    _check_inexact(b.graph, pool)


def test_a_changed_kernel_updates_the_fields_downstream() -> None:
    """The shape stays 16×28×28 but the field grows: successors must recompute."""
    from netbuilder.core.analysis import Analysis

    b = _image(h=28, w=28)
    conv = b.add("Conv2d", out_channels=2, kernel_size=3, padding=1)
    relu = b.add("ReLU")
    with Analysis(b.graph) as analysis:
        analysis.update()
        assert analysis.stats(relu).receptive_field.sizes == (3, 3)
        b.graph.set_params(conv, {"kernel_size": 5, "padding": 2})
        changed = analysis.update()
        assert relu in changed
        assert analysis.stats(relu).receptive_field.sizes == (5, 5)


def _true_extents(graph: Graph, unit: tuple[int, ...]) -> list[tuple[int, int]]:
    """Per axis, the input pixels with a non-zero gradient of ``unit`` (channel 0) in
    the compiled model itself (random weights, real softmax: no probe substitutions)."""
    import torch

    from netbuilder.core.codegen import compile_model

    torch.manual_seed(0)
    source = graph.sources()[0]
    shape = analyse(graph).stats(source).shape
    model = compile_model(graph).eval()
    x = torch.rand(1, *shape, dtype=torch.float64, requires_grad=True)
    y = model.double()(x)
    (grad,) = torch.autograd.grad(y[(0, 0, *unit)], x)  # one channel: softmaxes sum to 1
    seen = grad[0].abs().sum(dim=0) != 0
    out = []
    for axis in range(seen.dim()):
        others = tuple(a for a in range(seen.dim()) if a != axis)
        hits = torch.nonzero(seen.any(dim=others) if others else seen).flatten().tolist()
        out.append((hits[0], hits[-1]))
    return out


@pytest.mark.parametrize("kind", ["Softmax", "LogSoftmax"])
@pytest.mark.parametrize("dim", [1, 2, -1])
def test_softmax_over_a_spatial_axis_sees_the_whole_axis(kind: str, dim: int) -> None:
    b = _image(h=15, w=13)
    b.add("Conv2d", out_channels=3, kernel_size=3, stride=2)
    b.add(kind, dim=dim)
    field = analyse(b.graph).stats(b.last).receptive_field
    for unit in [(0, 0), (3, 2), (6, 5)]:
        got = _true_extents(b.graph, unit)
        axes = zip(field.axes, unit, (15, 13), strict=True)
        want = [clipped(*axis.interval(u), n) for axis, u, n in axes]
        assert got == want, (kind, dim, unit, field)


def test_merge_of_branches_with_different_jumps_takes_the_widest_union() -> None:
    b = _image(h=31, w=31)
    image = b.last
    wide = b.add("Conv2d", out_channels=2, kernel_size=16)
    strided = b.add("Conv2d", inputs=image, out_channels=2, kernel_size=3, stride=2, padding=1)
    b.add("Add", inputs=[wide, strided])
    analysis = analyse(b.graph)
    s = analysis.stats(b.last)
    field = s.receptive_field
    assert field is not None and not field.exact
    # by hand: unit 0 sees 0…15 (k16) and −1…1 (k3 s2 p1), unit 15 sees 15…30 and 29…31
    assert field.sizes == (17, 17)
    units = [(i, i) for i in range(s.shape[1])]
    for unit, extents in zip(units, probe(b.graph, b.last, units), strict=True):
        for got, axis, u in zip(extents, field.axes, unit, strict=True):
            lo, hi = clipped(*axis.interval(u), 31)
            assert got is not None and lo <= got[0] <= got[1] <= hi, (unit, got, axis)
            if u in (0, s.shape[1] - 1):  # the ends: the whole union, cut by the border
                assert got == (lo, hi), (unit, got, axis)


def test_every_catalogue_block_has_a_receptive_field_rule() -> None:
    """A new block type must be given a rule in receptive_field.py (or be listed here as
    one that mixes every position), so that it cannot silently get no field."""
    from netbuilder.core import receptive_field as rf
    from netbuilder.core.blocks import CATALOGUE

    mixes_positions = {"Linear", "Embedding", "Flatten", "Reshape", "RNN", "LSTM", "GRU"}
    handled = rf.WINDOWS | rf.MERGES | rf.ADAPTIVE | {"Input", "Upsample", "ConvTranspose2d"}
    missing = [
        name
        for name, block in CATALOGUE.items()
        if not (block.elementwise or block.composite or name in handled | mixes_positions)
    ]
    assert not missing, f"no receptive-field rule for {missing}"
