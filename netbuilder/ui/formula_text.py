"""Formulas typeset as rich text for tooltips: italic symbols, real ·, ⌊⌋, ², ′.

The numbers come from :mod:`netbuilder.core.formulas`; this module only lays them out
(the canvas cards and the inspector show the same text).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netbuilder.core.analysis import Analysis
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import exact, shape_text
from netbuilder.core.formulas import Formula, NodeFormulas, node_formulas

#: Part lines of a composite shown before "… and N more layers".
MAX_PARTS = 16
#: A sum with more terms is written as "the sum of the N layers above".
MAX_TERMS = 8

_SYMBOL = re.compile(r"\b(max)(?=\()|([A-Za-zσ])(′*)(?:_([A-Za-z0-9,]+))?")
_MUTED = "color:#808080"


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormulaText", text)


#: What each symbol stands for (subscripts _h, _w name the axis; _1, _2 the input);
#: marked for translation, translated when shown.
_MEANINGS = {
    "k": QT_TRANSLATE_NOOP("FormulaText", "kernel size"),
    "s": QT_TRANSLATE_NOOP("FormulaText", "stride"),
    "p": QT_TRANSLATE_NOOP("FormulaText", "padding"),
    "d": QT_TRANSLATE_NOOP("FormulaText", "dilation"),
    "g": QT_TRANSLATE_NOOP("FormulaText", "groups"),
    "o": QT_TRANSLATE_NOOP("FormulaText", "output padding"),
    "c": QT_TRANSLATE_NOOP("FormulaText", "input channels"),
    "c′": QT_TRANSLATE_NOOP("FormulaText", "output channels"),
    "h": QT_TRANSLATE_NOOP("FormulaText", "input height"),
    "h′": QT_TRANSLATE_NOOP("FormulaText", "output height"),
    "w": QT_TRANSLATE_NOOP("FormulaText", "input width"),
    "w′": QT_TRANSLATE_NOOP("FormulaText", "output width"),
    "l": QT_TRANSLATE_NOOP("FormulaText", "input length"),
    "l′": QT_TRANSLATE_NOOP("FormulaText", "output length"),
    "n": QT_TRANSLATE_NOOP("FormulaText", "input features"),
    "n′": QT_TRANSLATE_NOOP("FormulaText", "output features"),
    "t": QT_TRANSLATE_NOOP("FormulaText", "time steps"),
    "f": QT_TRANSLATE_NOOP("FormulaText", "features per step"),
    "H": QT_TRANSLATE_NOOP("FormulaText", "hidden size"),
    "G": QT_TRANSLATE_NOOP("FormulaText", "gates"),
    "D": QT_TRANSLATE_NOOP("FormulaText", "directions"),
    "N": QT_TRANSLATE_NOOP("FormulaText", "layers"),
    "σ": QT_TRANSLATE_NOOP("FormulaText", "scale factor"),
    "v": QT_TRANSLATE_NOOP("FormulaText", "vocabulary size"),
    "e": QT_TRANSLATE_NOOP("FormulaText", "embedding size"),
}
_BASE = re.compile(r"\b(?!max\()([A-Za-zσ]′*)")


#: The core's notes (plain English, pieces joined by "; "), marked for translation.
NOTE_TEXTS = (
    QT_TRANSLATE_NOOP("FormulaNotes", "no multiply-adds: 0 in this convention"),
    QT_TRANSLATE_NOOP("FormulaNotes", "no learned weights"),
    QT_TRANSLATE_NOOP(
        "FormulaNotes", "the last window would start in the padding, so PyTorch drops it"
    ),
    QT_TRANSLATE_NOOP("FormulaNotes", "the data, not learned"),
    QT_TRANSLATE_NOOP("FormulaNotes", "padding 'same' keeps the size"),
    QT_TRANSLATE_NOOP("FormulaNotes", "bias additions not counted"),
    QT_TRANSLATE_NOOP("FormulaNotes", "each input pixel meets the whole kernel once"),
    QT_TRANSLATE_NOOP("FormulaNotes", "set by output_size"),
    QT_TRANSLATE_NOOP("FormulaNotes", "set by size"),
    QT_TRANSLATE_NOOP("FormulaNotes", "a scale and a shift per channel"),
    QT_TRANSLATE_NOOP("FormulaNotes", "affine is off: nothing learned"),
    QT_TRANSLATE_NOOP(
        "FormulaNotes", "plus 2·c + 1 buffers (running mean and variance, batch count), not trained"
    ),
    QT_TRANSLATE_NOOP("FormulaNotes", "a scale and a shift per normalised element"),
    QT_TRANSLATE_NOOP("FormulaNotes", "elementwise_affine is off: nothing learned"),
    QT_TRANSLATE_NOOP("FormulaNotes", "element by element: the shape is kept"),
    QT_TRANSLATE_NOOP("FormulaNotes", "the final hidden state"),
    QT_TRANSLATE_NOOP("FormulaNotes", "G gates per cell: 1 (RNN), 3 (GRU), 4 (LSTM)"),
    QT_TRANSLATE_NOOP("FormulaNotes", "layers after the first read D·H features"),
    QT_TRANSLATE_NOOP("FormulaNotes", "layers after the first read H features"),
    QT_TRANSLATE_NOOP("FormulaNotes", "every time step, layer and direction"),
    QT_TRANSLATE_NOOP("FormulaNotes", "a vector of e numbers per token id"),
    QT_TRANSLATE_NOOP("FormulaNotes", "a table lookup"),
    QT_TRANSLATE_NOOP("FormulaNotes", "−1: whatever is left"),
    QT_TRANSLATE_NOOP("FormulaNotes", "the inputs side by side"),
    QT_TRANSLATE_NOOP("FormulaNotes", "a size 1 broadcasts"),
    QT_TRANSLATE_NOOP("FormulaNotes", "2 FLOPs per multiply-add"),
    QT_TRANSLATE_NOOP("FormulaNotes", "no inner layer counts"),
    QT_TRANSLATE_NOOP("FormulaNotes", "the other inner layers count 0"),
)


def note_text(note: str) -> str:
    """A core note in the user's language, piece by piece."""
    return "; ".join(
        QCoreApplication.translate("FormulaNotes", piece) for piece in note.split("; ")
    )


