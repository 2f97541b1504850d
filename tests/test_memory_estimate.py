"""The training-memory estimate against what autograd really saves.

Measured with ``torch.autograd.graph.saved_tensors_hooks`` in a training-mode forward of
the compiled model: the unique storages of the saved tensors, parameters and buffers
left out (``netbuilder.train.saved_memory``). Never compared with itself.
"""

from __future__ import annotations

import pytest
import torch

from netbuilder.core.analysis import analyse
from netbuilder.core.builder import Builder
from netbuilder.core.codegen import compile_model
from netbuilder.core.graph import Graph
from netbuilder.core.memory import check_dtype, training_memory
from netbuilder.core.presets import PRESET_NAMES, load_preset
from netbuilder.train.optim import make_optimizer
from netbuilder.train.saved_memory import DTYPES, example_input, saved_tensor_bytes

BATCH = 8
TOLERANCE = 0.10


def measured(graph: Graph, batch: int = BATCH, dtype: str = "float32") -> int:
    torch.manual_seed(0)
    model = compile_model(graph).train().to(DTYPES[dtype])
    return saved_tensor_bytes(model, example_input(graph, analyse(graph), batch, dtype))


def assert_close(estimate: int, actual: int, what: str) -> None:
    assert actual > 0, what
    assert abs(estimate - actual) <= TOLERANCE * actual, (what, estimate, actual)


@pytest.mark.slow
@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_at_batch_8_within_10_percent(name):
    graph = load_preset(name).graph
    need = training_memory(analyse(graph), BATCH)
    assert_close(need.activations, measured(graph), name)


@pytest.mark.parametrize("name", ["lenet5", "resnet18", "mobilenet_v2", "name_gru"])
def test_bfloat16_activations(name):
    graph = load_preset(name).graph
    need = training_memory(analyse(graph), BATCH, dtype="bfloat16")
    assert_close(need.activations, measured(graph, dtype="bfloat16"), name)


def _one_block(
    type_name: str | None, params: dict, source: dict | None = None
) -> tuple[Graph, str | None]:
    """Input (→ Conv2d, so the block's input requires a gradient) → the block."""
    b = Builder()
    b.add("Input", **(source or {"kind": "image", "channels": 3, "height": 16, "width": 16}))
    if source is None:
        b.add("Conv2d", out_channels=8, kernel_size=3, padding=1)
    node = b.add(type_name, **params) if type_name else None
    return b.project("one", "", "").graph, node


@pytest.mark.parametrize(
    ("type_name", "params"),
    [
        ("MaxPool2d", {}),
        ("AvgPool2d", {}),
        ("AdaptiveAvgPool2d", {}),
        ("AdaptiveMaxPool2d", {"output_size": 2}),
        ("BatchNorm2d", {}),
        ("GroupNorm", {"num_groups": 4}),
        ("InstanceNorm2d", {}),
        ("LocalResponseNorm", {"size": 3}),
        ("Dropout", {}),
        ("Dropout2d", {}),
        ("ReLU", {}),
        ("GELU", {}),
        ("Hardswish", {}),
        ("Upsample", {}),
        ("Conv2d", {"out_channels": 4, "stride": 2}),
        ("ConvTranspose2d", {}),
        ("Inception", {"c1": 4, "c3_reduce": 4, "c3": 4, "c5_reduce": 4, "c5": 4, "pool_proj": 4}),
        ("Residual", {"out_channels": 16, "stride": 2}),
        ("InvertedResidual", {}),
        ("DenseBlock", {}),
    ],
)
def test_per_node_bytes_are_what_the_block_adds(type_name, params):
    """A block's own bytes: the measured total with it minus the total without it."""
    graph, node = _one_block(type_name, params)
    without, _ = _one_block(None, {})
    need = training_memory(analyse(graph), BATCH)
    extra = measured(graph) - measured(without)
    assert extra > 0 or type_name in ("AdaptiveAvgPool2d", "Upsample")
    assert need.nodes[node].activations == pytest.approx(extra, rel=TOLERANCE), type_name


