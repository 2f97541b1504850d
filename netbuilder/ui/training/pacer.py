"""Paint the training dashboard at a fixed pace, whatever the rate of the worker's reports.

Each dashboard update (curves, kernels, progress, the info panel) costs the GUI thread
about 10–30 ms of paint, taken from the trainer: the GUI thread holds the interpreter lock
while pyqtgraph paints, and on a machine with few cores it runs on a core the trainer's
intra-op threads need. Short epochs (a second or less) made the epoch-end updates as
frequent as the batch updates. A :class:`Pacer` merges every report that arrives within
:data:`INTERVAL_MS` into one update: the first report after a quiet interval is shown at
once, later ones when the interval has passed, and :meth:`Pacer.flush` shows what is
pending immediately (the run ended).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: The shortest time between two dashboard updates while training, in milliseconds.
INTERVAL_MS = 1000


class Pacer(QObject):
    """Calls ``apply`` at most once per ``interval_ms`` for the requests made meanwhile.

    Parameters
    ----------
    apply : callable
        Shows everything pending (called in the GUI thread, never re-entered).
    interval_ms : int
        The shortest time between two calls.
    parent : QObject, optional
        Owner (the timer stops with it).
    """

    def __init__(
        self,
        apply: Callable[[], None],
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._apply = apply
        self.interval_ms = interval_ms
        self._last = -float("inf")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        """Whether an update waits for its turn."""
        return self._timer.isActive()

    def request(self) -> None:
        """Something new is pending: show it now, or once the interval since the last
        update has passed."""
        if self._timer.isActive():
            return
        waited_ms = (time.perf_counter() - self._last) * 1000
        if waited_ms >= self.interval_ms:
            self.flush()
        else:
            self._timer.start(max(1, round(self.interval_ms - waited_ms)))

    def flush(self) -> None:
        """Show what is pending now."""
        self._timer.stop()
        self._last = time.perf_counter()
        self._apply()
