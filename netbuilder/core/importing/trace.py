"""Trace a module with ``torch.fx`` (recording source lines) and propagate shapes."""

from __future__ import annotations

from typing import Any

from netbuilder.core.formatting import shape_text
from netbuilder.core.importing.composites import composite_block
from netbuilder.core.importing.errors import ImportModelError


def trace(model: Any, collapse: bool) -> tuple[Any, bool]:
    """The fx ``GraphModule`` of ``model`` and whether a composite was kept whole.

    With ``collapse`` recognised blocks (torchvision ``BasicBlock`` …) are leaves.
    The model is traced in training mode, so ``F.dropout(x, training=self.training)``
    is kept as a Dropout.
    """
    from torch import fx

    used: list[bool] = []

    class Tracer(fx.Tracer):
        def is_leaf_module(self, m: Any, qualname: str) -> bool:
            if collapse and composite_block(m) is not None:
                used.append(True)
                return True
            return super().is_leaf_module(m, qualname)

    tracer = Tracer()
    tracer.record_stack_traces = True
    model.train()
    try:
        graph = tracer.trace(model)
    except Exception as exc:  # fx raises many types on dynamic control flow
        raise ImportModelError(
            f"torch.fx cannot trace {type(model).__name__}: {exc}. Only networks without "
            "data-dependent control flow can be imported."
        ) from None
    return fx.GraphModule(tracer.root, graph, type(model).__name__), bool(used)


#: Tensor methods between a token input and its Embedding that keep the token ids.
_ON_THE_WAY = ("t", "transpose", "permute", "contiguous", "long")


def vocab_of(traced: Any, shape: tuple[int, ...]) -> int | None:
    """The vocabulary of an Embedding-first network (its input is token ids), else None."""
    from torch import nn

    modules = dict(traced.named_modules())
    for node in traced.graph.nodes:
        if node.op != "placeholder":
            continue
        users, sizes = list(node.users), []
        while users:  # through x.t() / x.transpose(0, 1) / x.long() to the Embedding
            user = users.pop()
            if user.op == "call_module" and isinstance(modules[user.target], nn.Embedding):
                sizes.append(modules[user.target].num_embeddings)
            elif user.op == "call_method" and user.target in _ON_THE_WAY:
                users += list(user.users)
        if sizes and len(shape) != 1:
            raise ImportModelError(
                f"{type(traced).__name__} starts with an Embedding, so its input is a "
                f"sequence of token ids: give --input as its length (e.g. 20), not "
                f"{shape_text(shape)}."
            )
        return min(sizes) if sizes else None
    return None


def propagate(model: Any, traced: Any, sample: Any) -> None:
    """Record each node's output shape (``node.meta['tensor_meta']``) for ``sample``."""
    import torch
    from torch.fx.passes.shape_prop import ShapeProp

    traced.eval()
    try:
        with torch.no_grad():
            ShapeProp(traced).propagate(sample)
    except Exception as exc:  # the user's forward may raise anything
        cause = exc.__cause__ or exc  # ShapeProp wraps the error of the failing node
        text = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
        shape = shape_text(tuple(sample.shape[1:]))
        raise ImportModelError(
            f"{type(model).__name__} fails on a batch of {sample.shape[0]} inputs of "
            f"{shape} ({type(cause).__name__}: {text}); check --input, and that forward "
            "takes any batch size."
        ) from None
