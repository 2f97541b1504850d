"""The "drag a new link" gesture, as one object living from mouse press to release.

Started from an output port it looks for an input port; started from a free input port
it looks for an output port. Ports the link could go to are highlighted using
``Analysis.check_connect``; releasing over a port either pushes a
:class:`ConnectCommand` or reports the reason the link is refused.

:class:`RerouteGesture` is the same drag started from an input port that is already
linked: the link's end comes loose and follows the mouse from its source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

from netbuilder.core.errors import ConnectError
from netbuilder.core.graph import Edge
from netbuilder.ui.canvas.edge_item import LiveLinkItem
from netbuilder.ui.canvas.node_item import NodeItem
from netbuilder.ui.commands import ConnectCommand, DisconnectCommand, MacroCommand
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.i18n import translate

if TYPE_CHECKING:
    from netbuilder.ui.canvas.scene import CanvasScene

#: At most this many cards get their ports checked when a drag starts.
_MARK_LIMIT = 400


class NewLinkGesture:
    """Drag from a port to make a link.

    Parameters
    ----------
    scene : CanvasScene
        The canvas (gives the model, the items and the status signal).
    item : NodeItem
        The card the drag started on.
    port : tuple
        ``("out", 0)`` or ``("in", index)``.
    visible : QRectF
        Scene area currently on screen: cards in it get their ports highlighted.
    """

    def __init__(
        self, scene: CanvasScene, item: NodeItem, port: tuple[str, int], visible: QRectF
    ) -> None:
        self.scene = scene
        self.item = item
        self.from_output = port[0] == "out"
        self.port = port[1]
        self.live = LiveLinkItem(scene.theme)
        self.live.vertical = item.vertical
        scene.addItem(self.live)
        self.anchor = item.output_port_pos() if self.from_output else item.input_port_pos(port[1])
        self.marked: list[NodeItem] = []
        if self.from_output:
            self._mark_inputs(visible)
        self.move(self.anchor)

    # -- checks -----------------------------------------------------------------------------
    def check(self, target: NodeItem, port: int) -> ConnectError | None:
        """Why linking to ``target`` (port ``port``) is refused, or ``None``."""
        analysis = self.scene.model.analysis
        if self.from_output:
            return analysis.check_connect(self.item.node_id, target.node_id, port)
        return analysis.check_connect(target.node_id, self.item.node_id, self.port)

    def _mark_inputs(self, visible: QRectF) -> None:
        cards = [i for i in self.scene.items(visible) if isinstance(i, NodeItem) and i.editable]
        for card in cards[:_MARK_LIMIT]:
            if card is self.item or not card.port_names:
                continue
            marks = {i: self.check(card, i) is None for i in range(len(card.port_names))}
            card.set_port_marks(marks)
            self.marked.append(card)

    # -- target -----------------------------------------------------------------------------
    def target_at(self, pos: QPointF) -> tuple[NodeItem, int] | None:
        """The card and port the link would attach to at ``pos``."""
        for candidate in self.scene.items(pos):
            if (
                not isinstance(candidate, NodeItem)
                or not candidate.editable
                or candidate is self.item
            ):
                continue
            if not self.from_output:
                return candidate, 0
            hit = candidate.port_at(pos)
            if hit is not None and hit[0] == "in":
                return candidate, hit[1]
            # dropped on the card body: the first port that accepts, else the nearest
            for i in range(len(candidate.port_names)):
                if self.check(candidate, i) is None:
                    return candidate, i
            nearest = candidate.nearest_input(pos)
            return (candidate, nearest) if nearest is not None else (candidate, 0)
        return None

    def move(self, pos: QPointF) -> None:
        """Follow the mouse."""
        target = self.target_at(pos)
        end = pos
        valid = False
        if target is not None:
            card, port = target
            valid = self.check(card, port) is None
            if valid:
                end = card.input_port_pos(port) if self.from_output else card.output_port_pos()
        if self.from_output:
            self.live.set_ends(self.anchor, end)
        else:
            self.live.set_ends(end, self.anchor)
        self.live.set_valid(valid)

    def finish(self, pos: QPointF) -> bool:
        """Release: link (True) or refuse with a status message (False)."""
        target = self.target_at(pos)
        self.cancel()
        if target is None:
            if self.scene.card_at(pos) is None:  # empty canvas: offer a block to link
                link = ("from", self.item.node_id, 0) if self.from_output else None
                if link is None:
                    link = ("to", self.item.node_id, self.port)
                self.scene.addRequested.emit(pos, link)
            return False
        card, port = target
        error = self.check(card, port)
        if error is not None:
            self.scene.statusMessage.emit(
                translate("CanvasLinkGesture", "Link refused: {error}").format(error=tr_core(error))
            )
            return False
        if self.from_output:
            src, dst, dst_port = self.item.node_id, card.node_id, port
        else:
            src, dst, dst_port = card.node_id, self.item.node_id, self.port
        return self.scene.push(ConnectCommand(self.scene.model, src, dst, dst_port))

    def cancel(self) -> None:
        """Remove the live link and the port highlights."""
        for card in self.marked:
            if card.scene() is self.scene:
                card.set_port_marks({})
        self.marked = []
        if self.live.scene() is self.scene:
            self.scene.removeItem(self.live)


class RerouteGesture(NewLinkGesture):
    """Drag the end of an existing link to another input port, or off to remove it.

    Dropped on a compatible input the link is replaced (one undo step; the same port
    changes nothing), on empty canvas it is removed, on a refusing port it is kept and
    the reason goes to ``statusMessage``.

    Parameters
    ----------
    scene : CanvasScene
        The canvas.
    edge : Edge
        The link whose end is dragged.
    visible : QRectF
        Scene area currently on screen: cards in it get their ports highlighted.
    """

    def __init__(self, scene: CanvasScene, edge: Edge, visible: QRectF) -> None:
        self.edge = edge
        self.old_item = scene.edges.get(edge)
        if self.old_item is not None:
            self.old_item.setVisible(False)
        super().__init__(scene, scene.nodes[edge.src], ("out", 0), visible)

    def check(self, target: NodeItem, port: int) -> ConnectError | None:
        """As for a new link from the source, with the old link's port counted free.

        Removing the old link frees its port only: the source's shape and the paths
        that could make a loop stay the same.
        """
        if (target.node_id, port) == (self.edge.dst, self.edge.port):
            return None
        return super().check(target, port)

    def finish(self, pos: QPointF) -> bool:
        """Release: re-link, remove (empty canvas) or refuse; True when the model changed."""
        target = self.target_at(pos)
        self.cancel()
        model = self.scene.model
        if target is None:
            if self.scene.card_at(pos) is not None:
                return False
            return self.scene.push(DisconnectCommand(model, self.edge))
        card, port = target
        error = self.check(card, port)
        if error is not None:
            self.scene.statusMessage.emit(
                translate("CanvasLinkGesture", "Link refused: {error}").format(error=tr_core(error))
            )
            return False
        if (card.node_id, port) == (self.edge.dst, self.edge.port):
            return False
        commands = [
            DisconnectCommand(model, self.edge),
            ConnectCommand(model, self.edge.src, card.node_id, port),
        ]
        return self.scene.push(
            MacroCommand(model, translate("CanvasLinkGesture", "Re-route link"), commands)
        )

    def cancel(self) -> None:
        """Remove the live link and the highlights; show the old link again."""
        super().cancel()
        if self.old_item is not None:
            self.old_item.setVisible(True)
