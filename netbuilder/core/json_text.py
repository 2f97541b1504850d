"""Pretty JSON text of project documents, twice as fast as the standard library's.

``json.dumps(value, indent=2, ensure_ascii=False)`` writes indented text with a
generator-based encoder written in Python (its C encoder only writes compact text), and
a document is written often: every save, every autosave, every undo check of the fuzz
tests. :func:`pretty_json` writes the very same characters in one direct walk, with the
standard library's C string escaper; any value it does not expect (a subclass of
``str``, a key that is not text ...) is handed to ``json.dumps`` itself, so the text is
always exactly ``json.dumps``'s (tested on random values).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INFINITY = float("inf")


class _Unexpected(Exception):
    """A value the direct walk leaves to ``json.dumps``."""


def pretty_json(value: Any, indent: int = 2) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False)``, faster."""
    try:
        return _Writer(indent).text(value)
    except _Unexpected:
        return json.dumps(value, indent=indent, ensure_ascii=False)


class _Writer:
    def __init__(self, indent: int) -> None:
        self.indent = indent
        self.parts: list[str] = []
        self.breaks: list[str] = []  # "\n" and the indentation of each depth

    def text(self, value: Any) -> str:
        scalar = _scalar(value)
        if scalar is not None:
            return scalar
        self._container(value, 0)
        return "".join(self.parts)

    def _break(self, depth: int) -> str:
        breaks = self.breaks
        while len(breaks) <= depth:
            breaks.append("\n" + " " * (self.indent * len(breaks)))
        return breaks[depth]

    def _container(self, value: Any, depth: int) -> None:
        add = self.parts.append
        kind = type(value)
        if kind is dict:
            if not value:
                add("{}")
                return
            inner = self._break(depth + 1)
            opening = "{" + inner
            following = "," + inner
            for key, item in value.items():
                if type(key) is not str:
                    raise _Unexpected
                add(opening + encode_basestring(key) + ": ")
                opening = following
                scalar = _scalar(item)
                if scalar is None:
                    self._container(item, depth + 1)
                else:
                    add(scalar)
            add(self._break(depth) + "}")
        elif kind is list or kind is tuple:
            if not value:
                add("[]")
                return
            inner = self._break(depth + 1)
            opening = "[" + inner
            following = "," + inner
            for item in value:
                add(opening)
                opening = following
                scalar = _scalar(item)
                if scalar is None:
                    self._container(item, depth + 1)
                else:
                    add(scalar)
            add(self._break(depth) + "]")
        else:
            raise _Unexpected


def _scalar(value: Any) -> str | None:
    """The JSON text of a scalar, ``None`` for a container; unexpected types raise."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict or kind is list or kind is tuple:
        return None
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        if value == _INFINITY:
            return "Infinity"
        if value == -_INFINITY:
            return "-Infinity"
        return float.__repr__(value)
    raise _Unexpected
