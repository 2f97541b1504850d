"""Document text inside generated Python: escaped literals, docstrings and comments.

Every string that comes from a document (project name, description, labels, dataset
paths, class names) reaches generated code only through these functions. They escape
backslashes, quotes and every non-printable character (newlines, ``\\r``, NUL, the
Unicode line and paragraph separators, bidi controls, lone surrogates) so that the text
can neither end the literal, docstring or comment it sits in nor make the file invalid.
Literals use the quotes ``ruff format`` would choose (double unless single quotes need
fewer backslashes), so exported files pass ``ruff format --check``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from typing import Any

_SIMPLE = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str, quote: str) -> str:
    if ch in _SIMPLE:
        return _SIMPLE[ch]
    if ch == quote:
        return "\\" + ch
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str, quote: str = '"') -> str:
    """``text`` as the body of a string literal delimited by ``quote``.

    Every character that is not printable (``str.isprintable``) becomes an escape
    sequence in lower-case hex, as ``ruff format`` writes them; ``quote`` and the backslash
    are escaped. The result holds no line break and no character that could end a
    literal, docstring or comment.
    """
    return "".join(_escape_char(ch, quote) for ch in text)


def py_str(text: str) -> str:
    """A Python string literal equal to ``text``, quoted the way ``ruff format`` quotes."""
    double = escape(text, '"')
    single = escape(text, "'")
    if single.count("\\") < double.count("\\"):
        return f"'{single}'"
    return f'"{double}"'


def py_literal(value: Any) -> str:
    """Python source for a plain value: str, bool, None, int, float, list, tuple, dict.

    Strings go through :func:`py_str`; non-finite floats become ``float("inf")`` etc.

    Raises
    ------
    TypeError
        For any other type (generated code never embeds ``repr`` of arbitrary objects).
    """
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f'float("{value}")'
    if isinstance(value, list | tuple):
        items = [py_literal(v) for v in value]
        if isinstance(value, tuple):
            return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
        return f"[{', '.join(items)}]"
    if isinstance(value, Mapping):
        pairs = (f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(f"no literal for {type(value).__name__}")


def docstring_lines(text: str, width: int) -> list[str]:
    """``text`` as one escaped paragraph for a triple-double-quoted docstring.

    Runs of whitespace (line breaks included) become single spaces; the paragraph is
    wrapped at ``width`` without ever splitting an escape sequence. The lines hold no
    ``"`` (escaped) nor unescaped backslash, so they cannot close the docstring.
    """
    words = escape(" ".join(text.split()), '"')
    return textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False) or [""]


def comment_text(text: str) -> str:
    """``text`` shown in a ``#`` comment: a quoted, escaped literal on one line."""
    return py_str(text)


__all__ = ["comment_text", "docstring_lines", "escape", "py_literal", "py_str"]