@pytest.mark.parametrize(
    ("type_name", "params", "source"),
    [
        ("Linear", {"out_features": 7}, {"kind": "sequence", "length": 6, "features": 5}),
        (
            "Embedding",
            {"num_embeddings": 50, "embedding_dim": 6},
            {"kind": "tokens", "length": 9, "vocab": 50},
        ),
        (
            "RNN",
            {"hidden_size": 12, "num_layers": 2},
            {"kind": "sequence", "length": 7, "features": 5},
        ),
        (
            "GRU",
            {"hidden_size": 12, "bidirectional": True},
            {"kind": "sequence", "length": 7, "features": 5},
        ),
        (
            "GRU",
            {"hidden_size": 12, "output": "last"},
            {"kind": "sequence", "length": 7, "features": 5},
        ),
    ],
)
def test_per_node_bytes_of_blocks_on_the_input(type_name, params, source):
    graph, node = _one_block(type_name, params, source)
    need = training_memory(analyse(graph), BATCH)
    if params.get("output") == "last":  # the slice's whole sequence is kept by a Linear
        nxt = graph.add_node("Linear", {"out_features": 3})
        graph.connect(node, nxt)
        need = training_memory(analyse(graph), BATCH)
        assert_close(need.activations, measured(graph), type_name)
        return
    assert_close(need.nodes[node].activations, measured(graph), type_name)


def test_a_tensor_kept_by_several_layers_counts_once():
    """ReLU keeps its output; Flatten views it and the Linear keeps the view: one storage."""
    b = Builder()
    b.add("Input", kind="image", channels=1, height=12, width=12)
    b.add("Conv2d", out_channels=4, kernel_size=3)
    relu = b.add("ReLU")
    flat = b.add("Flatten")
    fc = b.add("Linear", out_features=10)
    graph = b.project("shared", "", "").graph
    need = training_memory(analyse(graph), BATCH)
    assert need.nodes[relu].activations == 4 * 10 * 10 * BATCH * 4
    assert need.nodes[flat].activations == need.nodes[fc].activations == 0
    assert need.activations == measured(graph)


def test_frozen_layers_before_the_first_trained_one_keep_nothing():
    b = Builder()
    b.add("Input", kind="image", channels=3, height=16, width=16)
    conv = b.add("Conv2d", out_channels=8, kernel_size=3)
    relu = b.add("ReLU")
    b.add("Flatten")
    b.add("Linear", out_features=10)
    project = b.project("frozen", "", "")
    project.graph.set_frozen(conv, True)
    need = training_memory(analyse(project.graph), BATCH)
    assert need.nodes[conv].activations == need.nodes[relu].activations == 0
    assert need.nodes[conv].gradients == need.nodes[conv].optimizer == 0
    assert_close(need.activations, measured(project.graph), "frozen")


@pytest.mark.parametrize(
    ("optimizer", "momentum"), [("adam", 0.9), ("adamw", 0.9), ("sgd", 0.9), ("sgd", 0.0)]
)
def test_parameters_gradients_and_optimizer_state_equal_torch(optimizer, momentum):
    graph = load_preset("lenet5").graph
    model = compile_model(graph)
    x = example_input(graph, analyse(graph), 2)
    model(x).sum().backward()
    opt = make_optimizer(list(model.parameters()), optimizer, 0.01, momentum, 0.0)
    opt.step()
    state = sum(
        v.numel() * v.element_size()
        for s in opt.state.values()
        for k, v in s.items()
        if k != "step" and isinstance(v, torch.Tensor)
    )
    need = training_memory(analyse(graph), 2, optimizer, momentum=momentum)
    assert need.parameters == sum(p.numel() * 4 for p in model.parameters())
    assert need.gradients == sum(p.grad.numel() * 4 for p in model.parameters())
    assert need.optimizer_state == state
    assert need.total == need.parameters + need.gradients + need.optimizer_state + need.activations
    assert set(need.as_dict()) == {"parameters", "gradients", "optimizer", "activations", "total"}


def test_half_precision_halves_the_weights_and_an_unknown_dtype_is_one_sentence():
    analysis = analyse(load_preset("lenet5").graph)
    full, half = training_memory(analysis, 4), training_memory(analysis, 4, dtype="float16")
    assert half.parameters * 2 == full.parameters
    with pytest.raises(
        ValueError, match=r"^Unknown dtype 'int8': use one of float32, bfloat16, float16\.$"
    ):
        check_dtype("int8")
