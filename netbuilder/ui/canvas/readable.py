"""Where to look when a network does not fit the view at a readable zoom."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF

#: Room left between the view's edge and the inputs (scene units).
_LEAD = 40.0


def _axis(lo: float, hi: float, start: float | None, span: float) -> float:
    """Centre on one axis: the middle when ``[lo, hi]`` fits in ``span``, else from ``start``."""
    if hi - lo <= span:
        return (lo + hi) / 2.0
    first = lo if start is None else min(max(start, lo), hi - span)
    return first + span / 2.0


def start_view_center(network: QRectF, inputs: QRectF, visible: QSizeF) -> QPointF:
    """The scene point to centre on so the view shows ``network`` from its inputs.

    Parameters
    ----------
    network : QRectF
        Every card, with a margin (scene coordinates).
    inputs : QRectF
        The network's input cards (may be empty: then its top-left corner).
    visible : QSizeF
        How much of the scene the view shows at the chosen zoom.

    Returns
    -------
    QPointF
        On each axis the network's middle when it fits, otherwise the point that puts the
        inputs at the view's leading edge (kept inside the network).
    """
    has_inputs = not inputs.isEmpty()
    x0 = inputs.left() - _LEAD if has_inputs else None
    y0 = inputs.top() - _LEAD if has_inputs else None
    return QPointF(
        _axis(network.left(), network.right(), x0, visible.width()),
        _axis(network.top(), network.bottom(), y0, visible.height()),
    )
