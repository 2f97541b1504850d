"""Formulas with the real numbers, checked three ways.

1. Each formula's value equals the analysis' number (the analysis is tested against
   torch in ``test_blocks_vs_torch.py`` and the preset tests).
2. The substituted line, translated to Python and evaluated on its own, gives that value.
3. The symbolic line names one symbol or constant per number of the substituted line,
   and its constants sit where the same numbers do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction

import pytest
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from netbuilder.core.analysis import Analysis, analyse
from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formulas import Formula, NodeFormulas, block_formulas, node_formulas
from netbuilder.core.formulas.rules import RULES
from netbuilder.core.graph import Graph
from netbuilder.core.presets import PRESET_NAMES, load_preset

_NUMBER = r"\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:\.\d+)?(?:e-?\d+)?"
_SYMBOL = r"[A-Za-zσ]′*(?:_[A-Za-z0-9,]+)?"
_TOKEN = re.compile(rf"(?P<func>max)\(|(?P<num>{_NUMBER})|(?P<sym>{_SYMBOL})")


def evaluate(text: str) -> Fraction:
    """The substituted line as Python, evaluated exactly (independent of the formula code)."""
    python = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    for old, new in (
        ("·", "*"),
        ("−", "-"),
        ("²", "**2"),
        ("⌊", "floor("),
        ("⌋", ")"),
        ("⌈", "ceil("),
        ("⌉", ")"),
    ):
        python = python.replace(old, new)
    python = re.sub(r"\d+(?:\.\d+)?", lambda m: f"F('{m.group()}')", python)
    assert re.fullmatch(r"[F0-9.'()*+\-/ ,floorceilmax]*", python), python
    value = eval(  # noqa: S307 - our own arithmetic, checked to hold nothing else above
        python,
        {"__builtins__": {}, "F": Fraction, "floor": math.floor, "ceil": math.ceil, "max": max},
    )
    return Fraction(value)


def tokens(text: str, numbers_only: bool = False) -> list[tuple[str, str]]:
    """``(kind, text)`` of the symbols and numbers of a line, in order."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "func":
            continue
        found.append((kind, match.group(kind)))
    if numbers_only:
        assert all(kind == "num" for kind, _ in found), f"symbols in {text!r}"
    return found


def plain(number: str) -> Fraction:
    return Fraction(number.replace(",", ""))


def check_line(formula: Formula) -> None:
    assert evaluate(formula.substituted) == formula.value, formula
    numbers = tokens(formula.substituted, numbers_only=True)
    if formula.total:
        assert formula.symbolic == ""
        return
    symbols = tokens(formula.symbolic)
    assert len(symbols) == len(numbers), formula
    for (kind, sym_text), (_, number) in zip(symbols, numbers, strict=True):
        if kind == "num":  # a constant stands for itself
            assert plain(sym_text) == plain(number), formula
    assert all(kind == "sym" for kind, _ in tokens(formula.name)), formula.name


def check_group(lines: Sequence[Formula]) -> None:
    for formula in lines:
        check_line(formula)
    if lines[-1].total:
        parts = lines[:-1]
        numbers = tokens(lines[-1].substituted, numbers_only=True)
        assert [plain(n) for _, n in numbers] == [f.value for f in parts]
        assert lines[-1].value == sum(f.value for f in parts)
    else:
        assert len(lines) == 1


#: Every note the formulas gave, piece by piece (checked against the UI's translatable list).
NOTES_SEEN: set[str] = set()


def check_node(analysis: Analysis, node_id: str) -> list[NodeFormulas]:
    """The node's formulas in both conventions agree with the analysis and with themselves."""
    stats = analysis.stats(node_id)
    assert stats.shape is not None, stats.error
    found = []
    for factor in (1, 2):
        formulas = node_formulas(analysis, node_id, factor)
        assert formulas is not None and formulas.factor == factor
        assert sorted(f.axis for f in formulas.shape) == list(range(len(stats.shape)))
        assert formulas.shape_value == stats.shape
        assert formulas.params_value == stats.params
        assert formulas.flops_value == factor * stats.flops
        for f in formulas.shape:
            check_line(f)
        check_group(formulas.params)
        check_group(formulas.flops)
        for f in (*formulas.shape, *formulas.params, *formulas.flops):
            NOTES_SEEN.update(piece for piece in f.note.split("; ") if piece)
        found.append(formulas)
    return found


