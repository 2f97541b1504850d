"""Tooltips of a card's numbers: the formula behind its shape, params or FLOPs.

The scene asks :func:`card_tip` on a help event (the mouse rests): the card says which
of its numbers is under the mouse, the core computes that node's formulas, and
:mod:`netbuilder.ui.formula_text` typesets them. Nothing is computed while the mouse
merely moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formulas import NodeFormulas, block_formulas, node_formulas
from netbuilder.ui.canvas.node_item import NodeItem
from netbuilder.ui.formula_text import section_tooltip

if TYPE_CHECKING:
    from netbuilder.ui.canvas.scene import CanvasScene


def card_formulas(scene: CanvasScene, card: NodeItem) -> NodeFormulas | None:
    """The formulas of ``card``'s node (or inner layer), in the scene's FLOPs convention.

    ``None`` when the node has no output to explain.
    """
    factor = scene.display.flops_factor
    inner = getattr(card, "inner", None)  # the card of a composite's inner layer
    try:
        if inner is not None:
            return block_formulas(inner.type, inner.input_shapes, inner.params, factor)
        if card.node_id not in scene.model.graph:
            return None
        return node_formulas(scene.model.analysis, card.node_id, factor)
    except NetBuilderError:
        return None


def card_tip(scene: CanvasScene, scene_pos: QPointF) -> str | None:
    """Rich-text formula for the card number under ``scene_pos``; ``None`` elsewhere."""
    card = next((i for i in scene.items(scene_pos) if isinstance(i, NodeItem)), None)
    if card is None:
        return None
    section = card.stat_at(card.mapFromScene(scene_pos))
    if section is None:
        return None
    formulas = card_formulas(scene, card)
    if formulas is None:
        return None
    return section_tooltip(formulas, section, scene.display.flops_unit())
