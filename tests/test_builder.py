"""The fluent Builder used by presets, tests and examples."""

from __future__ import annotations

import pytest
import torch

from netbuilder.core.analysis import analyse
from netbuilder.core.builder import Builder
from netbuilder.core.codegen import compile_model


@pytest.mark.parametrize("merge", ["Concat", "Add"])
def test_builder_gives_a_merge_one_port_per_source(merge: str) -> None:
    b = Builder()
    x = b.add("Input", channels=3, height=8, width=8)
    branches = [b.add("Conv2d", inputs=x, out_channels=4, kernel_size=1) for _ in range(3)]
    out = b.add(merge, inputs=branches)
    assert b.graph.node(out).params["inputs"] == 3
    assert [e.src for e in b.graph.incoming(out)] == branches
    shape = analyse(b.graph).stats(out).shape
    y = compile_model(b.graph)(torch.zeros(1, 3, 8, 8))
    assert tuple(y.shape[1:]) == shape == ((12 if merge == "Concat" else 4), 8, 8)


def test_a_merge_of_two_keeps_two_ports() -> None:
    b = Builder()
    x = b.add("Input", channels=3, height=8, width=8)
    cat = b.add("Concat", inputs=[x, x])
    assert b.graph.node(cat).params["inputs"] == 2
