"""Work-around for a PySide6 6.12 reference-count bug on Python < 3.12.

PySide6/shiboken6 6.12.0 returns ``None`` from every ``void`` method (``QPainter.setPen``,
``QGraphicsItem.setPos`` ...) without taking a reference. On Python 3.12+ ``None`` is
immortal and nothing happens; on 3.11 each call lowers ``None``'s reference count by
one, and after a few tens of thousands of calls (a few repaints of a large canvas) the
interpreter aborts with ``Fatal Python error: none_dealloc``. Giving ``None`` a huge
reference count makes it effectively immortal, as it is on 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 48
_done = False


def keep_none_alive() -> None:
    """Make ``None`` immortal on CPython < 3.12 (no-op elsewhere, idempotent)."""
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    ctypes.c_ssize_t.from_address(id(None)).value += _BOOST
    _done = True
