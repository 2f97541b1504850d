"""Formatting of numbers and shapes for people. Computing them lives elsewhere."""

from __future__ import annotations

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
