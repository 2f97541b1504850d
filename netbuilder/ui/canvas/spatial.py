"""A grid of square cells holding items by their scene rectangle.

The scene layers draw what a repainted area exposes. Asking the scene for the items in an
area costs a Python call per item (to read its bounds) and a wrapper per item returned;
this grid keeps each item's rectangle from the moment it changed, so a query touches only
the cells the area covers and returns the items in the order they were first added.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from math import floor

from PySide6.QtCore import QRectF

#: Side of a cell (scene units): a few cards wide.
CELL = 1024.0


class SpatialGrid:
    """Items with their scene rectangles, bucketed into :data:`CELL`-sized cells."""

    def __init__(self, cell: float = CELL) -> None:
        self._cell = cell
        self._rects: dict[Hashable, QRectF] = {}
        self._order: dict[Hashable, int] = {}
        self._cells: dict[tuple[int, int], set[Hashable]] = {}
        self._serial = 0
        self._bounds: QRectF | None = None

    def __len__(self) -> int:
        return len(self._rects)

    def __contains__(self, item: object) -> bool:
        return item in self._rects

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._rects)

    def bounds(self) -> QRectF:
        """The rectangle around every cell that holds an item (a little larger than the
        items themselves; empty when there are none)."""
        if self._bounds is None:
            if not self._cells:
                self._bounds = QRectF()
            else:
                xs = [x for x, _y in self._cells]
                ys = [y for _x, y in self._cells]
                cell = self._cell
                left, top = min(xs) * cell, min(ys) * cell
                right, bottom = (max(xs) + 1) * cell, (max(ys) + 1) * cell
                self._bounds = QRectF(left, top, right - left, bottom - top)
        return QRectF(self._bounds)

    def rect(self, item: Hashable) -> QRectF | None:
        """Where ``item`` was last put (``None`` when it is not held)."""
        return self._rects.get(item)

    def _span(self, rect: QRectF) -> Iterator[tuple[int, int]]:
        cell = self._cell
        x0, x1 = floor(rect.left() / cell), floor(rect.right() / cell)
        y0, y1 = floor(rect.top() / cell), floor(rect.bottom() / cell)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                yield (x, y)

    def put(self, item: Hashable, rect: QRectF) -> None:
        """Hold ``item`` at ``rect`` (scene coordinates), replacing where it was."""
        old = self._rects.get(item)
        if old is not None:
            if old == rect:
                return
            self._leave(item, old)
        else:
            self._serial += 1
            self._order[item] = self._serial
        rect = QRectF(rect)
        self._rects[item] = rect
        self._bounds = None
        cells = self._cells
        for key in self._span(rect):
            bucket = cells.get(key)
            if bucket is None:
                cells[key] = {item}
            else:
                bucket.add(item)

    def remove(self, item: Hashable) -> QRectF | None:
        """Forget ``item``; returns where it was."""
        rect = self._rects.pop(item, None)
        if rect is not None:
            self._order.pop(item, None)
            self._leave(item, rect)
        return rect

    def _leave(self, item: Hashable, rect: QRectF) -> None:
        cells = self._cells
        for key in self._span(rect):
            bucket = cells.get(key)
            if bucket is not None:
                bucket.discard(item)
                if not bucket:
                    del cells[key]
                    self._bounds = None

    def clear(self) -> None:
        """Forget every item."""
        self._rects.clear()
        self._order.clear()
        self._cells.clear()
        self._bounds = None

    def query(self, area: QRectF) -> list[tuple[Hashable, QRectF]]:
        """The items whose rectangle meets ``area``, with it, in the order first added."""
        if area.isEmpty() or not self._rects:
            return []
        found: set[Hashable] = set()
        cells = self._cells
        for key in self._span(area):
            bucket = cells.get(key)
            if bucket:
                found |= bucket
        rects, order = self._rects, self._order
        hits = [(order[item], item) for item in found if rects[item].intersects(area)]
        hits.sort(key=lambda pair: pair[0])
        return [(item, rects[item]) for _serial, item in hits]
