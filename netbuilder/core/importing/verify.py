"""Check an import against the module: same weights in, same outputs out."""

from __future__ import annotations

from typing import Any

from netbuilder.core.graph import Graph
from netbuilder.core.importing.errors import ImportModelError
from netbuilder.core.naming import layer_names

#: The batch size of the check (different from the shape propagation's).
CHECK_BATCH = 2


def state_key_map(graph: Graph, origin: dict[str, str], rebuilt_keys: list[str]) -> dict[str, str]:
    """Each ``state_dict`` key of the compiled graph → the module's key.

    A node's attribute is its layer name; its weights come from the module path it was
    made from (composites keep the inner names of the module they stand for).
    """
    by_name = {name: nid for nid, name in layer_names(graph).items()}
    out = {}
    for key in rebuilt_keys:
        name, _, rest = key.partition(".")
        nid = by_name.get(name)
        if nid is None or nid not in origin:
            raise ImportModelError(f"The import has a weight {key} that the module lacks.")
        out[key] = f"{origin[nid]}.{rest}"
    return out


def transfer(model: Any, rebuilt: Any, graph: Graph, origin: dict[str, str]) -> None:
    """Load ``model``'s weights and buffers into ``rebuilt`` (every one, strictly).

    Raises
    ------
    ImportModelError
        When a weight or buffer of either side has no counterpart or another shape.
    """
    theirs = model.state_dict()
    ours = rebuilt.state_dict()
    mapping = state_key_map(graph, origin, list(ours))
    missing = sorted(set(theirs) - set(mapping.values()))
    if missing:
        raise ImportModelError(
            f"The import leaves out {len(missing)} weight(s) or buffer(s) of "
            f"{type(model).__name__}, first {missing[0]}; some layer is not represented."
        )
    state = {}
    for key, source in mapping.items():
        value = theirs.get(source)
        if value is None or tuple(value.shape) != tuple(ours[key].shape):
            raise ImportModelError(
                f"The import's {key} does not match {source} of {type(model).__name__}."
            )
        state[key] = value
    rebuilt.load_state_dict(state, strict=True)


def compare(model: Any, rebuilt: Any, sample: Any) -> None:
    """Raise unless both models give the same output for ``sample`` (eval mode)."""
    import torch

    with torch.no_grad():
        expected = model(sample)
        got = rebuilt(sample)
        same = got.shape == expected.shape and torch.allclose(got, expected)
        random = not same and not torch.equal(expected, model(sample))
    if random:
        raise ImportModelError(
            f"{type(model).__name__} gives different outputs for the same input in eval "
            "mode (F.dropout without training=self.training?), so the import cannot be "
            "checked."
        )
    if got.shape != expected.shape:
        raise ImportModelError(
            f"The import's output has shape {tuple(got.shape)} but "
            f"{type(model).__name__}'s has {tuple(expected.shape)} for a batch of "
            f"{CHECK_BATCH}; some layer is not represented."
        )
    scale = max(1.0, float(expected.abs().max()))
    diff = float((got - expected).abs().max()) if expected.numel() else 0.0
    if diff > 1e-4 * scale:
        raise ImportModelError(
            f"The import computes something else than {type(model).__name__} with the "
            f"same weights (outputs differ by up to {diff:.3g}); some call is not "
            "represented."
        )
