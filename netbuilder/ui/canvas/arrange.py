"""Auto-layout of the canvas: the core's layered layout as one undo step, in either direction.

The flow direction decides where ports sit (top/bottom edges for top to bottom, the sides
for left to right). A document's direction is read from its positions when it opens
(:func:`~netbuilder.core.layout.infer_direction`); a re-layout in another direction
moves the cards and switches the ports in one undo step, so undo brings back both.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoCommand

from netbuilder.core.layout import TB, Direction, layered_positions
from netbuilder.ui.commands import MoveNodesCommand
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.i18n import translate

Moves = Mapping[str, tuple[tuple[float, float], tuple[float, float]]]


class RelayoutCommand(QUndoCommand):
    """Move every card to its layered place and switch the flow direction.

    Parameters
    ----------
    model : DocumentModel
        The document.
    moves : mapping
        Node id → ``(old, new)`` position.
    directions : tuple of str
        ``(old, new)`` flow direction.
    set_direction : bound method
        Shows a direction (the canvas's); held weakly.
    """

    def __init__(
        self,
        model: DocumentModel,
        moves: Moves,
        directions: tuple[Direction, Direction],
        set_direction: Callable[[Direction], None],
    ) -> None:
        old, new = directions
        text = translate("CanvasArrange", "Auto-layout") + (
            f" {describe(new)}" if new != old else ""
        )
        super().__init__(text)
        self.moves = MoveNodesCommand(model, moves, text=text, merge=False)
        self.directions = directions
        # weak: the undo stack may outlive the canvas that shows the direction
        self._show = weakref.WeakMethod(set_direction)

    def _set_direction(self, direction: Direction) -> None:
        show = self._show()
        if show is not None:
            show(direction)

    def redo(self) -> None:
        self._set_direction(self.directions[1])
        self.moves.redo()

    def undo(self) -> None:
        self._set_direction(self.directions[0])
        self.moves.undo()


def describe(direction: Direction) -> str:
    """``"top to bottom"`` or ``"left to right"``."""
    return (
        translate("CanvasArrange", "top to bottom")
        if direction == TB
        else translate("CanvasArrange", "left to right")
    )


def relayout_command(
    model: DocumentModel,
    sizes: Mapping[str, tuple[float, float]],
    directions: tuple[Direction, Direction],
    set_direction: Callable[[Direction], None],
) -> RelayoutCommand | None:
    """The command laying ``model``'s graph out in ``directions[1]``; ``None`` when
    nothing would change."""
    graph = model.graph
    moves = {}
    for node_id, new in layered_positions(graph, directions[1], sizes).items():
        old = graph.node(node_id).pos
        if old != new:
            moves[node_id] = (old, new)
    if not moves and directions[0] == directions[1]:
        return None
    return RelayoutCommand(model, moves, directions, set_direction)
