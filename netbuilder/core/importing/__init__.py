"""Import an existing ``nn.Module`` onto the canvas through ``torch.fx``.

``netbuilder import model.py:Net --input 1x28x28 -o net.json`` runs ``model.py`` (as
``python model.py`` would: it is the user's own code, not a project file), traces
``Net()`` with ``torch.fx`` and maps each layer, functional call and tensor method to a
catalogue block (:mod:`.walk`); recognised torchvision blocks become composites
(:mod:`.composites`). The result is checked against the module itself: with the
module's weights and buffers loaded, it gives the same outputs (:mod:`.verify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netbuilder.core.analysis import Analysis
from netbuilder.core.document import Project
from netbuilder.core.formatting import shape_text
from netbuilder.core.importing.errors import ImportModelError
from netbuilder.core.importing.loading import load_class

__all__ = ["ImportModelError", "Imported", "import_model", "import_module", "load_class"]


@dataclass
class Imported:
    """An import: the project, and its compiled model holding the module's weights.

    Attributes
    ----------
    project : Project
        The graph, laid out.
    model : nn.Module
        ``compile_model(project.graph)`` with the module's weights and buffers, in eval
        mode; it gives the module's outputs.
    origin : dict
        Node id → path of the module it was made from (``layer1.0.conv1``).
    """

    project: Project
    model: Any
    origin: dict[str, str]


def import_model(model: Any, input_shape: tuple[int, ...], name: str = "imported") -> Project:
    """A project whose graph computes ``model`` for inputs of ``input_shape`` (no batch).

    Raises
    ------
    ImportModelError
        In one sentence naming every call that has no block (with its module path and
        source line), or when the result does not compute what the module computes.
    """
    return import_module(model, input_shape, name).project


def import_module(
    model: Any, input_shape: tuple[int, ...], name: str = "imported", *, collapse: bool = True
) -> Imported:
    """Like :func:`import_model`, and also the compiled model with the module's weights.

    With ``collapse=False`` recognised torchvision blocks are imported layer by layer
    instead of as composites.
    """
    input_shape = tuple(int(d) for d in input_shape)
    if not 1 <= len(input_shape) <= 3:
        raise ImportModelError(f"--input {shape_text(input_shape)} must have 1 to 3 dimensions.")
    was_training = model.training
    try:
        try:
            return _import(model, input_shape, name, collapse=collapse)
        except ImportModelError as collapsed:
            if not getattr(collapsed, "retry_flat", False):
                raise
            return _import(model, input_shape, name, collapse=False)
    finally:
        model.train(was_training)


def _import(model: Any, shape: tuple[int, ...], name: str, collapse: bool) -> Imported:
    from netbuilder.core.codegen import compile_model
    from netbuilder.core.importing.trace import propagate, trace, vocab_of
    from netbuilder.core.importing.values import PROP_BATCH
    from netbuilder.core.importing.verify import CHECK_BATCH, compare, transfer
    from netbuilder.core.importing.walk import walk
    from netbuilder.core.layout import apply_layout

    traced, used_composites = trace(model, collapse)
    vocab = vocab_of(traced, shape)
    propagate(model, traced, _sample(shape, vocab, PROP_BATCH))
    w = walk(model, traced, shape, vocab)
    label = type(model).__name__
    if w.problems:
        items = "; ".join(p.text() for p in w.problems[:8])
        more = f" and {len(w.problems) - 8} more" if len(w.problems) > 8 else ""
        raise ImportModelError(f"{label} cannot be imported: {items}{more}.")
    if w.output is None:
        raise ImportModelError(f"{label}'s output is not a single tensor of the network.")
    graph = w.graph
    _drop_unused(graph, w.output.nid, w.origin)
    analysis = Analysis.snapshot(graph)
    try:
        if analysis.problems():
            message = analysis.problems()[0]
            raise ImportModelError(f"The imported graph of {label} has errors: {message}")
        expected = sum(p.numel() for p in model.parameters())
        if analysis.totals().params != expected:
            raise ImportModelError(
                f"The import does not match {label} ({analysis.totals().params} vs "
                f"{expected} parameters); some layer is not represented."
            )
        rebuilt = compile_model(graph).eval()
        model.eval()
        transfer(model, rebuilt, graph, w.origin)
        compare(model, rebuilt, _sample(shape, vocab, CHECK_BATCH, seed=0))
    except ImportModelError as exc:
        exc.retry_flat = collapse and used_composites  # type: ignore[attr-defined]
        raise
    apply_layout(graph)
    project = Project(graph, name, f"Imported from {label}.", "", _training())
    return Imported(project, rebuilt, dict(w.origin))


def _drop_unused(graph: Any, output: str, origin: dict[str, str]) -> None:
    """Remove the nodes whose values never reach ``output`` (computed, then unused)."""
    keep, todo = {output}, [output]
    while todo:
        for src in graph.predecessors(todo.pop()):
            if src not in keep:
                keep.add(src)
                todo.append(src)
    for nid in [n.id for n in graph if n.id not in keep and n.input_ports()]:
        graph.remove_node(nid)
        origin.pop(nid, None)


def _training() -> Any:
    from netbuilder.core.training_config import TrainingConfig

    return TrainingConfig()


def _sample(shape: tuple[int, ...], vocab: int | None, batch: int, seed: int = 1) -> Any:
    import torch

    generator = torch.Generator().manual_seed(seed)
    if vocab is not None:
        return torch.randint(0, vocab, (batch, *shape), generator=generator)
    return torch.randn(batch, *shape, generator=generator)
