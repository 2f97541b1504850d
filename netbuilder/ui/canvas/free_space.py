"""Free space on the canvas for new cards (paste, duplicate, quick-add, palette, fixes).

The rectangle arithmetic is :mod:`netbuilder.core.placement`'s; this module reads the
cards' rectangles from the scene.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QGraphicsScene

from netbuilder.core.placement import Rect, free_offset, free_spot
from netbuilder.ui.canvas import style
from netbuilder.ui.canvas.node_item import NodeItem

#: Size of a new (collapsed, one-input) card.
CARD_SIZE = (
    style.CARD_WIDTH,
    style.HEADER_HEIGHT + 3 * style.LINE_HEIGHT + style.PADDING + 2.0,
)


def card_rects(scene: QGraphicsScene, skip: Iterable[str] = ()) -> list[Rect]:
    """Rectangles of every card in ``scene`` but those of the ids in ``skip``."""
    left_out = set(skip)
    out = []
    for item in scene.items():
        if isinstance(item, NodeItem) and item.node_id not in left_out:
            rect = item.mapRectToScene(item.rect())
            out.append((rect.x(), rect.y(), rect.width(), rect.height()))
    return out


def free_position(scene: QGraphicsScene, near: tuple[float, float]) -> tuple[float, float]:
    """Where a new card goes: ``near`` (its top-left) or the nearest place clear of cards."""
    x, y = free_spot(CARD_SIZE, card_rects(scene), near)
    return (round(x), round(y))


def group_offset(
    scene: QGraphicsScene,
    positions: Sequence[tuple[float, float]],
    first: tuple[float, float],
) -> tuple[float, float]:
    """An offset near ``first`` that puts cards at ``positions`` clear of the scene's cards."""
    group = [(x, y, *CARD_SIZE) for x, y in positions]
    dx, dy = free_offset(group, card_rects(scene), first=first)
    return (round(dx), round(dy))
