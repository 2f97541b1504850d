"""The "Receptive field" card line (View → Show on Cards): ``RF 11×11`` on each card."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.ui.canvas.card_extras import CONTEXT, CardContext, CardExtra, register
from netbuilder.ui.receptive_text import size_text


def field_lines(context: CardContext) -> Mapping[str, str]:
    """``RF 11×11`` for every node with a receptive field (none for vectors)."""
    template = QCoreApplication.translate(CONTEXT, "RF {size}")
    return {
        node_id: template.format(size=size_text(stats.receptive_field))
        for node_id, stats in context.analysis.all().items()
        if stats.receptive_field is not None
    }


RECEPTIVE_FIELD = register(
    CardExtra(
        "receptive_field",
        QT_TRANSLATE_NOOP("CardExtras", "Receptive field"),
        field_lines,
    )
)
