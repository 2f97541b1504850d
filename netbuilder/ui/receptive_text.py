"""How a receptive field reads in the views: the inspector, the Summary and the cards.

One place for the words, each through Qt's translation (context ``ReceptiveField``).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from netbuilder.core.receptive_field import ReceptiveField, number_text

CONTEXT = "ReceptiveField"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def size_text(field: ReceptiveField | None) -> str:
    """``11×11``; ``≤ 12×12`` when the windows vary from unit to unit; ``—`` for none."""
    if field is None:
        return "—"
    return field.text() if field.exact else f"≤ {field.text()}"


def _per_axis(values: tuple[float, ...], joiner: str) -> str:
    """``2`` when every axis agrees, else ``2×4`` (jumps) or ``0.5, 1`` (starts)."""
    if len(set(values)) == 1:
        return number_text(values[0])
    return joiner.join(number_text(v) for v in values)


def jump_text(field: ReceptiveField) -> str:
    """The jump per axis (``2``, or ``2×4`` when the axes differ)."""
    return _per_axis(field.jumps, "×")


def start_text(field: ReceptiveField) -> str:
    """The start per axis (``0.5``, or ``0.5, 1`` when the axes differ)."""
    return _per_axis(field.starts, ", ")


def details(field: ReceptiveField | None, rich: bool = False) -> str:
    """One line for the inspector: ``11×11 px · jump 2 · start 0.5``.

    With ``rich`` the line is HTML (escaped) with the size in bold.
    """
    if field is None:
        text = QCoreApplication.translate("ReceptiveField", "— (no spatial axes)")
        return html.escape(text) if rich else text
    template = QCoreApplication.translate(
        "ReceptiveField", "{size} px · jump {jump} · start {start}"
    )
    size = size_text(field)
    if rich:
        template, size = html.escape(template), f"<b>{html.escape(size)}</b>"
    return template.format(size=size, jump=jump_text(field), start=start_text(field))


def tooltip(field: ReceptiveField | None) -> str:
    """What the size means, with jump and start spelled out."""
    if field is None:
        return QCoreApplication.translate(
            "ReceptiveField",
            "No receptive field: a vector or token sequence has no spatial axes "
            "(after Flatten or Linear a feature may depend on the whole input).",
        )
    lines = [
        QCoreApplication.translate(
            "ReceptiveField",
            "Each output unit sees a {size} window of the input (in input pixels).",
        ).format(size=field.text()),
        QCoreApplication.translate(
            "ReceptiveField",
            "Jump {jump}: neighbouring units' windows lie this many input pixels apart.",
        ).format(jump=jump_text(field)),
        QCoreApplication.translate(
            "ReceptiveField",
            "Start {start}: centre of the first unit's window, in input pixel indices "
            "(below 0 where padding reaches past the border).",
        ).format(start=start_text(field)),
    ]
    if not field.exact:
        lines.append(
            QCoreApplication.translate(
                "ReceptiveField",
                "The windows differ from unit to unit (upsampling, transposed convolution or "
                "uneven adaptive pooling): the size is the largest.",
            )
        )
    return "\n".join(lines)
