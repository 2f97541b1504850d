"""Formatting of numbers and shapes for people. Computing them lives elsewhere."""

from __future__ import annotations

import re
from collections.abc import Sequence

_UNITS = ((10**12, "T"), (10**9, "G"), (10**6, "M"), (10**3, "K"))


def human(n: int | float) -> str:
    """Return ``n`` with a K/M/G/T suffix: ``61706 -> '61.7K'``, ``1.5e9 -> '1.50G'``.

    Three significant digits; values under 1,000 are printed exactly.
    """
    sign = "-" if n < 0 else ""
    n = abs(n)
    for scale, suffix in _UNITS:
        if n >= scale:
            v = n / scale
            if v >= 999.95 and suffix != "T":
                continue
            digits = 2 if v < 10 else 1 if v < 100 else 0
            return f"{sign}{v:.{digits}f}{suffix}"
    return f"{sign}{int(n)}" if float(n).is_integer() else f"{sign}{n:.3g}"


def exact(n: int) -> str:
    """Return ``n`` with thousands separators: ``61706 -> '61,706'``."""
    return f"{n:,}"


def signed(n: int) -> str:
    """Return ``n`` exactly with its sign: ``1500 -> '+1,500'``, ``-3 -> '-3'``, ``0 -> '0'``."""
    return f"{n:+,}" if n else "0"


def ratio(a: int | float, b: int | float) -> str:
    """Return ``b / a`` as a factor: ``(100, 150) -> '×1.50'``; ``'—'`` when ``a`` is 0.

    Three significant digits from 1 up (``×189``, ``×12.5``), two decimals below 1, and
    ``'×<0.01'`` for a factor under one hundredth that is not 0.

    Examples
    --------
    >>> ratio(61706, 11689512), ratio(4, 1), ratio(0, 5), ratio(5, 0)
    ('×189', '×0.25', '—', '×0')
    """
    if a == 0:
        return "—"
    r = b / a
    if r == 0:
        return "×0"
    if abs(r) < 0.01:
        return "×<0.01"
    digits = 0 if abs(r) >= 100 else 1 if abs(r) >= 10 else 2
    return f"×{r:,.{digits}f}"


def shape_text(shape: Sequence[int] | None) -> str:
    """Return a shape without the batch dimension: ``(6, 28, 28) -> '6×28×28'``."""
    if shape is None:
        return "?"
    return "×".join(str(d) for d in shape) if len(shape) else "scalar"


def parse_shape(text: str) -> tuple[int, ...]:
    """Parse ``'3x224x224'`` (``x``, ``×``, ``,`` or spaces) into a tuple of positive ints.

    Raises
    ------
    ValueError
        With a sentence, when the text is not a shape.
    """
    cleaned = text.strip().lower().replace("×", "x").replace(",", "x").replace(" ", "x")
    parts = [p for p in cleaned.split("x") if p]
    if not parts:
        raise ValueError(f"'{text}' is not a shape; write it like 3x224x224.")
    try:
        dims = tuple(int(p) for p in parts)
    except ValueError:
        raise ValueError(f"'{text}' is not a shape; write it like 3x224x224.") from None
    if any(d <= 0 for d in dims):
        raise ValueError(f"'{text}' has a dimension that is not positive.")
    return dims


#: Characters never shown raw in a one-line message: C0/C1 controls (ESC, CR, NUL ...),
#: line and paragraph separators, bidi embeddings/overrides/isolates, lone surrogates.
#: (Tab, LF, CR and the line separators are the ones multi-line text may hold.)
LINE_BREAKS = "\t\n\r\u2028\u2029"
UNSAFE_CHARS = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b", "\x00": "\\x00"}
#: Longest message :func:`one_line` returns (characters).
LINE_LIMIT = 400
#: Longest quoted value (``'...'``) kept whole inside a message.
QUOTE_LIMIT = 60
#: A quoted value: opened after a space, "(" ... or at the start, closed before one.
_LONG_QUOTE = re.compile(f"(?<![^\\s(\\[=:,])'[^'\n]{{{QUOTE_LIMIT + 1},}}'(?![^\\s).,;:\\]!?])")


def _cut_quote(match: re.Match[str]) -> str:
    return match.group()[: QUOTE_LIMIT + 1] + "…'"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: object, limit: int = LINE_LIMIT) -> str:
    """``text`` made safe for one line of a terminal or a dialog.

    Control characters (ESC, CR, LF, NUL, DEL, C1), line separators, bidi overrides and
    isolates and lone surrogates are shown escaped (``\\x1b``, ``\\u202e``); a quoted
    value (``'...'``) longer than :data:`QUOTE_LIMIT` is cut to that with "…", and the
    whole text to its first ``limit - 1`` characters and "…".

    Examples
    --------
    >>> one_line("bad \\x1b[2J label")
    'bad \\\\x1b[2J label'
    >>> one_line("x" * 10, limit=5)
    'xxxx…'
    """
    text = _LONG_QUOTE.sub(_cut_quote, str(text))
    if len(text) > limit * 4:  # escaping at most quadruples; never scan megabytes
        text = text[: limit * 4]
        cut = True
    else:
        cut = False
    safe = _UNSAFE.sub(_escape, text)
    if cut or len(safe) > limit:
        return safe[: max(0, limit - 1)] + "…"
    return safe


def error_line(error: BaseException | str, doing: str | None = None) -> str:
    """An error as one safe line, for the command line and status bars.

    A list of problems (an error with a ``problems`` attribute, or a message whose
    items start on lines of their own with ``"  - "``) is joined with ``"; "``; with
    ``doing`` ("train", "export") the line says what could not be done instead of the
    error's own heading. The result goes through :func:`one_line` (escaped, cut).

    Examples
    --------
    >>> class Refused(Exception):
    ...     problems = ["fc1: needs an input", "x: unused"]
    >>> error_line(Refused("The network has problems:"), doing="train")
    'Cannot train this network: fc1: needs an input; x: unused'
    """
    problems = getattr(error, "problems", None)
    if problems and doing:
        text = f"Cannot {doing} this network: " + "; ".join(str(p) for p in problems)
    else:
        text = str(error)[: LINE_LIMIT * 4]
        if "\n  - " in text:
            head, *items = text.split("\n  - ")
            text = head.rstrip(": ") + ": " + "; ".join(items)
    return one_line(text)
