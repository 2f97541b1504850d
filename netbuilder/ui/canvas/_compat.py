"""Work-around for a PySide6 6.12 reference-count bug on Python < 3.12.

PySide6/shiboken6 6.12.0 returns ``None`` from every ``void`` method (``QPainter.setPen``,
``QGraphicsItem.setPos`` ...) and ``True`` from ``Signal.emit`` without taking a
reference. On Python 3.12+ these objects are immortal and nothing happens; on 3.11 each
call lowers their reference count by one, and after a few tens of thousands of calls (a
few repaints of a large canvas) the interpreter aborts with ``Fatal Python error:
none_dealloc`` (or ``bool_dealloc``). Giving them a huge reference count makes them
effectively immortal, as they are on 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 48
_done = False


def keep_none_alive() -> None:
    """Make ``None``, ``True`` and ``False`` immortal on CPython < 3.12.

    A no-op on other interpreters and versions; idempotent.
    """
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _BOOST
    _done = True