# -- every block type -----------------------------------------------------------------------
IMAGE, SEQ, VEC, TOKENS = (3, 13, 11), (12, 9), (40,), (9,)
CASES: list[tuple[str, dict, tuple]] = [
    ("Conv2d", {"out_channels": 6, "kernel_size": 5, "padding": 2}, (IMAGE,)),
    (
        "Conv2d",
        {"out_channels": 4, "kernel_size": [3, 2], "stride": [2, 1], "bias": False},
        (IMAGE,),
    ),
    ("Conv2d", {"out_channels": 6, "kernel_size": 3, "dilation": 2, "groups": 3}, (IMAGE,)),
    ("Conv2d", {"out_channels": 5, "kernel_size": 3, "padding": "same"}, (IMAGE,)),
    ("Conv1d", {"out_channels": 7, "kernel_size": 3, "stride": 2, "padding": 1}, (SEQ,)),
    ("Conv1d", {"out_channels": 4, "kernel_size": 2, "dilation": 3, "bias": False}, (SEQ,)),
    ("ConvTranspose2d", {"out_channels": 4}, (IMAGE,)),
    (
        "ConvTranspose2d",
        {
            "out_channels": 6,
            "kernel_size": 3,
            "stride": 2,
            "padding": 1,
            "output_padding": 1,
            "dilation": 2,
            "groups": 3,
        },
        (IMAGE,),
    ),
    ("MaxPool2d", {"kernel_size": 2}, (IMAGE,)),
    ("MaxPool2d", {"kernel_size": 3, "stride": 2, "ceil_mode": True}, (IMAGE,)),
    ("MaxPool2d", {"kernel_size": 3, "stride": 1, "padding": 1, "dilation": 2}, (IMAGE,)),
    # ceil_mode where PyTorch drops the window that would start in the padding
    ("MaxPool2d", {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}, ((1, 5, 5),)),
    ("AvgPool2d", {"kernel_size": [3, 2], "stride": [1, 2], "padding": [1, 0]}, (IMAGE,)),
    ("AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, (IMAGE,)),
    ("MaxPool1d", {"kernel_size": 3, "stride": 2}, (SEQ,)),
    ("AvgPool1d", {"kernel_size": 2, "ceil_mode": True}, (SEQ,)),
    ("AdaptiveAvgPool2d", {"output_size": 1}, (IMAGE,)),
    ("AdaptiveMaxPool2d", {"output_size": [2, 3]}, (IMAGE,)),
    ("Upsample", {"scale_factor": 2.0}, (IMAGE,)),
    ("Upsample", {"scale_factor": 1.5, "mode": "bilinear"}, (IMAGE,)),
    ("Upsample", {"scale_factor": None, "size": [20, 7]}, (IMAGE,)),
    ("BatchNorm2d", {}, (IMAGE,)),
    ("BatchNorm2d", {"affine": False}, (IMAGE,)),
    ("BatchNorm1d", {}, (VEC,)),
    ("BatchNorm1d", {}, (SEQ,)),
    ("LayerNorm", {}, (SEQ,)),
    ("LayerNorm", {"dims": 2}, (IMAGE,)),
    ("LayerNorm", {"elementwise_affine": False}, (VEC,)),
    ("GroupNorm", {"num_groups": 3}, (IMAGE,)),
    ("InstanceNorm2d", {"affine": True}, (IMAGE,)),
    ("InstanceNorm2d", {}, (IMAGE,)),
    ("LocalResponseNorm", {}, (IMAGE,)),
    ("Dropout", {}, (VEC,)),
    ("Dropout2d", {}, (IMAGE,)),
    *[  # the element-wise activations (Softmax and LogSoftmax take a dim: below)
        (name, {}, (IMAGE,))
        for name, block in CATALOGUE.items()
        if block.category == "Activation" and "Softmax" not in name
    ],
    ("Softmax", {}, (VEC,)),
    ("LogSoftmax", {"dim": -1}, (SEQ,)),
    ("RNN", {"hidden_size": 8}, (SEQ,)),
    ("RNN", {"hidden_size": 5, "bias": False, "output": "last"}, (SEQ,)),
    ("LSTM", {"hidden_size": 6, "num_layers": 3, "bidirectional": True}, (SEQ,)),
    ("LSTM", {"hidden_size": 4, "bidirectional": True, "output": "last"}, (SEQ,)),
    ("GRU", {"hidden_size": 7, "num_layers": 2, "output": "last"}, (SEQ,)),
    ("Linear", {"out_features": 10}, (VEC,)),
    ("Linear", {"out_features": 3, "bias": False}, (SEQ,)),
    ("Flatten", {}, (IMAGE,)),
    ("Flatten", {"start_dim": 2}, (IMAGE,)),
    ("Flatten", {"start_dim": 1, "end_dim": 2}, (IMAGE,)),
    ("Reshape", {"shape": [-1, 3]}, ((2, 3, 4),)),
    ("Reshape", {"shape": [4, 6]}, ((2, 3, 4),)),
    ("Embedding", {"num_embeddings": 30, "embedding_dim": 8}, (TOKENS,)),
    ("Concat", {}, ((3, 5, 5), (4, 5, 5))),
    ("Concat", {"inputs": 3, "dim": -1}, ((2, 5, 1), (2, 5, 3), (2, 5, 2))),
    ("Add", {}, (IMAGE, IMAGE)),
    ("Multiply", {}, ((4, 6, 6), (4, 1, 1))),
    ("Inception", {}, ((192, 28, 28),)),
    ("Inception", {"variant": "d2l"}, ((192, 12, 12),)),
    ("Inception", {"variant": "mnist"}, ((10, 12, 12),)),
    ("Residual", {"out_channels": 64}, ((64, 8, 8),)),
    ("Residual", {"out_channels": 32, "stride": 2}, ((16, 8, 8),)),
    ("Residual", {"out_channels": 8, "stride": 2, "variant": "d2l"}, ((3, 9, 9),)),
    ("VGGBlock", {}, ((3, 16, 16),)),
    ("NiNBlock", {}, ((3, 32, 32),)),
    ("Bottleneck", {}, ((64, 8, 8),)),
    ("InvertedResidual", {}, ((16, 8, 8),)),
    ("DenseBlock", {}, ((16, 8, 8),)),
    ("Transition", {}, ((16, 8, 8),)),
    ("Fire", {}, ((16, 8, 8),)),
]


def _input(shape: Sequence[int], tokens: bool) -> dict:
    if tokens:
        return {"kind": "tokens", "length": shape[0], "vocab": 20}
    kinds = {
        1: ("vector", ["features"]),
        2: ("sequence", ["length", "features"]),
        3: ("image", ["channels", "height", "width"]),
    }
    kind, names = kinds[len(shape)]
    return {"kind": kind, **dict(zip(names, shape, strict=True))}


def block_graph(type_name: str, params: dict, shapes: tuple) -> tuple[Graph, str]:
    graph = Graph()
    sources = [graph.add_node("Input", _input(s, type_name == "Embedding")) for s in shapes]
    node = graph.add_node(type_name, params)
    for port, src in enumerate(sources):
        graph.connect(src, node, port)
    return graph, node


def test_every_block_type_has_a_case_and_a_rule() -> None:
    assert {case[0] for case in CASES} | {"Input"} == set(CATALOGUE)
    for name, block in CATALOGUE.items():
        assert block.composite or name in RULES, name


@pytest.mark.parametrize(("type_name", "params", "shapes"), CASES, ids=lambda v: str(v)[:40])
def test_block_formulas_equal_the_analysis(type_name: str, params: dict, shapes: tuple) -> None:
    graph, node = block_graph(type_name, params, shapes)
    analysis = analyse(graph)
    check_node(analysis, node)
    for source in graph.sources():  # the Input nodes too
        check_node(analysis, source)


def test_presets_every_node_both_conventions() -> None:
    nodes = 0
    for name in PRESET_NAMES:
        analysis = analyse(load_preset(name).graph)
        for node in analysis.graph:
            check_node(analysis, node.id)
            nodes += 1
    assert nodes > 300  # every node of every preset (324 today)


# -- the issue's examples, written by hand ----------------------------------------------------
def test_lenet_conv1_reads_as_in_the_issue() -> None:
    formulas = block_formulas(
        "Conv2d", [(1, 28, 28)], {"out_channels": 6, "kernel_size": 5, "padding": 2}
    )
    height = formulas.shape[1]
    assert (height.name, height.substituted, height.value) == ("h′", "⌊(28 + 2·2 − 5)/1⌋ + 1", 28)
    assert formulas.params[0].substituted == "(5²·1 + 1)·6"
    assert formulas.params_value == 156
    flops = formulas.flops[0]
    assert (flops.symbolic, flops.substituted, flops.value) == (
        "h′·w′·k²·c·c′",
        "28·28·5²·1·6",
        117_600,
    )
    doubled = block_formulas(
        "Conv2d", [(1, 28, 28)], {"out_channels": 6, "kernel_size": 5, "padding": 2}, factor=2
    ).flops[0]
    assert (doubled.substituted, doubled.value) == ("2·28·28·5²·1·6", 235_200)


def test_seed_example_flops() -> None:
    # DESIGN: 28×28 output, 5×5 kernel, 192→32 channels: 28·28·25·192·32 = 120,422,400
    formulas = block_formulas(
        "Conv2d", [(192, 28, 28)], {"out_channels": 32, "kernel_size": 5, "padding": 2}
    )
    assert formulas.flops_value == 120_422_400


def test_composite_lists_each_counting_layer_and_the_sum() -> None:
    formulas = block_formulas("Residual", [(64, 56, 56)], {"out_channels": 128, "stride": 2})
    labels = [f.label for f in formulas.params[:-1]]
    assert labels == ["conv1", "bn1", "conv2", "bn2", "downsample.0", "downsample.1"]
    assert formulas.params[-1].total
    # torchvision BasicBlock(64, 128, stride 2, with downsample): 230,144 parameters
    assert formulas.params_value == 230_144
    assert [f.label for f in formulas.flops[:-1]] == ["conv1", "conv2", "downsample.0"]
    assert {f.label for f in formulas.shape} == {"downsample.0"}


def test_pool_drops_a_window_starting_in_the_padding() -> None:
    formulas = block_formulas(
        "MaxPool2d", [(1, 5, 5)], {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}
    )
    height = formulas.shape[1]
    assert height.substituted == "⌈(5 + 2·1 − 2)/2⌉ + 1 − 1"
    torch_out = torch.nn.MaxPool2d(2, 2, 1, ceil_mode=True)(torch.zeros(1, 1, 5, 5))
    assert height.value == torch_out.shape[2] == 3 and "padding" in height.note


def test_identity_marks_sizes_copied_from_the_input() -> None:
    assert all(f.identity for f in block_formulas("ReLU", [(6, 28, 28)], {}).shape)
    embedding = block_formulas("Embedding", [(20,)], {"embedding_dim": 100}).shape
    assert [f.identity for f in embedding] == [True, False]
    linear = block_formulas("Linear", [(20, 8)], {"out_features": 3}).shape
    assert [f.identity for f in linear] == [True, False]


def test_waiting_node_has_no_formulas() -> None:
    graph = Graph()
    node = graph.add_node("ReLU", {})
    with Analysis(graph) as analysis:
        analysis.update()
        assert node_formulas(analysis, node) is None


def test_the_checks_can_fail() -> None:
    """The translation and the token check reject a wrong line."""
    bad_value = Formula("params", "(k²·c + 1)·c′", "(5²·1 + 1)·6", 157)
    with pytest.raises(AssertionError):
        check_line(bad_value)
    missing_symbol = Formula("params", "(k²·c + 1)", "(5²·1 + 1)·6", 156)
    with pytest.raises(AssertionError):
        check_line(missing_symbol)
    wrong_constant = Formula("params", "(k²·c + 2)·c′", "(5²·1 + 1)·6", 156)
    with pytest.raises(AssertionError):
        check_line(wrong_constant)


# -- random geometry ------------------------------------------------------------------------
_PAIR = st.one_of(st.integers(1, 4), st.lists(st.integers(1, 4), min_size=2, max_size=2))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    type_name=st.sampled_from(["Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d"]),
    c_in=st.integers(1, 4),
    h=st.integers(1, 12),
    w=st.integers(1, 12),
    kernel=_PAIR,
    stride=_PAIR,
    padding=st.integers(0, 2),
    dilation=st.integers(1, 3),
    ceil_mode=st.booleans(),
    groups=st.sampled_from([1, 2]),
)
def test_random_windows(
    type_name, c_in, h, w, kernel, stride, padding, dilation, ceil_mode, groups
) -> None:
    params: dict = {"kernel_size": kernel, "stride": stride, "padding": padding}
    if type_name in ("Conv2d", "ConvTranspose2d"):
        params |= {"out_channels": 2 * groups, "dilation": dilation, "groups": groups}
        c_in *= groups
    elif type_name == "MaxPool2d":
        params |= {"dilation": dilation, "ceil_mode": ceil_mode}
    else:
        params |= {"ceil_mode": ceil_mode}
    try:
        graph, node = block_graph(type_name, params, ((c_in, h, w),))
    except NetBuilderError:
        assume(False)  # parameters the block refuses (the block tests cover those)
    analysis = analyse(graph)
    assume(analysis.stats(node).shape is not None)
    check_node(analysis, node)
