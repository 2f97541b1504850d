"""The "Training memory" card line (View → Show on Cards → Training memory).

Each card shows the bytes its node needs to train with the document's batch size and
optimizer (:func:`~netbuilder.core.memory.training_memory`): its parameters, gradients,
optimizer state and the activations it keeps for the backward pass.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.core.memory import format_bytes, training_memory
from netbuilder.ui.canvas.card_extras import CONTEXT, CardContext, CardExtra, register


def memory_lines(context: CardContext) -> dict[str, str]:
    """``Train memory 1.2 MB`` per node with stats (float32, the document's training settings)."""
    config = context.training
    need = training_memory(
        context.analysis, config.batch_size, config.optimizer, momentum=config.momentum
    )
    template = QCoreApplication.translate(CONTEXT, "Train memory {size}")
    out = {}
    for node_id, node in need.nodes.items():
        if context.analysis.stats(node_id).shape is not None:
            out[node_id] = template.format(size=format_bytes(node.total) if node.total else "—")
    return out


MEMORY = register(
    CardExtra("memory", QT_TRANSLATE_NOOP("CardExtras", "Training memory"), memory_lines)
)
