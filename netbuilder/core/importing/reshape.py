"""``view`` / ``reshape`` / ``squeeze`` … of a batch-first tensor as Flatten or Reshape."""

from __future__ import annotations

import math
from typing import Any

from netbuilder.core.importing.errors import Unsupported
from netbuilder.core.importing.values import BATCH, Size

Shape = tuple[int, ...]


def view_spec(shape: Shape, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """The sizes given to ``x.view(...)``, checked to keep the batch as the first one.

    ``x.view(x.size(0), -1)``, ``x.view(b, c, 1, 1)`` (``b`` the batch) and
    ``x.view(-1, 784)`` (784 values per sample) keep it.

    Raises
    ------
    Unsupported
        For a view that moves samples across the batch or fixes the batch size.
    """
    sizes: Any = kwargs.get("size", kwargs.get("shape", args))
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list, Size)):
        sizes = sizes[0]
    if isinstance(sizes, Size):
        sizes = sizes.dims
    sizes = list(sizes)
    if not sizes:
        raise Unsupported("a view without sizes has no NetBuilder block")
    rest = sizes[1:]
    if any(s is BATCH for s in rest) or not all(isinstance(s, int) for s in rest):
        raise Unsupported("a view that moves the batch size has no NetBuilder block")
    if sizes[0] is BATCH:
        return sizes
    per_sample = math.prod(shape)
    if sizes[0] == -1 and -1 not in rest and math.prod(rest) == per_sample:
        return sizes
    raise Unsupported(
        "the view does not keep the batch as its first dimension; write "
        "x.view(x.size(0), ...) or x.view(-1, <values per sample>)"
    )


def reshape_block(before: Shape, after: Shape) -> tuple[str, dict[str, Any]] | None:
    """Flatten or Reshape from per-sample shape ``before`` to ``after``; ``None`` if equal."""
    before, after = tuple(before), tuple(after)
    if before == after:
        return None
    for start in range(len(before)):
        for end in range(start + 1, len(before)):
            merged = before[:start] + (math.prod(before[start : end + 1]),) + before[end + 1 :]
            if merged == after:
                end_dim = -1 if end == len(before) - 1 else end + 1
                return "Flatten", {"start_dim": start + 1, "end_dim": end_dim}
    return "Reshape", {"shape": list(after)}