def legend(lines: Sequence[Formula]) -> str:
    """What the symbols of ``lines`` stand for (``k kernel size · s stride``), "" for none."""
    used = {base for formula in lines for base in _BASE.findall(formula.symbolic)}
    entries = [
        f"{typeset(base)}&nbsp;{html.escape(_tr(meaning)).replace(' ', '&nbsp;')}"
        for base, meaning in _MEANINGS.items()
        if base in used
    ]
    return " · ".join(entries)


def _symbol(match: re.Match[str]) -> str:
    if match.group(1):
        return "max"
    letter, primes, sub = match.group(2), match.group(3), match.group(4)
    text = f"<i>{letter}</i>{primes}"
    return text + (f"<sub>{html.escape(sub)}</sub>" if sub else "")


def typeset(symbolic: str) -> str:
    """``k_h·c′`` as rich text: italic letters, subscripts, the rest as it is."""
    return _SYMBOL.sub(_symbol, html.escape(symbolic, quote=False))


def _name(formula: Formula) -> str:
    if formula.name in ("params", "FLOPs"):
        return html.escape(formula.name)
    return typeset(formula.name)


def line_html(formula: Formula) -> str:
    """``name = symbols = numbers = value`` with the redundant steps left out."""
    value = exact(formula.value)
    steps = [_name(formula)]
    if formula.total:
        terms = formula.substituted.count(" + ") + 1
        if terms > MAX_TERMS:
            steps.append(
                QCoreApplication.translate("FormulaText", "the sum of all {n} layers").format(
                    n=terms
                )
            )
        else:
            steps.append(html.escape(formula.substituted))
    else:
        if formula.symbolic not in ("", formula.name, value):
            steps.append(typeset(formula.symbolic))
        if formula.substituted not in (formula.symbolic, value):
            steps.append(html.escape(formula.substituted))
    steps.append(f"<b>{value}</b>")
    text = " = ".join(steps)
    if formula.label:
        text = f"<span style='{_MUTED}'>{html.escape(formula.label)}:</span>&nbsp; {text}"
    return text


