"""Where new cards go: free of overlap with the cards already there (Qt-free rectangles).

A rectangle is ``(x, y, width, height)`` in scene units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from netbuilder.core.graph import Graph
from netbuilder.core.layout import LR, infer_direction

Rect = tuple[float, float, float, float]

#: Space kept between cards.
GAP = 24.0


def overlaps(a: Rect, b: Rect, margin: float = GAP / 2) -> bool:
    """True when ``a`` and ``b`` come closer than ``margin`` on both axes."""
    return (
        a[0] < b[0] + b[2] + margin
        and b[0] < a[0] + a[2] + margin
        and a[1] < b[1] + b[3] + margin
        and b[1] < a[1] + a[3] + margin
    )


def free_offset(
    group: Sequence[Rect],
    taken: Sequence[Rect],
    first: tuple[float, float] = (0.0, 0.0),
    step: tuple[float, float] = (46.0, 30.0),
    rings: int = 40,
) -> tuple[float, float]:
    """The offset nearest ``first`` (on a grid of ``step``) that moves ``group`` clear of ``taken``.

    Parameters
    ----------
    group : sequence of Rect
        The cards to place, where they would be without an offset.
    taken : sequence of Rect
        The cards already there.
    first : tuple
        The preferred offset.
    step : tuple
        Grid of the offsets tried, in rings around ``first``.
    rings : int
        How far to look; beyond it the group goes below everything.
    """
    if not group:
        return first
    gx0 = min(r[0] for r in group)
    gy0 = min(r[1] for r in group)
    gx1 = max(r[0] + r[2] for r in group)
    gy1 = max(r[1] + r[3] for r in group)
    bbox = (gx0, gy0, gx1 - gx0, gy1 - gy0)

    def clear(dx: float, dy: float) -> bool:
        moved = (bbox[0] + dx, bbox[1] + dy, bbox[2], bbox[3])
        near = [t for t in taken if overlaps(moved, t)]
        if not near:
            return True
        return not any(overlaps((r[0] + dx, r[1] + dy, r[2], r[3]), t) for r in group for t in near)

    for ring in range(rings + 1):
        cells = [
            (i, j)
            for i in range(-ring, ring + 1)
            for j in range(-ring, ring + 1)
            if max(abs(i), abs(j)) == ring
        ]
        cells.sort(key=lambda c: (math.hypot(c[0] * step[0], c[1] * step[1]), c[1], c[0]))
        for i, j in cells:
            dx, dy = first[0] + i * step[0], first[1] + j * step[1]
            if clear(dx, dy):
                return (dx, dy)
    bottom = max((t[1] + t[3] for t in taken), default=gy0)
    return (first[0], bottom + GAP - gy0)


def free_spot(
    size: tuple[float, float],
    taken: Sequence[Rect],
    near: tuple[float, float],
    step: tuple[float, float] = (46.0, 30.0),
) -> tuple[float, float]:
    """Top-left corner of a ``size`` card nearest ``near`` that overlaps none of ``taken``."""
    dx, dy = free_offset([(near[0], near[1], size[0], size[1])], taken, step=step)
    return (near[0] + dx, near[1] + dy)


def flow_direction(graph: Graph) -> tuple[float, float]:
    """The way links run on the canvas: ``(0, 1)`` top to bottom, ``(1, 0)`` left to right.

    Read from the positions of linked blocks (:func:`~netbuilder.core.layout.infer_direction`);
    top to bottom for a graph without links.
    """
    return (1.0, 0.0) if infer_direction(graph) == LR else (0.0, 1.0)
