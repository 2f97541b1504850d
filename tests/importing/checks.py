"""Shared checks of an import against the module it came from."""

from __future__ import annotations

import torch
from torch import nn

from netbuilder.core.analysis import Analysis
from netbuilder.core.codegen import generate_code
from netbuilder.core.importer import Imported, import_module


def randomise_statistics(model: nn.Module, seed: int = 0) -> nn.Module:
    """Give every BatchNorm non-trivial running statistics and affine weights, so a
    wrongly mapped buffer changes the output."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.running_mean.copy_(torch.rand(m.num_features, generator=generator) - 0.5)
                m.running_var.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
                m.bias.copy_(torch.rand(m.num_features, generator=generator) - 0.5)
    return model


def numel(tensors) -> int:
    return sum(t.numel() for t in tensors)


def import_and_compare(
    model: nn.Module,
    shape: tuple[int, ...],
    x: torch.Tensor,
    name: str = "imported",
    collapse: bool = True,
) -> Imported:
    """Import ``model``; assert params, buffers, output shape and outputs equal its own."""
    randomise_statistics(model)
    imported = import_module(model, shape, name, collapse=collapse)
    graph = imported.project.graph
    analysis = Analysis(graph)
    assert analysis.is_valid(), analysis.problems()
    assert analysis.totals().params == numel(model.parameters())
    assert numel(imported.model.parameters()) == numel(model.parameters())
    assert numel(imported.model.buffers()) == numel(model.buffers())
    assert analysis.totals().buffers == numel(model.buffers())
    # The compiled model is the project's own code, not something kept aside.
    assert imported.model.netbuilder_source == generate_code(graph)
    model.eval()
    with torch.no_grad():
        expected = model(x)
        got = imported.model.eval()(x)
    output = [n.id for n in graph if not graph.successors(n.id)]
    assert analysis.stats(output[0]).shape == tuple(expected.shape[1:])
    assert got.shape == expected.shape
    assert torch.allclose(got, expected, rtol=1e-4, atol=1e-5), (got - expected).abs().max()
    return imported