def _lines_html(lines: Sequence[Formula], notes: bool = True) -> list[str]:
    rows = []
    parts = [f for f in lines if not f.total]
    shown = parts[:MAX_PARTS] if len(parts) > MAX_PARTS + 1 else parts
    totals = [f for f in lines if f.total]
    for formula in [*shown, *totals]:
        if formula.total and len(shown) < len(parts):
            more = len(parts) - len(shown)
            rows.append(
                _muted(QCoreApplication.translate("FormulaText", "… and {n} more").format(n=more))
            )
        row = line_html(formula)
        if notes and formula.note and not formula.label:
            row += "<br>" + _muted(note_text(formula.note))
        rows.append(row)
    return rows


def _muted(text: str) -> str:
    return f"<span style='{_MUTED}'>{html.escape(text)}</span>"


def _block(title: str, rows: Sequence[str], lines: Sequence[Formula] = ()) -> str:
    body = "".join(f"<p style='white-space:pre; margin:0'>{row}</p>" for row in rows)
    key = legend(lines)
    if key:
        body += f"<p style='margin:3px 0 0 0; {_MUTED}'><small>{key}</small></p>"
    return f"<p style='margin:0 0 3px 0'>{title}</p>{body}"


def shape_html(formulas: NodeFormulas) -> str:
    """The output-shape section: heading with the shape, one line per dimension."""
    lines = sorted(formulas.shape, key=lambda f: f.axis or 0)
    title = (
        QCoreApplication.translate("FormulaText", "Output shape")
        + f" <b>{shape_text(formulas.shape_value)}</b>"
    )
    if all(f.identity for f in lines):
        kept = ", ".join(f"{typeset(f.name)} = {typeset(f.symbolic)}" for f in lines)
        rows = [
            kept,
            _muted(QCoreApplication.translate("FormulaText", "the input's shape, unchanged")),
        ]
        return _block(title, rows)
    label = next((f.label for f in lines if f.label), "")
    rows = _lines_html([replace(f, label="") for f in lines])
    if label:
        rows.insert(
            0,
            _muted(
                QCoreApplication.translate("FormulaText", "from the inner layer {name}").format(
                    name=label
                )
            ),
        )
    return _block(title, rows, lines)


def params_html(formulas: NodeFormulas) -> str:
    """The parameters section."""
    title = (
        QCoreApplication.translate("FormulaText", "Parameters")
        + f" <b>{exact(formulas.params_value)}</b>"
    )
    return _block(title, _lines_html(formulas.params), formulas.params)


def flops_html(formulas: NodeFormulas, unit: str) -> str:
    """The FLOPs section; ``unit`` names the convention (``multiply-adds``)."""
    title = f"FLOPs <b>{exact(formulas.flops_value)}</b> {html.escape(unit)}"
    return _block(title, _lines_html(formulas.flops), formulas.flops)


def tooltip(body: str) -> str:
    """Rich text Qt shows as such in a tooltip."""
    return f"<qt>{body}</qt>"


def section_tooltip(formulas: NodeFormulas, section: str, unit: str) -> str:
    """The tooltip of one section: ``shape``, ``params`` or ``flops``."""
    if section == "shape":
        return tooltip(shape_html(formulas))
    if section == "params":
        return tooltip(params_html(formulas))
    return tooltip(flops_html(formulas, unit))


def full_tooltip(formulas: NodeFormulas, unit: str) -> str:
    """All three sections, one under the other (the inspector's stats)."""
    gap = "<p style='margin:0'>&nbsp;</p>"
    return tooltip(
        gap.join((shape_html(formulas), params_html(formulas), flops_html(formulas, unit)))
    )


def node_tooltip(analysis: Analysis, node_id: str, factor: int, unit: str) -> str:
    """:func:`full_tooltip` of node ``node_id``; "" while it has no output to explain."""
    try:
        formulas = node_formulas(analysis, node_id, factor)
    except NetBuilderError:
        return ""
    return "" if formulas is None else full_tooltip(formulas, unit)
