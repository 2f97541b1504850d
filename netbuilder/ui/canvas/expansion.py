"""Room for expanded composites: where cards are shown while frames are open.

Expanding a composite is view state: the document's positions do not change. Cards are
shown shifted instead, as if space had been inserted into the plane: everything below an
expanded card moves down by the height it gained, and cards beside it in its row move
right by the width it gained. In a top-to-bottom layout the open card grows evenly to
both sides (its links stay straight), so its row's cards move half that width apart.
The shift keeps the cards' order, so the frame overlaps no neighbour and no card
overlaps another that did not before.
"""

from __future__ import annotations

from collections.abc import Mapping

#: ``(x, y, width, height)``: a card's document position and collapsed size.
Box = tuple[float, float, float, float]


def offsets(
    boxes: Mapping[str, Box], grown: Mapping[str, tuple[float, float]], centred: bool = False
) -> dict[str, tuple[float, float]]:
    """How far each card is shown from its document position.

    Parameters
    ----------
    boxes : mapping
        Node id → its :data:`Box`.
    grown : mapping
        Expanded node id → ``(extra width, extra height)`` of its open frame.
    centred : bool
        Grow each open card evenly to the left and right (top-to-bottom layouts).

    Returns
    -------
    dict
        Node id → ``(dx, dy)``, for the cards that move.
    """
    out: dict[str, tuple[float, float]] = {}
    for opened, (wider, taller) in grown.items():
        ex, ey, ew, eh = boxes[opened]
        right, left = (wider / 2.0, -wider / 2.0) if centred else (wider, 0.0)
        for node_id, (x, y, _w, h) in boxes.items():
            dx = dy = 0.0
            if node_id == opened:
                dx = left
            elif y >= ey + eh / 2.0:  # below the opened card's middle: down
                dy = taller
            elif y + h > ey:  # in its row: apart from it
                dx = right if x >= ex + ew / 2.0 else left
            if dx or dy:
                ox, oy = out.get(node_id, (0.0, 0.0))
                out[node_id] = (ox + dx, oy + dy)
    return out
