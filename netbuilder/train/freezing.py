"""Frozen layers during training (Qt-free).

A frozen node's module has parameters that do not require gradients
(:func:`~netbuilder.core.codegen.compile_model` sets that); the trainer leaves them out
of the optimizer and keeps the module in evaluation mode while the rest trains, so
BatchNorm statistics stay fixed too. :func:`train_mode` is also the code of the
exported ``train.py`` (its source is inlined there).
"""

from __future__ import annotations

import torch


def frozen_children(model: torch.nn.Module) -> list[str]:
    """Module paths of the outermost sub-modules whose parameters all have ``requires_grad``
    off (a direct child, or a layer inside a container: ``features.0``)."""
    names: list[str] = []

    def visit(module: torch.nn.Module, prefix: str) -> None:
        for name, child in module.named_children():
            params = list(child.parameters())
            if params and not any(p.requires_grad for p in params):
                names.append(prefix + name)
            elif params:
                visit(child, f"{prefix}{name}.")

    visit(model, "")
    return names


def train_mode(model: torch.nn.Module, frozen: list[str]) -> None:
    """Put ``model`` in training mode, except its ``frozen`` layers (kept in eval)."""
    model.train()
    for name in frozen:
        model.get_submodule(name).eval()
