"""The labelled steps before the first batch, reported as :class:`Preparing` events.

Compiling the network, loading the data, checking the network on its first samples and
setting up the optimizer (whose first use imports part of PyTorch) take a fixed time
before training starts; each is announced with its place in the list so the dock and the
CLI show what happens and how far it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from netbuilder.train.events import Event, Preparing

#: The steps in order (the trainer runs the last two).
STEPS = (
    "compiling the network",
    "loading the data",
    "checking the network on the first samples",
    "setting up the optimizer",
)


class SetupSteps:
    """Report the set-up steps to ``emit`` (one :class:`Preparing` event per step).

    Parameters
    ----------
    emit : callable
        Called with each event (the trainer's callbacks).
    """

    def __init__(self, emit: Callable[[Event], object]) -> None:
        self.emit = emit
        self.t0 = time.perf_counter()
        self.finished = False

    def start(self, index: int, detail: str = "") -> None:
        """Step ``index`` of :data:`STEPS` begins (``detail`` is added in brackets)."""
        label = STEPS[index] + (f" ({detail})" if detail else "")
        self.emit(Preparing(label, index, len(STEPS)))

    def finish(self) -> None:
        """All steps are done: report the time they took together (once)."""
        if not self.finished:
            self.finished = True
            seconds = time.perf_counter() - self.t0
            self.emit(Preparing("", len(STEPS), len(STEPS), seconds))
