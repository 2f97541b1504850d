"""The training-memory total against ``torch.cuda.max_memory_allocated`` (GPU only)."""

from __future__ import annotations

import pytest
import torch

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import compile_model
from netbuilder.core.memory import training_memory
from netbuilder.core.presets import load_preset
from netbuilder.train.saved_memory import example_input, peak_training_bytes

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")

BATCH = 32


@pytest.mark.parametrize("name", ["resnet18", "vgg11", "mobilenet_v2"])
def test_total_within_15_percent_of_one_training_step(name):
    graph = load_preset(name).graph
    analysis = analyse(graph)
    torch.manual_seed(0)
    model = compile_model(graph).cuda()
    x = example_input(graph, analysis, BATCH, device="cuda")
    peak = peak_training_bytes(model, x, "adam")
    need = training_memory(analysis, BATCH, "adam")
    assert abs(need.total - peak) <= 0.15 * peak, (name, need.total, peak)
    del model, x
    torch.cuda.empty_cache()
